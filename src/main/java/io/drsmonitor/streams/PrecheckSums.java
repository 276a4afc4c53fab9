package io.drsmonitor.streams;

import io.drsmonitor.model.DirectionBreakdown;
import io.drsmonitor.model.FailingItemCount;
import io.drsmonitor.model.JobDirection;
import io.drsmonitor.model.ProjectPrecheckSummary;
import io.drsmonitor.streams.state.DirectionTotals;
import io.drsmonitor.streams.state.ItemRef;
import io.drsmonitor.streams.state.ItemTotals;
import io.drsmonitor.streams.state.PrecheckPart;
import io.drsmonitor.streams.state.PrecheckStatus;
import io.drsmonitor.streams.state.PrecheckTotals;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Adds and subtracts one job's {@link PrecheckPart} to its project's {@link PrecheckTotals}. Integer
 * sums only, so removing a part exactly undoes adding it, and renders the totals as the published
 * {@link ProjectPrecheckSummary}.
 */
final class PrecheckSums {
    private PrecheckSums() {
    }

    static PrecheckTotals empty() {
        return PrecheckTotals.newBuilder().setItems(new HashMap<>()).setDirections(new HashMap<>()).setTimeToPass(new HashMap<>())
                .setRegions(new HashMap<>()).build();
    }

    /** Adds ({@code sign} 1) or removes ({@code sign} -1) a part, in place. */
    static void apply(PrecheckTotals t, PrecheckPart p, int sign) {
        PrecheckStatus s = p.getStatus();
        boolean passed = s == PrecheckStatus.PASSED;
        boolean failed = s == PrecheckStatus.FAILED;
        boolean running = s == PrecheckStatus.IN_PROGRESS;
        t.setJobs(t.getJobs() + sign);
        RegionCounts.add(t.getRegions(), RegionCounts.key(p.getRegion()), sign);
        t.setFinished(t.getFinished() + (passed || failed ? sign : 0));
        t.setPassed(t.getPassed() + (passed ? sign : 0));
        t.setFailed(t.getFailed() + (failed ? sign : 0));
        t.setInProgress(t.getInProgress() + (running ? sign : 0));
        t.setWithErrors(t.getWithErrors() + (s == PrecheckStatus.ERROR ? sign : 0));
        t.setApiFailing(t.getApiFailing() + (p.getApiFailing() ? sign : 0));
        if ((passed || failed) && p.getRatePercent() != null) {
            t.setRateHundredths(t.getRateHundredths() + sign * Math.round(p.getRatePercent() * 100));
            t.setRated(t.getRated() + sign);
        }
        t.setFailedItems(t.getFailedItems() + (long) sign * p.getFailedItems().size());
        t.setAlarmItems(t.getAlarmItems() + (long) sign * p.getAlarmItems().size());
        if (p.getTimeToPassSeconds() != null) {
            timeToPass(t, Long.toString(p.getTimeToPassSeconds()), sign);
        }
        for (ItemRef item : p.getFailedItems()) {
            count(t, item.getItem(), item.getGroup(), sign, 0);
        }
        for (ItemRef item : p.getAlarmItems()) {
            count(t, item.getItem(), item.getGroup(), 0, sign);
        }
        if (s != PrecheckStatus.NONE) {
            String direction = p.getDirection().name();
            DirectionTotals d = t.getDirections().computeIfAbsent(direction, k -> new DirectionTotals(0, 0, 0, 0));
            d.setJobs(d.getJobs() + sign);
            d.setPassed(d.getPassed() + (passed ? sign : 0));
            d.setFailed(d.getFailed() + (failed ? sign : 0));
            d.setInProgress(d.getInProgress() + (running ? sign : 0));
            dropIfZero(t, direction, d);
        }
    }

    /**
     * Adds {@code delta} (a {@link io.drsmonitor.streams.state.ProjectDelta}'s combined sums, each
     * possibly negative) to {@code t}, in place. Adding the sums of several parts equals applying each.
     */
    static void add(PrecheckTotals t, PrecheckTotals delta) {
        t.setJobs(t.getJobs() + delta.getJobs());
        t.setFinished(t.getFinished() + delta.getFinished());
        t.setPassed(t.getPassed() + delta.getPassed());
        t.setFailed(t.getFailed() + delta.getFailed());
        t.setInProgress(t.getInProgress() + delta.getInProgress());
        t.setWithErrors(t.getWithErrors() + delta.getWithErrors());
        t.setApiFailing(t.getApiFailing() + delta.getApiFailing());
        t.setRateHundredths(t.getRateHundredths() + delta.getRateHundredths());
        t.setRated(t.getRated() + delta.getRated());
        t.setFailedItems(t.getFailedItems() + delta.getFailedItems());
        t.setAlarmItems(t.getAlarmItems() + delta.getAlarmItems());
        delta.getItems().forEach((item, c) -> count(t, item, c.getGroup(), c.getFailed(), c.getAlarm()));
        delta.getTimeToPass().forEach((seconds, jobs) -> timeToPass(t, seconds, jobs));
        delta.getRegions().forEach((region, jobs) -> RegionCounts.add(t.getRegions(), region, jobs));
        delta.getDirections().forEach((direction, c) -> {
            DirectionTotals d = t.getDirections().computeIfAbsent(direction, k -> new DirectionTotals(0, 0, 0, 0));
            d.setJobs(d.getJobs() + c.getJobs());
            d.setPassed(d.getPassed() + c.getPassed());
            d.setFailed(d.getFailed() + c.getFailed());
            d.setInProgress(d.getInProgress() + c.getInProgress());
            dropIfZero(t, direction, d);
        });
        t.setUpdatedAt(Math.max(t.getUpdatedAt(), delta.getUpdatedAt()));
    }

