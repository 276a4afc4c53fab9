package io.drsmonitor.streams;

import java.time.Duration;

/**
 * Tuning of the summaries topology.
 *
 * @param stallAfter       a DR initialization with no progress this long (wall clock) counts as stalled
 * @param stallCheckEvery  how often stalls are looked for
 * @param topFailingItems  how many failing items a summary lists
 * @param recentAlerts     alerts kept per project for the query API
 * @param historyRetention how long the hourly pass-rate history is kept
 */
public record SummarySettings(Duration stallAfter, Duration stallCheckEvery, int topFailingItems, int recentAlerts,
                              Duration historyRetention) {
    public static SummarySettings defaults() {
        return new SummarySettings(Duration.ofMinutes(10), Duration.ofSeconds(10), 10, 200, Duration.ofDays(30));
    }
}
