package io.drsmonitor.streams;

import java.time.Duration;

/**
 * Tuning of the summaries topology.
 *
 * @param stallAfter       a DR initialization whose last progress was observed this long ago counts as stalled
 * @param stallCheckEvery  how often stalls are looked for (wall clock)
 * @param topFailingItems  how many failing items a summary lists
 * @param recentAlerts     alerts kept per project for the query API
 * @param historyRetention how long the hourly pass-rate history is kept
 * @param publishEvery     how often the summaries of changed projects are published (wall clock)
 * @param runsPerJob       finished pre-check runs kept per job ({@code history.runs.per.job})
 * @param drPace           how DR initializations are judged by their own pace (stall factor, slow-down, deadline)
 */
public record SummarySettings(Duration stallAfter, Duration stallCheckEvery, int topFailingItems, int recentAlerts,
                              Duration historyRetention, Duration publishEvery, int runsPerJob, DrPaceRules drPace) {
    /** Finished runs kept per job unless {@code history.runs.per.job} says otherwise. */
    public static final int RUNS_PER_JOB = 20;

    public SummarySettings(Duration stallAfter, Duration stallCheckEvery, int topFailingItems, int recentAlerts,
                           Duration historyRetention) {
        this(stallAfter, stallCheckEvery, topFailingItems, recentAlerts, historyRetention, Duration.ofSeconds(1), RUNS_PER_JOB,
                DrPaceRules.defaults());
    }

    public SummarySettings {
        if (runsPerJob < 1) {
            throw new IllegalArgumentException("runsPerJob must be at least 1");
        }
    }

    /** The same, keeping {@code runs} finished runs per job. */
    public SummarySettings withRunsPerJob(int runs) {
        return new SummarySettings(stallAfter, stallCheckEvery, topFailingItems, recentAlerts, historyRetention, publishEvery, runs,
                drPace);
    }

    /** The same, judging DR initializations by these pace rules. */
    public SummarySettings withDrPace(DrPaceRules rules) {
        return new SummarySettings(stallAfter, stallCheckEvery, topFailingItems, recentAlerts, historyRetention, publishEvery,
                runsPerJob, rules);
    }

    /** Failing items a summary lists. */
    public static final int TOP_FAILING_ITEMS = 10;
    /** Alerts kept per project for the query API. */
    public static final int RECENT_ALERTS = 200;
    /** How long the hourly pass-rate history is kept. */
    public static final Duration HISTORY_RETENTION = Duration.ofDays(30);

    /** The standard tuning with this stall threshold, looked for this often. */
    public static SummarySettings withStallAfter(Duration stallAfter, Duration stallCheckEvery) {
        return new SummarySettings(stallAfter, stallCheckEvery, TOP_FAILING_ITEMS, RECENT_ALERTS, HISTORY_RETENTION);
    }

    public static SummarySettings defaults() {
        return withStallAfter(Duration.ofMinutes(10), Duration.ofSeconds(10));
    }
}
