package io.drsmonitor.collector;

import java.time.Duration;

/**
 * How the collector polls.
 *
 * @param tick               how often due work is looked for and answers applied
 * @param minInterval        poll interval while progress moves; also how long a new pre-check request waits
 *                           to be started in one call with others of its project
 * @param maxInterval        the interval backs off to at most this while nothing changes
 * @param precheckDeadline   a pre-check not finished this long after it was asked for is reported as an API failure
 * @param drDeadline         likewise for DR initialization
 * @param failuresBeforeReport failed polls in a row before an API-failure observation is published
 * @param confirmAfter       a start without a clean answer is confirmed with DRS this long after it left
 *                           (a start DRS still holds must not be taken for none)
 * @param retention          a finished job leaves the collector's store this long after its last change
 */
public record CollectorSettings(Duration tick, Duration minInterval, Duration maxInterval, Duration precheckDeadline,
                                Duration drDeadline, int failuresBeforeReport, Duration confirmAfter, Duration retention) {

    /** With the default grace of 90 s before confirming an unanswered start, and 24 hours' retention. */
    public CollectorSettings(Duration tick, Duration minInterval, Duration maxInterval, Duration precheckDeadline,
                             Duration drDeadline, int failuresBeforeReport) {
        this(tick, minInterval, maxInterval, precheckDeadline, drDeadline, failuresBeforeReport, Duration.ofSeconds(90),
                Duration.ofHours(24));
    }

    /** How often due work is looked for: a quarter second keeps a batching wait short at little cost. */
    public static final Duration TICK = Duration.ofMillis(250);
    /** One failed poll may be a blip; three in a row are reported. */
    public static final int FAILURES_BEFORE_REPORT = 3;

    /** The configurable part, with {@link #TICK} and {@link #FAILURES_BEFORE_REPORT}. */
    public static CollectorSettings of(Duration minInterval, Duration maxInterval, Duration precheckDeadline, Duration drDeadline,
                                       Duration confirmAfter, Duration retention) {
        return new CollectorSettings(TICK, minInterval, maxInterval, precheckDeadline, drDeadline, FAILURES_BEFORE_REPORT,
                confirmAfter, retention);
    }

    public static CollectorSettings defaults() {
        return new CollectorSettings(TICK, Duration.ofSeconds(2), Duration.ofSeconds(30),
                Duration.ofMinutes(60), Duration.ofHours(6), FAILURES_BEFORE_REPORT);
    }

    public CollectorSettings {
        if (tick.isNegative() || tick.isZero() || minInterval.compareTo(maxInterval) > 0 || failuresBeforeReport < 1) {
            throw new IllegalArgumentException("collector settings: tick > 0, min interval <= max interval, failures >= 1");
        }
    }
}
