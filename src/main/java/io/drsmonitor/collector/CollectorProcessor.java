package io.drsmonitor.collector;

import io.drsmonitor.collector.PollScheduler.Call;
import io.drsmonitor.collector.PollScheduler.Due;
import io.drsmonitor.drs.DrsCalls;
import io.drsmonitor.drs.DrsRules;
import io.drsmonitor.drs.JobAnswer;
import io.drsmonitor.drs.PreCheckInfo;
import io.drsmonitor.kafka.TopicNames;
import io.drsmonitor.model.DrInitPhase;
import io.drsmonitor.model.JobDirection;
import io.drsmonitor.model.JobEvent;
import io.drsmonitor.model.JobEventType;
import io.drsmonitor.model.JobType;
import io.drsmonitor.model.PrecheckPhase;
import io.drsmonitor.model.TrackedJob;
import io.vertx.core.Future;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

/**
 * Follows the jobs of the projects this task owns. Events change what is followed (kept in a
 * changelogged store, so another instance can take over); a wall-clock tick starts, for each
 * project and call that is due, one DRS call carrying all that project's jobs, without waiting
 * for it. Answers arrive on Vert.x threads, are queued, and are applied by {@link DrsAnswers} on
 * the next tick on the stream thread, so store updates and published snapshots commit together.
 *
 * <p>Starting a pre-check is the one call with a side effect, so it is done at most once: a tick
 * marks the jobs STARTING and, in the same transaction, sends itself a start mark per job through
 * the by-project topic; the mark comes back only once that transaction is committed (read
 * committed), and only then does batch-precheck leave. A STARTING job found by a new owner (or
 * after this task was revived), and a start whose answer was lost, become CONFIRM:
 * batch-precheck-result tells whether DRS has the pre-check (follow it) or not (start it again).
 *
 * <p>Over 300 lines: the at-most-once start spans the event path, the tick and the start marks, and
 * reads best in one place; the phase rules are in {@link JobPhases}, the answers in {@link DrsAnswers}.
 */
final class CollectorProcessor implements Processor<String, JobEvent, Object, Object> {
    /** Event ids remembered per job: more than a job's lifecycle events between two listings of discovery. */
    static final int APPLIED_KEPT = 32;
    /** How often finished jobs past their retention are looked for (a read of the whole store). */
    private static final Duration SWEEP_EVERY = Duration.ofMinutes(5);
    private final TopicNames names;
    private final DrsCalls drs;
    private final CollectorSettings settings;
    private final CollectorMetrics metrics;
    private final PollScheduler scheduler;
    private final Queue<Completion> completions = new ConcurrentLinkedQueue<>();
    /** Marks start marks carry in their headers; such a record is not a job event. */
    static final String START_MARK_HEADER = "drs.collector.start-mark";
    /** Jobs this incarnation marked STARTING and has not sent yet. */
    private final Set<String> marked = new HashSet<>();
    /** Of those, the ones whose mark came back: committed, so the start may leave. */
    private final Set<String> committed = new HashSet<>();
    /** Jobs in a batch-precheck this incarnation sent and has no answer for yet. */
    private final Set<String> sending = new HashSet<>();
    /** Answers of calls made before the task was last (re)initialised belong to no one: dropped. */
    private long incarnation;
    private ProcessorContext<Object, Object> context;
    private TrackedJobs store;
    private SnapshotPublisher publisher;
    private DrsAnswers answers;

    record Completion(long incarnation, Due due, List<? extends JobAnswer<?>> answers, Throwable failure) {
    }

    CollectorProcessor(DrsCalls drs, CollectorSettings settings, CollectorMetrics metrics, TopicNames names) {
        this.names = names;
        this.drs = drs;
        this.settings = settings;
        this.metrics = metrics;
        this.scheduler = new PollScheduler(settings.minInterval().toMillis(), settings.maxInterval().toMillis());
    }

    @Override
    public void init(ProcessorContext<Object, Object> context) {
        this.context = context;
        this.store = new TrackedJobs(context.getStateStore(CollectorTopology.JOBS_STORE), context::currentSystemTimeMs);
        this.publisher = new SnapshotPublisher(context, metrics, names, drs::regionOf);
        this.answers = new DrsAnswers(store, publisher, scheduler, settings, metrics, drs::regionOf, this::endJob);
        forgetCallsInFlight();
        context.schedule(settings.tick(), PunctuationType.WALL_CLOCK_TIME, this::tick);
        context.schedule(SWEEP_EVERY, PunctuationType.WALL_CLOCK_TIME, now -> store.sweep(settings.retention()));
    }

