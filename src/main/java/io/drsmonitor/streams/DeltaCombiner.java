package io.drsmonitor.streams;

import io.drsmonitor.model.CheckAlert;
import io.drsmonitor.streams.internals.CommitHookStore;
import io.drsmonitor.streams.state.HourRuns;
import io.drsmonitor.streams.state.ProjectDelta;
import io.drsmonitor.streams.state.SummaryDelta;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

/**
 * The map-side combine of the summaries: folds the per-job changes of one task into one
 * {@link ProjectDelta} per project and sends those across the repartition at every commit of the
 * task, so the project side handles a few records per project and commit instead of one per job
 * change. The totals are sums, so adding the combined delta equals adding each change.
 *
 * <p>The deltas not yet forwarded are kept on the heap only: they leave at every commit ({@link
 * CommitHookStore}), in the transaction that commits the snapshots behind them, so at a commit the
 * combiner holds nothing, and a crash between two commits loses them together with the input
 * behind them (read again by the next owner).
 */
final class DeltaCombiner implements Processor<String, SummaryDelta, String, ProjectDelta> {
    /**
     * A project's combined delta leaves at once when it holds this many alerts or entries (items, running
     * initializations): while a backlog is read one commit interval may hold thousands of changes, and one
     * record must stay far below the broker's message size limit.
     */
    static final int MAX_ENTRIES = 200;
    private final AlertEncoder alertEncoder;
    private ProcessorContext<String, ProjectDelta> context;
    /** Combined deltas by project, in the order the projects first changed since the last commit. */
    private final Map<String, ProjectDelta> pending = new LinkedHashMap<>();

    DeltaCombiner(AlertEncoder alertEncoder) {
        this.alertEncoder = alertEncoder;
    }

    @Override
    public void init(ProcessorContext<String, ProjectDelta> context) {
        this.context = context;
        pending.clear();
        CommitHookStore commits = context.getStateStore(SummaryTopology.COMBINER_COMMIT_HOOK);
        commits.beforeEachCommit(context, this::forwardAll);
    }

    @Override
    public void process(Record<String, SummaryDelta> record) {
        String project = record.key();
        ProjectDelta combined = pending.computeIfAbsent(project, p -> ProjectDelta.newBuilder().setPrecheck(PrecheckSums.empty())
                .setDr(DrSums.empty()).setDrRunningSince(new HashMap<>()).setDrCompletionAt(new HashMap<>()).setFinishedRuns(new ArrayList<>())
                .setAlerts(new ArrayList<>()).setEncodedAlerts(new ArrayList<>()).build());
        fold(combined, record.value());
        if (combined.getEncodedAlerts().size() + combined.getPrecheck().getItems().size() + combined.getDrRunningSince().size()
                + combined.getDrCompletionAt().size() >= MAX_ENTRIES) {
            context.forward(new Record<>(project, combined, context.currentSystemTimeMs()));
            pending.remove(project);
        }
    }

    /** Adds one job's change to a project's combined delta, in place. */
    private void fold(ProjectDelta combined, SummaryDelta change) {
        if (change.getPrecheckRemoved() != null || change.getPrecheckAdded() != null) {
            if (change.getPrecheckRemoved() != null) {
                PrecheckSums.apply(combined.getPrecheck(), change.getPrecheckRemoved(), -1);
            }
            if (change.getPrecheckAdded() != null) {
                PrecheckSums.apply(combined.getPrecheck(), change.getPrecheckAdded(), 1);
            }
            combined.getPrecheck().setUpdatedAt(Math.max(combined.getPrecheck().getUpdatedAt(), change.getObservedAt()));
            combined.setPrecheckChanged(true);
        }
        if (change.getDrRemoved() != null || change.getDrAdded() != null) {
            // Removed before added: a job whose initialization goes on keeps its (new) start.
            if (change.getDrRemoved() != null) {
                DrSums.applyCounts(combined.getDr(), change.getDrRemoved(), -1);
                if (DrSums.running(change.getDrRemoved())) {
                    combined.getDrRunningSince().put(change.getDrRemoved().getJobId(), null);
                }
                if (DrSums.hasEta(change.getDrRemoved())) {
                    combined.getDrCompletionAt().put(change.getDrRemoved().getJobId(), null);
                }
            }
            if (change.getDrAdded() != null) {
                DrSums.applyCounts(combined.getDr(), change.getDrAdded(), 1);
                if (DrSums.running(change.getDrAdded())) {
                    combined.getDrRunningSince().put(change.getDrAdded().getJobId(), change.getDrAdded().getStartedAt());
                }
                if (DrSums.hasEta(change.getDrAdded())) {
                    combined.getDrCompletionAt().put(change.getDrAdded().getJobId(), change.getDrAdded().getEstimatedCompletionAt());
                }
            }
            combined.getDr().setUpdatedAt(Math.max(combined.getDr().getUpdatedAt(), change.getObservedAt()));
            combined.setDrChanged(true);
        }
        if (change.getFinishedRun() != null) {
            long hour = change.getObservedAt() - Math.floorMod(change.getObservedAt(), SummaryTopology.HOUR.toMillis());
            HourRuns runs = combined.getFinishedRuns().stream().filter(r -> r.getHour() == hour).findFirst().orElse(null);
            if (runs == null) {
                runs = new HourRuns(hour, 0, 0);
                combined.getFinishedRuns().add(runs);
            }
            runs.setFinished(runs.getFinished() + 1);
            runs.setPassed(runs.getPassed() + (change.getFinishedRun() ? 1 : 0));
        }
        for (CheckAlert alert : change.getAlerts()) {
            combined.getEncodedAlerts().add(alertEncoder.encode(alert));
        }
    }

    private void forwardAll() {
        long now = context.currentSystemTimeMs();
        pending.forEach((project, combined) -> context.forward(new Record<>(project, combined, now)));
        pending.clear();
    }
}
