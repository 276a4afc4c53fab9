package io.drsmonitor.streams;

import io.drsmonitor.streams.state.DrJobState;
import io.drsmonitor.streams.state.DrPart;
import io.drsmonitor.streams.state.DrStatus;
import io.drsmonitor.streams.state.TypePart;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;

/**
 * One DR initialization's own pace, kept in its {@link DrJobState}: a smoothed rate, an ETA, its typical
 * gap between progress steps (for stalls) and whether it slowed down.
 *
 * <p>A progress step is an accepted DRS answer with more objects copied than the last step. The pace is
 * two EWMAs over steps, one of the gap between steps and one of the objects copied per step; the rate is
 * their ratio. Smoothing both, rather than each step's own rate, keeps a short step with a few objects
 * from swinging the rate, and gives the stall rule the typical gap for free. A new step weighs
 * {@link #ALPHA} (0.3): the rate follows a real slow-down within about five steps, while one
 * odd step moves it by under a third.
 *
 * <p>The job's "earlier rate" for {@code DR_INIT_SLOW} is its peak smoothed rate since it had three
 * steps: a peak of an EWMA is already smoothed, and unlike the first N steps it does not depend on how
 * late the monitor began watching the job.
 */
public final class DrPace {
    /** Weight of the newest step in both EWMAs. */
    static final double ALPHA = 0.3;
    /** Steps before the rate (and so the ETA and the slow-down rule) is trusted. */
    static final int MIN_STEPS = 3;
    /** The farthest ETA shown: ten years ahead. */
    static final long MAX_AHEAD_MS = Duration.ofDays(3650).toMillis();

    private DrPace() {
    }

    /**
     * Folds the job's newest accepted DRS answer into its pace. A step that ends a stall counts like any
     * other: that is how a job that moves in large, rare steps teaches the stall rule its gap, once.
     */
    static void observe(DrJobState state, DrPart part, long observedAt, DrPaceRules rules) {
        if (part.getStatus() != DrStatus.INITIALIZING) {
            state.setEstimatedCompletionAt(null);
            state.setSlowSince(null);
            return;
        }
        long done = done(part);
        // The first answer, or counts that went down (DRS restarted a type), only set the baseline.
        if (state.getPaceStepAt() == 0 || done < state.getPaceDone()) {
            state.setPaceStepAt(observedAt);
            state.setPaceDone(done);
            return;
        }
        if (done == state.getPaceDone() || observedAt <= state.getPaceStepAt()) {
            return; // no object copied: not a step (a state change alone, or the same counts again)
        }
        state.setPaceGapMs(ewma(state.getPaceGapMs(), observedAt - state.getPaceStepAt()));
        state.setPaceStepObjects(ewma(state.getPaceStepObjects(), done - state.getPaceDone()));
        state.setPaceSteps(state.getPaceSteps() + 1);
        state.setPaceStepAt(observedAt);
        state.setPaceDone(done);
        Double rate = ratePerMinute(state);
        if (rate == null) {
            return;
        }
        double peak = state.getPeakRatePerMinute() == null ? rate : Math.max(rate, state.getPeakRatePerMinute());
        state.setPeakRatePerMinute(peak);
        // Capped: a job crawling at a few objects a day must not overflow the time (nor promise centuries).
        state.setEstimatedCompletionAt(observedAt + Math.min(MAX_AHEAD_MS, Math.round(remaining(part) / rate * 60_000)));
        boolean slow = rate < peak * rules.slowRatio();
        state.setSlowSince(slow ? (state.getSlowSince() == null ? observedAt : state.getSlowSince()) : null);
    }

    /** Objects per minute by the smoothed pace; null before {@link #MIN_STEPS} steps. */
    public static Double ratePerMinute(DrJobState state) {
        if (state.getPaceSteps() < MIN_STEPS || state.getPaceGapMs() == null || state.getPaceGapMs() <= 0) {
            return null;
        }
        return state.getPaceStepObjects() / state.getPaceGapMs() * 60_000;
    }

    /** The smoothed rate of a job still initializing, for display (two decimals); null otherwise. */
    public static Double shownRatePerMinute(DrJobState state) {
        Double rate = ratePerMinute(state);
        return rate == null || state.getAnswer().getStatus() != DrStatus.INITIALIZING ? null : Math.round(rate * 100) / 100.0;
    }

    /** When an initializing job should end, ISO-8601; null if unknown or not initializing. */
    public static String shownCompletionAt(DrJobState state) {
        return etaSeconds(state) == null ? null : Instant.ofEpochMilli(state.getEstimatedCompletionAt()).toString();
    }

    /** The ETA of an initializing job, seconds after its newest observation, never negative; null if unknown. */
    public static Long etaSeconds(DrJobState state) {
        if (state.getAnswer().getStatus() != DrStatus.INITIALIZING || state.getEstimatedCompletionAt() == null) {
            return null;
        }
        return Math.max(0, (state.getEstimatedCompletionAt() - state.getObservedAt()) / 1000);
    }

    /** How long the job's progress may stand still before it is stalled: the fixed time, or longer for a slow stepper. */
    static long stallAfterMs(DrJobState state, Duration stallAfter, DrPaceRules rules) {
        long fixed = stallAfter.toMillis();
        return state.getPaceGapMs() == null ? fixed : Math.max(fixed, Math.round(rules.stallFactor() * state.getPaceGapMs()));
    }

    /** Why the job counts as slow (DR_INIT_SLOW), or null. */
    static String slowReason(DrJobState state, Duration stallAfter, DrPaceRules rules) {
        DrPart part = state.getAnswer();
        Double rate = ratePerMinute(state);
        if (part.getStatus() != DrStatus.INITIALIZING || rate == null) {
            return null;
        }
        Long eta = state.getEstimatedCompletionAt();
        if (!rules.deadline().isZero() && eta != null && part.getStartedAt() != null
                && eta > part.getStartedAt() + rules.deadline().toMillis()) {
            return String.format(Locale.ROOT, "DR initialization is estimated to end at %s, more than %d h after its start",
                    Instant.ofEpochMilli(eta), rules.deadline().toHours());
        }
        // Slow once the rate has stayed under the floor (steps since slowSince) as long as a stall would take to be called.
        if (state.getSlowSince() != null
                && state.getPaceStepAt() - state.getSlowSince() >= stallAfterMs(state, stallAfter, rules)) {
            return String.format(Locale.ROOT, "DR initialization slowed to %.1f objects/min, under %.0f %% of its peak %.1f",
                    rate, rules.slowRatio() * 100, state.getPeakRatePerMinute());
        }
        return null;
    }

    /** Objects copied: dst capped by src, over every object type. */
    static long done(DrPart part) {
        long done = 0;
        for (TypePart t : part.getTypes()) {
            done += Math.min(t.getDst(), t.getSrc());
        }
        return done;
    }

    /** Objects left to copy over the object types not completed. */
    static long remaining(DrPart part) {
        long left = 0;
        for (TypePart t : part.getTypes()) {
            left += t.getCompleted() ? 0 : Math.max(0, t.getSrc() - t.getDst());
        }
        return left;
    }

    private static double ewma(Double previous, double sample) {
        return previous == null ? sample : previous + ALPHA * (sample - previous);
    }
}