    /** A direction's counts all zero: no job of it (in a combined delta, no change of it) is left. */
    private static void dropIfZero(PrecheckTotals t, String direction, DirectionTotals d) {
        if (d.getJobs() == 0 && d.getPassed() == 0 && d.getFailed() == 0 && d.getInProgress() == 0) {
            t.getDirections().remove(direction);
        }
    }

    private static void timeToPass(PrecheckTotals t, String seconds, int jobs) {
        int now = t.getTimeToPass().getOrDefault(seconds, 0) + jobs;
        if (now == 0) {
            t.getTimeToPass().remove(seconds);
        } else {
            t.getTimeToPass().put(seconds, now);
        }
    }

    /** The value at nearest rank {@code ceil(q * n)} of the multiset {@code seconds -> jobs}, or null when empty. */
    static Long percentile(Map<String, Integer> secondsToJobs, double q) {
        TreeMap<Long, Integer> sorted = new TreeMap<>();
        int n = 0;
        for (Map.Entry<String, Integer> e : secondsToJobs.entrySet()) {
            if (e.getValue() > 0) {
                sorted.merge(Long.parseLong(e.getKey()), e.getValue(), Integer::sum);
                n += e.getValue();
            }
        }
        if (n == 0) {
            return null;
        }
        long rank = Math.max(1, (long) Math.ceil(q * n));
        long seen = 0;
        for (Map.Entry<Long, Integer> e : sorted.entrySet()) {
            seen += e.getValue();
            if (seen >= rank) {
                return e.getKey();
            }
        }
        return sorted.lastKey();
    }

    private static void count(PrecheckTotals t, String item, String group, int failed, int alarm) {
        ItemTotals c = t.getItems().computeIfAbsent(item, k -> new ItemTotals(group, 0, 0));
        if (c.getGroup().isEmpty()) {
            c.setGroup(group);
        }
        c.setFailed(c.getFailed() + failed);
        c.setAlarm(c.getAlarm() + alarm);
        if (c.getFailed() == 0 && c.getAlarm() == 0) {
            t.getItems().remove(item);
        }
    }

    static ProjectPrecheckSummary toSummary(String projectId, PrecheckTotals t, int topItems) {
        List<FailingItemCount> top = new ArrayList<>();
        t.getItems().forEach((item, c) -> top.add(new FailingItemCount(item, c.getGroup().isEmpty() ? null : c.getGroup(),
                c.getFailed(), c.getAlarm())));
        top.sort(Comparator.comparingInt(FailingItemCount::getFailed).reversed()
                .thenComparing(Comparator.comparingInt(FailingItemCount::getAlarm).reversed())
                .thenComparing(FailingItemCount::getItem));
        List<DirectionBreakdown> byDirection = new ArrayList<>();
        for (JobDirection direction : JobDirection.values()) {
            DirectionTotals c = t.getDirections().get(direction.name());
            if (c != null) {
                byDirection.add(new DirectionBreakdown(direction, c.getJobs(), c.getPassed(), c.getFailed(), c.getInProgress()));
            }
        }
        return ProjectPrecheckSummary.newBuilder().setProjectId(projectId).setJobsKnown(t.getJobs())
                .setJobsFinished(t.getFinished()).setJobsPassed(t.getPassed()).setJobsFailed(t.getFailed())
                .setJobsInProgress(t.getInProgress()).setJobsWithErrors(t.getWithErrors()).setJobsApiFailing(t.getApiFailing())
                .setPassRate(t.getFinished() == 0 ? null : (double) t.getPassed() / t.getFinished())
                .setMeanTotalPassedRate(t.getRated() == 0 ? null : t.getRateHundredths() / 100.0 / t.getRated())
                .setAlarmItems(t.getAlarmItems()).setFailedItems(t.getFailedItems())
                .setTopFailingItems(top.subList(0, Math.min(topItems, top.size()))).setByDirection(byDirection)
                .setTimeToPassJobs(t.getTimeToPass().values().stream().mapToInt(Integer::intValue).sum())
                .setTimeToPassMedianSeconds(percentile(t.getTimeToPass(), 0.5))
                .setTimeToPassP90Seconds(percentile(t.getTimeToPass(), 0.9)).setRegion(RegionCounts.dominant(t.getRegions()))
                .setUpdatedAt(Instant.ofEpochMilli(t.getUpdatedAt())).build();
    }
}
