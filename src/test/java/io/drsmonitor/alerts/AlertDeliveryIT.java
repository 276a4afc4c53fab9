package io.drsmonitor.alerts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.drsmonitor.TestSupport;
import io.drsmonitor.app.AppConfig;
import io.drsmonitor.app.Settings;
import io.drsmonitor.app.Application;
import io.drsmonitor.app.Cli;
import io.drsmonitor.collector.DeadLetters;
import io.drsmonitor.kafka.KafkaFixture;
import io.drsmonitor.kafka.TopicAdmin;
import io.drsmonitor.kafka.TopicNames;
import io.drsmonitor.registry.RegistryHarness;
import io.drsmonitor.simulator.ApigSignatureCheck;
import io.drsmonitor.simulator.DrsSimulator;
import io.drsmonitor.simulator.JobSpec;
import io.drsmonitor.simulator.Scenario;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.LoggerFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.StandardOpenOption;

/**
 * Alert delivery end to end: a job's pre-check fails on the simulator, the collector and the
 * summaries raise alerts, and delivery sends them to a real Alertmanager and to Slack and webhook
 * receivers over loopback. Checked where the side effects land: Alertmanager's own API and the
 * receivers' inboxes, through fire, resolve, a redelivery from the start of the topic, Alertmanager
 * down then up, and a webhook that refuses for good.
 */
