package io.drsmonitor.query;

import java.time.Duration;
import org.apache.kafka.common.cache.Cache;
import org.apache.kafka.common.cache.LRUCache;
import org.apache.kafka.common.cache.SynchronizedCache;

/**
 * Values kept for a fixed time after they were made, by key; the least recently used go first past
 * {@value #MAX_KEYS} keys. Job lists are kept so: the summaries commit once a second, and the same
 * pages are asked for again and again.
 */
final class RecentValues<V> {
    private static final int MAX_KEYS = 1024;

    private record Made<V>(long atNanos, V value) {
    }

    private final long keepNanos;
    private final Cache<String, Made<V>> values = new SynchronizedCache<>(new LRUCache<>(MAX_KEYS));

    RecentValues(Duration keep) {
        this.keepNanos = keep.toNanos();
    }

    /** The value kept under {@code key} if it was made less than the keeping time before {@code nowNanos}; else null. */
    V get(String key, long nowNanos) {
        Made<V> made = values.get(key);
        return made != null && nowNanos - made.atNanos() < keepNanos ? made.value() : null;
    }

    /** Keeps {@code value}, made at {@code madeAtNanos} ({@link System#nanoTime()}). */
    void put(String key, V value, long madeAtNanos) {
        values.put(key, new Made<>(madeAtNanos, value));
    }
}
