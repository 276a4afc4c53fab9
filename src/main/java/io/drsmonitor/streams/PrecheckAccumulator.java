package io.drsmonitor.streams;

import io.drsmonitor.model.CheckResult;
import io.drsmonitor.model.DirectionBreakdown;
import io.drsmonitor.model.FailingItemCount;
import io.drsmonitor.model.JobDirection;
import io.drsmonitor.model.ObservationOutcome;
import io.drsmonitor.model.PrecheckItem;
import io.drsmonitor.model.PrecheckResult;
import io.drsmonitor.model.ProjectPrecheckSummary;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The sums behind a project's {@link ProjectPrecheckSummary}. Each job's latest result is added
 * and, when it is replaced, subtracted with exactly the same contribution, so integer sums make a
 * re-check replace the job's part and replays cancel out.
 */
public record PrecheckAccumulator(
        int jobs, int finished, int passed, int failed, int inProgress, int withErrors,
        long passedRateHundredths, int ratedJobs, long alarmItems, long failedItems,
        Map<String, ItemCounts> items, Map<String, DirectionCounts> directions, long updatedAt) {

    public record ItemCounts(String group, int failed, int alarm) {
    }

    public record DirectionCounts(int jobs, int passed, int failed, int inProgress) {
    }

    public static PrecheckAccumulator empty() {
        return new PrecheckAccumulator(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, new TreeMap<>(), new TreeMap<>(), 0);
    }

    /** Adds ({@code sign} 1) or removes ({@code sign} -1) one job's latest result. */
    public PrecheckAccumulator with(PrecheckResult r, int sign) {
        boolean error = r.getOutcome() != ObservationOutcome.OK;
        boolean done = !error && r.getComplete();
        boolean pass = done && Boolean.TRUE.equals(r.getPassed());
        boolean fail = done && !pass;
        boolean running = !error && !done;
        long rate = done && r.getTotalPassedRatePercent() != null ? Math.round(r.getTotalPassedRatePercent() * 100) : 0;
        int rated = done && r.getTotalPassedRatePercent() != null ? 1 : 0;

        Map<String, ItemCounts> newItems = new TreeMap<>(items);
        long alarms = 0;
        long failures = 0;
        Set<String> seen = new HashSet<>();
        for (PrecheckItem item : r.getItems()) {
            boolean itemFailed = item.getVerdict() == CheckResult.FAILED;
            boolean itemAlarm = item.getVerdict() == CheckResult.ALARM;
            if (!itemFailed && !itemAlarm) {
                continue;
            }
            failures += itemFailed ? 1 : 0;
            alarms += itemAlarm ? 1 : 0;
            if (seen.add(item.getItem())) {
                ItemCounts old = newItems.getOrDefault(item.getItem(), new ItemCounts(item.getGroup(), 0, 0));
                ItemCounts next = new ItemCounts(old.group() != null ? old.group() : item.getGroup(),
                        old.failed() + (itemFailed ? sign : 0), old.alarm() + (itemAlarm ? sign : 0));
                if (next.failed() == 0 && next.alarm() == 0) {
                    newItems.remove(item.getItem());
                } else {
                    newItems.put(item.getItem(), next);
                }
            }
        }
        String direction = (r.getJobDirection() == null ? JobDirection.UNKNOWN : r.getJobDirection()).name();
        Map<String, DirectionCounts> newDirections = new TreeMap<>(directions);
        DirectionCounts d = newDirections.getOrDefault(direction, new DirectionCounts(0, 0, 0, 0));
        DirectionCounts nextD = new DirectionCounts(d.jobs() + sign, d.passed() + (pass ? sign : 0),
                d.failed() + (fail ? sign : 0), d.inProgress() + (running ? sign : 0));
        if (nextD.jobs() == 0) {
            newDirections.remove(direction);
        } else {
            newDirections.put(direction, nextD);
        }
        return new PrecheckAccumulator(jobs + sign, finished + (done ? sign : 0), passed + (pass ? sign : 0),
                failed + (fail ? sign : 0), inProgress + (running ? sign : 0), withErrors + (error ? sign : 0),
                passedRateHundredths + sign * rate, ratedJobs + sign * rated, alarmItems + sign * alarms,
                failedItems + sign * failures, newItems, newDirections,
                Math.max(updatedAt, r.getObservedAt().toEpochMilli()));
    }

    public ProjectPrecheckSummary toSummary(String projectId, int topItems) {
        List<FailingItemCount> top = new ArrayList<>();
        items.forEach((item, c) -> top.add(new FailingItemCount(item, c.group(), c.failed(), c.alarm())));
        top.sort(Comparator.comparingInt(FailingItemCount::getFailed).reversed()
                .thenComparing(Comparator.comparingInt(FailingItemCount::getAlarm).reversed())
                .thenComparing(FailingItemCount::getItem));
        List<DirectionBreakdown> byDirection = new ArrayList<>();
        for (JobDirection direction : JobDirection.values()) {
            DirectionCounts c = directions.get(direction.name());
            if (c != null) {
                byDirection.add(new DirectionBreakdown(direction, c.jobs(), c.passed(), c.failed(), c.inProgress()));
            }
        }
        return ProjectPrecheckSummary.newBuilder().setProjectId(projectId).setJobsKnown(jobs).setJobsFinished(finished)
                .setJobsPassed(passed).setJobsFailed(failed).setJobsInProgress(inProgress).setJobsWithErrors(withErrors)
                .setPassRate(finished == 0 ? null : (double) passed / finished)
                .setMeanTotalPassedRate(ratedJobs == 0 ? null : passedRateHundredths / 100.0 / ratedJobs)
                .setAlarmItems(alarmItems).setFailedItems(failedItems)
                .setTopFailingItems(top.subList(0, Math.min(topItems, top.size()))).setByDirection(byDirection)
                .setUpdatedAt(Instant.ofEpochMilli(updatedAt)).build();
    }
}
