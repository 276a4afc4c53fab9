package io.drsmonitor.streams;

import io.drsmonitor.model.CheckAlert;
import io.drsmonitor.model.CheckResult;
import io.drsmonitor.model.ObservationOutcome;
import io.drsmonitor.model.PrecheckResult;
import io.drsmonitor.model.PrecheckRun;
import io.drsmonitor.streams.internals.ObjectStore;
import io.drsmonitor.streams.internals.EncodedStore;
import io.drsmonitor.streams.state.PrecheckJobState;
import io.drsmonitor.streams.state.PrecheckPart;
import io.drsmonitor.streams.state.SummaryDelta;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

/**
 * One job's pre-check, one store entry: reads it once per snapshot and sends on, keyed by project,
 * only what changes a summary: the job's old part to subtract and its new part to add, a finished
 * run for the hourly history, alert transitions. A finished run is also kept (store precheck-runs,
 * newest first) and published, keyed by job, with what changed since the job's previous one.
 *
 * <p>Rules (the README's contract): a snapshot not newer than the newest one accepted changes
 * nothing; an API failure never replaces the last DRS answer (it is counted apart); a tombstone
 * (null value) removes the job and resolves its alerts; a job whose project changes leaves the old
 * one. Every newer snapshot is stored, even one that changes no summary, so that a late, older
 * snapshot can never roll the job back.
 */
final class PrecheckJobProcessor implements Processor<String, PrecheckResult, String, Object> {
    /** How a counted run is named: by the time it was requested, or (older collectors) when its answer came. */
    private static final String REQUESTED = "requested@";
    private static final String OBSERVED = "observed@";
    private final int runsPerJob;
    private final Function<PrecheckRun, byte[]> runEncoder;
    private ProcessorContext<String, Object> context;
    private ObjectStore<PrecheckJobState> jobs;
    /** precheck-runs, written with the bytes each run is published with. */
    private EncodedStore runs;
    private JobIndex index;

    /**
     * @param runsPerJob finished runs kept per job ({@code history.runs.per.job})
     * @param runEncoder encodes a finished run as {@code drs.precheck.runs} carries it: those bytes are sent
     *                   on (keyed by job) and kept in precheck-runs
     */
    PrecheckJobProcessor(int runsPerJob, Function<PrecheckRun, byte[]> runEncoder) {
        this.runsPerJob = runsPerJob;
        this.runEncoder = runEncoder;
    }

    @Override
    public void init(ProcessorContext<String, Object> context) {
        this.context = context;
        this.jobs = context.getStateStore(SummaryTopology.PRECHECK_JOBS_STORE);
        this.runs = EncodedStore.under(context.getStateStore(SummaryTopology.PRECHECK_RUNS_STORE));
        this.index = JobIndex.attach(context);
    }

