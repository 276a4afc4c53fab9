package io.drsmonitor.streams;

import io.drsmonitor.model.DirectionBreakdown;
import io.drsmonitor.model.FailingItemCount;
import io.drsmonitor.model.JobDirection;
import io.drsmonitor.model.ObservationOutcome;
import io.drsmonitor.model.ProjectPrecheckSummary;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The sums behind a project's {@link ProjectPrecheckSummary}. Each job's latest contribution is
 * added and, when it is replaced, subtracted exactly, so integer sums make a
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

    /** Adds ({@code sign} 1) or removes ({@code sign} -1) one job's contribution. */
    public PrecheckAccumulator with(PrecheckContribution c, int sign) {
        boolean error = c.outcome() != ObservationOutcome.OK;
        boolean done = !error && c.complete();
        boolean pass = done && Boolean.TRUE.equals(c.passed());
        boolean fail = done && !pass;
        boolean running = !error && !done;
        long rate = done && c.ratePercent() != null ? Math.round(c.ratePercent() * 100) : 0;
        int rated = done && c.ratePercent() != null ? 1 : 0;

        Map<String, ItemCounts> newItems = new TreeMap<>(items);
        count(newItems, c.failedItems(), sign, true);
        count(newItems, c.alarmItems(), sign, false);
        String direction = c.direction().name();
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
                passedRateHundredths + sign * rate, ratedJobs + sign * rated,
                alarmItems + (long) sign * c.alarmItems().size(), failedItems + (long) sign * c.failedItems().size(),
                newItems, newDirections, Math.max(updatedAt, c.observedAt()));
    }

    private static void count(Map<String, ItemCounts> items, Map<String, String> names, int sign, boolean failedVerdict) {
        names.forEach((item, group) -> {
            ItemCounts old = items.getOrDefault(item, new ItemCounts(group, 0, 0));
            ItemCounts next = new ItemCounts(old.group() != null && !old.group().isEmpty() ? old.group() : group,
                    old.failed() + (failedVerdict ? sign : 0), old.alarm() + (failedVerdict ? 0 : sign));
            if (next.failed() == 0 && next.alarm() == 0) {
                items.remove(item);
            } else {
                items.put(item, next);
            }
        });
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
