package io.drsmonitor.streams.fleet;

import io.drsmonitor.model.CheckResult;
import io.drsmonitor.model.FleetItem;
import io.drsmonitor.streams.state.FleetItemChanges;
import io.drsmonitor.streams.state.FleetItemState;
import io.drsmonitor.streams.state.ItemJob;
import io.drsmonitor.streams.state.ProjectItemJobs;
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
 * paged by the API), and the counts ({@code fleet-item-totals}, written once per commit), with the jobs
 * per project (and per project and region) that tell whether a project counts: one changelog record per
 * membership change, the counts' once per commit.
 * Which items await publishing is kept in their counts ({@code dirty}), so a crash before publishing
 * still publishes.
 */
final class FleetItemSummarizer implements Processor<String, FleetItemChanges, String, FleetItem> {
    private final Duration publishEvery;
    private final Set<String> dirty = new LinkedHashSet<>();
    private ProcessorContext<String, FleetItem> context;
    private KeyValueStore<String, ItemJob> memberships;
    private KeyValueStore<String, FleetItemState> totals;

    FleetItemSummarizer(Duration publishEvery) {
        this.publishEvery = publishEvery;
    }

    @Override
    public void init(ProcessorContext<String, FleetItem> context) {
        this.context = context;
        memberships = context.getStateStore(FleetTopology.ITEM_JOBS_STORE);
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
                .setAlarm(FleetItems.emptyTally()).setRegions(new HashMap<>()).setProjects(new HashMap<>())
                .setRegionProjects(new HashMap<>()).build();
        boolean changed = !changes.getGroup().isEmpty() && !changes.getGroup().equals(state.getGroup());
        if (changed) {
            state.setGroup(changes.getGroup());
        }
        for (Map.Entry<String, ItemJob> job : changes.getJobs().entrySet()) {
            String key = FleetKeys.itemJob(item, job.getKey());
            ItemJob before = memberships.get(key);
            ItemJob after = job.getValue();
            if (Objects.equals(before, after)) {
                continue;
            }
            if (before != null) {
                count(state, before, -1);
            }
            if (after != null) {
                count(state, after, 1);
                memberships.put(key, after);
            } else {
                memberships.delete(key);
            }
            changed = true;
        }
        if (changed) {
            // Only what changed is written: a change that changes nothing (a job deleted that never had the item)
            // leaves no empty entry behind.
            state.setUpdatedAt(Math.max(state.getUpdatedAt(), changes.getObservedAt()));
            state.setDirty(true);
            dirty.add(item);
            totals.put(item, state);
        }
    }

    /** Adds ({@code sign} 1) or removes (-1) one job's membership to the item's counts. */
    private static void count(FleetItemState state, ItemJob job, int sign) {
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
        all.setProjects(all.getProjects() + projectCrossed(state.getProjects(), job.getProjectId(), job.getVerdict(), sign));
        regional.setProjects(regional.getProjects() + projectCrossed(state.getRegionProjects(),
                region + FleetKeys.SEPARATOR + job.getProjectId(), job.getVerdict(), sign));
        if (inRegion.getFailed().getJobs() == 0 && inRegion.getAlarm().getJobs() == 0) {
            state.getRegions().remove(region);
        }
    }

    /** Adds {@code sign} to the project's jobs in {@code verdict}; returns {@code sign} when it went from or to none, else 0. */
    private static int projectCrossed(Map<String, ProjectItemJobs> projects, String key, CheckResult verdict, int sign) {
        ProjectItemJobs jobs = projects.computeIfAbsent(key, k -> new ProjectItemJobs(0, 0));
        int before = verdict == CheckResult.FAILED ? jobs.getFailed() : jobs.getAlarm();
        if (verdict == CheckResult.FAILED) {
            jobs.setFailed(before + sign);
        } else {
            jobs.setAlarm(before + sign);
        }
        if (jobs.getFailed() == 0 && jobs.getAlarm() == 0) {
            projects.remove(key);
        }
        return (before == 0) != (before + sign == 0) ? sign : 0;
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