    @Override
    public void process(Record<String, PrecheckResult> record) {
        String jobId = record.key();
        PrecheckResult r = record.value();
        PrecheckJobState state = jobs.live(jobId);
        long now = context.currentSystemTimeMs();
        if (r == null) {
            if (state != null) {
                List<CheckAlert> resolved = PrecheckAlertRules.resolveAll(state, jobId, "the job was deleted", now);
                send(state.getProjectId(), delta(jobId, state.getObservedAt(), state.getAnswer(), null, null, resolved), record);
                jobs.remove(jobId);
                dropRuns(jobId, state);
                index.precheckChanged(jobId, state, null);
            }
            return;
        }
        long observedAt = r.getObservedAt().toEpochMilli();
        if (r.getOutcome() == ObservationOutcome.UNKNOWN || state != null && observedAt <= state.getObservedAt()) {
            return; // an outcome this version does not know is no answer; an older snapshot changes nothing
        }
        PrecheckJobState stored = state;
        PrecheckPart before = state == null ? null : state.getAnswer();
        if (state != null && !state.getProjectId().equals(r.getProjectId())) {
            List<CheckAlert> resolved = PrecheckAlertRules.resolveAll(state, jobId,
                    "the job moved to project " + r.getProjectId(), now);
            send(state.getProjectId(), delta(jobId, observedAt, before, null, null, resolved), record);
            state = null;
            before = null;
            dropRuns(jobId, stored); // it starts afresh in its new project, its runs too
        }
        if (state == null) {
            state = PrecheckParts.newState(r.getProjectId(), observedAt);
        }
        List<CheckAlert> alerts = PrecheckAlertRules.transitions(state, before != null && before.getApiFailing(), r, now);
        Boolean finishedRun = null;
        PrecheckPart after;
        // A state lives in the old generation: each reference written into it (even an equal value's) costs the
        // next young collection a scan of its card. So the usual snapshot, which changes little, writes only
        // what changed: the new part replaces the stored one only when it differs.
        if (r.getOutcome() == ObservationOutcome.API_FAILURE) {
            after = PrecheckParts.apiFailing(state.getAnswer());
        } else {
            boolean previousFinished = state.getAnswerComplete();
            boolean finished = r.getComplete() && r.getOutcome() == ObservationOutcome.OK;
            after = PrecheckParts.part(r);
            state.setAnswerComplete(finished);
            if (!Objects.equals(state.getPrecheckId(), r.getPrecheckId())) {
                state.setPrecheckId(r.getPrecheckId());
            }
            if (!Objects.equals(state.getProcessPercent(), r.getProcessPercent())) {
                state.setProcessPercent(r.getProcessPercent());
            }
            if (!state.getFailedReasons().isEmpty()) {
                // Each item carries its reason (ItemRef); the map is read only from states stored before that.
                state.setFailedReasons(Map.of());
            }
            if (finished && isNewRun(state.getCountedRun(), r, previousFinished, observedAt)) {
                finishedRun = Boolean.TRUE.equals(r.getPassed());
                long requestedAt = r.getRunRequestedAt() != null ? r.getRunRequestedAt().toEpochMilli() : observedAt;
                // String.concat, not +: with + this line took 1.5 % of the stream threads' samples (JFR), though
                // it runs for about one pre-check snapshot in ten.
                state.setCountedRun((r.getRunRequestedAt() != null ? REQUESTED : OBSERVED).concat(Long.toString(requestedAt)));
                keepRun(jobId, state, PrecheckRuns.finished(r, requestedAt, previousRun(state)), record);
            }
        }
        track(state, r);
        after.setTimeToPassSeconds(timeToPassSeconds(state));
        // What the fleet view reads: where the job runs, and since when each item is in its verdict.
        after.setRegion(state.getRegion());
        // The engine of the newest snapshot that named one: this one's, else the one the previous part carries.
        after.setEngine(r.getEngineType() != null ? r.getEngineType() : before == null ? null : before.getEngine());
        after.setInFleet(true);
        PrecheckParts.carrySince(before, after, observedAt);
        if (!Objects.equals(state.getErrorCode(), r.getErrorCode())) {
            state.setErrorCode(r.getErrorCode());
        }
        if (!Objects.equals(state.getErrorMsg(), r.getErrorMsg())) {
            state.setErrorMsg(r.getErrorMsg());
        }
        if (!state.getProjectId().equals(r.getProjectId())) {
            state.setProjectId(r.getProjectId());
        }
        state.setObservedAt(observedAt);
        boolean changed = !after.equals(before);
        if (changed) {
            state.setAnswer(after);
        }
        if (changed || finishedRun != null || !alerts.isEmpty()) {
            send(r.getProjectId(), delta(jobId, observedAt, changed ? before : null, changed ? after : null, finishedRun, alerts), record);
        }
        jobs.write(jobId, state);
        index.precheckChanged(jobId, stored, state);
    }

    /** Keeps a finished run (newest first, at most {@code runsPerJob}) and publishes it with its diff. */
    private void keepRun(String jobId, PrecheckJobState state, PrecheckRun run, Record<String, PrecheckResult> cause) {
        int sequence = state.getRunsFinished() + 1;
        state.setRunsFinished(sequence);
        byte[] encoded = runEncoder.apply(run);
        runs.put(PrecheckRuns.key(jobId, sequence), encoded);
        List<Integer> kept = new ArrayList<>(state.getKeptRuns().size() + 1);
        kept.add(sequence);
        kept.addAll(state.getKeptRuns());
        while (kept.size() > runsPerJob) {
            runs.delete(PrecheckRuns.key(jobId, kept.remove(kept.size() - 1)));
        }
        state.setKeptRuns(kept);
        state.setLastRunRequestedAtFinished(run.getRunRequestedAt().toEpochMilli());
        state.setLastRunFailed(PrecheckRuns.named(run, CheckResult.FAILED));
        state.setLastRunAlarm(PrecheckRuns.named(run, CheckResult.ALARM));
        long finishedAt = run.getFinishedAt().toEpochMilli();
        state.setLastFinishedAt(finishedAt);
        if (run.getPassed() && state.getFirstPassedAt() == null) {
            state.setFirstPassedAt(finishedAt);
            state.setRunsToPass(sequence);
        }
        context.forward(new Record<>(jobId, encoded, cause.timestamp()));
    }

