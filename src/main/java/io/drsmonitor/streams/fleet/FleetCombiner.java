package io.drsmonitor.streams.fleet;

import io.drsmonitor.model.CheckResult;
import io.drsmonitor.model.JobDirection;
import io.drsmonitor.streams.internals.CommitHookStore;
import io.drsmonitor.streams.state.DrPart;
import io.drsmonitor.streams.state.FleetItemChanges;
import io.drsmonitor.streams.state.ItemJob;
import io.drsmonitor.streams.state.ItemRef;
import io.drsmonitor.streams.state.PrecheckPart;
import io.drsmonitor.streams.state.SliceTotals;
import io.drsmonitor.streams.state.SummaryDelta;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

/**
 * The map-side combine of the fleet view, beside the summaries' own ({@code DeltaCombiner}), on the
 * same per-job changes: folds one task's changes into, per check item, the last membership of each
 * job that gained, lost or changed the item ({@link FleetItemChanges}, keyed by item), and per slice
 * of region, engine and direction, the summed change of its counts ({@link SliceTotals}, keyed by
 * slice). Both leave at every commit of the task ({@link CommitHookStore}), in the transaction that
 * commits the snapshots behind them.
 *
 * <p>A removed part stored before the fleet view existed ({@code inFleet} false) was never counted in a
 * slice, so it is not subtracted from one: after an upgrade a job joins the fleet at its first change.
 *
 * <p>The item side sends memberships, not increments: the item's owner compares each with what it
 * stores, so the last change per job is all it needs, and a job moving between projects (removed
 * from one, then added to the other) ends as its newest membership.
 */
final class FleetCombiner implements Processor<String, SummaryDelta, String, SpecificRecord> {
    /** An item's changes leave at once when they name this many jobs: one record stays far below the message limit. */
    static final int MAX_JOBS = 500;

    private final String commitHook;
    private ProcessorContext<String, SpecificRecord> context;
    private final Map<String, FleetItemChanges> items = new LinkedHashMap<>();
    private final Map<String, SliceTotals> slices = new LinkedHashMap<>();

    FleetCombiner(String commitHook) {
        this.commitHook = commitHook;
    }

    @Override
    public void init(ProcessorContext<String, SpecificRecord> context) {
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
            items(project, change.getJobId(), removed, added, change.getObservedAt());
            if (removed != null && removed.getInFleet()) {
                FleetCounts.apply(slice(removed.getRegion(), removed.getEngine(), removed.getDirection(), change), removed, -1);
            }
            if (added != null) {
                FleetCounts.apply(slice(added.getRegion(), added.getEngine(), added.getDirection(), change), added, 1);
            }
        }
        if (change.getDrRemoved() != null && change.getDrRemoved().getInFleet()) {
            DrPart p = change.getDrRemoved();
            FleetCounts.apply(slice(p.getRegion(), p.getEngine(), p.getDirection(), change), p, -1);
        }
        if (change.getDrAdded() != null) {
            DrPart p = change.getDrAdded();
            FleetCounts.apply(slice(p.getRegion(), p.getEngine(), p.getDirection(), change), p, 1);
        }
    }

    /** Records the job's new membership of each item whose membership changed between the two parts. */
    private void items(String project, String jobId, PrecheckPart removed, PrecheckPart added, long observedAt) {
        Map<String, ItemJob> before = memberships(project, removed);
        Map<String, ItemJob> after = memberships(project, added);
        Map<String, String> groups = groups(removed, added);
        for (Map.Entry<String, String> item : groups.entrySet()) {
            ItemJob next = after.get(item.getKey());
            if (Objects.equals(before.get(item.getKey()), next)) {
                continue;
            }
            FleetItemChanges changes = items.computeIfAbsent(item.getKey(), k -> FleetItemChanges.newBuilder()
                    .setJobs(new LinkedHashMap<>()).build());
            if (!item.getValue().isEmpty()) {
                changes.setGroup(item.getValue());
            }
            changes.getJobs().put(jobId, next);
            changes.setObservedAt(Math.max(changes.getObservedAt(), observedAt));
            if (changes.getJobs().size() >= MAX_JOBS) {
                context.forward(new Record<>(item.getKey(), changes, context.currentSystemTimeMs()));
                items.remove(item.getKey());
            }
        }
    }

    /** The part's items by name, FAILED before ALARM (an item DRS lists twice counts once, as the worse). */
    private static Map<String, ItemJob> memberships(String project, PrecheckPart part) {
        Map<String, ItemJob> memberships = new LinkedHashMap<>();
        if (part != null) {
            for (ItemRef item : part.getFailedItems()) {
                memberships.putIfAbsent(item.getItem(), membership(project, part, item, CheckResult.FAILED));
            }
            for (ItemRef item : part.getAlarmItems()) {
                memberships.putIfAbsent(item.getItem(), membership(project, part, item, CheckResult.ALARM));
            }
        }
        return memberships;
    }

    private static ItemJob membership(String project, PrecheckPart part, ItemRef item, CheckResult verdict) {
        return ItemJob.newBuilder().setProjectId(project).setRegion(part.getRegion()).setVerdict(verdict)
                .setFailedReason(item.getReason()).setSince(item.getSince()).build();
    }

    /** Every item of either part, with its group (the newer part's when both name one). */
    private static Map<String, String> groups(PrecheckPart removed, PrecheckPart added) {
        Map<String, String> groups = new LinkedHashMap<>();
        for (PrecheckPart part : new PrecheckPart[] {removed, added}) {
            if (part != null) {
                part.getFailedItems().forEach(i -> groups.merge(i.getItem(), i.getGroup(), (a, b) -> b.isEmpty() ? a : b));
                part.getAlarmItems().forEach(i -> groups.merge(i.getItem(), i.getGroup(), (a, b) -> b.isEmpty() ? a : b));
            }
        }
        return groups;
    }

    private SliceTotals slice(String region, String engine, JobDirection direction, SummaryDelta change) {
        JobDirection known = direction == null ? JobDirection.UNKNOWN : direction;
        SliceTotals slice = slices.computeIfAbsent(FleetKeys.slice(region, engine, known), k -> FleetCounts.empty());
        slice.setUpdatedAt(Math.max(slice.getUpdatedAt(), change.getObservedAt()));
        return slice;
    }

    private void forwardAll() {
        long now = context.currentSystemTimeMs();
        items.forEach((item, changes) -> context.forward(new Record<>(item, changes, now)));
        items.clear();
        slices.forEach((slice, change) -> {
            if (!FleetCounts.isZero(change)) {
                context.forward(new Record<>(slice, change, now));
            }
        });
        slices.clear();
    }
}
