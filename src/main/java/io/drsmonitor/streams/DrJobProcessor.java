package io.drsmonitor.streams;

import io.drsmonitor.model.AlertKind;
import io.drsmonitor.model.AlertState;
import io.drsmonitor.model.CheckAlert;
import io.drsmonitor.model.JobDirection;
import io.drsmonitor.model.ObservationOutcome;
import io.drsmonitor.model.StructObjectState;
import io.drsmonitor.model.StructProcess;
import io.drsmonitor.model.StructProcessEntry;
import io.drsmonitor.streams.internals.ObjectStore;
import io.drsmonitor.streams.state.DrJobState;
import io.drsmonitor.streams.state.DrPart;
import io.drsmonitor.streams.state.DrStatus;
import io.drsmonitor.streams.state.SummaryDelta;
import io.drsmonitor.streams.state.TypePart;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import java.util.Objects;

/**
 * One DR job's initialization, one store entry: the same rules as {@link PrecheckJobProcessor}, plus
 * stalls and slow-downs judged by the job's own pace ({@link DrPace}). Progress is dated by the snapshot
 * that showed it ({@code observedAt}), so a replayed backlog does not restart stall clocks; a wall-clock
 * punctuation looks for stalls only among the jobs initializing and not yet stalled. Those are indexed
 * on the heap, not in a store: the index is derived from the job states, so it is rebuilt from them
 * whenever the task starts.
 */
final class DrJobProcessor implements Processor<String, StructProcess, String, SummaryDelta> {
    private final Duration stallAfter;
    private final Duration checkEvery;
    private final DrPaceRules rules;
    private ProcessorContext<String, SummaryDelta> context;
    private ObjectStore<DrJobState> jobs;
    private JobIndex index;
    /** When every job initializing and not stalled becomes stalled without progress (by its pace), by job id. */
    private final Map<String, Long> watched = new HashMap<>();
    /** Wall-clock time of the last record that was old when it arrived: the task is catching up on a backlog. */
    private long backlogSeenAt;

    DrJobProcessor(Duration stallAfter, Duration checkEvery) {
        this(stallAfter, checkEvery, DrPaceRules.defaults());
    }

    DrJobProcessor(Duration stallAfter, Duration checkEvery, DrPaceRules rules) {
        this.stallAfter = stallAfter;
        this.checkEvery = checkEvery;
        this.rules = rules;
    }

    @Override
    public void init(ProcessorContext<String, SummaryDelta> context) {
        this.context = context;
        this.backlogSeenAt = context.currentSystemTimeMs();
        this.jobs = context.getStateStore(SummaryTopology.DR_JOBS_STORE);
        this.index = JobIndex.attach(context);
        watched.clear();
        jobs.forEachLive((jobId, state) -> {
            if (watchable(state.getAnswer())) {
                watched.put(jobId, stallDueAt(state));
            }
        });
        context.schedule(checkEvery, PunctuationType.WALL_CLOCK_TIME, this::checkStalls);
    }

