package io.drsmonitor.bench;

import java.util.HashMap;
import java.util.Map;
import java.util.function.BooleanSupplier;

/**
 * With {@code -Dbench.sample=true}: samples the stacks of the stream threads whose names start with a
 * prefix every 20 ms while a condition holds (the app is RUNNING) and prints the most frequent
 * innermost frames of our code and Kafka's, to see where the stream threads wait (a profiler's CPU
 * samples miss a thread that is blocked).
 */
final class StackSampler {
    private final Thread thread;
    private final Map<String, Integer> counts = new HashMap<>();
    private volatile boolean running = true;
    private int samples;

    private StackSampler(String prefix, BooleanSupplier when) {
        thread = new Thread(() -> {
            while (running) {
                if (when.getAsBoolean()) {
                    Thread.getAllStackTraces().forEach((t, stack) -> {
                        if (t.getName().startsWith(prefix) && t.getName().contains("StreamThread")) {
                            samples++;
                            counts.merge(describe(t.getState(), stack), 1, Integer::sum);
                        }
                    });
                }
                try {
                    Thread.sleep(20);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "bench-stack-sampler");
        thread.setDaemon(true);
    }

    static StackSampler startIfAsked(String prefix, BooleanSupplier when) {
        StackSampler sampler = new StackSampler(prefix, when);
        if (Boolean.getBoolean("bench.sample")) {
            sampler.thread.start();
        } else {
            sampler.running = false;
        }
        return sampler;
    }

    /** The thread state and the first frames that are Kafka Streams' or ours, innermost first. */
    private static String describe(Thread.State state, StackTraceElement[] stack) {
        StringBuilder out = new StringBuilder(state.name());
        int shown = 0;
        for (StackTraceElement frame : stack) {
            String c = frame.getClassName();
            if (c.startsWith("org.apache.kafka.streams") || c.startsWith("io.drsmonitor")
                    || c.startsWith("org.apache.kafka.clients") && shown == 0) {
                out.append(" < ").append(c.substring(c.lastIndexOf('.') + 1)).append('.').append(frame.getMethodName());
                if (++shown == 4) {
                    break;
                }
            }
        }
        return out.toString();
    }

    void stopAndPrint() throws InterruptedException {
        if (!thread.isAlive()) {
            return;
        }
        running = false;
        thread.join();
        System.out.println("stream thread stack samples: " + samples);
        counts.entrySet().stream().sorted(Map.Entry.<String, Integer>comparingByValue().reversed()).limit(15)
                .forEach(e -> System.out.printf("  %5.1f %%  %s%n", 100.0 * e.getValue() / samples, e.getKey()));
    }
}
