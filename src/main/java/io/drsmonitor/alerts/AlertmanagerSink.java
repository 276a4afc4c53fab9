package io.drsmonitor.alerts;

import io.drsmonitor.model.AlertState;
import io.drsmonitor.model.CheckAlert;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.Locale;
import java.util.Map;

/**
 * Prometheus Alertmanager, API v2 ({@code POST /api/v2/alerts}). Alertmanager identifies an alert by
 * its labels, groups, silences and routes it; an alert it is not told about again before its
 * {@code endsAt} resolves by itself, so firing alerts carry an {@code endsAt} a few re-send periods
 * ahead and are re-posted (as Prometheus does), and a RESOLVED transition posts {@code endsAt} now.
 */
final class AlertmanagerSink extends AlertSink {
    static final String NAME = "alertmanager";
    /** Re-send periods a firing alert outlives its last post by, as Prometheus does with its evaluation interval. */
    private static final int LIFETIME_PERIODS = 4;

    private final URI dashboard;
    private final Duration resendEvery;
    private final Clock clock;

    AlertmanagerSink(URI base, URI dashboard, Duration resendEvery, Clock clock) {
        super(NAME, URI.create((base.toString().endsWith("/") ? base.toString() : base + "/") + "api/v2/alerts"));
        this.dashboard = dashboard;
        this.resendEvery = resendEvery;
        this.clock = clock;
    }

    @Override
    SinkRequest request(CheckAlert alert, CheckAlert previous) {
        return post(new JsonArray().add(toAlertmanager(alert, previous)));
    }

    /** One post re-announcing every alert still firing, with a new {@code endsAt}. */
    SinkRequest resend(Collection<CheckAlert> firing) {
        JsonArray alerts = new JsonArray();
        firing.forEach(alert -> alerts.add(toAlertmanager(alert, null)));
        return post(alerts);
    }

    private static SinkRequest post(JsonArray alerts) {
        return new SinkRequest(Buffer.buffer(alerts.encode()), Map.of("Content-Type", "application/json"));
    }

    JsonObject toAlertmanager(CheckAlert alert, CheckAlert previous) {
        // Alertmanager knows an alert by its labels: a resolution carries the firing alert's, even where
        // the RESOLVED record lacks a field (a deleted job's resolutions have no item group).
        CheckAlert identity = alert.getState() == AlertState.RESOLVED && previous != null
                && previous.getState() == AlertState.FIRING ? previous : alert;
        JsonObject labels = new JsonObject()
                .put("alertname", identity.getKind().name())
                .put("severity", identity.getSeverity().name().toLowerCase(Locale.ROOT))
                // drs_ prefixed: Prometheus' own "job" label (the scrape job) routes and groups most setups.
                .put("drs_project", identity.getProjectId())
                .put("drs_job", identity.getJobId());
        if (identity.getItem() != null) {
            labels.put("item", identity.getItem());
        }
        if (identity.getGroup() != null) {
            labels.put("group", identity.getGroup());
        }
        String link = DashboardLinks.job(dashboard, alert.getProjectId(), alert.getJobId());
        JsonObject annotations = new JsonObject().put("message", alert.getMessage()).put("dashboard", link);
        if (alert.getDetail() != null) {
            annotations.put("detail", alert.getDetail());
        }
        Instant now = clock.instant();
        Instant startsAt;
        Instant endsAt;
        if (alert.getState() == AlertState.FIRING) {
            startsAt = alert.getObservedAt();
            endsAt = now.plus(resendEvery.multipliedBy(LIFETIME_PERIODS));
        } else {
            // Same labels as the firing alert, with an end: Alertmanager marks that alert resolved.
            startsAt = previous != null && previous.getState() == AlertState.FIRING ? previous.getObservedAt() : alert.getObservedAt();
            Instant resolvedAt = alert.getObservedAt().isAfter(now) ? now : alert.getObservedAt();
            endsAt = resolvedAt.isBefore(startsAt) ? startsAt : resolvedAt;
        }
        return new JsonObject().put("labels", labels).put("annotations", annotations)
                .put("startsAt", startsAt.toString()).put("endsAt", endsAt.toString()).put("generatorURL", link);
    }
}