    /** A revived task starts clean: no schedule thinks a call is in flight, stale answers are ignored. */
    private void forgetCallsInFlight() {
        incarnation++;
        scheduler.clear();
        completions.clear();
        marked.clear();
        committed.clear();
        sending.clear();
    }

    @Override
    public void process(Record<String, JobEvent> record) {
        JobEvent event = record.value();
        if (record.headers().lastHeader(START_MARK_HEADER) != null) {
            // Our own mark, back from the topic: the STARTING state written with it is committed.
            if (marked.contains(event.getJobId())) {
                committed.add(event.getJobId());
            }
            return;
        }
        if (record.headers().lastHeader(JobEventDecoder.RELEASE_HEADER) != null) {
            release(event);
            return;
        }
        apply(event, context.currentSystemTimeMs());
    }

    /** The job moved to another project's task: stop following it here, publishing nothing. */
    private void release(JobEvent event) {
        TrackedJob job = store.get(event.getJobId());
        if (job != null && job.getProjectId().equals(event.getProjectId())) {
            store.delete(job.getJobId());
            marked.remove(job.getJobId());
            committed.remove(job.getJobId());
            sending.remove(job.getJobId());
        }
    }

    private void apply(JobEvent event, long now) {
        TrackedJob stored = store.get(event.getJobId());
        if (stored != null && (event.getEventId().equals(stored.getLastEventId())
                || stored.getAppliedEventIds().contains(event.getEventId()))) {
            // An event applied before, again (redelivered, or published twice by two discovery owners, in any
            // order): applying a PRECHECK_REQUESTED twice would start a second pre-check.
            metrics.duplicateEvent();
            return;
        }
        TrackedJob job = tracked(event);
        switch (event.getEventType()) {
            case PRECHECK_REQUESTED -> {
                if (starting(job)) {
                    // A start may be under way: a second one now could restart it. Once it is settled
                    // (confirmed or not), this request gets its own pre-check.
                    job.setPrecheckRequestedAgain(true);
                    applied(job, event);
                    store.put(job.getJobId(), job);
                    return;
                }
                requestPrecheck(job, event.getPrecheckMode(), now);
            }
            case PRECHECK_STARTED -> {
                if (starting(job) || job.getPrecheck() == PrecheckPhase.SUBMIT) {
                    // Ours is on its way, and is followed once it is there.
                    applied(job, event);
                    store.put(job.getJobId(), job);
                    return;
                }
                followPrecheck(job, now);
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
                endJob(job.getJobId(), event.getEventType().name(), now);
                return;
            }
            default -> {
                // JOB_CREATED: known from now on, nothing to poll yet.
            }
        }
        applied(job, event);
        store.put(job.getJobId(), job);
    }

    /** Remembers {@code event} as applied to {@code job}: the last one, and among the newest {@link #APPLIED_KEPT}. */
    private static void applied(TrackedJob job, JobEvent event) {
        job.setLastEventId(event.getEventId());
        List<String> ids = new ArrayList<>(APPLIED_KEPT);
        ids.add(event.getEventId());
        for (String id : job.getAppliedEventIds()) {
            if (ids.size() < APPLIED_KEPT && !id.equals(event.getEventId())) {
                ids.add(id);
            }
        }
        job.setAppliedEventIds(ids);
    }

    /** The event's job as stored (or new), with the project, region and DR flag the event gives it. */
    private TrackedJob tracked(JobEvent event) {
        TrackedJob job = store.get(event.getJobId());
        if (job == null) {
            job = TrackedJob.newBuilder().setJobId(event.getJobId()).setProjectId(event.getProjectId()).build();
        }
        job.setProjectId(event.getProjectId());
        if (event.getRegion() != null && !event.getRegion().isBlank()) {
            // An event without a region (JOB_STARTED from another system, say) leaves the job where it is.
            job.setRegion(event.getRegion());
        }
        if (event.getJobType() == JobType.DR) {
            job.setDr(true);
        }
        if (event.getJobType() != null && event.getJobType() != JobType.UNKNOWN) {
            job.setJobType(event.getJobType().name());
        }
        if (event.getJobDirection() != null && event.getJobDirection() != JobDirection.UNKNOWN) {
            job.setJobDirection(event.getJobDirection());
        }
        if (event.getEngineType() != null && !event.getEngineType().isBlank()) {
            job.setEngineType(event.getEngineType());
        }
        if (event.getJobName() != null && !event.getJobName().isBlank()) {
            job.setJobName(event.getJobName());
        }
        return job;
    }

