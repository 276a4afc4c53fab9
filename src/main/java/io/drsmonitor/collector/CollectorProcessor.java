package io.drsmonitor.collector;

import io.drsmonitor.drs.DrsApiException;
import io.drsmonitor.drs.DrsClient;
import io.drsmonitor.drs.DrsClients;
import io.drsmonitor.drs.DrsEndpoint;
import io.drsmonitor.drs.DrsErrors;
import io.drsmonitor.drs.DrsRules;
import io.drsmonitor.drs.JobAnswer;
import io.drsmonitor.drs.PostPreCheckResp;
import io.drsmonitor.drs.PreCheckInfo;
import io.drsmonitor.drs.QueryPreCheckResp;
import io.drsmonitor.drs.StructProcessResp;
import io.drsmonitor.model.DrInitPhase;
import io.drsmonitor.model.JobEvent;
import io.drsmonitor.model.JobType;
import io.drsmonitor.model.PrecheckPhase;
import io.drsmonitor.model.PrecheckResult;
import io.drsmonitor.model.StructProcess;
import io.drsmonitor.model.TrackedJob;
import io.vertx.core.Future;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows the jobs of the projects this task owns. Events change what is followed (kept in a
 * changelogged store, so another instance can take over); a wall-clock tick starts, for each
 * project and call that is due, one DRS call carrying all that project's jobs, without waiting
 * for it. Answers arrive on Vert.x threads, are queued, and are applied on the next tick on the
 * stream thread, so store updates and published snapshots commit together.
 */
final class CollectorProcessor implements Processor<String, JobEvent, Object, Object> {
    private static final Logger LOG = LoggerFactory.getLogger(CollectorProcessor.class);
    private static final Set<String> TERMINAL_JOB_ERRORS = Set.of(DrsErrors.JOB_NOT_FOUND, DrsErrors.JOB_DELETED);

    enum Call {
        SUBMIT(DrsEndpoint.BATCH_PRECHECK), RESULT(DrsEndpoint.BATCH_PRECHECK_RESULT), STRUCT(DrsEndpoint.BATCH_STRUCT_PROCESS);

        final DrsEndpoint endpoint;

        Call(DrsEndpoint endpoint) {
            this.endpoint = endpoint;
        }
    }

    /** One call a tick may start: a call type for one project, at its region's endpoint. */
    private record Due(Call call, String region, String projectId) {
    }

    private static final class Schedule {
        long dueAt;
        long interval;
        boolean inFlight;
    }

    private record Completion(Due due, List<? extends JobAnswer<?>> answers, Throwable failure) {
    }

    private final DrsClients drs;
    private final CollectorSettings settings;
    private final CollectorMetrics metrics;
    private final Random jitter = new Random();
    private final Map<Due, Schedule> schedules = new HashMap<>();
    private final Queue<Completion> completions = new ConcurrentLinkedQueue<>();
    private ProcessorContext<Object, Object> context;
    private KeyValueStore<String, TrackedJob> store;

    CollectorProcessor(DrsClients drs, CollectorSettings settings, CollectorMetrics metrics) {
        this.drs = drs;
        this.settings = settings;
        this.metrics = metrics;
    }

    @Override
    public void init(ProcessorContext<Object, Object> context) {
        this.context = context;
        this.store = context.getStateStore(CollectorTopology.JOBS_STORE);
        context.schedule(settings.tick(), PunctuationType.WALL_CLOCK_TIME, this::tick);
    }

    @Override
    public void process(Record<String, JobEvent> record) {
        JobEvent event = record.value();
        long now = context.currentSystemTimeMs();
        TrackedJob job = store.get(event.getJobId());
        if (job == null) {
            job = TrackedJob.newBuilder().setJobId(event.getJobId()).setProjectId(event.getProjectId()).build();
        }
        job.setProjectId(event.getProjectId());
        if (event.getRegion() != null && !event.getRegion().isBlank()) {
            // An event without a region (JOB_STARTED from another system, say) leaves the job where it is.
            job.setRegion(event.getRegion());
        }
        job.setLastEventId(event.getEventId());
        if (event.getJobType() == JobType.DR) {
            job.setDr(true);
        }
        switch (event.getEventType()) {
            case PRECHECK_REQUESTED -> {
                job.setPrecheck(PrecheckPhase.SUBMIT);
                job.setPrecheckRequestedAt(Instant.ofEpochMilli(now));
                job.setPrecheckId(null);
                job.setPrecheckFailures(0);
                // A started job is re-checked in the retry mode DRS documents for it.
                job.setPrecheckMode(event.getPrecheckMode() != null ? event.getPrecheckMode()
                        : started(job) ? DrsRules.FOR_RETRY_JOB : DrsRules.FOR_START_JOB);
                // Wait one short interval so requests arriving together start in one call.
                dueBy(Call.SUBMIT, region(job), event.getProjectId(), now + settings.minInterval().toMillis(), now);
            }
            case JOB_STARTED -> {
                job.setStarted(true);
                if (job.getDr()) {
                    startDrInit(job, now);
                }
            }
            case DR_INIT_STARTED -> {
                job.setDr(true);
                job.setStarted(true);
                startDrInit(job, now);
            }
            case JOB_STOPPED, JOB_DELETED -> {
                store.delete(event.getJobId());
                return;
            }
            default -> {
                // JOB_CREATED: known from now on, nothing to poll yet.
            }
        }
        store.put(job.getJobId(), job);
    }