@ExtendWith(KafkaFixture.class)
class AlertDeliveryIT {
    private static final String AK = "AKALERTDELIVERYIT001";
    private static final String SK = "sk-alert-delivery-it-0123456789abcdefgh";
    private static final String SLACK_TOKEN = "T0DRSMON/B0ALERTS/xoxbSecretPathToken42";
    private static final String WEBHOOK_SECRET = "whsec-alert-delivery-it-4711";
    private static final String ITEM = "srcDbConnection";
    private static final Duration PATIENCE = Duration.ofSeconds(90);
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @Test
    void alertsReachAlertmanagerSlackAndWebhookOncePerTransition() throws Exception {
        AlertmanagerProcess.assumeInstalled();
        Files.deleteIfExists(Path.of("target", "alert-delivery-transcript.txt"));
        ListAppender<ILoggingEvent> logs = new ListAppender<>();
        Logger root = (Logger) LoggerFactory.getLogger(Logger.ROOT_LOGGER_NAME);
        logs.start();
        root.addAppender(logs);
        Vertx vertx = Vertx.vertx();
        String project = UUID.randomUUID().toString().replace("-", "");
        JobSpec failing = JobSpec.of(project, Scenario.jobId(new Random(), 7), JobSpec.Engine.MYSQL, false).withTimes(2, 3)
                .withRegion("ap-southeast-1").withScripted(Map.of(ITEM, "FAILED"));
        JobSpec passing = failing.withScripted(Map.of(ITEM, "PASSED"));
        // A DR job beside it, so the DR gauges the rules and the board use have a project to show.
        JobSpec dr = JobSpec.of(project, Scenario.jobId(new Random(), 8), JobSpec.Engine.MYSQL, true).withTimes(2, 3)
                .withRegion("ap-southeast-1");
        Path dir = KafkaFixture.tempDir("alert-delivery");
        try (AlertmanagerProcess alertmanager = AlertmanagerProcess.start(dir); Inbox slack = new Inbox(); Inbox webhook = new Inbox()) {
            DrsSimulator simulator = DrsSimulator.start(vertx, DrsSimulator.Settings.local(0, null, 5)
                    .withAkSk(new ApigSignatureCheck.Credentials(AK, SK, null)), new Scenario(List.of(failing, dr)))
                    .await(10, TimeUnit.SECONDS);
            Map<String, String> settings = new HashMap<>(Map.of(Settings.KAFKA_BOOTSTRAP, KafkaFixture.bootstrapServers(),
                    Settings.REGISTRY_URL, RegistryHarness.shared(KafkaFixture.bootstrapServers()).url(),
                    Settings.DATA_DIR, dir.resolve("data").toString(), Settings.POLL_MIN_MS, "300", Settings.POLL_MAX_MS, "1500",
                    Settings.DRS_REGION, "ap-southeast-1", Settings.DRS_ENDPOINT, simulator.baseUrl() + "/ap-southeast-1",
                    Settings.DRS_AK, AK, Settings.DRS_SK, SK));
            settings.putAll(Map.of(Settings.ALERTMANAGER_URL, alertmanager.url(),
                    Settings.SLACK_WEBHOOK_URL, slack.url("/services/" + SLACK_TOKEN), Settings.WEBHOOK_URL, webhook.url("/drs-alerts"),
                    Settings.WEBHOOK_SECRET, WEBHOOK_SECRET, Settings.DASHBOARD_URL, "https://drs-monitor.example.com/",
                    // Longer than the test: an alert Alertmanager shows after its outage came by retry, not by re-send.
                    Settings.ALERTMANAGER_RESEND_SECONDS, "600"));
            Set<String> expectedLabels = Set.of(
                    labels("CHECK_ITEM_FAILED", project, failing.jobId(), ITEM),
                    labels("PRECHECK_FAILED", project, failing.jobId(), null));

            // 1. Fire: the failed pre-check's two alerts reach all three sinks, once each.
            Map<TopicPartition, OffsetAndMetadata> beforeTest = endOfAlerts();
            String base = null;
            try (Application app = started(settings)) {
                base = "http://127.0.0.1:" + app.queryPort();
                submit(settings, project, failing.jobId());
                Cli.run(settings, "submit", "--project", project, "--job", dr.jobId(), "--region", "ap-southeast-1", "--start",
                        "--job-type", "DR");
                Cli.run(settings, "submit", "--project", project, "--job", dr.jobId(), "--region", "ap-southeast-1",
                        "--type", "DR_INIT_STARTED", "--job-type", "DR");
                awaitAlertmanager(alertmanager, project, expectedLabels);
                awaitMessages("FIRING", slack, webhook, failing.jobId(), 1);
                transcript("1. fired: Alertmanager's GET /api/v2/alerts?filter=drs_project=...", alertmanager.alerts("drs_project=\"" + project + "\"").encodePrettily());
                for (Object a : alertmanager.alerts("drs_project=\"" + project + "\"")) {
                    JsonObject alert = (JsonObject) a;
                    assertEquals("critical", alert.getJsonObject("labels").getString("severity"));
                    assertTrue(alert.getJsonObject("annotations").getString("message").length() > 0, alert.encode());
                    assertEquals("https://drs-monitor.example.com/#/projects/" + project + "/jobs/" + failing.jobId(),
                            alert.getString("generatorURL"));
                }
                String metricsUrl = base + "/metrics";
                Set<String> named = OperationsFilesTest.metricNamesInOperationsFiles();
                TestSupport.awaitTrue("every metric the rules and the board use is in a real scrape", PATIENCE,
                        () -> missingFromScrape(get(metricsUrl), named).isEmpty());
                assertEquals(Set.of(), missingFromScrape(get(metricsUrl), named));
                awaitGroupsAtEnd(List.of(AlertDelivery.GROUP_PREFIX + AlertDelivery.FIRING));
                double firingCritical = TestSupport.metricSum(get(metricsUrl), "drs_alerts_firing{severity=\"critical\"}");
                assertTrue(firingCritical >= 2, "the firing gauge counts the two critical alerts: " + firingCritical);

                // 2. Resolve: a re-check passes; Alertmanager resolves both, each receiver gets one RESOLVED each.
                simulator.addJob(passing);
                submit(settings, project, failing.jobId());
                TestSupport.awaitTrue("Alertmanager resolved the project's alerts", PATIENCE, () -> {
                    JsonArray active = alertmanager.alerts("drs_project=\"" + project + "\"");
                    return active != null && active.isEmpty();
                });
                awaitMessages("RESOLVED", slack, webhook, failing.jobId(), 1);
                transcript("2. resolved: Alertmanager's active alerts of the project", alertmanager.alerts("drs_project=\"" + project + "\"").encodePrettily());
                awaitGroupsAtEnd(List.of(AlertDelivery.GROUP_PREFIX + AlertDelivery.FIRING));
                assertEquals(firingCritical - 2, TestSupport.metricSum(get(metricsUrl), "drs_alerts_firing{severity=\"critical\"}"),
                        "both resolved alerts left the firing gauge");
                for (String path : List.of("/health", "/api/info", "/metrics")) {
                    String body = get(base + path);
                    assertFalse(body.contains(SLACK_TOKEN) || body.contains(WEBHOOK_SECRET), path + " shows no webhook token or secret");
                }
            }

            // 3. Redelivery: every sink's group is rewound to where drs.alerts ended before this test; nothing is sent twice.
            rewindDeliveryGroups(beforeTest);
            try (Application app = started(settings)) {
                base = "http://127.0.0.1:" + app.queryPort();
                awaitGroupsAtEnd(deliveryGroups());
                assertExactlyOnePerTransition(slack, webhook, failing.jobId(), Map.of("FIRING", 1, "RESOLVED", 1));
                assertTrue(TestSupport.metricSum(get(base + "/metrics"), "drs_alerts_duplicates_skipped_total{sink=\"webhook\"") >= 2,
                        "the webhook's redelivered transitions were recognised");

                // 4. Alertmanager down, the webhook refusing for good: Slack still gets the new FIRING at once,
                // the webhook's goes to the dead-letter topic, Alertmanager's waits and arrives once it is back.
                alertmanager.stop();
                webhook.answer(410);
                simulator.addJob(failing);
                submit(settings, project, failing.jobId());
                awaitMessages("FIRING", slack, null, failing.jobId(), 2);
                String metricsBase = base;
                TestSupport.awaitTrue("delivery to Alertmanager is being retried", PATIENCE,
                        () -> TestSupport.metricSum(get(metricsBase + "/metrics"), "drs_alerts_delivery_failures_total{reason=\"unreachable\",sink=\"alertmanager\"") >= 1);
                List<ConsumerRecord<byte[], byte[]>> dead = awaitDeadLetters(project, 2);
                for (ConsumerRecord<byte[], byte[]> record : dead) {
                    assertEquals("REFUSED", DeadLetters.header(record.headers(), DeadLetters.ERROR));
                    assertEquals("webhook", DeadLetters.header(record.headers(), DeliveryWorker.SINK_HEADER));
                    assertTrue(DeadLetters.header(record.headers(), DeadLetters.REASON).startsWith("HTTP 410"));
                    assertEquals(TopicNames.ALERTS, DeadLetters.header(record.headers(), DeadLetters.SOURCE_TOPIC));
                }
                alertmanager.start();
                awaitAlertmanager(alertmanager, project, expectedLabels);
                transcript("4. after an outage: Alertmanager's active alerts of the project", alertmanager.alerts("drs_project=\"" + project + "\"").encodePrettily());
            }
            transcript("slack messages", slack.accepted().stream().map(Inbox.Received::text).filter(t -> t.contains(failing.jobId()))
                    .collect(Collectors.joining("\n")));
            transcript("webhook deliveries (headers X-DRS-Delivery-Id, X-DRS-Signature-256; body)", webhook.accepted().stream()
                    .filter(m -> m.text().contains(failing.jobId())).map(m -> m.header(WebhookSink.DELIVERY_ID) + " "
                            + m.header(WebhookSink.SIGNATURE) + "\n" + m.text()).collect(Collectors.joining("\n")));
            assertExactlyOnePerTransition(slack, null, failing.jobId(), Map.of("FIRING", 2, "RESOLVED", 1));
            assertExactlyOnePerTransition(null, webhook, failing.jobId(), Map.of("FIRING", 1, "RESOLVED", 1));
            for (Inbox.Received message : webhook.accepted()) {
                assertEquals("sha256=" + hmac(message.body()), message.header(WebhookSink.SIGNATURE),
                        "every webhook body carries a valid signature");
            }
            for (Inbox.Received message : slack.accepted()) {
                assertTrue(message.path().endsWith(SLACK_TOKEN));
            }
            List<String> lines = logs.list.stream().map(ILoggingEvent::getFormattedMessage).toList();
            assertFalse(lines.stream().anyMatch(l -> l.contains(SLACK_TOKEN) || l.contains("xoxb") || l.contains(WEBHOOK_SECRET)
                    || l.contains(webhook.url("/drs-alerts"))), "no webhook URL or secret in the logs");
            assertTrue(lines.stream().anyMatch(l -> l.contains("alert delivery to alertmanager failed")), "the outage was logged");
            simulator.stop().await(10, TimeUnit.SECONDS);
        } finally {
            root.detachAppender(logs);
            vertx.close().await(10, TimeUnit.SECONDS);
        }
    }

