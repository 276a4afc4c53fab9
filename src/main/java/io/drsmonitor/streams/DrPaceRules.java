package io.drsmonitor.streams;

import java.time.Duration;

/**
 * How a DR initialization is judged by its own pace ({@link DrPace}).
 *
 * @param stallFactor a job is stalled only after this many times its typical gap between progress steps
 *                    ({@code alerts.dr.stall.factor}), and never before the fixed stall time
 * @param slowRatio   {@code DR_INIT_SLOW} when the smoothed rate stays below this fraction of the job's peak
 *                    rate ({@code alerts.dr.slow.ratio}); 0: off
 * @param deadline    {@code DR_INIT_SLOW} when the estimated completion is later than this after the start
 *                    ({@code alerts.dr.init.deadline.hours}); zero: off
 */
public record DrPaceRules(double stallFactor, double slowRatio, Duration deadline) {
    public DrPaceRules {
        if (stallFactor < 1 || slowRatio < 0 || slowRatio > 1 || deadline.isNegative()) {
            throw new IllegalArgumentException("stallFactor >= 1, 0 <= slowRatio <= 1, deadline >= 0");
        }
    }

    /** The defaults of the settings: factor 3, ratio 0.2, no deadline. */
    public static DrPaceRules defaults() {
        return new DrPaceRules(3, 0.2, Duration.ZERO);
    }
}
