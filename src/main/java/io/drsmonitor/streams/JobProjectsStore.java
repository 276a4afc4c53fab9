package io.drsmonitor.streams;

import io.drsmonitor.kafka.AsIsStore;
import io.drsmonitor.kafka.AsIsStoreBuilder;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.streams.state.StoreBuilder;

/**
 * Each job of a task and the project it lists under ({@link JobIndex}), as Java strings on a hash map:
 * read for a snapshot whose job's state entry carries no memo of it, where a key-value store encoded the
 * job id, hashed its bytes and decoded the project on each read. Derived from the per-job stores (no
 * changelog: rebuilt when a task starts), read and written by its task's stream thread only, never queried.
 */
final class JobProjectsStore extends AsIsStore {
    private final Map<String, String> projects = new HashMap<>();
    /** The per-job stores' {@code restored()} counts when the index was last built; -1: never. */
    private long builtAtRestored = -1;

    private JobProjectsStore(String name) {
        super(name);
    }

    String get(String jobId) {
        return projects.get(jobId);
    }

    void put(String jobId, String project) {
        projects.put(jobId, project);
    }

    void delete(String jobId) {
        projects.remove(jobId);
    }

    /** Forgets every job, as the index is about to be built at {@code restored} (the per-job stores' count). */
    void rebuilding(long restored) {
        projects.clear();
        builtAtRestored = restored;
    }

    /** Whether the index was built when the per-job stores had restored {@code restored} records. */
    boolean builtAt(long restored) {
        return builtAtRestored == restored;
    }

    /** The store named {@code name}, built as is: it has no changelog and no record cache to add. */
    static StoreBuilder<JobProjectsStore> builder(String name) {
        return new AsIsStoreBuilder<>(name, JobProjectsStore::new, "the job index is derived from the per-job stores: no changelog");
    }

    @Override
    protected void opened() {
        projects.clear();
        builtAtRestored = -1;
    }

    @Override
    protected void closed() {
        projects.clear();
    }
}