    /** What the receivers saw, kept in target/alert-delivery-transcript.txt for people to read. */
    private static void transcript(String title, String text) throws IOException {
        Files.writeString(Path.of("target", "alert-delivery-transcript.txt"), "== " + title + "\n" + text + "\n\n",
                StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }

    private static Application started(Map<String, String> settings) throws Exception {
        settings.put(Settings.QUERY_PORT, String.valueOf(TestSupport.freePort()));
        Application app = Application.start(AppConfig.of(settings));
        String base = "http://127.0.0.1:" + app.queryPort();
        TestSupport.awaitTrue("alert delivery joined its groups", PATIENCE, () -> {
            String health = get(base + "/health");
            return health != null && "UP".equals(new JsonObject(health).getJsonObject("parts").getString("alerts"));
        });
        return app;
    }

    private static void submit(Map<String, String> settings, String project, String job) throws Exception {
        Cli.run(settings, "submit", "--project", project, "--job", job, "--region", "ap-southeast-1");
    }

    private static String labels(String kind, String project, String job, String item) {
        return kind + "|critical|" + project + "|" + job + "|" + item;
    }

    private static void awaitAlertmanager(AlertmanagerProcess alertmanager, String project, Set<String> expected) {
        TestSupport.awaitTrue("Alertmanager shows the project's alerts " + expected, PATIENCE, () -> {
            JsonArray alerts = alertmanager.alerts("drs_project=\"" + project + "\"");
            return alerts != null && alerts.stream().map(a -> ((JsonObject) a).getJsonObject("labels"))
                    .map(l -> labels(l.getString("alertname"), l.getString("drs_project"), l.getString("drs_job"), l.getString("item"))
                            .replace("|critical|", "|" + l.getString("severity") + "|"))
                    .collect(Collectors.toSet()).equals(expected);
        });
    }

    /** Waits until each given inbox holds {@code count} messages in {@code state} per alert of the job. */
    private static void awaitMessages(String state, Inbox slack, Inbox webhook, String job, int count) {
        TestSupport.awaitTrue(count + " " + state + " message(s) per alert", PATIENCE, () ->
                (slack == null || slackCount(slack, job, state, "PRECHECK_FAILED") >= count
                        && slackCount(slack, job, state, "CHECK_ITEM_FAILED") >= count)
                        && (webhook == null || webhookCount(webhook, job, state, "PRECHECK_FAILED") >= count
                        && webhookCount(webhook, job, state, "CHECK_ITEM_FAILED") >= count));
    }

    private static void assertExactlyOnePerTransition(Inbox slack, Inbox webhook, String job, Map<String, Integer> expected) {
        for (Map.Entry<String, Integer> e : expected.entrySet()) {
            for (String kind : List.of("PRECHECK_FAILED", "CHECK_ITEM_FAILED")) {
                if (slack != null) {
                    assertEquals(e.getValue(), slackCount(slack, job, e.getKey(), kind), "Slack messages " + e.getKey() + " " + kind);
                }
                if (webhook != null) {
                    assertEquals(e.getValue(), webhookCount(webhook, job, e.getKey(), kind), "webhook messages " + e.getKey() + " " + kind);
                }
            }
        }
    }

    private static int slackCount(Inbox slack, String job, String state, String kind) {
        return (int) slack.accepted().stream().map(m -> new JsonObject(m.text()).getString("text"))
                .filter(t -> t.contains("`" + job + "`") && t.contains("*" + state + "*") && t.contains(" · " + kind + "\n")).count();
    }

    private static int webhookCount(Inbox webhook, String job, String state, String kind) {
        return (int) webhook.accepted().stream().map(m -> new JsonObject(m.text()))
                .filter(j -> job.equals(j.getString("jobId")) && state.equals(j.getString("state")) && kind.equals(j.getString("kind")))
                .count();
    }

    private static String hmac(byte[] body) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(WEBHOOK_SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        return HexFormat.of().formatHex(mac.doFinal(body));
    }

    private static List<String> deliveryGroups() {
        return List.of("alertmanager", "slack", "webhook").stream().map(s -> AlertDelivery.GROUP_PREFIX + s).toList();
    }

    /** Where each drs.alerts partition ends now (the topics created as the application does, when run first). */
    private static Map<TopicPartition, OffsetAndMetadata> endOfAlerts() throws Exception {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", KafkaFixture.bootstrapServers()))) {
            TopicAdmin.ensure(admin, TopicNames.DEFAULT.applicationTopics(3, (short) 1));
            int partitions = admin.describeTopics(List.of(TopicNames.ALERTS)).allTopicNames().get().get(TopicNames.ALERTS).partitions().size();
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            for (int p = 0; p < partitions; p++) {
                latest.put(new TopicPartition(TopicNames.ALERTS, p), OffsetSpec.latest());
            }
            Map<TopicPartition, OffsetAndMetadata> ends = new HashMap<>();
            admin.listOffsets(latest).all().get().forEach((tp, info) -> ends.put(tp, new OffsetAndMetadata(info.offset())));
            return ends;
        }
    }

