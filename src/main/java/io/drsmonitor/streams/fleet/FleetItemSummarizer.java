package io.drsmonitor.streams.fleet;

import io.drsmonitor.model.CheckResult;
import io.drsmonitor.model.FleetItem;
import io.drsmonitor.streams.state.FleetItemChanges;
import io.drsmonitor.streams.state.FleetItemState;
import io.drsmonitor.streams.state.ItemJob;
import io.drsmonitor.streams.state.RegionTally;
import io.drsmonitor.streams.state.VerdictTally;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * One check item across the fleet, on the task that owns the item: applies each job's new membership
 * (FAILED, ALARM or none) against the one it stores, so the counts move only by what really changed,
 * whatever the order and repetition of the changes, and publishes the items that changed once per
 * {@code publishEvery} (a tombstone once no job has the item).
 *
 * <p>Stores: the memberships ({@code fleet-item-jobs}, one entry per job and item: the item's jobs,
 * paged by the API), the jobs per item, verdict, project and region ({@code fleet-item-projects}: a
 * project counts while it has one), and the counts ({@code fleet-item-totals}, written once per commit).
 * Which items await publishing is kept in their counts ({@code dirty}), so a crash before publishing
 * still publishes.
 */
final class FleetItemSummarizer implements Processor<String, FleetItemChanges, String, FleetItem> {
    private final Duration publishEvery;
    private final Set<String> dirty = new LinkedHashSet<>();
    private ProcessorContext<String, FleetItem> context;
    private KeyValueStore<String, ItemJob> memberships;
    private KeyValueStore<String, Integer> projectJobs;
    private KeyValueStore<String, FleetItemState> totals;

    FleetItemSummarizer(Duration publishEvery) {
        this.publishEvery = publishEvery;
    }

    @Override
    public void init(ProcessorContext<String, FleetItem> context) {
        this.context = context;
        memberships = context.getStateStore(FleetTopology.ITEM_JOBS_STORE);
        projectJobs = context.getStateStore(FleetTopology.ITEM_PROJECTS_STORE);
        totals = context.getStateStore(FleetTopology.ITEM_TOTALS_STORE);
        dirty.clear();
        try (KeyValueIterator<String, FleetItemState> all = totals.all()) {
            all.forEachRemaining(kv -> {
                if (kv.value.getDirty()) {
                    dirty.add(kv.key);
                }
            });
        }
        context.schedule(publishEvery, PunctuationType.WALL_CLOCK_TIME, now -> publish());
    }

    @Override
    public void process(Record<String, FleetItemChanges> record) {
        String item = record.key();
        FleetItemChanges changes = record.value();
        FleetItemState found = totals.get(item);
        FleetItemState state = found != null ? found : FleetItemState.newBuilder().setFailed(FleetItems.emptyTally())
                .setAlarm(FleetItems.emptyTally()).setRegions(new HashMap<>()).build();
        if (!changes.getGroup().isEmpty()) {
            state.setGroup(changes.getGroup());
        }
        boolean changed = false;
        for (Map.Entry<String, ItemJob> job : changes.getJobs().entrySet()) {
            String key = FleetKeys.itemJob(item, job.getKey());
            ItemJob before = memberships.get(key);
            ItemJob after = job.getValue();
            if (Objects.equals(before, after)) {
                continue;
            }
            if (before != null) {
                count(item, state, before, -1);
            }
            if (after != null) {
                count(item, state, after, 1);
                memberships.put(key, after);
            } else {
                memberships.delete(key);
            }
            changed = true;
        }
        if (changed) {
            state.setUpdatedAt(Math.max(state.getUpdatedAt(), changes.getObservedAt()));
            state.setDirty(true);
            dirty.add(item);
        }
        totals.put(item, state);
    }

    /** Adds ({@code sign} 1) or removes (-1) one job's membership to the item's counts. */
    private void count(String item, FleetItemState state, ItemJob job, int sign) {
        String region = job.getRegion() == null ? "" : job.getRegion();
        RegionTally inRegion = state.getRegions().computeIfAbsent(region, r -> new RegionTally(FleetItems.emptyTally(),
                FleetItems.emptyTally()));
        VerdictTally all = tally(state.getFailed(), state.getAlarm(), job.getVerdict());
        VerdictTally regional = tally(inRegion.getFailed(), inRegion.getAlarm(), job.getVerdict());
        for (VerdictTally t : new VerdictTally[] {all, regional}) {
            t.setJobs(t.getJobs() + sign);
            if (job.getFailedReason() != null) {
                int jobs = t.getReasons().getOrDefault(job.getFailedReason(), 0) + sign;
                if (jobs == 0) {
                    t.getReasons().remove(job.getFailedReason());
                } else {
                    t.getReasons().put(job.getFailedReason(), jobs);
                }
            }
        }
        // A project counts, in the fleet and in a region, while it has at least one job with the item in this verdict.
        String prefix = FleetKeys.projectPrefix(item, job.getVerdict(), job.getProjectId());
        String key = prefix + region;
        Integer found = projectJobs.get(key);
        int before = found == null ? 0 : found;
        int after = before + sign;
        boolean projectHadIt = sign < 0 || hasAny(prefix);
        if (after == 0) {
            projectJobs.delete(key);
        } else {
            projectJobs.put(key, after);
        }
        if ((before == 0) != (after == 0)) {
            regional.setProjects(regional.getProjects() + sign);
            boolean projectHasIt = sign > 0 || hasAny(prefix);
            if (projectHadIt != projectHasIt) {
                all.setProjects(all.getProjects() + sign);
            }
        }
        if (inRegion.getFailed().getJobs() == 0 && inRegion.getAlarm().getJobs() == 0) {
            state.getRegions().remove(region);
        }
    }

    private boolean hasAny(String prefix) {
        try (KeyValueIterator<String, Integer> counts = projectJobs.range(prefix, FleetKeys.afterPrefix(prefix))) {
            return counts.hasNext();
        }
    }

    private static VerdictTally tally(VerdictTally failed, VerdictTally alarm, CheckResult verdict) {
        return verdict == CheckResult.FAILED ? failed : alarm;
    }

    private void publish() {
        for (String item : dirty) {
            FleetItemState state = totals.get(item);
            if (state == null) {
                continue;
            }
            boolean empty = state.getFailed().getJobs() == 0 && state.getAlarm().getJobs() == 0;
            context.forward(new Record<>(item, empty ? null : FleetItems.published(item, state), context.currentSystemTimeMs()));
            if (empty) {
                totals.delete(item);
            } else {
                state.setDirty(false);
                totals.put(item, state);
            }
        }
        dirty.clear();
    }
}
