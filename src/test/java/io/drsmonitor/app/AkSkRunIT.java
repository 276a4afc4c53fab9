package io.drsmonitor.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.drsmonitor.TestSupport;
import io.drsmonitor.collector.DeadLetters;
import io.drsmonitor.kafka.KafkaFixture;
import io.drsmonitor.kafka.TopicNames;
import io.drsmonitor.registry.RegistryHarness;
import io.drsmonitor.simulator.ApigSignatureCheck;
import io.drsmonitor.simulator.DrsSimulator;
import io.drsmonitor.simulator.JobSpec;
import io.drsmonitor.simulator.Scenario;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@code run} pointed at a DRS that checks AK/SK signatures (the simulator started on its own, as a
 * real endpoint would be), with jobs in two regions: a wrong SK fails fast and clearly (the gateway
 * sees a few refused requests, not a storm, and /health says why); the right SK follows every job
 * to completion at its region's endpoint, re-checks a started job in forRetryJob mode, and sends a
 * job of a region without an endpoint to the dead-letter topic.
 */
@ExtendWith(KafkaFixture.class)
class AkSkRunIT {
    private static final String AK = "AKRUNINTEGRATION0001";
    private static final String SK = "sk-run-integration-0123456789abcdefghijkl";
    private static final String WRONG_SK = "sk-that-is-not-the-right-one-0123456789";
    private static final Duration PATIENCE = Duration.ofSeconds(120);
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @Test
    void aWrongSecretKeyFailsFastAndTheRightOneFollowsJobsInTwoRegions() throws Exception {
        Vertx vertx = Vertx.vertx();
        Random random = new Random();
        String apProject = UUID.randomUUID().toString().replace("-", "");
        String euProject = UUID.randomUUID().toString().replace("-", "");
        JobSpec fresh = JobSpec.of(apProject, Scenario.jobId(random, 1), JobSpec.Engine.MYSQL, false).withTimes(2, 3)
                .withRegion("ap-southeast-1");
        JobSpec started = JobSpec.of(apProject, Scenario.jobId(random, 2), JobSpec.Engine.MYSQL, false).withTimes(2, 3)
                .withRegion("ap-southeast-1").withStatus("INCRE_TRANSFER_STARTED");
        JobSpec dds = JobSpec.of(euProject, Scenario.jobId(random, 3), JobSpec.Engine.DDS, false).withTimes(2, 3)
                .withRegion("eu-west-101");
        JobSpec dr = JobSpec.of(euProject, Scenario.jobId(random, 4), JobSpec.Engine.MYSQL, true).withTimes(2, 3)
                .withRegion("eu-west-101");
        String nowhere = Scenario.jobId(random, 5);
        try {
            DrsSimulator simulator = DrsSimulator.start(vertx, DrsSimulator.Settings.local(0, null, 3)
                    .withAkSk(new ApigSignatureCheck.Credentials(AK, SK, null)), new Scenario(List.of(fresh, started, dds, dr)))
                    .await(10, TimeUnit.SECONDS);
            RegistryHarness registry = RegistryHarness.shared(KafkaFixture.bootstrapServers());
            Map<String, String> settings = new HashMap<>(Map.of(Settings.KAFKA_BOOTSTRAP, KafkaFixture.bootstrapServers(),
                    Settings.REGISTRY_URL, registry.url(), Settings.DATA_DIR, KafkaFixture.tempDir("aksk-run").toString(),
                    Settings.POLL_MIN_MS, "300", Settings.POLL_MAX_MS, "1500",
                    Settings.DRS_REGION, "ap-southeast-1", Settings.DRS_ENDPOINT, simulator.baseUrl() + "/ap-southeast-1",
                    Settings.DRS_REGION_ENDPOINTS, "eu-west-101=" + simulator.baseUrl() + "/eu-west-101",
                    Settings.DRS_AK, AK));
            settings.put(Settings.QUERY_PORT, String.valueOf(TestSupport.freePort()));

            // 1. The wrong SK: each region's first calls are refused, then nothing more reaches the gateway.
            settings.put(Settings.DRS_SK, WRONG_SK);
            try (Application app = Application.start(AppConfig.of(settings))) {
                String base = "http://127.0.0.1:" + app.queryPort();
                Cli.run(settings, "submit", "--project", apProject, "--job", fresh.jobId(), "--region", "ap-southeast-1");
                Cli.run(settings, "submit", "--project", apProject, "--job", started.jobId(), "--type", "JOB_STARTED");
                Cli.run(settings, "submit", "--project", apProject, "--job", started.jobId());
                Cli.run(settings, "submit", "--project", euProject, "--job", dds.jobId(), "--region", "eu-west-101");
                Cli.run(settings, "submit", "--project", euProject, "--job", dr.jobId(), "--region", "eu-west-101", "--start",
                        "--job-type", "DR");
                Cli.run(settings, "submit", "--project", euProject, "--job", dr.jobId(), "--region", "eu-west-101",
                        "--type", "DR_INIT_STARTED", "--job-type", "DR");
                Cli.run(settings, "submit", "--project", euProject, "--job", nowhere, "--region", "xx-nowhere-9");
                TestSupport.awaitTrue("/health names the refusal in both regions", PATIENCE, () -> {
                    JsonObject health = get(base + "/health");
                    String drs = health == null ? "" : health.getJsonObject("parts").getString("drs");
                    return drs.contains("(ap-southeast-1)") && drs.contains("(eu-west-101)");
                });
                JsonObject health = get(base + "/health");
                assertEquals("DOWN", health.getString("status"));
                String why = health.getJsonObject("parts").getString("drs");
                assertTrue(why.startsWith("UNAUTHORIZED") && why.contains("APIGW.0301") && why.contains("verify aksk signature fail"), why);
                assertFalse(why.contains(WRONG_SK) || why.contains(SK));
                // Readiness is about serving queries: a credential refused by DRS keeps the instance in its Service.
                TestSupport.awaitTrue("/health/ready says the stores can be served", PATIENCE,
                        () -> get(base + "/health/ready") != null);
                assertEquals("UP", get(base + "/health/ready").getString("status"));
                assertEquals("UP", get(base + "/health/started").getString("status"));
                assertEquals("DOWN", get(base + "/health").getString("status"), "while /health still says why DRS is down");
                long refused = simulator.stats().refusedRequests();
                double callsBefore = collectorCalls(base);
                TestSupport.awaitTrue("the collector keeps trying", PATIENCE, () -> collectorCalls(base) >= callsBefore + 10);
                assertEquals(refused, simulator.stats().refusedRequests(),
                        "calls are held back while DRS refuses the credentials: no retry storm at the gateway");
                assertTrue(refused <= 12, "a handful of refused requests in all: " + refused);
            }

            // 2. The right SK, same state: every job finishes at its own region's endpoint.
            settings.put(Settings.DRS_SK, SK);
            settings.put(Settings.QUERY_PORT, String.valueOf(TestSupport.freePort()));
            try (Application app = Application.start(AppConfig.of(settings))) {
                String base = "http://127.0.0.1:" + app.queryPort();
                for (JobSpec job : List.of(fresh, started, dds, dr)) {
                    TestSupport.awaitTrue("pre-check of " + job.jobId() + " complete", PATIENCE, () -> {
                        JsonObject view = get(base + "/api/jobs/" + job.jobId());
                        return view != null && view.getJsonObject("precheck") != null
                                && Boolean.TRUE.equals(view.getJsonObject("precheck").getBoolean("complete"));
                    });
                    JsonObject precheck = get(base + "/api/jobs/" + job.jobId()).getJsonObject("precheck");
                    assertNull(precheck.getString("errorCode"), "no per-job error (a wrong region or mode would give one): " + precheck);
                }
                TestSupport.awaitTrue("DR initialization complete", PATIENCE, () -> {
                    JsonObject view = get(base + "/api/jobs/" + dr.jobId());
                    return view != null && view.getJsonObject("drInit") != null
                            && "DONE".equals(view.getJsonObject("drInit").getString("status"));
                });
                assertEquals("UP", get(base + "/health").getJsonObject("parts").getString("drs"));
            }
            assertEquals(0, simulator.stats().callsInRegion(DrsSimulator.PRECHECK, null), "every call named its region");
            assertEquals(2, simulator.stats().jobs(DrsSimulator.PRECHECK, apProject), "each ap-southeast-1 pre-check started once");
            assertTrue(simulator.stats().callsInRegion(DrsSimulator.PRECHECK, "ap-southeast-1") >= 1);
            assertEquals(2, simulator.stats().jobs(DrsSimulator.PRECHECK, euProject), "each eu-west-101 pre-check started once");
            assertTrue(simulator.stats().callsInRegion(DrsSimulator.STRUCT_PROCESS, "eu-west-101") >= 1);

            ConsumerRecord<byte[], byte[]> dead = deadLetterOf(nowhere);
            assertEquals(DeadLetters.Error.NO_REGION_ENDPOINT.name(), DeadLetters.header(dead.headers(), DeadLetters.ERROR));
            assertTrue(DeadLetters.header(dead.headers(), DeadLetters.REASON).contains("xx-nowhere-9"));
        } finally {
            vertx.close().await(10, TimeUnit.SECONDS);
        }
    }

