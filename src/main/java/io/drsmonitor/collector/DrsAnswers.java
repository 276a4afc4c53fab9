package io.drsmonitor.collector;

import io.drsmonitor.collector.PollScheduler.Call;
import io.drsmonitor.collector.PollScheduler.Due;
import io.drsmonitor.drs.DrsApiException;
import io.drsmonitor.drs.DrsErrors;
import io.drsmonitor.drs.JobAnswer;
import io.drsmonitor.drs.PostPreCheckResp;
import io.drsmonitor.drs.QueryPreCheckResp;
import io.drsmonitor.drs.StructProcessResp;
import io.drsmonitor.model.DrInitPhase;
import io.drsmonitor.model.PrecheckPhase;
import io.drsmonitor.model.StructProcess;
import io.drsmonitor.model.TrackedJob;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies DRS's answers to the jobs they are about, on the stream thread: moves each job's
 * pre-check and DR initialization along, publishes what changed, ends jobs DRS no longer has, and
 * counts failed calls (reporting API failures past the threshold).
 */
final class DrsAnswers {
    private static final Logger LOG = LoggerFactory.getLogger(DrsAnswers.class);
    /** DRS's own "no such job" and "deleted": the job is over. */
    private static final Set<String> GONE = Set.of(DrsErrors.JOB_NOT_FOUND, DrsErrors.JOB_DELETED);

    /** Ends a job: tombstones, state dropped. Args: job id, why, now. */
    interface JobEnder {
        void end(String jobId, String why, long now);
    }

    private final TrackedJobs store;
    private final SnapshotPublisher publisher;
    private final PollScheduler scheduler;
    private final CollectorSettings settings;
    private final CollectorMetrics metrics;
    private final Function<String, String> regionOf;
    private final JobEnder ender;

    DrsAnswers(TrackedJobs store, SnapshotPublisher publisher, PollScheduler scheduler,
               CollectorSettings settings, CollectorMetrics metrics, Function<String, String> regionOf, JobEnder ender) {
        this.store = store;
        this.publisher = publisher;
        this.scheduler = scheduler;
        this.settings = settings;
        this.metrics = metrics;
        this.regionOf = regionOf;
        this.ender = ender;
    }

    /** The answers of one call of {@code due}, or its {@code failure} (then answers carry only the job ids). */
    void apply(Due due, List<? extends JobAnswer<?>> answers, Throwable failure, long now) {
        Instant at = Instant.ofEpochMilli(now);
        boolean changed = false;
        if (failure != null) {
            LOG.debug("DRS {} for project {} ({}) failed: {}", due.call().endpoint.pathSuffix(), due.projectId(), due.region(),
                    failure.getMessage());
        }
        for (JobAnswer<?> answer : answers) {
            TrackedJob job = store.get(answer.jobId());
            if (job == null || !waitingFor(due.call(), job)) {
                continue;
            }
            if (failure != null) {
                if (due.call() == Call.START) {
                    // A start call fails as a whole only when it was not sent (no endpoint): start again later.
                    JobPhases.movePrecheck(job, PrecheckPhase.SUBMIT);
                }
                recordFailure(due.call(), job, failure, at);
                continue;
            }
            changed |= switch (due.call()) {
                case START -> applyStart(job, (PostPreCheckResp) answer.result(), at, now);
                case CONFIRM -> applyConfirmation(job, (QueryPreCheckResp) answer.result(), at, now);
                case RESULT -> applyResult(job, (QueryPreCheckResp) answer.result(), at, now);
                case STRUCT -> applyStruct(job, (StructProcessResp) answer.result(), at, now);
                case SUBMIT -> false;
            };
        }
        if (due.call() != Call.START) {
            scheduler.finished(due, changed, now);
        } else {
            scheduler.finished(due, true, now);
        }
    }

