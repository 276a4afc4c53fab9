package io.drsmonitor.alerts;

import io.drsmonitor.model.AlertSeverity;
import java.net.URI;
import java.time.Duration;
import java.util.Optional;

/**
 * Where alerts go and how hard delivery tries. The URLs of Slack and generic webhooks embed their
 * tokens and the webhook secret signs bodies: none of them appears in {@link #toString()}, logs or metrics.
 *
 * @param alertmanager    Alertmanager's base URL (alerts are posted to {@code /api/v2/alerts} under it)
 * @param slack           a Slack-compatible incoming-webhook URL
 * @param webhook         a generic JSON webhook URL
 * @param webhookSecret   HMAC-SHA256 key for the webhook's signature header; empty: bodies are unsigned
 * @param minSeverity     alerts less urgent than this are not sent to any sink
 * @param dashboard       the dashboard's base URL, for links in messages (ends with a slash)
 * @param resendEvery     how often firing alerts are re-posted to Alertmanager, which resolves an alert
 *                        that is not re-posted before its {@code endsAt}
 * @param firstRetry      the first wait after a failed attempt; it doubles up to {@code maxRetryWait}
 * @param maxRetryWait    the longest wait between attempts (a longer {@code Retry-After} is capped to it)
 */
public record AlertSettings(Optional<URI> alertmanager, Optional<URI> slack, Optional<URI> webhook, Optional<String> webhookSecret,
                            AlertSeverity minSeverity, URI dashboard, Duration resendEvery, Duration firstRetry,
                            Duration maxRetryWait) {

    public AlertSettings {
        if (!dashboard.toString().endsWith("/")) {
            dashboard = URI.create(dashboard + "/");
        }
    }

    /** A failed delivery is first retried after a second; waits double up to a minute. */
    public static final Duration FIRST_RETRY = Duration.ofSeconds(1);
    public static final Duration MAX_RETRY_WAIT = Duration.ofMinutes(1);

    /** The configurable part, with {@link #FIRST_RETRY} and {@link #MAX_RETRY_WAIT}. */
    public static AlertSettings of(Optional<URI> alertmanager, Optional<URI> slack, Optional<URI> webhook,
                                   Optional<String> webhookSecret, AlertSeverity minSeverity, URI dashboard, Duration resendEvery) {
        return new AlertSettings(alertmanager, slack, webhook, webhookSecret, minSeverity, dashboard, resendEvery, FIRST_RETRY,
                MAX_RETRY_WAIT);
    }

    /** True when at least one sink is configured. */
    public boolean anySink() {
        return alertmanager.isPresent() || slack.isPresent() || webhook.isPresent();
    }

    /** Whether an alert of this severity goes to the sinks: CRITICAL is the most urgent, INFO the least. */
    public boolean sends(AlertSeverity severity) {
        return severity.ordinal() <= minSeverity.ordinal();
    }

    @Override
    public String toString() {
        return "AlertSettings[alertmanager=" + alertmanager.map(u -> u.getScheme() + "://" + u.getHost() + (u.getPort() < 0 ? "" : ":" + u.getPort())).orElse("-")
                + ", slack=" + (slack.isPresent() ? "(set)" : "-") + ", webhook=" + (webhook.isPresent() ? "(set)" : "-")
                + ", webhookSecret=" + (webhookSecret.isPresent() ? "(set)" : "-") + ", minSeverity=" + minSeverity
                + ", resendEvery=" + resendEvery + "]";
    }
}
