package io.drsmonitor.streams;

import io.drsmonitor.model.CheckResult;
import io.drsmonitor.model.PrecheckItem;
import io.drsmonitor.model.PrecheckResult;
import io.drsmonitor.model.PrecheckRun;
import io.drsmonitor.model.PrecheckRunDiff;
import io.drsmonitor.model.PrecheckRunItem;
import io.drsmonitor.streams.state.PrecheckRunHistory;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * A finished pre-check run as kept and published ({@link PrecheckRun}), and what changed since the
 * job's previous finished run. Plain functions of the snapshots, so the rules read in one place.
 */
final class PrecheckRuns {
    private PrecheckRuns() {
    }

    /**
     * The run {@code r} finishes, compared with {@code previous} (the job's newest finished run, or null).
     *
     * @param runRequestedAt the run's identity: its request time, or the finishing snapshot's time
     */
    static PrecheckRun finished(PrecheckResult r, long runRequestedAt, PrecheckRun previous) {
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
    static PrecheckRunDiff diff(PrecheckRun previous, List<PrecheckRunItem> now) {
        PrecheckRunDiff.Builder diff = PrecheckRunDiff.newBuilder().setPreviousRunRequestedAt(null).setFixed(List.of())
                .setNewlyFailing(List.of()).setNewlyAlarm(List.of()).setStillFailing(List.of()).setStillAlarm(List.of());
        if (previous == null) {
            return diff.build();
        }
        Set<String> failedBefore = named(previous.getItems(), CheckResult.FAILED);
        Set<String> alarmBefore = named(previous.getItems(), CheckResult.ALARM);
        Set<String> failedNow = named(now, CheckResult.FAILED);
        Set<String> alarmNow = named(now, CheckResult.ALARM);
        Set<String> fixed = new TreeSet<>(failedBefore);
        fixed.addAll(alarmBefore);
        fixed.removeAll(failedNow);
        fixed.removeAll(alarmNow);
        // An item whose verdict became UNKNOWN is neither fixed nor failing: DRS said nothing clear of it.
        fixed.removeAll(named(now, CheckResult.UNKNOWN));
        return diff.setPreviousRunRequestedAt(previous.getRunRequestedAt())
                .setFixed(List.copyOf(fixed))
                .setNewlyFailing(minus(failedNow, failedBefore))
                .setNewlyAlarm(minus(alarmNow, alarmBefore))
                .setStillFailing(both(failedNow, failedBefore))
                .setStillAlarm(both(alarmNow, alarmBefore)).build();
    }

    /** {@code history} with {@code run} first, at most {@code keep} runs. */
    static PrecheckRunHistory prepend(PrecheckRunHistory history, PrecheckRun run, int keep) {
        List<PrecheckRun> runs = new ArrayList<>(Math.min(keep, history == null ? 1 : history.getRuns().size() + 1));
        runs.add(run);
        if (history != null) {
            for (PrecheckRun older : history.getRuns()) {
                if (runs.size() >= keep) {
                    break;
                }
                runs.add(older);
            }
        }
        return PrecheckRunHistory.newBuilder().setRuns(runs).build();
    }

    /** The newest finished run of {@code history}, or null. */
    static PrecheckRun newest(PrecheckRunHistory history) {
        return history == null || history.getRuns().isEmpty() ? null : history.getRuns().get(0);
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
