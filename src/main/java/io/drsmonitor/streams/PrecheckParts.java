package io.drsmonitor.streams;

import io.drsmonitor.model.CheckResult;
import io.drsmonitor.model.JobDirection;
import io.drsmonitor.model.ObservationOutcome;
import io.drsmonitor.model.PrecheckItem;
import io.drsmonitor.model.PrecheckResult;
import io.drsmonitor.streams.state.ItemRef;
import io.drsmonitor.streams.state.PrecheckJobState;
import io.drsmonitor.streams.state.PrecheckPart;
import io.drsmonitor.streams.state.PrecheckStatus;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The records {@link PrecheckJobProcessor} keeps per job: a new job's state, and the part a DRS answer
 * makes the job add to its project's summary (with each item's {@code since}). Built with constructors,
 * not Avro's builders, on this per-snapshot path: a builder validates and deep-copies each field's default.
 */
final class PrecheckParts {
    private PrecheckParts() {
    }

    /**
     * A job's state before its first answer. Constructors and setters, not Avro's builder, which validates
     * and deep-copies each field's default: one job in ten is new in a backlog of ten snapshots per job.
     */
    static PrecheckJobState newState(String projectId, long observedAt) {
        PrecheckJobState state = new PrecheckJobState();
        state.setProjectId(projectId);
        state.setObservedAt(observedAt);
        state.setAnswer(new PrecheckPart(PrecheckStatus.NONE, false, null, JobDirection.UNKNOWN, List.of(), List.of(), null, null, null,
                false));
        state.setFailedReasons(Map.of());
        state.setFiringFailedItems(List.of());
        state.setFiringAlarmItems(List.of());
        state.setKeptRuns(List.of());
        state.setLastRunFailed(List.of());
        state.setLastRunAlarm(List.of());
        return state;
    }

    /** A copy of {@code p} (its items too: {@link #carrySince} sets them) that says the API is failing. */
    static PrecheckPart apiFailing(PrecheckPart p) {
        return new PrecheckPart(p.getStatus(), true, p.getRatePercent(), p.getDirection(), copy(p.getFailedItems()), copy(p.getAlarmItems()),
                p.getTimeToPassSeconds(), p.getRegion(), p.getEngine(), p.getInFleet());
    }

    private static List<ItemRef> copy(List<ItemRef> items) {
        List<ItemRef> copy = new ArrayList<>(items.size());
        for (ItemRef i : items) {
            copy.add(new ItemRef(i.getItem(), i.getGroup(), i.getReason(), i.getSince()));
        }
        return copy;
    }

    /**
     * An item keeps the {@code since} of the previous part while it stays in the same verdict; one new to
     * its verdict starts now.
     */
    static void carrySince(PrecheckPart before, PrecheckPart after, long observedAt) {
        carrySince(before == null ? List.of() : before.getFailedItems(), after.getFailedItems(), observedAt);
        carrySince(before == null ? List.of() : before.getAlarmItems(), after.getAlarmItems(), observedAt);
    }

    private static void carrySince(List<ItemRef> before, List<ItemRef> after, long observedAt) {
        // A job lists a handful of items: a scan of the previous ones costs less than a map per snapshot.
        for (ItemRef item : after) {
            long since = observedAt;
            for (ItemRef previous : before) {
                if (previous.getSince() > 0 && previous.getItem().equals(item.getItem())) { // 0: stored before items had a since
                    since = previous.getSince();
                    break;
                }
            }
            item.setSince(since);
        }
    }

    /** What a DRS answer makes the job add to its project's summary. */
    static PrecheckPart part(PrecheckResult r) {
        PrecheckStatus status;
        if (r.getOutcome() == ObservationOutcome.JOB_ERROR) {
            status = PrecheckStatus.ERROR;
        } else if (r.getComplete()) {
            status = Boolean.TRUE.equals(r.getPassed()) ? PrecheckStatus.PASSED : PrecheckStatus.FAILED;
        } else {
            status = PrecheckStatus.IN_PROGRESS;
        }
        Map<String, ItemRef> failed = new TreeMap<>();
        Map<String, ItemRef> alarm = new TreeMap<>();
        for (PrecheckItem item : r.getItems()) {
            Map<String, ItemRef> into = item.getVerdict() == CheckResult.FAILED ? failed
                    : item.getVerdict() == CheckResult.ALARM ? alarm : null;
            if (into != null) {
                String reason = item.getFailedReason() == null || item.getFailedReason().isEmpty() ? null : item.getFailedReason();
                into.putIfAbsent(item.getItem(), new ItemRef(item.getItem(), item.getGroup() == null ? "" : item.getGroup(), reason, 0L));
            }
        }
        boolean finished = status == PrecheckStatus.PASSED || status == PrecheckStatus.FAILED;
        // Constructors, not builders, on the per-snapshot path: a builder copies each field's default.
        return new PrecheckPart(status, false, finished ? r.getTotalPassedRatePercent() : null,
                r.getJobDirection() == null ? JobDirection.UNKNOWN : r.getJobDirection(), new ArrayList<>(failed.values()),
                new ArrayList<>(alarm.values()), null, null, null, false);
    }
}