    private boolean waitingFor(Call call, TrackedJob job) {
        return switch (call) {
            case START -> job.getPrecheck() == PrecheckPhase.STARTING;
            case CONFIRM -> job.getPrecheck() == PrecheckPhase.CONFIRM;
            case RESULT -> job.getPrecheck() == PrecheckPhase.POLL;
            case STRUCT -> job.getDrInit() == DrInitPhase.POLL;
            case SUBMIT -> false;
        };
    }

    /** batch-precheck's answer: started, refused, not sent (try again), or unknown (ask DRS). */
    private boolean applyStart(TrackedJob job, PostPreCheckResp answer, Instant at, long now) {
        String code = answer.errorCode();
        if (DrsErrors.NOT_SENT.equals(code)) {
            JobPhases.movePrecheck(job, PrecheckPhase.SUBMIT);
            recordFailure(Call.START, job, new IllegalStateException(answer.errorMsg()), at);
            return false;
        }
        if (DrsErrors.OUTCOME_UNKNOWN.equals(code) || DrsErrors.NO_RESULT.equals(code)) {
            LOG.info("pre-check start of job {} has an unknown outcome ({}); asking DRS before anything else", job.getJobId(),
                    answer.errorMsg());
            JobPhases.movePrecheck(job, PrecheckPhase.CONFIRM);
            // The grace counts from now: DRS may still hold the last attempt of this start.
            job.setPrecheckStartingAt(at);
            metrics.precheckUnconfirmed();
            store.put(job.getJobId(), job);
            return false;
        }
        if (code != null && GONE.contains(code)) {
            ender.end(job.getJobId(), code, now);
            return true;
        }
        publisher.submission(Snapshots.submission(job.getProjectId(), job.getJobId(), job.getPrecheckMode(), answer,
                job.getLastEventId(), at));
        job.setPrecheckFailures(0);
        if (answer.succeeded()) {
            following(job, answer.precheckId(), now);
        } else {
            QueryPreCheckResp refused = new QueryPreCheckResp(answer.precheckId(), null, null, null, null, null, List.of(),
                    answer.errorMsg(), code);
            publisher.result(job, Snapshots.precheckResult(job.getProjectId(), job.getJobId(), refused, job.getPrecheckRequestedAt(), at));
            settled(job, now);
        }
        store.put(job.getJobId(), job);
        return true;
    }

    /**
     * batch-precheck-result about a start whose outcome was unknown: a pre-check DRS has is followed
     * (and its start recorded); DRS saying none was started (a per-job DRS.M00202) starts it again.
     */
    private boolean applyConfirmation(TrackedJob job, QueryPreCheckResp answer, Instant at, long now) {
        String code = answer.errorCode();
        if (code != null && GONE.contains(code)) {
            ender.end(job.getJobId(), code, now);
            return true;
        }
        if (DrsErrors.PARAMETER_INVALID.equals(code)) {
            LOG.info("DRS has no pre-check of job {}: starting it again", job.getJobId());
            metrics.precheckRestarted();
            JobPhases.movePrecheck(job, PrecheckPhase.SUBMIT);
            job.setPrecheckRequestedAgain(false); // the start about to leave serves the later request too
            store.put(job.getJobId(), job);
            scheduler.dueBy(new Due(Call.SUBMIT, regionOf.apply(job.getRegion()), job.getProjectId()), now, now);
            return true;
        }
        if (code != null) {
            recordFailure(Call.CONFIRM, job, new IllegalStateException(code + " " + answer.errorMsg()), at);
            return false;
        }
        String precheckId = answer.precheckId() != null ? answer.precheckId() : job.getJobId();
        publisher.submission(Snapshots.submission(job.getProjectId(), job.getJobId(), job.getPrecheckMode(),
                new PostPreCheckResp(job.getJobId(), precheckId, PostPreCheckResp.SUCCESS, null, null), job.getLastEventId(), at));
        following(job, precheckId, now);
        applyResult(job, answer, at, now);
        store.put(job.getJobId(), job);
        return true;
    }