    @Override
    public void process(Record<String, StructProcess> record) {
        String jobId = record.key();
        StructProcess s = record.value();
        DrJobState state = jobs.live(jobId);
        long now = context.currentSystemTimeMs();
        if (s == null) {
            if (state != null) {
                List<CheckAlert> resolved = resolveAll(jobId, state, "the job was deleted", now);
                send(state.getProjectId(), delta(jobId, state.getObservedAt(), state.getAnswer(), null, resolved), record.timestamp());
                jobs.remove(jobId);
                watched.remove(jobId);
                index.drChanged(jobId, state, null);
            }
            return;
        }
        long observedAt = s.getObservedAt().toEpochMilli();
        if (now - observedAt > 2 * checkEvery.toMillis()) {
            backlogSeenAt = now;
        }
        if (s.getOutcome() == ObservationOutcome.UNKNOWN || state != null && observedAt <= state.getObservedAt()) {
            return; // an outcome this version does not know is no answer; an older snapshot changes nothing
        }
        DrJobState stored = state;
        DrPart before = state == null ? null : state.getAnswer();
        if (state != null && !state.getProjectId().equals(s.getProjectId())) {
            List<CheckAlert> resolved = resolveAll(jobId, state, "the job moved to project " + s.getProjectId(), now);
            send(state.getProjectId(), delta(jobId, observedAt, before, null, resolved), record.timestamp());
            watched.remove(jobId);
            state = null;
            before = null;
        }
        if (state == null) {
            // Constructors, not Avro's builder (it validates and deep-copies each default): many jobs are new.
            state = new DrJobState();
            state.setProjectId(s.getProjectId());
            state.setObservedAt(observedAt);
            state.setAnswer(new DrPart(jobId, DrStatus.NONE, false, false, null, List.of(), null, null, null, null, null, false));
        }
        DrPart after;
        if (s.getOutcome() == ObservationOutcome.API_FAILURE) {
            after = DrPart.newBuilder(state.getAnswer()).setApiFailing(true).build();
        } else {
            after = part(jobId, s);
            boolean moved = before == null || !sameProgress(before, after);
            // Once stalled, a job stays stalled until its progress moves (or it is no longer initializing).
            after.setStalled(!moved && before.getStalled() && after.getStatus() == DrStatus.INITIALIZING);
            if (moved) {
                state.setLastProgressAt(observedAt);
            }
            DrPace.observe(state, after, observedAt, rules);
            after.setEstimatedCompletionAt(after.getStatus() == DrStatus.INITIALIZING ? state.getEstimatedCompletionAt() : null);
        }
        // Only what changed is written into the (old-generation) state: each reference written, even an equal
        // value's, costs the next young collection a scan of its card.
        if (!Objects.equals(state.getErrorCode(), s.getErrorCode())) {
            state.setErrorCode(s.getErrorCode());
        }
        if (!Objects.equals(state.getErrorMessage(), s.getErrorMessage())) {
            state.setErrorMessage(s.getErrorMessage());
        }
        if (!state.getProjectId().equals(s.getProjectId())) {
            state.setProjectId(s.getProjectId());
        }
        state.setObservedAt(observedAt);
        if (s.getRegion() != null && !s.getRegion().equals(state.getRegion())) {
            state.setRegion(s.getRegion());
        }
        if (s.getJobType() != null && !s.getJobType().equals(state.getJobType())) {
            state.setJobType(s.getJobType());
        }
        if (s.getJobName() != null && !s.getJobName().equals(state.getJobName())) {
            state.setJobName(s.getJobName());
        }
        // Where the fleet view counts the job: the part carries its region, and the engine and direction of
        // the newest snapshot that named them (this one's, else those the previous part carries).
        after.setRegion(state.getRegion());
        after.setEngine(s.getEngineType() != null ? s.getEngineType() : before == null ? null : before.getEngine());
        boolean named = s.getJobDirection() != null && s.getJobDirection() != JobDirection.UNKNOWN;
        after.setDirection(named ? s.getJobDirection() : before == null ? null : before.getDirection());
        after.setInFleet(true);
        boolean changed = !after.equals(before);
        if (changed) {
            state.setAnswer(after);
        }
        List<CheckAlert> alerts = alerts(jobId, state, now);
        send(s.getProjectId(), delta(jobId, observedAt, changed ? before : null, changed ? after : null, alerts), record.timestamp());
        jobs.write(jobId, state);
        index.drChanged(jobId, stored, state);
        if (watchable(after)) {
            watched.put(jobId, stallDueAt(state));
        } else {
            watched.remove(jobId);
        }
    }

    /** Marks as stalled the watched jobs whose last progress is older than their stall time. */
    private void checkStalls(long now) {
        if (now - backlogSeenAt < 2 * checkEvery.toMillis()) {
            // Still reading snapshots older than the check interval (a backlog after downtime): they may
            // show the progress a stall check would miss. Judge once the task has caught up.
            return;
        }
        List<String> due = new ArrayList<>();
        watched.forEach((jobId, dueAt) -> {
            if (now >= dueAt) {
                due.add(jobId);
            }
        });
        for (String jobId : due) {
            watched.remove(jobId);
            DrJobState state = jobs.live(jobId);
            if (state == null || !watchable(state.getAnswer())) {
                continue;
            }
            DrPart before = state.getAnswer();
            state.setAnswer(DrPart.newBuilder(before).setStalled(true).setInFleet(true).build());
            List<CheckAlert> alerts = alerts(jobId, state, now);
            send(state.getProjectId(), delta(jobId, now, before, state.getAnswer(), alerts), now);
            jobs.write(jobId, state);
        }
    }

    private long stallDueAt(DrJobState state) {
        return state.getLastProgressAt() + DrPace.stallAfterMs(state, stallAfter, rules);
    }

    private static boolean watchable(DrPart part) {
        return part.getStatus() == DrStatus.INITIALIZING && !part.getStalled();
    }

    /** What a DRS answer makes the job add to its project's summary (not stalled, calls not failing). */
    static DrPart part(String jobId, StructProcess s) {
        List<TypePart> types = new ArrayList<>(s.getEntries().size());
        Long started = null;
        for (StructProcessEntry e : s.getEntries()) {
            types.add(new TypePart(e.getType(), e.getSrcCount() == null ? 0L : e.getSrcCount(),
                    e.getDstCount() == null ? 0L : e.getDstCount(), e.getState() == StructObjectState.COMPLETED));
            if (e.getStartTime() != null && (started == null || e.getStartTime().toEpochMilli() < started)) {
                started = e.getStartTime().toEpochMilli();
            }
        }
        DrStatus status = s.getOutcome() == ObservationOutcome.JOB_ERROR ? DrStatus.FAILED
                : s.getComplete() ? DrStatus.DONE : DrStatus.INITIALIZING;
        // Constructors, not builders, on the per-snapshot path: a builder copies each field's default.
        return new DrPart(jobId, status, false, false, s.getOutcome() == ObservationOutcome.OK ? null : s.getErrorCode(), types,
                started, null, null, null, null, false);
    }

