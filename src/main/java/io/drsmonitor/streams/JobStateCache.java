package io.drsmonitor.streams;

import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * A job processor's own per-job store, with the states it read or wrote last kept as objects: every
 * snapshot reads its job's state, and decoding it from the store's bytes was the largest cost of a
 * snapshot after its own decode (BENCHMARKS.md, benchmark 1). Writes still go to the store (and its
 * changelog) at once; the objects only spare the reads.
 *
 * <p>The objects are the very ones the processor mutates, so it holds to one rule: a state it changes
 * is put or deleted before {@code process} returns (a processing failure fails the task, whose new
 * processor starts with an empty cache). Only the owning processor may write the store. The least
 * recently used objects leave beyond {@code maxObjects}, and are decoded again when needed.
 */
final class JobStateCache<V> {
    /**
     * Objects kept per task and store unless the settings say otherwise: about 1.5 KiB of heap each for a
     * pre-check state with a few failing items, so at most about 75 MiB per task and store.
     */
    static final int MAX_OBJECTS = 50_000;

    private final KeyValueStore<String, V> store;
    private final Map<String, V> objects;

    JobStateCache(KeyValueStore<String, V> store, int maxObjects) {
        this.store = store;
        this.objects = new LinkedHashMap<>(1024, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, V> eldest) {
                return size() > maxObjects;
            }
        };
    }

    V get(String jobId) {
        V state = objects.get(jobId);
        if (state == null) {
            state = store.get(jobId);
            if (state != null) {
                objects.put(jobId, state);
            }
        }
        return state;
    }

    void put(String jobId, V state) {
        store.put(jobId, state);
        objects.put(jobId, state);
    }

    void delete(String jobId) {
        store.delete(jobId);
        objects.remove(jobId);
    }

    /** Every state of the store, decoded (not through the objects). */
    KeyValueIterator<String, V> all() {
        return store.all();
    }
}