    /** A pre-check someone else started: followed (batch-precheck-result, paired by job id) as if we had started it. */
    private void followPrecheck(TrackedJob job, long now) {
        JobPhases.movePrecheck(job, PrecheckPhase.POLL);
        job.setPrecheckRequestedAt(Instant.ofEpochMilli(now));
        job.setPrecheckId(null);
        job.setPrecheckFailures(0);
        scheduler.dueBy(new Due(Call.RESULT, region(job), job.getProjectId()), now, now);
    }

    /** A new pre-check is to start, in {@code precheckMode} (null: the job's default). */
    private void requestPrecheck(TrackedJob job, String precheckMode, long now) {
        JobPhases.movePrecheck(job, PrecheckPhase.SUBMIT);
        job.setPrecheckRequestedAt(Instant.ofEpochMilli(now));
        job.setPrecheckId(null);
        job.setPrecheckFailures(0);
        // A started job is re-checked in the retry mode DRS documents for it.
        job.setPrecheckMode(precheckMode != null ? precheckMode : TrackedJobs.defaultPrecheckMode(job));
        // Wait one short interval so requests arriving together start in one call.
        scheduler.dueBy(new Due(Call.SUBMIT, region(job), job.getProjectId()), now + settings.minInterval().toMillis(), now);
    }

    private static boolean starting(TrackedJob job) {
        return job.getPrecheck() == PrecheckPhase.STARTING || job.getPrecheck() == PrecheckPhase.CONFIRM;
    }

    /** The job's region; jobs written before regions were tracked belong to the default one. */
    private String region(TrackedJob job) {
        return drs.regionOf(job.getRegion());
    }

    private void startDrInit(TrackedJob job, long now) {
        if (job.getDrInit() != DrInitPhase.POLL) {
            JobPhases.moveDrInit(job, DrInitPhase.POLL);
            job.setDrStartedAt(Instant.ofEpochMilli(now));
            job.setDrFailures(0);
            scheduler.dueBy(new Due(Call.STRUCT, region(job), job.getProjectId()), now, now);
        }
    }

    /** Sends the job's start mark to this task through the by-project topic, in the transaction that marks it STARTING. */
    private void sendStartMark(TrackedJob job, long now) {
        JobEvent mark = JobEvent.newBuilder().setEventId("start-mark-" + job.getJobId() + "-" + now)
                .setProjectId(job.getProjectId()).setJobId(job.getJobId()).setEventType(JobEventType.JOB_CREATED)
                .setRegion(job.getRegion()).setOccurredAt(Instant.ofEpochMilli(now)).build();
        Record<Object, Object> record = new Record<>(job.getProjectId(), mark, now);
        record.headers().add(START_MARK_HEADER, new byte[] {1});
        context.forward(record, CollectorTopology.START_MARKS_SINK);
    }

    /** The job is gone (stopped, deleted, or unknown to DRS): tombstones out, state dropped. */
    private void endJob(String jobId, String why, long now) {
        publisher.tombstones(jobId, now);
        store.delete(jobId);
        marked.remove(jobId);
        committed.remove(jobId);
        sending.remove(jobId);
        metrics.jobEnded(why);
    }

    /** One round: apply the answers that came in, then start the calls that are due. */
    private void tick(long now) {
        applyAnswers(now);
        Round round = new Round();
        for (String jobId : store.active()) {
            TrackedJob job = store.get(jobId);
            String region = region(job);
            planPrecheck(round, job, region, now);
            planDrInit(round, job, region, now);
        }
        round.changed.forEach(job -> store.put(job.getJobId(), job));
        if (round.markedSome) {
            // Commit soon, so the marks come back and the starts leave without waiting for the interval.
            context.commit();
            round.changed.stream().filter(job -> job.getPrecheck() == PrecheckPhase.STARTING)
                    .forEach(job -> scheduler.finished(new Due(Call.SUBMIT, region(job), job.getProjectId()), true, now));
        }
        metrics.tracked(context.taskId(), (int) Math.min(Integer.MAX_VALUE, store.size()));
        round.work.forEach((due, jobIds) -> {
            if (due.call() == Call.START ? !scheduler.inFlight(due) : scheduler.ready(due, now)) {
                start(due, jobIds, now);
            }
        });
    }