    /** The pre-check has its verdict; a request that came while its start was unconfirmed starts the next one. */
    private void settled(TrackedJob job, long now) {
        if (!job.getPrecheckRequestedAgain()) {
            JobPhases.movePrecheck(job, PrecheckPhase.DONE);
            return;
        }
        job.setPrecheckRequestedAgain(false);
        JobPhases.movePrecheck(job, PrecheckPhase.SUBMIT);
        job.setPrecheckRequestedAt(Instant.ofEpochMilli(now));
        job.setPrecheckId(null);
        job.setPrecheckFailures(0);
        job.setPrecheckMode(TrackedJobs.defaultPrecheckMode(job));
        scheduler.dueBy(new Due(Call.SUBMIT, regionOf.apply(job.getRegion()), job.getProjectId()), now, now);
    }

    private void following(TrackedJob job, String precheckId, long now) {
        JobPhases.movePrecheck(job, PrecheckPhase.POLL);
        job.setPrecheckId(precheckId);
        job.setPrecheckFingerprint(null);
        scheduler.soon(new Due(Call.RESULT, regionOf.apply(job.getRegion()), job.getProjectId()), now);
    }

    private boolean applyResult(TrackedJob job, QueryPreCheckResp answer, Instant at, long now) {
        if (answer.errorCode() != null && GONE.contains(answer.errorCode())) {
            ender.end(job.getJobId(), answer.errorCode(), now);
            return true;
        }
        if (DrsErrors.NO_RESULT.equals(answer.errorCode())) {
            recordFailure(Call.RESULT, job, new IllegalStateException(answer.errorMsg()), at);
            return false;
        }
        job.setPrecheckFailures(0);
        boolean changed = publisher.result(job, Snapshots.precheckResult(job.getProjectId(), job.getJobId(), answer, job.getPrecheckRequestedAt(), at));
        if (answer.isComplete() || answer.errorCode() != null) {
            settled(job, now);
        }
        store.put(job.getJobId(), job);
        return changed;
    }

    private boolean applyStruct(TrackedJob job, StructProcessResp answer, Instant at, long now) {
        if (answer.errorCode() != null && GONE.contains(answer.errorCode())) {
            ender.end(job.getJobId(), answer.errorCode(), now);
            return true;
        }
        if (DrsErrors.NO_RESULT.equals(answer.errorCode())) {
            recordFailure(Call.STRUCT, job, new IllegalStateException(answer.errorMessage()), at);
            return false;
        }
        job.setDrFailures(0);
        StructProcess snapshot = Snapshots.structProcess(job.getProjectId(), job.getJobId(), answer, at);
        boolean changed = publisher.struct(job, snapshot);
        if (snapshot.getComplete()) {
            JobPhases.moveDrInit(job, DrInitPhase.DONE);
        }
        store.put(job.getJobId(), job);
        return changed;
    }

    /** Counts a failed call; past the threshold, publishes an API-failure observation (once per distinct error). */
    private void recordFailure(Call call, TrackedJob job, Throwable failure, Instant at) {
        String code = failure instanceof DrsApiException api && api.errorCode() != null ? api.errorCode() : DrsErrors.API_FAILURE;
        String message = failure instanceof DrsApiException api ? api.kind() + ": " + api.getMessage() : String.valueOf(failure.getMessage());
        if (call == Call.STRUCT) {
            job.setDrFailures(job.getDrFailures() + 1);
            if (job.getDrFailures() >= settings.failuresBeforeReport()) {
                publisher.struct(job, Snapshots.structApiFailure(job.getProjectId(), job.getJobId(), code, message, job.getDrFailures(), at));
            }
        } else {
            job.setPrecheckFailures(job.getPrecheckFailures() + 1);
            if (job.getPrecheckFailures() >= settings.failuresBeforeReport()) {
                publisher.result(job, Snapshots.precheckApiFailure(job.getProjectId(), job.getJobId(), job.getPrecheckId(), code,
                        message, job.getPrecheckFailures(), at));
            }
        }
        store.put(job.getJobId(), job);
    }
}
