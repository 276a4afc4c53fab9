package io.drsmonitor.alerts;

import io.drsmonitor.model.AlertSeverity;
import io.drsmonitor.model.AlertState;
import io.drsmonitor.model.CheckAlert;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.util.Map;

/**
 * A Slack-compatible incoming webhook ({@code {"text": ...}} in Slack's mrkdwn): one readable message
 * per transition with severity, project, job, item and a link to the job on the dashboard.
 */
final class SlackSink extends AlertSink {
    static final String NAME = "slack";

    private final URI dashboard;

    SlackSink(URI url, URI dashboard) {
        super(NAME, url);
        this.dashboard = dashboard;
    }

    @Override
    SinkRequest request(CheckAlert alert, CheckAlert previous) {
        return new SinkRequest(Buffer.buffer(new JsonObject().put("text", text(alert)).encode()),
                Map.of("Content-Type", "application/json"));
    }

    static String text(CheckAlert alert, URI dashboard) {
        boolean firing = alert.getState() == AlertState.FIRING;
        String icon = !firing ? ":white_check_mark:" : alert.getSeverity() == AlertSeverity.CRITICAL ? ":red_circle:"
                : alert.getSeverity() == AlertSeverity.WARNING ? ":warning:" : ":information_source:";
        StringBuilder text = new StringBuilder()
                .append(icon).append(" *").append(firing ? "FIRING" : "RESOLVED").append("* ")
                .append(alert.getSeverity()).append(" · ").append(alert.getKind()).append('\n')
                .append("Project `").append(escape(alert.getProjectId())).append("` · job `").append(escape(alert.getJobId())).append('`');
        if (alert.getItem() != null) {
            text.append(" · item `").append(escape(alert.getItem())).append('`');
            if (alert.getGroup() != null) {
                text.append(" (").append(escape(alert.getGroup())).append(')');
            }
        }
        text.append('\n').append(escape(alert.getMessage()));
        if (alert.getDetail() != null) {
            text.append("\n> ").append(escape(alert.getDetail()).replace("\n", "\n> "));
        }
        text.append("\n<").append(DashboardLinks.job(dashboard, alert.getProjectId(), alert.getJobId()))
                .append("|Open the job in drs-monitor>");
        return text.toString();
    }

    private String text(CheckAlert alert) {
        return text(alert, dashboard);
    }

    /** Slack's mrkdwn gives &, < and > a meaning: text from DRS must not. */
    static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