    /**
     * Progress is the status, the error and each object type's state and destination count, matched
     * by type name (DRS may list them in any order); not the time.
     */
    private static boolean sameProgress(DrPart a, DrPart b) {
        return a.getStatus() == b.getStatus() && Objects.equals(a.getErrorCode(), b.getErrorCode())
                && progressByType(a).equals(progressByType(b));
    }

    private static Map<String, String> progressByType(DrPart part) {
        Map<String, String> progress = new HashMap<>();
        for (TypePart t : part.getTypes()) {
            progress.put(t.getType(), t.getDst() + (t.getCompleted() ? "+done" : ""));
        }
        return progress;
    }

    /** Alert transitions from the firing flags in {@code state} to what it shows now; updates the flags. */
    private List<CheckAlert> alerts(String jobId, DrJobState state, long now) {
        List<CheckAlert> alerts = new ArrayList<>();
        DrPart part = state.getAnswer();
        boolean failed = part.getStatus() == DrStatus.FAILED;
        if (failed != state.getFailedFiring()) {
            alerts.add(alert(jobId, state, AlertKind.DR_INIT_FAILED, failed, now,
                    failed ? "DR initialization failed: " + part.getErrorCode() : "DR initialization is no longer failing"));
            state.setFailedFiring(failed);
        }
        if (part.getStalled() != state.getStalledFiring()) {
            alerts.add(alert(jobId, state, AlertKind.DR_INIT_STALLED, part.getStalled(), now,
                    part.getStalled() ? "DR initialization made no progress" : "DR initialization is moving again"));
            state.setStalledFiring(part.getStalled());
        }
        if (part.getApiFailing() != state.getApiFiring()) {
            alerts.add(alert(jobId, state, AlertKind.DRS_API_FAILING, part.getApiFailing(), now,
                    part.getApiFailing() ? "DRS struct-process calls keep failing" : "DRS struct-process calls succeed again"));
            state.setApiFiring(part.getApiFailing());
        }
        String slow = DrPace.slowReason(state, stallAfter, rules);
        if ((slow != null) != state.getSlowFiring()) {
            alerts.add(alert(jobId, state, AlertKind.DR_INIT_SLOW, slow != null, now,
                    slow != null ? slow : "DR initialization is back to its pace, or no longer running"));
            state.setSlowFiring(slow != null);
        }
        return alerts;
    }

    private static CheckAlert alert(String jobId, DrJobState state, AlertKind kind, boolean firing, long now, String message) {
        String detail = state.getErrorMessage();
        if (kind == AlertKind.DR_INIT_STALLED) {
            detail = "object types not completed: " + state.getAnswer().getTypes().stream().filter(t -> !t.getCompleted())
                    .map(TypePart::getType).reduce((a, b) -> a + "," + b).orElse("");
        }
        return Alerts.of(state.getProjectId(), jobId, kind, kind == AlertKind.DRS_API_FAILING ? "dr" : null,
                        firing ? AlertState.FIRING : AlertState.RESOLVED, state.getObservedAt(), now)
                .setErrorCode(state.getErrorCode()).setDetail(detail).setMessage(message).build();
    }

    private static List<CheckAlert> resolveAll(String jobId, DrJobState state, String why, long now) {
        List<CheckAlert> alerts = new ArrayList<>();
        if (state.getFailedFiring()) {
            alerts.add(alert(jobId, state, AlertKind.DR_INIT_FAILED, false, now, "DR initialization no longer watched: " + why));
        }
        if (state.getStalledFiring()) {
            alerts.add(alert(jobId, state, AlertKind.DR_INIT_STALLED, false, now, "DR initialization no longer watched: " + why));
        }
        if (state.getApiFiring()) {
            alerts.add(alert(jobId, state, AlertKind.DRS_API_FAILING, false, now, "DRS struct-process calls no longer watched: " + why));
        }
        if (state.getSlowFiring()) {
            alerts.add(alert(jobId, state, AlertKind.DR_INIT_SLOW, false, now, "DR initialization no longer watched: " + why));
        }
        return alerts;
    }

    private static SummaryDelta delta(String jobId, long observedAt, DrPart removed, DrPart added, List<CheckAlert> alerts) {
        return new SummaryDelta(observedAt, jobId, null, null, removed, added, null, alerts);
    }

    private void send(String projectId, SummaryDelta delta, long timestamp) {
        if (delta.getDrRemoved() != null || delta.getDrAdded() != null || !delta.getAlerts().isEmpty()) {
            context.forward(new Record<>(projectId, delta, timestamp));
        }
    }
}
