package io.drsmonitor.streams;

import io.drsmonitor.streams.state.HourRuns;
import io.drsmonitor.streams.state.ProjectDelta;
import io.drsmonitor.streams.state.SummaryDelta;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Set;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * The map-side combine of the summaries: folds the per-job changes of one task into one
 * {@link ProjectDelta} per project and sends those across the repartition once per
 * {@code forwardEvery}, so the project side handles a few records per project and second instead of
 * one per job change. The totals are sums, so adding the combined delta equals adding each change.
 *
 * <p>Deltas not yet forwarded live in a {@link WriteBackStore}: written with the commit that consumed
 * the snapshots behind them, so a crash loses neither (they are forwarded by the next owner), and
 * each is forwarded and deleted in one transaction, so none is applied twice.
 */
final class DeltaCombiner implements Processor<String, SummaryDelta, String, ProjectDelta> {
    /**
     * A project's combined delta leaves at once when it holds this many alerts or entries (items, running
     * initializations): while a backlog is read a quarter second may hold thousands of changes, and one
     * record must stay far below the broker's message size limit.
     */
    static final int MAX_ENTRIES = 200;
    private final Duration forwardEvery;
    private ProcessorContext<String, ProjectDelta> context;
    private KeyValueStore<String, ProjectDelta> pending;
    /** Projects with a delta waiting: restored ones found at init, then every one folded into since. */
    private final Set<String> waiting = new LinkedHashSet<>();

    DeltaCombiner(Duration forwardEvery) {
        this.forwardEvery = forwardEvery;
    }

    @Override
    public void init(ProcessorContext<String, ProjectDelta> context) {
        this.context = context;
        this.pending = context.getStateStore(SummaryTopology.PENDING_DELTAS_STORE);
        waiting.clear();
        try (KeyValueIterator<String, ProjectDelta> restored = pending.all()) {
            restored.forEachRemaining(kv -> waiting.add(kv.key));
        }
        context.schedule(forwardEvery, PunctuationType.WALL_CLOCK_TIME, now -> forwardAll());
    }

    @Override
    public void process(Record<String, SummaryDelta> record) {
        String project = record.key();
        SummaryDelta change = record.value();
        ProjectDelta combined = pending.get(project);
        if (combined == null) {
            combined = ProjectDelta.newBuilder().setPrecheck(PrecheckSums.empty()).setDr(DrSums.empty())
                    .setDrRunningSince(new HashMap<>()).setFinishedRuns(new ArrayList<>()).setAlerts(new ArrayList<>()).build();
        }
        fold(combined, change);
        if (combined.getAlerts().size() + combined.getPrecheck().getItems().size() + combined.getDrRunningSince().size()
                >= MAX_ENTRIES) {
            send(project, combined, context.currentSystemTimeMs());
            waiting.remove(project);
            return;
        }
        pending.put(project, combined);
        waiting.add(project);
    }

    /** Adds one job's change to a project's combined delta, in place. */
    private static void fold(ProjectDelta combined, SummaryDelta change) {
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
            }
            if (change.getDrAdded() != null) {
                DrSums.applyCounts(combined.getDr(), change.getDrAdded(), 1);
                if (DrSums.running(change.getDrAdded())) {
                    combined.getDrRunningSince().put(change.getDrAdded().getJobId(), change.getDrAdded().getStartedAt());
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
        combined.getAlerts().addAll(change.getAlerts());
    }

    private void forwardAll() {
        long now = context.currentSystemTimeMs();
        for (String project : waiting) {
            ProjectDelta combined = pending.get(project);
            if (combined != null) {
                send(project, combined, now);
            }
        }
        waiting.clear();
    }

    /** Sends a project's combined delta across the repartition and drops it, in the same transaction. */
    private void send(String project, ProjectDelta combined, long now) {
        context.forward(new Record<>(project, combined, now));
        pending.delete(project);
    }
}