    private void startDrInit(TrackedJob job, long now) {
        if (job.getDrInit() != DrInitPhase.POLL) {
            job.setDrInit(DrInitPhase.POLL);
            job.setDrStartedAt(Instant.ofEpochMilli(now));
            job.setDrFailures(0);
            dueBy(Call.STRUCT, region(job), job.getProjectId(), now, now);
        }
    }

    /** Seen started; state written before {@code started} existed knows it from a DR initialization followed. */
    private static boolean started(TrackedJob job) {
        return job.getStarted() || job.getDrStartedAt() != null;
    }

    /** The job's region; jobs written before regions were tracked belong to the default one. */
    private String region(TrackedJob job) {
        return drs.regionOf(job.getRegion());
    }

    private void dueBy(Call call, String region, String projectId, long dueAt, long now) {
        Schedule schedule = schedule(new Due(call, region, projectId), now);
        schedule.dueAt = Math.min(schedule.dueAt, dueAt);
    }

    private Schedule schedule(Due due, long now) {
        return schedules.computeIfAbsent(due, k -> {
            Schedule s = new Schedule();
            s.interval = settings.minInterval().toMillis();
            // Spread projects first polled together over the first interval.
            s.dueAt = due.call() == Call.SUBMIT ? now + s.interval : now + (long) (jitter.nextDouble() * s.interval / 2);
            return s;
        });
    }

    private void tick(long now) {
        Completion done;
        while ((done = completions.poll()) != null) {
            apply(done, now);
        }
        Map<Due, List<String>> work = new LinkedHashMap<>();
        List<KeyValue<String, TrackedJob>> updates = new ArrayList<>();
        int tracked = 0;
        try (KeyValueIterator<String, TrackedJob> all = store.all()) {
            while (all.hasNext()) {
                TrackedJob job = all.next().value;
                tracked++;
                if (job.getPrecheck() == PrecheckPhase.SUBMIT) {
                    work.computeIfAbsent(new Due(Call.SUBMIT, region(job), job.getProjectId()), k -> new ArrayList<>()).add(job.getJobId());
                } else if (job.getPrecheck() == PrecheckPhase.POLL) {
                    if (past(job.getPrecheckRequestedAt(), settings.precheckDeadline(), now)) {
                        publish(job, Snapshots.precheckApiFailure(job.getProjectId(), job.getJobId(), job.getPrecheckId(),
                                "DRSMON.DEADLINE", "no final pre-check result within " + settings.precheckDeadline(),
                                job.getPrecheckFailures(), Instant.ofEpochMilli(now)));
                        job.setPrecheck(PrecheckPhase.DONE);
                        updates.add(KeyValue.pair(job.getJobId(), job));
                    } else {
                        work.computeIfAbsent(new Due(Call.RESULT, region(job), job.getProjectId()), k -> new ArrayList<>()).add(job.getJobId());
                    }
                }
                if (job.getDrInit() == DrInitPhase.POLL) {
                    if (past(job.getDrStartedAt(), settings.drDeadline(), now)) {
                        publish(job, Snapshots.structApiFailure(job.getProjectId(), job.getJobId(), "DRSMON.DEADLINE",
                                "DR initialization not finished within " + settings.drDeadline(), job.getDrFailures(),
                                Instant.ofEpochMilli(now)));
                        job.setDrInit(DrInitPhase.DONE);
                        updates.add(KeyValue.pair(job.getJobId(), job));
                    } else {
                        work.computeIfAbsent(new Due(Call.STRUCT, region(job), job.getProjectId()), k -> new ArrayList<>()).add(job.getJobId());
                    }
                }
            }
        }
        updates.forEach(u -> store.put(u.key, u.value));
        metrics.tracked(context.taskId(), tracked);
        work.forEach((due, jobIds) -> {
            Schedule schedule = schedule(due, now);
            if (!schedule.inFlight && now >= schedule.dueAt) {
                start(due, jobIds, schedule);
            }
        });
    }

