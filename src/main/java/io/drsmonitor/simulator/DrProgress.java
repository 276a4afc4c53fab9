package io.drsmonitor.simulator;

import java.time.Duration;

/**
 * A DR initialization's progress model with a known truth: the fraction copied after any elapsed time
 * and when it really ends, so tests and benchmarks can score an ETA against it.
 *
 * @param kind       the shape of the progress
 * @param fullSpeed  time to copy everything at the initial speed
 * @param at         fraction where the job slows, pauses or fails (SLOWING, STALLED, FAILED)
 * @param pause      how long a STALLED job stands still before it resumes
 * @param slowFactor speed after {@code at} over the initial speed (SLOWING), e.g. 0.005: 1,000 to 5 objects a minute
 * @param burstEvery time between progress steps of a BURSTY job (DRS reports a large table's copy in chunks)
 */
public record DrProgress(Kind kind, Duration fullSpeed, double at, Duration pause, double slowFactor, Duration burstEvery) {

    public enum Kind { STEADY, BURSTY, SLOWING, STALLED, FAILED }

    public static DrProgress steady(Duration fullSpeed) {
        return new DrProgress(Kind.STEADY, fullSpeed, 1, Duration.ZERO, 1, Duration.ZERO);
    }

    public static DrProgress bursty(Duration fullSpeed, Duration every) {
        return new DrProgress(Kind.BURSTY, fullSpeed, 1, Duration.ZERO, 1, every);
    }

    public static DrProgress slowing(Duration fullSpeed, double at, double slowFactor) {
        return new DrProgress(Kind.SLOWING, fullSpeed, at, Duration.ZERO, slowFactor, Duration.ZERO);
    }

    public static DrProgress stalled(Duration fullSpeed, double at, Duration pause) {
        return new DrProgress(Kind.STALLED, fullSpeed, at, pause, 1, Duration.ZERO);
    }

    public static DrProgress failed(Duration fullSpeed, double at) {
        return new DrProgress(Kind.FAILED, fullSpeed, at, Duration.ZERO, 1, Duration.ZERO);
    }

    /** Fraction copied (0..1) {@code elapsedMs} after the initialization started. */
    public double fraction(long elapsedMs) {
        double full = fullSpeed.toMillis();
        double t = Math.max(0, elapsedMs);
        double atMs = at * full;
        double f = switch (kind) {
            case STEADY -> t / full;
            case BURSTY -> Math.floor(t / burstEvery.toMillis()) * burstEvery.toMillis() / full;
            case SLOWING -> t < atMs ? t / full : at + (t - atMs) * slowFactor / full;
            case STALLED -> t < atMs ? t / full : t < atMs + pause.toMillis() ? at : (t - pause.toMillis()) / full;
            case FAILED -> Math.min(at, t / full);
        };
        return Math.min(1.0, f);
    }

    /** DRS reports an error for the job from this elapsed time on. */
    public boolean failed(long elapsedMs) {
        return kind == Kind.FAILED && elapsedMs >= at * fullSpeed.toMillis();
    }

    /** The elapsed time at which the copy really ends; -1 for a job that fails. */
    public long endMs() {
        long full = fullSpeed.toMillis();
        return switch (kind) {
            case STEADY -> full;
            case BURSTY -> (long) Math.ceil((double) full / burstEvery.toMillis()) * burstEvery.toMillis();
            case SLOWING -> Math.round(at * full + (1 - at) * full / slowFactor);
            case STALLED -> full + pause.toMillis();
            case FAILED -> -1;
        };
    }
}
