package io.drsmonitor.drs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.drsmonitor.simulator.DrsSimulator;
import io.drsmonitor.simulator.MutableClock;
import io.drsmonitor.simulator.Scenario;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The DRS reference's example requests and responses, copied verbatim into drs-examples/: the
 * simulator answers the example requests as the reference shows, and the client reads the example
 * responses into the right typed values.
 */
class DrsExamplesTest {
    private static final String TOKEN = "example-token";
    private static Vertx vertx;
    private static MutableClock clock;
    private static DrsSimulator simulator;
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @BeforeAll
    static void start() throws Exception {
        vertx = Vertx.vertx();
        clock = new MutableClock(Instant.parse("2026-11-23T00:00:00Z"));
        simulator = DrsSimulator.start(vertx, new DrsSimulator.Settings("127.0.0.1", 0, TOKEN, 7, Duration.ofHours(1), clock, null),
                Scenario.examples()).await(10, TimeUnit.SECONDS);
    }

    @AfterAll
    static void stop() throws Exception {
        vertx.close().await(10, TimeUnit.SECONDS);
    }

    static String fixture(String name) {
        try (InputStream in = DrsExamplesTest.class.getResourceAsStream("/drs-examples/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static HttpResponse<String> post(String endpoint, String body) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(simulator.baseUrl() + "/v3/" + Scenario.EXAMPLE_PROJECT
                        + "/jobs/" + endpoint))
                .header("Content-Type", "application/json").header("X-Auth-Token", TOKEN).header("X-Language", "en-us")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void theSimulatorAnswersTheDocumentedRequestsAsDocumented() throws Exception {
        HttpResponse<String> started = post("batch-precheck", fixture("batch-precheck.request.json"));
        assertEquals(200, started.statusCode(), started.body());
        assertEquals(new JsonObject(fixture("batch-precheck.response.json")), new JsonObject(started.body()));

        String ddsStart = "{\"jobs\":[{\"job_id\":\"a281f62f-4631-45d6-a2d3-679a9f4jb105\",\"precheck_mode\":\"forStartJob\"}]}";
        assertEquals(200, post("batch-precheck", ddsStart).statusCode());
        clock.advance(Duration.ofMinutes(1));

        HttpResponse<String> mysql = post("batch-precheck-result", fixture("batch-precheck-result.request.mysql.json"));
        assertEquals(200, mysql.statusCode(), mysql.body());
        assertEquals(new JsonObject(fixture("batch-precheck-result.response.mysql.json")), new JsonObject(mysql.body()));

        HttpResponse<String> dds = post("batch-precheck-result", fixture("batch-precheck-result.request.dds.json"));
        assertEquals(200, dds.statusCode(), dds.body());
        JsonObject expected = new JsonObject(fixture("batch-precheck-result.response.dds.json"));
        JsonObject actual = new JsonObject(dds.body());
        assertEquals(expected, actual);

        HttpResponse<String> struct = post("batch-struct-process", fixture("batch-struct-process.request.json"));
        assertEquals(200, struct.statusCode(), struct.body());
        JsonObject result = new JsonObject(struct.body()).getJsonArray("results").getJsonObject(0);
        assertEquals("0ea5c5a0-e1b5-4421-80a9-7c9ff27jb502", result.getString("job_id"));
        assertEquals(List.of("table", "view", "table_structure", "database", "function", "procedure", "table_indexs"),
                result.getJsonObject("struct_process").getJsonArray("result").stream()
                        .map(o -> ((JsonObject) o).getString("type")).toList());
        assertTrue(result.getJsonObject("struct_process").getString("create_time").matches("\\d+"));
    }

    @Test
    void theClientReadsTheDocumentedResponsesVerbatim() throws Exception {
        HttpServer fixtures = vertx.createHttpServer().requestHandler(req -> {
            String endpoint = req.path().substring(req.path().lastIndexOf('/') + 1);
            req.body().onSuccess(body -> {
                String name = switch (endpoint) {
                    case "batch-precheck-result" -> body.toString().contains("a281f62f")
                            ? "batch-precheck-result.response.dds.json" : "batch-precheck-result.response.mysql.json";
                    default -> endpoint + ".response.json";
                };
                req.response().putHeader("Content-Type", "application/json").end(fixture(name));
            });
        }).listen(0, "127.0.0.1").await(10, TimeUnit.SECONDS);
        try (DrsClient client = new DrsClient(vertx, DrsClientConfig.of(URI.create("http://127.0.0.1:" + fixtures.actualPort())),
                DrsCredentials.fixedToken(TOKEN), new SimpleMeterRegistry())) {
            PostPreCheckResp started = client.batchPrecheck(Scenario.EXAMPLE_PROJECT,
                    List.of("140b5236-88ad-43c8-811c-1268453jb101"), "forStartJob").await(10, TimeUnit.SECONDS).get(0).result();
            assertTrue(started.succeeded());
            assertEquals("140b5236-88ad-43c8-811c-1268453jb101", started.precheckId());

            QueryPreCheckResp mysql = client.batchPrecheckResult(Scenario.EXAMPLE_PROJECT,
                    List.of("140b5236-88ad-43c8-811c-1268453jb101")).await(10, TimeUnit.SECONDS).get(0).result();
            assertEquals(Boolean.TRUE, mysql.result());
            assertEquals(100.0, mysql.processPercent());
            assertEquals("100%", mysql.process());
            assertEquals(100.0, mysql.totalPassedRatePercent());
            assertEquals("e05a3679efe241d8b5dee80b17c1a863in01", mysql.rdsInstanceId());
            assertEquals("up", mysql.jobDirection());
            assertTrue(mysql.isComplete());
            assertEquals(39, mysql.precheckResult().size());
            PrecheckResultItem disk = mysql.precheckResult().get(0);
            assertEquals("dstDbDiskSize", disk.item());
            assertEquals("db_disk_size", disk.group());
            assertEquals("{\"diskSizeTimes\":\"1.5\",\"dstVolumeSize\":\"37660000000\",\"srcIndexSize\":0,\"size\":\"0\",\"srcIndexAmount\":0}",
                    disk.data());
            assertNull(mysql.errorCode());

            QueryPreCheckResp dds = client.batchPrecheckResult(Scenario.EXAMPLE_PROJECT,
                    List.of("a281f62f-4631-45d6-a2d3-679a9f4jb105")).await(10, TimeUnit.SECONDS).get(0).result();
            assertEquals(27, dds.precheckResult().size());
            List<PrecheckResultItem> alarms = dds.precheckResult().stream().filter(i -> "ALARM".equals(i.result())).toList();
            assertEquals(List.of("srcCollHasTtlIndex", "srcShardKeyConfiguration"), alarms.stream().map(PrecheckResultItem::item).toList());
            assertEquals("SRC_HAS_TTL_INDEXES", alarms.get(0).failedReason());
            assertEquals("{'size': '5263360', 'dstVolumeSize':'19089431762', 'diskSizeTimes':'1.5'}", dds.precheckResult().get(0).data(),
                    "data is opaque and kept as is, even when it is not JSON");
            assertTrue(alarms.get(1).data().contains("fastunit.testSpecial\\\\u4E2D\\\\u6587~!@#%^&*()_+=-[]{};:?,`"));
            assertEquals(Boolean.TRUE, dds.result(), "ALARM items do not fail a pre-check");

            // The reference's example answers about another job than its request names: an answer is
            // paired by the job_id DRS gives, so that one is no answer for the requested job.
            JobAnswer<StructProcessResp> other = client.batchStructProcess(Scenario.EXAMPLE_PROJECT,
                    List.of("0ea5c5a0-e1b5-4421-80a9-7c9ff27jb502")).await(10, TimeUnit.SECONDS).get(0);
            assertEquals(DrsErrors.NO_RESULT, other.result().errorCode());
            assertTrue(other.result().errorMessage().contains("8ee21a0b-fff5-46b4-a6dd-6c54d5djb201"), other.result().errorMessage());
            JobAnswer<StructProcessResp> struct = client.batchStructProcess(Scenario.EXAMPLE_PROJECT,
                    List.of("8ee21a0b-fff5-46b4-a6dd-6c54d5djb201")).await(10, TimeUnit.SECONDS).get(0);
            assertEquals("8ee21a0b-fff5-46b4-a6dd-6c54d5djb201", struct.jobId());
            assertEquals("8ee21a0b-fff5-46b4-a6dd-6c54d5djb201", struct.result().jobId());
            assertEquals("1608429670521", struct.result().structProcess().createTime());
            StructProcessObject database = struct.result().structProcess().result().stream()
                    .filter(o -> o.type().equals("database")).findFirst().orElseThrow();
            assertEquals(2, database.status());
            assertEquals(1L, database.srcCount());
            assertEquals(1L, database.dstCount());
            assertEquals(1608097599000L, database.startTime());
            assertEquals(1608097600000L, database.endTime());
            assertEquals(7, struct.result().structProcess().result().size());
        } finally {
            fixtures.close();
        }
    }
}
