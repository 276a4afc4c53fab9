package io.drsmonitor.discovery;

import io.drsmonitor.drs.DrsRules;
import io.drsmonitor.drs.JobInfo;
import io.drsmonitor.drs.QueryPreCheckResp;
import io.drsmonitor.model.JobEventType;
import io.drsmonitor.model.JobType;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What DRS says of a job, against what discovery knew of it, as lifecycle events: the rules of discovery,
 * without I/O. Each event has a key ({@code JOB_CREATED}, {@code PRECHECK_STARTED/2}...) published once per
 * job: the job remembers its keys, and the event's id is derived from project, job and key, so the same
 * change always makes the same {@code eventId}.
 */
final class JobChanges {
    /** Statuses of a job not started yet (DRS's task statuses). */
    private static final Set<String> NOT_STARTED = Set.of("CREATING", "CREATE_FAILED", DrsRules.STATUS_CONFIGURATION, "STARTJOBING",
            "WAITING_FOR_START", "START_JOB_FAILED");
    /** Deleted, or stopped with its resources released: the job's end. */
    private static final Set<String> ENDED = Set.of("DELETED", "RELEASE_RESOURCE_COMPLETE");
    private static final Map<String, JobType> JOB_TYPES = Map.of(DrsRules.MIGRATION, JobType.MIGRATION, DrsRules.SYNC, JobType.SYNC,
            DrsRules.CLOUD_DATA_GUARD, JobType.DR);
    /** A job not in two complete listings in a row is gone; one miss may be a listing taken mid-change. */
    static final int MISSES_TO_DELETE = 2;

    /** An event to publish for a job. */
    record Discovered(JobEventType type, String eventId) {
    }

    /** A job's new state ({@code next}; null: forget it) and the events that go with it. */
    record Change(KnownJob previous, KnownJob next, List<Discovered> events) {
        boolean changed() {
            return !events.isEmpty() || (next == null ? previous != null : !next.equals(previous));
        }
    }

    private JobChanges() {
    }

    /** A job as a listing shows it; a subtask of a dual-active task names its parent. */
    static KnownJob fromListing(ProjectRef project, JobInfo info, String parentId, String dbUseType) {
        JobType type = JOB_TYPES.getOrDefault(info.dbUseType() != null ? info.dbUseType() : dbUseType, JobType.UNKNOWN);
        return new KnownJob(project.projectId(), project.region(), info.id(), info.name(), type.name(), info.engineType(),
                info.jobDirection(), info.status(), parentId, 0, null, 0, false);
    }

    /** A listing shows {@code seen}; {@code previous} is what was known (null: a job new to discovery). */
    static Change listed(KnownJob previous, KnownJob seen, DiscoverySettings.PrecheckMode precheck) {
        if (previous == null) {
            if (seen.status() == null || ENDED.contains(seen.status())) {
                return new Change(null, null, List.of()); // ended before we knew it: nothing to follow
            }
            List<Discovered> events = new ArrayList<>();
            KnownJob job = publish(seen, JobEventType.JOB_CREATED, "", events);
            if (precheck == DiscoverySettings.PrecheckMode.START && DrsRules.STATUS_CONFIGURATION.equals(seen.status())) {
                job = publish(job, JobEventType.PRECHECK_REQUESTED, "/1", events).withPrecheck(1, true);
            }
            return progressed(null, job, events);
        }
        return progressed(previous, previous.listedAs(seen), new ArrayList<>());
    }

    /** batch-status gives the job's status now. */
    static Change statusSeen(KnownJob previous, String status) {
        return progressed(previous, previous.withStatus(status), new ArrayList<>());
    }

    /** A complete listing did not show the job. */
    static Change notListed(KnownJob previous) {
        int missed = previous.missedListings() + 1;
        if (missed >= MISSES_TO_DELETE) {
            return deleted(previous);
        }
        return new Change(previous, previous.withMissedListings(missed), List.of());
    }

    /** DRS says the job is deleted: its last event, and discovery forgets it. */
    static Change deleted(KnownJob previous) {
        List<Discovered> events = new ArrayList<>();
        publish(previous, JobEventType.JOB_DELETED, "", events);
        return new Change(previous, null, events);
    }

    /**
     * batch-precheck-result's answer for a job in CONFIGURATION (read-only): a pre-check there that
     * discovery does not follow yet (started in the console, by Terraform, or again after one finished)
     * is followed, with PRECHECK_STARTED; a followed one seen finished is closed.
     */
    static Change precheckSeen(KnownJob previous, QueryPreCheckResp answer) {
        if (answer.errorCode() != null) {
            return new Change(previous, previous, List.of()); // none started (DRS.M00202), or no answer
        }
        boolean finished = answer.isComplete();
        if (previous.precheckOpen()) {
            return new Change(previous, finished ? previous.withPrecheck(previous.precheckRuns(), false) : previous, List.of());
        }
        if (finished && previous.precheckRuns() > 0) {
            return new Change(previous, previous, List.of()); // the run already followed, still the last one
        }
        int run = previous.precheckRuns() + 1;
        List<Discovered> events = new ArrayList<>();
        KnownJob job = publish(previous, JobEventType.PRECHECK_STARTED, "/" + run, events).withPrecheck(run, !finished);
        return new Change(previous, job, events);
    }

    /** The events a job's status calls for: its start (DR initialization for a DR job), or its end. */
    private static Change progressed(KnownJob previous, KnownJob job, List<Discovered> events) {
        String status = job.status();
        if (status != null && ENDED.contains(status)) {
            if (previous == null) {
                return new Change(null, null, events);
            }
            publish(job, JobEventType.JOB_DELETED, "", events);
            return new Change(previous, null, events);
        }
        KnownJob next = job;
        if (status != null && !NOT_STARTED.contains(status)) {
            next = publish(next, JobType.DR.name().equals(next.jobType()) ? JobEventType.DR_INIT_STARTED : JobEventType.JOB_STARTED,
                    "", events);
        }
        return new Change(previous, next, events);
    }

    /** Adds the event of {@code type} (its key: the type and {@code suffix}) unless the job published it before. */
    private static KnownJob publish(KnownJob job, JobEventType type, String suffix, List<Discovered> events) {
        String key = type.name() + suffix;
        if (job.hasPublished(key)) {
            return job;
        }
        events.add(new Discovered(type, eventId(job, key)));
        return job.withPublished(key);
    }

    /** Derived from project, job and key alone: the same change gets the same id, whoever publishes it and when. */
    static String eventId(KnownJob job, String key) {
        return "discovery/" + job.region() + ":" + job.projectId() + "/" + job.jobId() + "/" + key;
    }
}
