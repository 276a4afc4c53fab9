package io.drsmonitor.streams.fleet;

import io.drsmonitor.model.CheckResult;
import io.drsmonitor.model.JobDirection;
import io.drsmonitor.streams.internals.CommitHookStore;
import io.drsmonitor.streams.state.DrPart;
import io.drsmonitor.streams.state.FleetItemState;
import io.drsmonitor.streams.state.ItemRef;
import io.drsmonitor.streams.state.PrecheckPart;
import io.drsmonitor.streams.state.ProjectDelta;
import io.drsmonitor.streams.state.SliceTotals;
import io.drsmonitor.streams.state.SummaryDelta;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

/**
 * The map-side combine of the fleet view, beside the summaries' own ({@code DeltaCombiner}), on the
 * same per-job changes: folds one task's changes into, per check item, the summed change of its counts
 * ({@link FleetItemState}, keyed by item: a job's old part counted out, its new one in), and per slice
 * of region, engine and direction, the summed change of its counts ({@link SliceTotals}, keyed by
 * slice). Both leave at every commit of the task ({@link CommitHookStore}), in the transaction that
 * commits the snapshots behind them, as {@link ProjectDelta}s beside the projects' own: the three
 * share the summaries' one repartition topic, so the fleet adds no task and no topic to wait for. A
 * change that cancels out (an item that flapped and came back within the commit) leaves nothing.
 *
 * <p>A removed part stored before the fleet view existed ({@code inFleet} false) was never counted in a
 * slice or an item, so it is not subtracted from one: after an upgrade a job joins the fleet at its
 * first change.
 */
final class FleetCombiner implements Processor<String, SummaryDelta, String, ProjectDelta> {
    private final String commitHook;
    private ProcessorContext<String, ProjectDelta> context;
    private final Map<String, FleetItemState> items = new LinkedHashMap<>();
    private final Map<String, SliceTotals> slices = new LinkedHashMap<>();

    FleetCombiner(String commitHook) {
        this.commitHook = commitHook;
    }

    @Override
    public void init(ProcessorContext<String, ProjectDelta> context) {
        this.context = context;
        items.clear();
        slices.clear();
        CommitHookStore commits = context.getStateStore(commitHook);
        commits.beforeEachCommit(context, this::forwardAll);
    }

    @Override
    public void process(Record<String, SummaryDelta> record) {
        String project = record.key();
        SummaryDelta change = record.value();
        PrecheckPart removed = change.getPrecheckRemoved();
        PrecheckPart added = change.getPrecheckAdded();
        if (removed != null || added != null) {
            items(project, removed, added, change.getObservedAt());
            // The usual change leaves the job in its slice with the same counts: nothing to sum.
            boolean same = removed != null && added != null && removed.getInFleet() && removed.getStatus() == added.getStatus()
                    && removed.getApiFailing() == added.getApiFailing()
                    && sameSlice(removed.getRegion(), removed.getEngine(), removed.getDirection(), added.getRegion(), added.getEngine(),
                    added.getDirection());
            if (removed != null && removed.getInFleet() && !same) {
                FleetCounts.apply(slice(removed.getRegion(), removed.getEngine(), removed.getDirection(), change), removed, -1);
            }
            if (added != null && !same) {
                FleetCounts.apply(slice(added.getRegion(), added.getEngine(), added.getDirection(), change), added, 1);
            }
        }
        DrPart drRemoved = change.getDrRemoved();
        DrPart drAdded = change.getDrAdded();
        boolean drSame = drRemoved != null && drAdded != null && drRemoved.getInFleet() && drRemoved.getStatus() == drAdded.getStatus()
                && drRemoved.getStalled() == drAdded.getStalled() && drRemoved.getApiFailing() == drAdded.getApiFailing()
                && sameSlice(drRemoved.getRegion(), drRemoved.getEngine(), drRemoved.getDirection(), drAdded.getRegion(), drAdded.getEngine(),
                drAdded.getDirection());
        if (drRemoved != null && drRemoved.getInFleet() && !drSame) {
            FleetCounts.apply(slice(drRemoved.getRegion(), drRemoved.getEngine(), drRemoved.getDirection(), change), drRemoved, -1);
        }
        if (drAdded != null && !drSame) {
            FleetCounts.apply(slice(drAdded.getRegion(), drAdded.getEngine(), drAdded.getDirection(), change), drAdded, 1);
        }
    }

    private static boolean sameSlice(String region, String engine, JobDirection direction, String otherRegion, String otherEngine,
                                     JobDirection otherDirection) {
        return Objects.equals(region, otherRegion) && Objects.equals(engine, otherEngine)
                && (direction == null ? JobDirection.UNKNOWN : direction) == (otherDirection == null ? JobDirection.UNKNOWN : otherDirection);
    }

    /** Counts the job out of the items of its old part and into those of its new one, where they differ. */
    private void items(String project, PrecheckPart removed, PrecheckPart added, long observedAt) {
        if (removed != null && !removed.getInFleet()) {
            removed = null; // stored before the fleet view: never counted, so not counted out
        }
        if (removed != null && added != null && removed.getFailedItems().equals(added.getFailedItems())
                && removed.getAlarmItems().equals(added.getAlarmItems()) && Objects.equals(removed.getRegion(), added.getRegion())) {
            return; // the usual change: the status moved, the items did not
        }
        count(project, removed, -1, observedAt);
        count(project, added, 1, observedAt);
    }

    /** Adds ({@code sign} 1) or removes (-1) the part's items, FAILED before ALARM (an item DRS lists twice counts once). */
    private void count(String project, PrecheckPart part, int sign, long observedAt) {
        if (part == null) {
            return;
        }
        Set<String> counted = new HashSet<>();
        for (ItemRef item : part.getFailedItems()) {
            if (counted.add(item.getItem())) {
                count(item, CheckResult.FAILED, project, part.getRegion(), sign, observedAt);
            }
        }
        for (ItemRef item : part.getAlarmItems()) {
            if (counted.add(item.getItem())) {
                count(item, CheckResult.ALARM, project, part.getRegion(), sign, observedAt);
            }
        }
    }

    private void count(ItemRef item, CheckResult verdict, String project, String region, int sign, long observedAt) {
        FleetItemState change = items.computeIfAbsent(item.getItem(), k -> FleetItems.empty());
        if (!item.getGroup().isEmpty()) {
            change.setGroup(item.getGroup());
        }
        FleetItems.count(change, verdict, project, region, item.getReason(), sign);
        change.setUpdatedAt(Math.max(change.getUpdatedAt(), observedAt));
    }

    private SliceTotals slice(String region, String engine, JobDirection direction, SummaryDelta change) {
        JobDirection known = direction == null ? JobDirection.UNKNOWN : direction;
        SliceTotals slice = slices.computeIfAbsent(FleetKeys.slice(region, engine, known), k -> FleetCounts.empty());
        slice.setUpdatedAt(Math.max(slice.getUpdatedAt(), change.getObservedAt()));
        return slice;
    }

    private void forwardAll() {
        long now = context.currentSystemTimeMs();
        items.forEach((item, change) -> {
            if (!FleetItems.isEmpty(change)) {
                context.forward(new Record<>(item, ProjectDelta.newBuilder().setFleetItem(change).build(), now));
            }
        });
        items.clear();
        slices.forEach((slice, change) -> {
            if (!FleetCounts.isZero(change)) {
                context.forward(new Record<>(slice, ProjectDelta.newBuilder().setFleetSlice(change).build(), now));
            }
        });
        slices.clear();
    }
}
