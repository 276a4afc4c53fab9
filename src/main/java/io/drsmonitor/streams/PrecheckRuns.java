package io.drsmonitor.streams;

import io.drsmonitor.model.CheckResult;
import io.drsmonitor.model.PrecheckItem;
import io.drsmonitor.model.PrecheckResult;
import io.drsmonitor.model.PrecheckRun;
import io.drsmonitor.model.PrecheckRunDiff;
import io.drsmonitor.model.PrecheckRunItem;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * A finished pre-check run as kept and published ({@link PrecheckRun}), what changed since the job's
 * previous finished run, and where runs are kept: store {@value SummaryTopology#PRECHECK_RUNS_STORE},
 * one entry per run under {@code <jobId>/<inverted sequence number>} (the job's count of finished
 * runs when it finished), so a job's runs are one prefix scan, newest first, and adding or dropping
 * one needs no read (the job's state lists their numbers and the previous run's failing items).
 */
public final class PrecheckRuns {
    private PrecheckRuns() {
    }

    /** The job's newest finished run as the next one is compared with it. */
    record Previous(long requestedAt, List<String> failed, List<String> alarm) {
    }

    /** The store key of a job's {@code sequence}-th finished run: its runs sort newest first. */
    public static String key(String jobId, int sequence) {
        return String.format("%s/%08x", jobId, Integer.MAX_VALUE - sequence);
    }

    /** The prefix of every key of the job's runs. */
    public static String prefix(String jobId) {
        return jobId + "/";
    }

    /**
     * The run {@code r} finishes, compared with {@code previous} (null for the job's first run).
     *
     * @param runRequestedAt the run's identity: its request time, or the finishing snapshot's time
     */
    static PrecheckRun finished(PrecheckResult r, long runRequestedAt, Previous previous) {
        long finishedAt = r.getObservedAt().toEpochMilli();
        List<PrecheckRunItem> items = new ArrayList<>(r.getItems().size());
        for (PrecheckItem item : r.getItems()) {
            items.add(PrecheckRunItem.newBuilder().setItem(item.getItem()).setGroup(item.getGroup())
                    .setVerdict(item.getVerdict()).setFailedReason(item.getFailedReason()).build());
        }
        return PrecheckRun.newBuilder().setProjectId(r.getProjectId()).setJobId(r.getJobId()).setRegion(r.getRegion())
                .setJobType(r.getJobType()).setJobName(r.getJobName())
                .setRunRequestedAt(Instant.ofEpochMilli(runRequestedAt))
                .setFinishedAt(r.getObservedAt())
                .setDurationSeconds(Math.max(0, (finishedAt - runRequestedAt) / 1000))
                .setPrecheckId(r.getPrecheckId()).setMode(r.getPrecheckMode()).setPassed(Boolean.TRUE.equals(r.getPassed()))
                .setTotalPassedRate(r.getTotalPassedRatePercent()).setItems(items)
                .setDiff(diff(previous, items)).build();
    }

    /** Items by how their verdict changed from {@code previous} to {@code now}; empty lists without a previous run. */
    static PrecheckRunDiff diff(Previous previous, List<PrecheckRunItem> now) {
        PrecheckRunDiff.Builder diff = PrecheckRunDiff.newBuilder().setPreviousRunRequestedAt(null).setFixed(List.of())
                .setNewlyFailing(List.of()).setNewlyAlarm(List.of()).setStillFailing(List.of()).setStillAlarm(List.of());
        if (previous == null) {
            return diff.build();
        }
        Set<String> failedBefore = new TreeSet<>(previous.failed());
        Set<String> alarmBefore = new TreeSet<>(previous.alarm());
        Set<String> failedNow = named(now, CheckResult.FAILED);
        Set<String> alarmNow = named(now, CheckResult.ALARM);
        Set<String> fixed = new TreeSet<>(failedBefore);
        fixed.addAll(alarmBefore);
        fixed.removeAll(failedNow);
        fixed.removeAll(alarmNow);
        // An item whose verdict became UNKNOWN is neither fixed nor failing: DRS said nothing clear of it.
        fixed.removeAll(named(now, CheckResult.UNKNOWN));
        return diff.setPreviousRunRequestedAt(Instant.ofEpochMilli(previous.requestedAt()))
                .setFixed(List.copyOf(fixed))
                .setNewlyFailing(minus(failedNow, failedBefore))
                .setNewlyAlarm(minus(alarmNow, alarmBefore))
                .setStillFailing(both(failedNow, failedBefore))
                .setStillAlarm(both(alarmNow, alarmBefore)).build();
    }

    /** The items of {@code run} with {@code verdict}, sorted. */
    static List<String> named(PrecheckRun run, CheckResult verdict) {
        return List.copyOf(named(run.getItems(), verdict));
    }

    private static Set<String> named(List<PrecheckRunItem> items, CheckResult verdict) {
        return items.stream().filter(i -> i.getVerdict() == verdict).map(PrecheckRunItem::getItem)
                .collect(Collectors.toCollection(TreeSet::new));
    }

    private static List<String> minus(Set<String> a, Set<String> b) {
        return a.stream().filter(x -> !b.contains(x)).toList();
    }

    private static List<String> both(Set<String> a, Set<String> b) {
        return a.stream().filter(b::contains).toList();
    }
}
