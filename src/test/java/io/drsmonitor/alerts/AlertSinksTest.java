package io.drsmonitor.alerts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.drsmonitor.model.AlertKind;
import io.drsmonitor.model.AlertSeverity;
import io.drsmonitor.model.AlertState;
import io.drsmonitor.model.CheckAlert;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** What each sink makes of a transition, for the receivers' rules (Alertmanager's label identity and time order, Slack's mrkdwn). */
class AlertSinksTest {
    private static final Instant NOW = Instant.parse("2026-11-24T10:00:00Z");
    private static final URI DASHBOARD = URI.create("https://drs.example.com/");

    private static CheckAlert alert(AlertState state, String group, Instant observed) {
        return CheckAlert.newBuilder().setAlertId("p|j|CHECK_ITEM_FAILED|srcDbConnection").setProjectId("p1").setJobId("job-1")
                .setKind(AlertKind.CHECK_ITEM_FAILED).setSeverity(AlertSeverity.CRITICAL).setState(state).setItem("srcDbConnection")
                .setGroup(group).setMessage("Check item <srcDbConnection> is FAILED & blocking").setObservedAt(observed)
                .setRaisedAt(observed).build();
    }

    private static JsonObject posted(AlertSink sink, CheckAlert alert, CheckAlert previous) {
        String body = sink.request(alert, previous).body().toString();
        return body.startsWith("[") ? new JsonArray(body).getJsonObject(0) : new JsonObject(body);
    }

    @Test
    void alertmanagerResolvesTheAlertItWasToldAboutWithAnEndAfterItsStart() {
        AlertmanagerSink sink = new AlertmanagerSink(URI.create("http://am:9093"), DASHBOARD, Duration.ofMinutes(1),
                Clock.fixed(NOW, ZoneOffset.UTC));
        assertEquals(URI.create("http://am:9093/api/v2/alerts"), sink.url());
        CheckAlert firing = alert(AlertState.FIRING, "db_params", NOW.minusSeconds(600));
        JsonObject fired = posted(sink, firing, null);
        assertEquals(new JsonObject().put("alertname", "CHECK_ITEM_FAILED").put("severity", "critical").put("drs_project", "p1")
                .put("drs_job", "job-1").put("item", "srcDbConnection").put("group", "db_params"), fired.getJsonObject("labels"));
        assertEquals(NOW.minusSeconds(600).toString(), fired.getString("startsAt"));
        assertEquals(NOW.plusSeconds(240).toString(), fired.getString("endsAt"), "four re-send periods ahead");

        // The RESOLVED record lacks the group (a deleted job's): the labels are still the firing alert's.
        JsonObject resolved = posted(sink, alert(AlertState.RESOLVED, null, NOW.minusSeconds(60)), firing);
        assertEquals(fired.getJsonObject("labels"), resolved.getJsonObject("labels"));
        assertEquals(fired.getString("startsAt"), resolved.getString("startsAt"));
        assertEquals(NOW.minusSeconds(60).toString(), resolved.getString("endsAt"));

        // Observed "in the future" (clock skew) or before the start: never an end Alertmanager would refuse or ignore.
        assertEquals(NOW.toString(), posted(sink, alert(AlertState.RESOLVED, "db_params", NOW.plusSeconds(30)), firing).getString("endsAt"));
        JsonObject early = posted(sink, alert(AlertState.RESOLVED, "db_params", NOW.minusSeconds(900)), firing);
        assertFalse(Instant.parse(early.getString("endsAt")).isBefore(Instant.parse(early.getString("startsAt"))));
        assertEquals("https://drs.example.com/#/projects/p1/jobs/job-1", fired.getString("generatorURL"));
    }

    @Test
    void slackTextIsReadableAndEscapesWhatSlackWouldInterpret() {
        String text = posted(new SlackSink(URI.create("https://hooks.slack.com/services/T/B/x"), DASHBOARD),
                alert(AlertState.FIRING, "db_params", NOW), null).getString("text");
        assertTrue(text.contains("*FIRING* CRITICAL · CHECK_ITEM_FAILED"), text);
        assertTrue(text.contains("&lt;srcDbConnection&gt; is FAILED &amp; blocking"), text);
        assertTrue(text.contains("<https://drs.example.com/#/projects/p1/jobs/job-1|Open the job in drs-monitor>"), text);
    }

    @Test
    void settingsNeverPrintWebhookUrlsSecretsOrAlertmanagerCredentials() {
        AlertSettings settings = new AlertSettings(Optional.of(URI.create("https://user:pa55@am.example.com:9093/")),
                Optional.of(URI.create("https://hooks.slack.com/services/T0/B0/tok3n")), Optional.of(URI.create("https://hook.example/s3cret")),
                Optional.of("hmac-key"), AlertSeverity.WARNING, DASHBOARD, Duration.ofMinutes(1), Duration.ofSeconds(1), Duration.ofMinutes(1));
        String shown = settings.toString();
        for (String secret : new String[] {"pa55", "user", "tok3n", "s3cret", "hmac-key"}) {
            assertFalse(shown.contains(secret), shown);
        }
        assertTrue(shown.contains("am.example.com:9093"), shown);
        assertTrue(settings.sends(AlertSeverity.CRITICAL) && settings.sends(AlertSeverity.WARNING) && !settings.sends(AlertSeverity.INFO));
    }
}
