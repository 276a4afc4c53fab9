package io.drsmonitor.bench;

import io.drsmonitor.simulator.DrProgress;
import io.drsmonitor.simulator.JobSpec;
import io.drsmonitor.simulator.Scenario;
import io.drsmonitor.streams.DrProgressRun;
import io.drsmonitor.streams.DrProgressRun.Poll;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/**
 * Benchmark 8: how good the DR initialization ETA is. Each progress model of {@link Scenario#drProgress()}
 * (the failed one has no end to score) is polled through the summaries topology (TopologyTestDriver, a
 * simulated clock) ten times: first seen 1, 3, 5, 7 or 9 minutes after its start, polled every 1 or 2
 * minutes. At the first poll past 25, 50 and 75 % copied, it scores the monitor's ETA and the naive one
 * (elapsed since the start x remaining / done) against the model's true remaining time: the median over
 * the ten runs of |ETA - truth| / truth. Accuracy only; timings do not matter.
 */
public final class DrEtaAccuracyBench {
    private static final double[] MARKS = {0.25, 0.5, 0.75};

    private DrEtaAccuracyBench() {
    }

    public static void main(String[] args) {
        System.out.println("| scenario | estimator | error at 25 % | error at 50 % | error at 75 % |");
        System.out.println("|---|---|---|---|---|");
        for (JobSpec job : Scenario.drProgress().jobs()) {
            DrProgress model = job.drProgress();
            if (model.endMs() < 0) {
                continue;
            }
            List<List<Double>> pace = lists();
            List<List<Double>> naive = lists();
            for (int firstAt = 1; firstAt <= 9; firstAt += 2) {
                for (int every = 1; every <= 2; every++) {
                    List<Poll> polls = DrProgressRun.run(model, Duration.ofMinutes(firstAt), Duration.ofMinutes(every),
                            Duration.ofMillis(model.endMs()).plusMinutes(10));
                    score(polls, pace, naive);
                }
            }
            String name = model.kind().name().toLowerCase(Locale.ROOT);
            System.out.println(row(name, "pace (EWMA)", pace));
            System.out.println(row(name, "naive", naive));
        }
    }

    private static List<List<Double>> lists() {
        List<List<Double>> lists = new ArrayList<>();
        for (int i = 0; i < MARKS.length; i++) {
            lists.add(new ArrayList<>());
        }
        return lists;
    }

    private static void score(List<Poll> polls, List<List<Double>> pace, List<List<Double>> naive) {
        for (int i = 0; i < MARKS.length; i++) {
            for (Poll p : polls) {
                if (p.fraction() >= MARKS[i]) {
                    double truth = p.trueRemainingMs();
                    double naiveMs = p.elapsedMs() * (1 - p.fraction()) / p.fraction();
                    naive.get(i).add(Math.abs(naiveMs - truth) / truth);
                    pace.get(i).add(p.etaSeconds() == null ? Double.NaN : Math.abs(p.etaSeconds() * 1000.0 - truth) / truth);
                    break;
                }
            }
        }
    }

    private static String row(String scenario, String estimator, List<List<Double>> errors) {
        StringBuilder row = new StringBuilder("| " + scenario + " | " + estimator + " |");
        for (List<Double> e : errors) {
            row.append(' ').append(median(e)).append(" |");
        }
        return row.toString();
    }

    private static String median(List<Double> values) {
        if (values.isEmpty() || values.stream().anyMatch(v -> v.isNaN())) {
            return "n/a";
        }
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        int n = sorted.size();
        double m = n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
        return String.format(Locale.ROOT, "%.1f %%", m * 100);
    }
}
