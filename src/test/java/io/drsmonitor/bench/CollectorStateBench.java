package io.drsmonitor.bench;

import io.drsmonitor.collector.CollectorStateProbe;
import java.util.List;
import java.util.Arrays;

/**
 * The collector's state at scale, without a broker: heap per tracked job, the time of one tick
 * with {@code active} jobs to poll among N tracked (the rest finished), and, as the anchor measured
 * in the same run, the time to read and decode every tracked job, which is what each tick did before
 * the index of jobs with calls to make. Args: active jobCounts...
 */
public final class CollectorStateBench {
    public static void main(String[] args) {
        BenchEnv.runAndExit(() -> {
            int active = args.length > 0 ? Integer.parseInt(args[0]) : 1_000;
            List<Integer> sizes = args.length > 1
                    ? Arrays.stream(args).skip(1).map(Integer::parseInt).toList() : List.of(10_000, 100_000);
            System.out.println("tracked | heap per tracked job | tick (" + active + " to poll): mean / p99 | full read+decode (the old tick)");
            for (int size : sizes) {
                CollectorStateProbe.Figures f = CollectorStateProbe.measure(size, active);
                System.out.printf("%,d | %,.0f bytes | %.3f ms / %.3f ms | %.1f ms%n", size, f.heapBytesPerJob(), f.tickMeanMillis(),
                        f.tickP99Millis(), f.fullScanMillis());
            }
            return null;
        });
    }
}