    private static double collectorCalls(String base) {
        try {
            return TestSupport.metricSum(HTTP.send(HttpRequest.newBuilder(URI.create(base + "/metrics")).build(),
                    HttpResponse.BodyHandlers.ofString()).body(), "drs_collector_calls_total");
        } catch (Exception e) {
            return 0;
        }
    }

    private static JsonObject get(String url) {
        try {
            HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(url)).build(),
                    HttpResponse.BodyHandlers.ofString());
            return response.statusCode() == 200 || url.endsWith("/health") ? new JsonObject(response.body()) : null;
        } catch (Exception e) {
            return null;
        }
    }

    private static ConsumerRecord<byte[], byte[]> deadLetterOf(String jobId) {
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(Map.of("bootstrap.servers", KafkaFixture.bootstrapServers(),
                "group.id", "aksk-run-it-" + UUID.randomUUID(), "auto.offset.reset", "earliest"),
                new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(TopicNames.JOB_EVENTS_DLQ));
            long deadline = System.nanoTime() + PATIENCE.toNanos();
            while (System.nanoTime() < deadline) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                    if (record.key() != null && jobId.equals(new String(record.key(), StandardCharsets.UTF_8))) {
                        return record;
                    }
                }
            }
        }
        throw new AssertionError("no dead letter for " + jobId);
    }
}