    private void start(Due due, List<String> jobIds, Schedule schedule) {
        schedule.inFlight = true;
        DrsClient client = drs.forRegion(due.region()).orElse(null);
        if (client == null) {
            // New events of such a region go to the DLQ; this is a job stored before its endpoint was
            // removed from the settings: its polls fail (and are reported) instead of the stream thread.
            completions.add(new Completion(due, List.of(), new IllegalStateException(
                    "no DRS endpoint for region " + due.region() + " (set drs.region.endpoints)")));
            return;
        }
        metrics.call(due.call().endpoint.pathSuffix(), jobIds.size());
        Future<? extends List<? extends JobAnswer<?>>> call = switch (due.call()) {
            case SUBMIT -> client.batchPrecheck(due.projectId(), jobIds.stream().map(id -> new PreCheckInfo(id, modeOf(id))).toList());
            case RESULT -> client.batchPrecheckResult(due.projectId(), jobIds);
            case STRUCT -> client.batchStructProcess(due.projectId(), jobIds);
        };
        call.onComplete(result -> completions.add(new Completion(due,
                result.succeeded() ? result.result() : List.of(), result.failed() ? result.cause() : null)));
    }

    private String modeOf(String jobId) {
        TrackedJob job = store.get(jobId);
        return job != null && job.getPrecheckMode() != null ? job.getPrecheckMode() : DrsRules.FOR_START_JOB;
    }

    @SuppressWarnings("unchecked")
    private void apply(Completion done, long now) {
        Due due = done.due();
        Schedule schedule = schedule(due, now);
        schedule.inFlight = false;
        boolean changed = false;
        Instant at = Instant.ofEpochMilli(now);
        if (done.failure() != null) {
            LOG.debug("DRS {} for project {} ({}) failed: {}", due.call().endpoint.pathSuffix(), due.projectId(),
                    due.region(), done.failure().getMessage());
            for (TrackedJob job : jobsWaitingFor(due)) {
                recordFailure(due.call(), job, done.failure(), at);
            }
        } else {
            for (JobAnswer<?> answer : done.answers()) {
                TrackedJob job = store.get(answer.jobId());
                if (job == null) {
                    continue;
                }
                changed |= switch (due.call()) {
                    case SUBMIT -> applySubmission(job, (PostPreCheckResp) answer.result(), at, now);
                    case RESULT -> applyResult(job, (QueryPreCheckResp) answer.result(), at);
                    case STRUCT -> applyStruct(job, (StructProcessResp) answer.result(), at);
                };
            }
        }
        long max = settings.maxInterval().toMillis();
        schedule.interval = changed ? settings.minInterval().toMillis() : Math.min(max, schedule.interval * 2);
        schedule.dueAt = now + (long) (schedule.interval * (0.8 + 0.4 * jitter.nextDouble()));
    }

    private List<TrackedJob> jobsWaitingFor(Due due) {
        List<TrackedJob> jobs = new ArrayList<>();
        try (KeyValueIterator<String, TrackedJob> all = store.all()) {
            all.forEachRemaining(kv -> {
                TrackedJob job = kv.value;
                boolean waiting = switch (due.call()) {
                    case SUBMIT -> job.getPrecheck() == PrecheckPhase.SUBMIT;
                    case RESULT -> job.getPrecheck() == PrecheckPhase.POLL;
                    case STRUCT -> job.getDrInit() == DrInitPhase.POLL;
                };
                if (waiting && job.getProjectId().equals(due.projectId()) && due.region().equals(region(job))) {
                    jobs.add(job);
                }
            });
        }
        return jobs;
    }

    private boolean applySubmission(TrackedJob job, PostPreCheckResp answer, Instant at, long now) {
        if (job.getPrecheck() != PrecheckPhase.SUBMIT) {
            return false;
        }
        if (DrsErrors.NO_RESULT.equals(answer.errorCode())) {
            recordFailure(Call.SUBMIT, job, new IllegalStateException(answer.errorMsg()), at);
            return false;
        }
        context.forward(new Record<Object, Object>(job.getJobId(),
                Snapshots.submission(job.getProjectId(), job.getJobId(), answer, job.getLastEventId(), at), at.toEpochMilli()),
                CollectorTopology.SUBMISSIONS_SINK);
        metrics.published(CollectorTopology.SUBMISSIONS_SINK);
        job.setPrecheckFailures(0);
        if (answer.succeeded()) {
            job.setPrecheck(PrecheckPhase.POLL);
            job.setPrecheckId(answer.precheckId());
            job.setPrecheckFingerprint(null);
            Schedule results = schedule(new Due(Call.RESULT, region(job), job.getProjectId()), now);
            results.interval = settings.minInterval().toMillis();
            results.dueAt = Math.min(results.dueAt, now + results.interval);
        } else {
            QueryPreCheckResp refused = new QueryPreCheckResp(answer.precheckId(), null, null, null, null, null, List.of(),
                    answer.errorMsg(), answer.errorCode());
            publish(job, Snapshots.precheckResult(job.getProjectId(), job.getJobId(), refused, at));
            job.setPrecheck(PrecheckPhase.DONE);
        }
        store.put(job.getJobId(), job);
        return true;
    }

