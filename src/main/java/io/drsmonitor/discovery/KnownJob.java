package io.drsmonitor.discovery;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * What discovery remembers of one job, as written (JSON) to the compacted {@code drs.discovery.jobs}: what DRS
 * last said of it, and which lifecycle events were already published for it, so a restart or a new owner
 * publishes none of them again.
 *
 * @param jobType             MIGRATION, SYNC or DR (from {@code db_use_type})
 * @param parentId            the dual-active DR task this job is a subtask of; null for a top-level job
 * @param missedListings      complete listings in a row that did not show the job
 * @param published           the keys of the events published (see {@link JobChanges})
 * @param precheckRuns        pre-checks followed so far (each one's PRECHECK_STARTED or PRECHECK_REQUESTED)
 * @param precheckOpen        the last pre-check followed has not been seen finished yet
 */
public record KnownJob(String projectId, String region, String jobId, String name, String jobType, String engineType,
                       String direction, String status, String parentId, int missedListings, SortedSet<String> published,
                       int precheckRuns, boolean precheckOpen) {
    private static final ObjectMapper JSON = new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    public KnownJob {
        published = published == null ? new TreeSet<>() : new TreeSet<>(published);
    }

    boolean hasPublished(String key) {
        return published.contains(key);
    }

    KnownJob withPublished(String key) {
        SortedSet<String> more = new TreeSet<>(published);
        more.add(key);
        return new KnownJob(projectId, region, jobId, name, jobType, engineType, direction, status, parentId, missedListings, more,
                precheckRuns, precheckOpen);
    }

    KnownJob withStatus(String newStatus) {
        return new KnownJob(projectId, region, jobId, name, jobType, engineType, direction, newStatus, parentId, 0, published,
                precheckRuns, precheckOpen);
    }

    KnownJob withMissedListings(int missed) {
        return new KnownJob(projectId, region, jobId, name, jobType, engineType, direction, status, parentId, missed, published,
                precheckRuns, precheckOpen);
    }

    KnownJob withPrecheck(int runs, boolean open) {
        return new KnownJob(projectId, region, jobId, name, jobType, engineType, direction, status, parentId, missedListings,
                published, runs, open);
    }

    /** The same job with what a listing says of it now (name, kind, engine, direction, status). */
    KnownJob listedAs(KnownJob seen) {
        return new KnownJob(projectId, region, jobId, seen.name, seen.jobType, seen.engineType, seen.direction, seen.status,
                seen.parentId, 0, published, precheckRuns, precheckOpen);
    }

    byte[] toJson() {
        try {
            return JSON.writeValueAsBytes(this);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static KnownJob fromJson(byte[] json) {
        try {
            return JSON.readValue(json, KnownJob.class);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