    /** What one tick decided: the calls to make (per project, in store order), the jobs it changed. */
    private static final class Round {
        final Map<Due, List<String>> work = new LinkedHashMap<>();
        /** Written to the store once every active job is planned (a job may be in it twice: same object). */
        final List<TrackedJob> changed = new ArrayList<>();
        boolean markedSome;

        void call(Call call, String region, TrackedJob job) {
            work.computeIfAbsent(new Due(call, region, job.getProjectId()), k -> new ArrayList<>()).add(job.getJobId());
        }
    }

    /** Applies the answers queued since the last tick; those of calls made before the task was revived are dropped. */
    private void applyAnswers(long now) {
        Completion done;
        while ((done = completions.poll()) != null) {
            if (done.incarnation() == incarnation) {
                if (done.due().call() == Call.START) {
                    done.answers().forEach(answer -> sending.remove(answer.jobId()));
                }
                answers.apply(done.due(), done.answers(), done.failure(), now);
            }
        }
    }

    private void planPrecheck(Round round, TrackedJob job, String region, long now) {
        switch (job.getPrecheck()) {
            case SUBMIT -> planSubmit(round, job, region, now);
            case STARTING -> planStarting(round, job, region);
            case CONFIRM, POLL -> planFollowing(round, job, region, now);
            default -> {
                // NONE, DONE: nothing to call.
            }
        }
    }

    /** A pre-check to start: expired, or marked STARTING once nothing holds it back. */
    private void planSubmit(Round round, TrackedJob job, String region, long now) {
        if (past(job.getPrecheckRequestedAt(), settings.precheckDeadline(), now)) {
            // Never sent (credentials refused, circuit open, no endpoint) for the whole deadline.
            expire(job, now);
            round.changed.add(job);
        } else if (scheduler.ready(new Due(Call.SUBMIT, region, job.getProjectId()), now)
                && !scheduler.inFlight(new Due(Call.START, region, job.getProjectId())) && drs.sendsCalls(region)) {
            // (While DRS refuses the credentials no start is marked: it would not leave, and a
            // mark left behind makes the next owner wait the confirm grace before starting it.)
            // Written ahead: the start leaves once this state is committed (its mark comes back).
            JobPhases.movePrecheck(job, PrecheckPhase.STARTING);
            job.setPrecheckStartingAt(Instant.ofEpochMilli(now));
            round.changed.add(job);
            marked.add(job.getJobId());
            sendStartMark(job, now);
            round.markedSome = true;
        }
    }

    /** A job marked STARTING: sent once its mark is committed; one this incarnation never marked is confirmed. */
    private void planStarting(Round round, TrackedJob job, String region) {
        if (committed.contains(job.getJobId())) {
            round.call(Call.START, region, job);
        } else if (!marked.contains(job.getJobId()) && !sending.contains(job.getJobId())) {
            // Found after a restart or revival: a start may have left. Ask, never resend blindly.
            JobPhases.movePrecheck(job, PrecheckPhase.CONFIRM);
            round.changed.add(job);
            metrics.precheckUnconfirmed();
        }
    }

    /** A pre-check being followed (POLL) or whose start is unconfirmed (CONFIRM, asked only after the grace). */
    private void planFollowing(Round round, TrackedJob job, String region, long now) {
        if (past(job.getPrecheckRequestedAt(), settings.precheckDeadline(), now)) {
            expire(job, now);
            round.changed.add(job);
        } else if (job.getPrecheck() == PrecheckPhase.POLL) {
            round.call(Call.RESULT, region, job);
        } else if (job.getPrecheckStartingAt() == null
                || now >= job.getPrecheckStartingAt().toEpochMilli() + settings.confirmAfter().toMillis()) {
            round.call(Call.CONFIRM, region, job);
        }
    }

