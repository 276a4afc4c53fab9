package io.drsmonitor.streams;

import io.drsmonitor.model.AlertKind;
import io.drsmonitor.model.AlertSeverity;
import io.drsmonitor.model.AlertState;
import io.drsmonitor.model.CheckAlert;
import java.time.Instant;

/** Builds {@link CheckAlert}s; a condition's FIRING and RESOLVED share one alert id. */
final class Alerts {
    private Alerts() {
    }

    static CheckAlert.Builder of(String projectId, String jobId, AlertKind kind, String discriminator, AlertState state,
                                 long observedAt, long now) {
        String id = projectId + "/" + jobId + "/" + kind + (discriminator == null ? "" : "/" + discriminator);
        return CheckAlert.newBuilder().setAlertId(id).setProjectId(projectId).setJobId(jobId).setKind(kind)
                .setSeverity(severity(kind)).setState(state).setObservedAt(Instant.ofEpochMilli(observedAt))
                .setRaisedAt(Instant.ofEpochMilli(now));
    }

    static AlertSeverity severity(AlertKind kind) {
        return switch (kind) {
            case CHECK_ITEM_FAILED, PRECHECK_FAILED, DR_INIT_FAILED -> AlertSeverity.CRITICAL;
            case CHECK_ITEM_ALARM, DR_INIT_STALLED, DR_INIT_SLOW, DRS_API_FAILING -> AlertSeverity.WARNING;
            default -> AlertSeverity.INFO;
        };
    }
}
