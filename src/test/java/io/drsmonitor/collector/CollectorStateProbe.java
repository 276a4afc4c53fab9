package io.drsmonitor.collector;

import io.drsmonitor.drs.DrsClient;
import io.drsmonitor.drs.DrsClientConfig;
import io.drsmonitor.drs.DrsClients;
import io.drsmonitor.drs.DrsCredentials;
import io.drsmonitor.model.DrInitPhase;
import io.drsmonitor.model.PrecheckPhase;
import io.drsmonitor.model.TrackedJob;
import io.drsmonitor.simulator.DrsSimulator;
import io.drsmonitor.simulator.Fault;
import io.drsmonitor.simulator.Scenario;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Vertx;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import io.drsmonitor.kafka.TopicNames;

/** Measures the collector's state (for {@code bench/collector-scale.sh state}): see CollectorStateBench. */
public final class CollectorStateProbe {
    public record Figures(double heapBytesPerJob, double tickMeanMillis, double tickP99Millis, double fullScanMillis) {
    }

    /** Keeps the decoded values alive so the JIT cannot drop the read being timed. */
    private static volatile long sink;

    private CollectorStateProbe() {
    }

    public static Figures measure(int tracked, int active) throws Exception {
        Vertx vertx = Vertx.vertx();
        try {
            DrsSimulator simulator = DrsSimulator.start(vertx, DrsSimulator.Settings.local(0, "t", 1), Scenario.empty())
                    .await(10, TimeUnit.SECONDS);
            // Polls stay in flight while ticks are timed: the tick's own work is measured, not DRS.
            simulator.setFault("*", Fault.latency(600_000));
            DrsClient client = new DrsClient(vertx, DrsClientConfig.of(URI.create(simulator.baseUrl()))
                    .withRequestTimeout(Duration.ofMinutes(10)), DrsCredentials.fixedToken("t"), new SimpleMeterRegistry());
            long heapBefore = usedHeapAfterGc();
            KeyValueStore<String, TrackedJob> store = TrackedJobsTest.store("collector-state-probe-" + tracked);
            Random random = new Random(tracked);
            String[] projects = new String[Math.max(1, tracked / 100)];
            for (int p = 0; p < projects.length; p++) {
                projects[p] = String.format("%032x", random.nextLong() & Long.MAX_VALUE);
            }
            for (int i = 0; i < tracked; i++) {
                String id = Scenario.jobId(random, i);
                boolean polling = i < active;
                store.put(id, TrackedJob.newBuilder().setJobId(id).setProjectId(projects[i % projects.length])
                        .setRegion("ap-southeast-1").setPrecheck(polling ? PrecheckPhase.POLL : PrecheckPhase.DONE)
                        .setPrecheckId(id).setPrecheckRequestedAt(Instant.now()).setPrecheckMode("forStartJob")
                        .setPrecheckFingerprint(random.nextLong()).setDrInit(DrInitPhase.NONE).setLastEventId("e-" + i)
                        .setUpdatedAt(Instant.now()).build());
            }
            double heapPerJob = (double) (usedHeapAfterGc() - heapBefore) / tracked;

            MockProcessorContext<Object, Object> context = new MockProcessorContext<>();
            context.addStateStore(store);
            CollectorProcessor processor = new CollectorProcessor(DrsClients.single(client),
                    new CollectorSettings(Duration.ofMillis(250), Duration.ofMillis(1), Duration.ofMillis(1), Duration.ofHours(1),
                            Duration.ofHours(1), 3), new CollectorMetrics(new SimpleMeterRegistry()), TopicNames.DEFAULT);
            processor.init(context);
            MockProcessorContext.CapturedPunctuator tick = context.scheduledPunctuators().stream()
                    .filter(p -> p.getInterval().equals(Duration.ofMillis(250))).findFirst().orElseThrow();
            long now = System.currentTimeMillis() + 10_000;
            context.setCurrentSystemTimeMs(now);
            tick.getPunctuator().punctuate(now); // starts every project's poll; they stay in flight
            int rounds = 300;
            double[] ticks = new double[rounds];
            for (int r = 0; r < rounds; r++) {
                long started = System.nanoTime();
                tick.getPunctuator().punctuate(now + r);
                ticks[r] = (System.nanoTime() - started) / 1e6;
            }
            Arrays.sort(ticks);
            double[] scans = new double[10];
            for (int r = 0; r < scans.length; r++) {
                long started = System.nanoTime();
                long seen = 0;
                try (KeyValueIterator<String, TrackedJob> all = store.all()) {
                    while (all.hasNext()) {
                        seen += all.next().value.getPrecheck().ordinal();
                    }
                }
                scans[r] = (System.nanoTime() - started) / 1e6;
                sink += seen;
            }
            Arrays.sort(scans);
            processor.close();
            return new Figures(heapPerJob, Arrays.stream(ticks).average().orElseThrow(), ticks[(int) (rounds * 0.99)],
                    scans[scans.length / 2]);
        } finally {
            vertx.close().await(30, TimeUnit.SECONDS);
        }
    }

    private static long usedHeapAfterGc() throws InterruptedException {
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(100);
        }
        Runtime rt = Runtime.getRuntime();
        return rt.totalMemory() - rt.freeMemory();
    }
}
