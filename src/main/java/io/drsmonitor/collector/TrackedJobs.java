package io.drsmonitor.collector;

import io.drsmonitor.model.DrInitPhase;
import io.drsmonitor.model.PrecheckPhase;
import io.drsmonitor.model.TrackedJob;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.LongSupplier;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import io.drsmonitor.drs.DrsRules;

/**
 * The jobs a task follows: the changelogged store, plus an in-memory index of the jobs that have
 * calls to make (rebuilt from the store when the task starts), so a tick reads only those and does
 * not grow with finished jobs. Finished jobs leave the store after the retention period (their last
 * snapshots stay in the compacted topics).
 */
final class TrackedJobs {
    private final KeyValueStore<String, TrackedJob> store;
    private final LongSupplier clock;
    private final Set<String> active = new LinkedHashSet<>();

    TrackedJobs(KeyValueStore<String, TrackedJob> store, LongSupplier clock) {
        this.store = store;
        this.clock = clock;
        try (KeyValueIterator<String, TrackedJob> all = store.all()) {
            all.forEachRemaining(kv -> index(kv.value));
        }
    }

    TrackedJob get(String jobId) {
        return store.get(jobId);
    }

    void put(String jobId, TrackedJob job) {
        job.setUpdatedAt(Instant.ofEpochMilli(clock.getAsLong()));
        store.put(jobId, job);
        index(job);
    }

    void delete(String jobId) {
        store.delete(jobId);
        active.remove(jobId);
    }

    /** The ids of jobs with calls to make, in a copy (the caller may change jobs while going through it). */
    List<String> active() {
        return new ArrayList<>(active);
    }

    long size() {
        return store.approximateNumEntries();
    }

    /** Removes finished jobs untouched for {@code retention}; returns how many. Reads the whole store: run it rarely. */
    int sweep(Duration retention) {
        long cutoff = clock.getAsLong() - retention.toMillis();
        List<String> expired = new ArrayList<>();
        List<KeyValue<String, TrackedJob>> undated = new ArrayList<>();
        try (KeyValueIterator<String, TrackedJob> all = store.all()) {
            all.forEachRemaining(kv -> {
                if (!hasCalls(kv.value)) {
                    if (kv.value.getUpdatedAt() == null) {
                        undated.add(kv);
                    } else if (kv.value.getUpdatedAt().toEpochMilli() < cutoff) {
                        expired.add(kv.key);
                    }
                }
            });
        }
        // Written before updatedAt existed: their retention starts now.
        undated.forEach(kv -> put(kv.key, kv.value));
        expired.forEach(this::delete);
        return expired.size();
    }

    private void index(TrackedJob job) {
        if (hasCalls(job)) {
            active.add(job.getJobId());
        } else {
            active.remove(job.getJobId());
        }
    }

    /**
     * The precheck_mode for a request that names none: forRetryJob once the job was seen started
     * (state written before {@code started} existed knows it from a DR initialization followed).
     */
    static String defaultPrecheckMode(TrackedJob job) {
        boolean started = job.getStarted() || job.getDrStartedAt() != null;
        return started ? DrsRules.FOR_RETRY_JOB : DrsRules.FOR_START_JOB;
    }

    static boolean hasCalls(TrackedJob job) {
        PrecheckPhase precheck = job.getPrecheck();
        boolean precheckOpen = precheck == PrecheckPhase.SUBMIT || precheck == PrecheckPhase.STARTING
                || precheck == PrecheckPhase.CONFIRM || precheck == PrecheckPhase.POLL;
        return precheckOpen || job.getDrInit() == DrInitPhase.POLL;
    }
}
