package io.drsmonitor.streams;

import io.drsmonitor.model.CheckAlert;
import java.util.ArrayList;
import java.util.List;

/** A project's newest alerts, newest first, at most {@code limit}. */
public record RecentAlerts(List<AlertView> alerts) {

    /** A CheckAlert in plain fields, for the query API. */
    public record AlertView(String alertId, String projectId, String jobId, String kind, String severity, String state,
                            String item, String group, String precheckId, String errorCode, String message, String detail,
                            long observedAt, long raisedAt) {
        static AlertView of(CheckAlert a) {
            return new AlertView(a.getAlertId(), a.getProjectId(), a.getJobId(), a.getKind().name(), a.getSeverity().name(),
                    a.getState().name(), a.getItem(), a.getGroup(), a.getPrecheckId(), a.getErrorCode(), a.getMessage(),
                    a.getDetail(), a.getObservedAt().toEpochMilli(), a.getRaisedAt().toEpochMilli());
        }
    }

    static RecentAlerts empty() {
        return new RecentAlerts(List.of());
    }

    RecentAlerts plus(CheckAlert alert, int limit) {
        List<AlertView> next = new ArrayList<>(limit);
        next.add(AlertView.of(alert));
        for (AlertView a : alerts) {
            if (next.size() >= limit) {
                break;
            }
            next.add(a);
        }
        return new RecentAlerts(next);
    }
}
