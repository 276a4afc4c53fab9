package io.drsmonitor.streams;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * How long a stream thread that a schema registry outage stopped waits before the runner replaces it:
 * each replaced thread rejoins its group, a rebalance for every instance. 1 s, doubling to 30 s while
 * the outage lasts, counted across the process's threads (one outage is seen by all of them), and back
 * to 1 s once no failure came for two minutes.
 */
final class RegistryOutageBackoff {
    static final Duration FIRST_WAIT = Duration.ofSeconds(1);
    static final Duration MAX_WAIT = Duration.ofSeconds(30);
    private static final Duration CALM = Duration.ofMinutes(2);
    /** Failures in the current outage, and when the last one came. */
    private static final AtomicInteger FAILURES = new AtomicInteger();
    private static final AtomicLong LAST_FAILURE_MS = new AtomicLong();

    private RegistryOutageBackoff() {
    }

    /** The wait for a failure at {@code nowMs}. */
    static Duration nextWait(long nowMs) {
        long previous = LAST_FAILURE_MS.getAndSet(nowMs);
        int failures;
        if (nowMs - previous > CALM.toMillis()) {
            FAILURES.set(1);
            failures = 1;
        } else {
            failures = FAILURES.incrementAndGet();
        }
        long millis = FIRST_WAIT.toMillis() << Math.min(failures - 1, 5);
        return Duration.ofMillis(Math.min(millis, MAX_WAIT.toMillis()));
    }

    /** Sleeps {@code wait} on the calling (failed) stream thread. */
    static void pause(Duration wait) {
        try {
            Thread.sleep(wait.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