    private static void rewindDeliveryGroups(Map<TopicPartition, OffsetAndMetadata> to) throws Exception {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", KafkaFixture.bootstrapServers()))) {
            for (String group : deliveryGroups()) {
                // The stopped instance's members may take a moment to leave the group.
                TestSupport.awaitTrue("rewound " + group, PATIENCE, () -> {
                    try {
                        admin.alterConsumerGroupOffsets(group, to).all().get(30, TimeUnit.SECONDS);
                        return true;
                    } catch (Exception e) {
                        return false;
                    }
                });
            }
        }
    }

    /** Every given group has committed the end of every drs.alerts partition (as it is when this begins). */
    private static void awaitGroupsAtEnd(List<String> groups) throws Exception {
        Map<TopicPartition, OffsetAndMetadata> ends = endOfAlerts();
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", KafkaFixture.bootstrapServers()))) {
            for (String group : groups) {
                TestSupport.awaitTrue(group + " has read drs.alerts to its end", PATIENCE, () -> {
                    try {
                        Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group)
                                .partitionsToOffsetAndMetadata().get();
                        return ends.entrySet().stream().allMatch(e -> e.getValue().offset() == 0 || committed.get(e.getKey()) != null
                                && committed.get(e.getKey()).offset() >= e.getValue().offset());
                    } catch (Exception e) {
                        return false;
                    }
                });
            }
        }
    }

    private static List<ConsumerRecord<byte[], byte[]>> awaitDeadLetters(String project, int count) {
        List<ConsumerRecord<byte[], byte[]>> found = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(Map.of("bootstrap.servers", KafkaFixture.bootstrapServers(),
                "group.id", "alert-dlq-reader-" + UUID.randomUUID(), "auto.offset.reset", "earliest"),
                new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(TopicNames.ALERT_DELIVERY_DLQ));
            TestSupport.awaitTrue(count + " dead letters of the project", PATIENCE, () -> {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                    if (record.key() != null && project.equals(new String(record.key(), StandardCharsets.UTF_8))) {
                        found.add(record);
                    }
                }
                return found.size() >= count;
            });
        }
        assertEquals(count, found.size());
        return found;
    }

    private static Set<String> missingFromScrape(String metrics, Set<String> names) {
        if (metrics == null) {
            return names;
        }
        return names.stream().filter(name -> metrics.lines().noneMatch(l -> l.startsWith(name + "{") || l.startsWith(name + " ")))
                .collect(Collectors.toSet());
    }

    private static String get(String url) {
        try {
            HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
            return response.statusCode() == 200 || url.endsWith("/health") ? response.body() : null;
        } catch (Exception e) {
            return null;
        }
    }
}
