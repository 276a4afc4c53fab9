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

    public static SummarySettings defaults() {
        return new SummarySettings(Duration.ofMinutes(10), Duration.ofSeconds(10), 10, 200, Duration.ofDays(30));
    }
}