    private boolean applyResult(TrackedJob job, QueryPreCheckResp answer, Instant at) {
        if (job.getPrecheck() != PrecheckPhase.POLL) {
            return false;
        }
        if (DrsErrors.NO_RESULT.equals(answer.errorCode())) {
            recordFailure(Call.RESULT, job, new IllegalStateException(answer.errorMsg()), at);
            return false;
        }
        job.setPrecheckFailures(0);
        boolean changed = publish(job, Snapshots.precheckResult(job.getProjectId(), job.getJobId(), answer, at));
        if (answer.isComplete() || answer.errorCode() != null) {
            job.setPrecheck(PrecheckPhase.DONE);
        }
        store.put(job.getJobId(), job);
        return changed;
    }

    private boolean applyStruct(TrackedJob job, StructProcessResp answer, Instant at) {
        if (job.getDrInit() != DrInitPhase.POLL) {
            return false;
        }
        if (DrsErrors.NO_RESULT.equals(answer.errorCode())) {
            recordFailure(Call.STRUCT, job, new IllegalStateException(answer.errorMessage()), at);
            return false;
        }
        job.setDrFailures(0);
        StructProcess snapshot = Snapshots.structProcess(job.getProjectId(), job.getJobId(), answer, at);
        boolean changed = publish(job, snapshot);
        if (snapshot.getComplete() || answer.errorCode() != null && TERMINAL_JOB_ERRORS.contains(answer.errorCode())) {
            job.setDrInit(DrInitPhase.DONE);
        }
        store.put(job.getJobId(), job);
        return changed;
    }

    /** Counts a failed poll; past the threshold, publishes an API-failure observation (once per distinct error). */
    private void recordFailure(Call call, TrackedJob job, Throwable failure, Instant at) {
        String code = failure instanceof DrsApiException api && api.errorCode() != null ? api.errorCode() : DrsErrors.API_FAILURE;
        String message = failure instanceof DrsApiException api ? api.kind() + ": " + api.getMessage() : String.valueOf(failure.getMessage());
        if (call == Call.STRUCT) {
            job.setDrFailures(job.getDrFailures() + 1);
            if (job.getDrFailures() >= settings.failuresBeforeReport()) {
                publish(job, Snapshots.structApiFailure(job.getProjectId(), job.getJobId(), code, message, job.getDrFailures(), at));
            }
        } else {
            job.setPrecheckFailures(job.getPrecheckFailures() + 1);
            if (job.getPrecheckFailures() >= settings.failuresBeforeReport()) {
                publish(job, Snapshots.precheckApiFailure(job.getProjectId(), job.getJobId(), job.getPrecheckId(), code,
                        message, job.getPrecheckFailures(), at));
            }
        }
        store.put(job.getJobId(), job);
    }

    /** Publishes a snapshot unless it equals the last one published for the job; true when published. */
    private boolean publish(TrackedJob job, PrecheckResult snapshot) {
        long fingerprint = Snapshots.fingerprint(snapshot);
        if (job.getPrecheckFingerprint() != null && job.getPrecheckFingerprint() == fingerprint) {
            return false;
        }
        job.setPrecheckFingerprint(fingerprint);
        context.forward(new Record<Object, Object>(job.getJobId(), snapshot, snapshot.getObservedAt().toEpochMilli()),
                CollectorTopology.RESULTS_SINK);
        metrics.published(CollectorTopology.RESULTS_SINK);
        return true;
    }

    private boolean publish(TrackedJob job, StructProcess snapshot) {
        long fingerprint = Snapshots.fingerprint(snapshot);
        if (job.getDrFingerprint() != null && job.getDrFingerprint() == fingerprint) {
            return false;
        }
        job.setDrFingerprint(fingerprint);
        context.forward(new Record<Object, Object>(job.getJobId(), snapshot, snapshot.getObservedAt().toEpochMilli()),
                CollectorTopology.STRUCT_SINK);
        metrics.published(CollectorTopology.STRUCT_SINK);
        return true;
    }

    private static boolean past(Instant since, Duration deadline, long now) {
        return since != null && now > since.toEpochMilli() + deadline.toMillis();
    }

    @Override
    public void close() {
        // Answers still in flight are dropped: the store still says they are due, so whoever owns
        // the task next polls again.
        completions.clear();
        metrics.untracked(context.taskId());
    }
}