    /**
     * Whether a finished answer ends a run other than {@code counted}, the one counted last. DRS keeps one
     * precheck_id per job; the collector dates each run by its request. Without that date (older collectors) a
     * run is new when the previous answer was not a finished one. Compared without building the run's name:
     * most finished answers are of the run counted already.
     */
    private static boolean isNewRun(String counted, PrecheckResult r, boolean previousFinished, long observedAt) {
        if (r.getRunRequestedAt() != null) {
            return !named(counted, REQUESTED, r.getRunRequestedAt().toEpochMilli());
        }
        return !(previousFinished && counted != null) && !named(counted, OBSERVED, observedAt);
    }

    /** Whether {@code run} is {@code prefix} followed by {@code at}. */
    private static boolean named(String run, String prefix, long at) {
        if (run == null || !run.startsWith(prefix) || run.length() == prefix.length()) {
            return false;
        }
        try {
            return Long.parseLong(run, prefix.length(), run.length(), 10) == at;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    /** The job's newest finished run as the next one is compared with it; null before its first. */
    private static PrecheckRuns.Previous previousRun(PrecheckJobState state) {
        return state.getLastRunRequestedAtFinished() == null ? null : new PrecheckRuns.Previous(
                state.getLastRunRequestedAtFinished(), state.getLastRunFailed(), state.getLastRunAlarm());
    }

    private void dropRuns(String jobId, PrecheckJobState state) {
        for (Integer sequence : state.getKeptRuns()) {
            runs.delete(PrecheckRuns.key(jobId, sequence));
        }
    }

    /** From the first request to the first passing run, in seconds; null until both are known. */
    private static Long timeToPassSeconds(PrecheckJobState state) {
        if (state.getFirstPassedAt() == null || state.getFirstRequestedAt() == null) {
            return null;
        }
        return Math.max(0, (state.getFirstPassedAt() - state.getFirstRequestedAt()) / 1000);
    }

    /** What a job row shows besides the verdict: its names and when its runs were asked for. */
    private static void track(PrecheckJobState state, PrecheckResult r) {
        if (r.getRegion() != null && !r.getRegion().equals(state.getRegion())) {
            state.setRegion(r.getRegion());
        }
        if (r.getJobType() != null && !r.getJobType().equals(state.getJobType())) {
            state.setJobType(r.getJobType());
        }
        if (r.getJobName() != null && !r.getJobName().equals(state.getJobName())) {
            state.setJobName(r.getJobName());
        }
        if (r.getRunRequestedAt() != null) {
            long requestedAt = r.getRunRequestedAt().toEpochMilli();
            if (state.getLastRunRequestedAt() == null || requestedAt > state.getLastRunRequestedAt()) {
                state.setLastRunRequestedAt(requestedAt);
            }
            if (state.getFirstRequestedAt() == null || requestedAt < state.getFirstRequestedAt()) {
                state.setFirstRequestedAt(requestedAt);
            }
        }
    }

    private static SummaryDelta delta(String jobId, long observedAt, PrecheckPart removed, PrecheckPart added, Boolean finishedRun,
                                      List<CheckAlert> alerts) {
        return new SummaryDelta(observedAt, jobId, removed, added, null, null, finishedRun, alerts);
    }

    private void send(String projectId, SummaryDelta delta, Record<String, PrecheckResult> cause) {
        if (delta.getPrecheckRemoved() != null || delta.getPrecheckAdded() != null || delta.getFinishedRun() != null
                || !delta.getAlerts().isEmpty()) {
            context.forward(new Record<>(projectId, delta, cause.timestamp()));
        }
    }
}
