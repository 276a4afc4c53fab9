package io.drsmonitor.streams;

import io.drsmonitor.model.CheckResult;
import io.drsmonitor.model.JobDirection;
import io.drsmonitor.model.ObservationOutcome;
import io.drsmonitor.model.PrecheckItem;
import io.drsmonitor.model.PrecheckResult;
import java.util.Map;
import java.util.TreeMap;

/**
 * What one job's latest pre-check adds to its project's summary. Most snapshots of a running
 * pre-check only move its progress and leave this unchanged, so only changes travel on to the
 * per-project aggregation.
 */
public record PrecheckContribution(String projectId, ObservationOutcome outcome, boolean complete, Boolean passed,
                                   Double ratePercent, JobDirection direction, Map<String, String> failedItems,
                                   Map<String, String> alarmItems, long observedAt) {

    static PrecheckContribution of(PrecheckResult r) {
        Map<String, String> failed = new TreeMap<>();
        Map<String, String> alarm = new TreeMap<>();
        for (PrecheckItem item : r.getItems()) {
            String group = item.getGroup() == null ? "" : item.getGroup();
            if (item.getVerdict() == CheckResult.FAILED) {
                failed.putIfAbsent(item.getItem(), group);
            } else if (item.getVerdict() == CheckResult.ALARM) {
                alarm.putIfAbsent(item.getItem(), group);
            }
        }
        return new PrecheckContribution(r.getProjectId(), r.getOutcome(), r.getComplete(), r.getPassed(),
                r.getComplete() ? r.getTotalPassedRatePercent() : null,
                r.getJobDirection() == null ? JobDirection.UNKNOWN : r.getJobDirection(), failed, alarm,
                r.getObservedAt().toEpochMilli());
    }

    /** Same effect on the summary (the observation time aside). */
    boolean sameEffect(PrecheckContribution other) {
        return other != null && projectId.equals(other.projectId) && outcome == other.outcome && complete == other.complete
                && java.util.Objects.equals(passed, other.passed) && java.util.Objects.equals(ratePercent, other.ratePercent)
                && direction == other.direction && failedItems.equals(other.failedItems) && alarmItems.equals(other.alarmItems);
    }

    PrecheckContribution observedAt(long at) {
        return new PrecheckContribution(projectId, outcome, complete, passed, ratePercent, direction, failedItems, alarmItems, at);
    }
}