    /** A DR initialization being followed: polled, or reported and ended once past its deadline. */
    private void planDrInit(Round round, TrackedJob job, String region, long now) {
        if (job.getDrInit() != DrInitPhase.POLL) {
            return;
        }
        if (past(job.getDrStartedAt(), settings.drDeadline(), now)) {
            publisher.struct(job, Snapshots.structApiFailure(job.getProjectId(), job.getJobId(), "DRSMON.DEADLINE",
                    "DR initialization not finished within " + settings.drDeadline(), job.getDrFailures(),
                    Instant.ofEpochMilli(now)));
            JobPhases.moveDrInit(job, DrInitPhase.DONE);
            round.changed.add(job);
        } else {
            round.call(Call.STRUCT, region, job);
        }
    }

    /** The pre-check's deadline passed: reported as an API failure, and nothing more is called for it. */
    private void expire(TrackedJob job, long now) {
        publisher.result(job, Snapshots.precheckApiFailure(job.getProjectId(), job.getJobId(), job.getPrecheckId(),
                "DRSMON.DEADLINE", "no final pre-check result within " + settings.precheckDeadline(),
                job.getPrecheckFailures(), Instant.ofEpochMilli(now)));
        JobPhases.movePrecheck(job, PrecheckPhase.DONE);
    }

    /** Starts one call of {@code due} for {@code jobIds}, without waiting: its answer is queued for a later tick. */
    private void start(Due due, List<String> jobIds, long now) {
        scheduler.started(due, now);
        if (!drs.serves(due.region())) {
            // New events of such a region go to the DLQ; this is a job stored before its endpoint was
            // removed from the settings: its calls fail (and are reported, up to the deadline) instead
            // of the stream thread. A start not sent is no start: nothing to confirm.
            marked.removeAll(jobIds);
            committed.removeAll(jobIds);
            completions.add(new Completion(incarnation, due, unanswered(jobIds),
                    new IllegalStateException("no DRS endpoint for region " + due.region() + " (set drs.region.endpoints)")));
            return;
        }
        metrics.call(due.call().endpoint.pathSuffix(), jobIds.size());
        Future<? extends List<? extends JobAnswer<?>>> call = send(due, jobIds);
        long callIncarnation = incarnation;
        call.onComplete(result -> completions.add(new Completion(callIncarnation, due,
                result.succeeded() ? result.result() : unanswered(jobIds), result.failed() ? result.cause() : null)));
    }

    private Future<? extends List<? extends JobAnswer<?>>> send(Due due, List<String> jobIds) {
        return switch (due.call()) {
            case START -> {
                marked.removeAll(jobIds);
                committed.removeAll(jobIds);
                sending.addAll(jobIds);
                yield drs.batchPrecheck(due.region(), due.projectId(),
                        jobIds.stream().map(id -> new PreCheckInfo(id, modeOf(id))).toList());
            }
            case CONFIRM -> drs.batchPrecheckResult(due.region(), due.projectId(), jobIds);
            case RESULT -> drs.batchPrecheckResult(due.region(), due.projectId(), jobIds, this::precheckIdOf);
            case STRUCT -> drs.batchStructProcess(due.region(), due.projectId(), jobIds);
            case SUBMIT -> throw new IllegalStateException("SUBMIT only marks jobs; START sends them");
        };
    }

    /** A failed call's answers: the job ids alone, so each job counts the failure. */
    private static List<JobAnswer<Object>> unanswered(List<String> jobIds) {
        return jobIds.stream().map(id -> new JobAnswer<>(id, null)).toList();
    }

    private String modeOf(String jobId) {
        TrackedJob job = store.get(jobId);
        return job != null && job.getPrecheckMode() != null ? job.getPrecheckMode() : DrsRules.FOR_START_JOB;
    }

    /** The precheck_id DRS gave the job's pre-check (answers are paired by it), else its job id. */
    private String precheckIdOf(String jobId) {
        TrackedJob job = store.get(jobId);
        return job != null && job.getPrecheckId() != null ? job.getPrecheckId() : jobId;
    }

    private static boolean past(Instant since, Duration deadline, long now) {
        return since != null && now > since.toEpochMilli() + deadline.toMillis();
    }

    @Override
    public void close() {
        // Answers still in flight are dropped: the store still says what is due, and STARTING jobs
        // are confirmed with DRS by whoever owns the task next (this instance too, once revived).
        forgetCallsInFlight();
        metrics.untracked(context.taskId());
    }
}
