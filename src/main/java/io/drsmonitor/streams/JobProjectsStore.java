package io.drsmonitor.streams;

import io.drsmonitor.kafka.AsIsStoreBuilder;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.streams.processor.StateStore;
import org.apache.kafka.streams.processor.StateStoreContext;
import org.apache.kafka.streams.query.Position;
import org.apache.kafka.streams.state.StoreBuilder;

/**
 * Each job of a task and the project it lists under ({@link JobIndex}), as Java strings on a hash map:
 * read for every snapshot, where a key-value store encoded the job id, hashed its bytes and decoded the
 * project on each read. Derived from the per-job stores (no changelog: rebuilt when a task starts), read
 * and written by its task's stream thread only, never queried.
 */
final class JobProjectsStore implements StateStore {
    private final String name;
    private final Map<String, String> projects = new HashMap<>();
    private boolean open;

    private JobProjectsStore(String name) {
        this.name = name;
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

    boolean isEmpty() {
        return projects.isEmpty();
    }

    /** The store named {@code name}, built as is: it has no changelog and no record cache to add. */
    static StoreBuilder<JobProjectsStore> builder(String name) {
        return new AsIsStoreBuilder<>(name, JobProjectsStore::new, "the job index is derived from the per-job stores: no changelog");
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public void init(StateStoreContext context, StateStore root) {
        projects.clear();
        context.register(root, (key, value) -> {
            throw new IllegalStateException("the job index has no changelog to restore");
        });
        open = true;
    }

    @Override
    public void flush() {
        // nothing to write: derived, in memory
    }

    @Override
    public void close() {
        projects.clear();
        open = false;
    }

    @Override
    public boolean persistent() {
        return false;
    }

    @Override
    public boolean isOpen() {
        return open;
    }

    @Override
    public Position getPosition() {
        return Position.emptyPosition();
    }
}
