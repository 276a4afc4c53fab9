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
 */
public record SummarySettings(Duration stallAfter, Duration stallCheckEvery, int topFailingItems, int recentAlerts,
                              Duration historyRetention, Duration publishEvery) {
    public SummarySettings(Duration stallAfter, Duration stallCheckEvery, int topFailingItems, int recentAlerts,
                           Duration historyRetention) {
        this(stallAfter, stallCheckEvery, topFailingItems, recentAlerts, historyRetention, Duration.ofSeconds(1));
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
