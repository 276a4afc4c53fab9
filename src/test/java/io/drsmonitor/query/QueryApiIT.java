package io.drsmonitor.query;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.drsmonitor.avro.RegistryClientConfig;
import io.drsmonitor.avro.SpecificAvroSerializer;
import io.drsmonitor.kafka.KafkaFixture;
import io.drsmonitor.kafka.TopicAdmin;
import io.drsmonitor.kafka.TopicNames;
import io.drsmonitor.model.CheckResult;
import io.drsmonitor.model.JobDirection;
import io.drsmonitor.model.ObservationOutcome;
import io.drsmonitor.model.PrecheckItem;
import io.drsmonitor.model.PrecheckResult;
import io.drsmonitor.model.StructObjectState;
import io.drsmonitor.model.StructProcess;
import io.drsmonitor.model.StructProcessEntry;
import io.drsmonitor.registry.RegistryHarness;
import io.drsmonitor.simulator.Scenario;
import io.drsmonitor.streams.SummaryTopology;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.state.HostInfo;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import io.drsmonitor.TestSupport;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/** Two summaries instances on a real broker; each answers every query, one through the other. */
@ExtendWith(KafkaFixture.class)
class QueryApiIT {
    private static final String INTERNAL_SECRET = "query-it-" + UUID.randomUUID();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final Duration PATIENCE = Duration.ofSeconds(90);
    private static final Random RANDOM = new Random();
    private static final List<String> PROJECTS = new ArrayList<>();
    private static final List<String> JOBS = new ArrayList<>();

    private static Vertx vertx;
    private static SummaryInstances.Instance a;
    private static SummaryInstances.Instance b;
    private static int portA;
    private static int portB;
    private static int firstAnswerStatus;
    private static String firstAnswerRetryAfter;

    @BeforeAll
    static void start() throws Exception {
        RegistryHarness registry = RegistryHarness.shared(KafkaFixture.bootstrapServers());
        Map<String, Object> serde = Map.of(RegistryClientConfig.URL, registry.url());
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", KafkaFixture.bootstrapServers()))) {
            TopicAdmin.ensure(admin, TopicNames.DEFAULT.applicationTopics(4, (short) 1));
        }
        produce(serde);
        vertx = Vertx.vertx();
        portA = TestSupport.freePort();
        portB = TestSupport.freePort();
        // Asked once its API listens and before its Streams clients start: an instance still starting.
        a = SummaryInstances.start(vertx, serde, TopicNames.DEFAULT, portA, INTERNAL_SECRET, Map.of(), () -> {
            HttpResponse<String> early = get(portA, "/api/projects");
            firstAnswerStatus = early.statusCode();
            firstAnswerRetryAfter = early.headers().firstValue("Retry-After").orElse(null);
        });
        b = instance(serde, portB);
        TestSupport.awaitTrue("both instances RUNNING", PATIENCE, () -> a.streams().state() == KafkaStreams.State.RUNNING
                && b.streams().state() == KafkaStreams.State.RUNNING);
        TestSupport.awaitTrue("every project summarized", PATIENCE, () -> {
            HttpResponse<String> answer = get(portA, "/api/projects");
            if (answer.statusCode() != 200) {
                return false;
            }
            JsonArray projects = new JsonObject(answer.body()).getJsonArray("projects");
            return PROJECTS.stream().allMatch(p -> projects.stream().map(o -> (JsonObject) o).anyMatch(o ->
                    o.getString("projectId").equals(p) && o.getJsonObject("precheck") != null
                            && o.getJsonObject("precheck").getInteger("jobsFinished") == 2 && o.getJsonObject("drInit") != null));
        });
    }

    @AfterAll
    static void stop() throws Exception {
        assertEquals(0, a.threadFailures() + b.threadFailures(), "no stream thread died");
        a.close();
        b.close();
        vertx.close().await(10, TimeUnit.SECONDS);
    }

    private static SummaryInstances.Instance instance(Map<String, Object> serde, int port) throws Exception {
        return SummaryInstances.start(vertx, serde, TopicNames.DEFAULT, port, INTERNAL_SECRET, Map.of());
    }

    private static void produce(Map<String, Object> serde) throws Exception {
        SpecificAvroSerializer<PrecheckResult> results = new SpecificAvroSerializer<>();
        results.configure(serde, false);
        SpecificAvroSerializer<StructProcess> structs = new SpecificAvroSerializer<>();
        structs.configure(serde, false);
        Instant now = Instant.now();
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of("bootstrap.servers",
                KafkaFixture.bootstrapServers(), "acks", "all"), new StringSerializer(),
                new ByteArraySerializer())) {
            for (int p = 0; p < 8; p++) {
                String project = UUID.randomUUID().toString().replace("-", "");
                PROJECTS.add(project);
                for (int j = 0; j < 2; j++) {
                    String job = Scenario.jobId(RANDOM, p * 10 + j);
                    JOBS.add(job);
                    boolean pass = j == 0;
                    PrecheckResult r = PrecheckResult.newBuilder().setProjectId(project).setJobId(job).setPrecheckId(job)
                            .setPassed(pass).setProcess("100%").setProcessPercent(100.0)
                            .setTotalPassedRate(pass ? "100%" : "50%").setTotalPassedRatePercent(pass ? 100.0 : 50.0)
                            .setJobDirection(JobDirection.UP).setJobDirectionRaw("up")
                            .setItems(List.of(PrecheckItem.newBuilder().setItem("srcDbConnection").setGroup("network")
                                    .setVerdict(pass ? CheckResult.PASSED : CheckResult.FAILED).build(),
                                    PrecheckItem.newBuilder().setItem("dstDbConnection").setGroup("network")
                                            .setVerdict(CheckResult.PASSED).build()))
                            .setOutcome(ObservationOutcome.OK).setComplete(true).setObservedAt(now).build();
                    producer.send(new ProducerRecord<>(TopicNames.PRECHECK_RESULTS, null, now.toEpochMilli(), job,
                            results.serialize(TopicNames.PRECHECK_RESULTS, r)));
                    if (j == 1) {
                        StructProcess s = StructProcess.newBuilder().setProjectId(project).setJobId(job)
                                .setEntries(List.of(StructProcessEntry.newBuilder().setType("table").setStatus(1)
                                        .setState(StructObjectState.IN_PROGRESS).setSrcCount(10L).setDstCount(4L)
                                        .setStartTime(now.minusSeconds(60)).build()))
                                .setOutcome(ObservationOutcome.OK).setComplete(false).setObservedAt(now).build();
                        producer.send(new ProducerRecord<>(TopicNames.DR_STRUCT_PROCESS, null, now.toEpochMilli(), job,
                                structs.serialize(TopicNames.DR_STRUCT_PROCESS, s)));
                    }
                }
            }
            producer.flush();
        }
    }

    private static HttpResponse<String> get(int port, String path) {
        return send(port, HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build());
    }

    /** Every answer is checked against what openapi.json declares for its route and status. */
    private static HttpResponse<String> send(int port, HttpRequest request) {
        HttpResponse<String> answer;
        try {
            answer = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (Exception e) {
            throw new AssertionError(e);
        }
        URI uri = request.uri();
        OpenApiContract.assertLiveAnswerFits(uri.getRawPath() + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery()),
                answer.statusCode(), answer.body());
        return answer;
    }

    @Test
    void bothInstancesGiveTheSameAnswerForEveryProjectOneThroughTheOther() {
        int remoteForA = 0;
        for (String project : PROJECTS) {
            HostInfo owner = a.streams().queryMetadataForKey(SummaryTopology.PRECHECK_SUMMARY_STORE, project,
                    Serdes.String().serializer()).activeHost();
            assertTrue(owner.port() == portA || owner.port() == portB, "owned by one of the two instances: " + owner);
            remoteForA += owner.port() == portB ? 1 : 0;
            for (String path : List.of("/precheck", "/dr-init")) {
                HttpResponse<String> fromA = get(portA, "/api/projects/" + project + path);
                HttpResponse<String> fromB = get(portB, "/api/projects/" + project + path);
                assertEquals(200, fromA.statusCode(), fromA.body());
                assertEquals(200, fromB.statusCode(), fromB.body());
                assertEquals(new JsonObject(fromA.body()), new JsonObject(fromB.body()));
            }
            JsonObject summary = new JsonObject(get(portB, "/api/projects/" + project + "/precheck").body());
            assertEquals(project, summary.getString("projectId"));
            assertEquals(1, summary.getInteger("jobsPassed"));
            assertEquals(1, summary.getInteger("jobsFailed"));
            assertEquals(0.5, summary.getDouble("passRate"));
            assertEquals(75.0, summary.getDouble("meanTotalPassedRate"));
            assertEquals("srcDbConnection", summary.getJsonArray("topFailingItems").getJsonObject(0).getString("item"));
            assertNotNull(Instant.parse(summary.getString("updatedAt")));
            JsonObject dr = new JsonObject(get(portA, "/api/projects/" + project + "/dr-init").body());
            assertEquals(1, dr.getInteger("initializing"));
            assertEquals(0.4, dr.getJsonArray("objectTypes").getJsonObject(0).getDouble("completionRatio"));
        }
        // Every project is asked of both instances, so one of them always forwards to the owner; which
        // instance owns which projects is Kafka Streams' task assignment (it may give one all of them).
        System.out.printf("query API: %d of %d projects held by B, answered by A through B; the rest the other way%n",
                remoteForA, PROJECTS.size());
    }

    @Test
    void jobsAlertsAndHistoryAreServedFromAnyInstance() {
        for (String job : JOBS) {
            JsonObject fromA = new JsonObject(get(portA, "/api/jobs/" + job).body());
            JsonObject fromB = new JsonObject(get(portB, "/api/jobs/" + job).body());
            assertEquals(fromA, fromB);
            assertEquals(job, fromA.getJsonObject("precheck").getString("jobId"));
        }
        String project = PROJECTS.get(0);
        JsonArray alerts = new JsonObject(get(portB, "/api/alerts?projectId=" + project).body()).getJsonArray("alerts");
        assertEquals(2, alerts.size(), "item FAILED and pre-check failed: " + alerts);
        assertTrue(alerts.stream().allMatch(o -> ((JsonObject) o).getString("projectId").equals(project)));
        JsonArray all = new JsonObject(get(portA, "/api/alerts?limit=500").body()).getJsonArray("alerts");
        assertTrue(all.size() >= 16, "alerts of every project are gathered: " + all.size());
        JsonObject history = new JsonObject(get(portA, "/api/projects/" + project + "/history?hours=2").body());
        int finished = history.getJsonArray("points").stream().mapToInt(o -> ((JsonObject) o).getInteger("finished")).sum();
        assertEquals(2, finished);
    }

    @Test
    void jobListsAreTheSameFromBothInstancesAndPagingVisitsEveryJobOnce() {
        JobListChecks.check(port -> path -> get(port, path), portA, portB, PROJECTS, JOBS);
    }

    @Test
    void badRequestsGetJsonErrorsAndNotReadyGets503() {
        assertEquals(503, firstAnswerStatus, "an instance still starting answers 503");
        assertEquals("2", firstAnswerRetryAfter);
        record Case(String path, int status) {
        }
        for (Case c : List.of(new Case("/api/projects/bad!id/precheck", 400), new Case("/api/projects/" + "x".repeat(65) + "/precheck", 400),
                new Case("/api/projects/ffffffffffffffffffffffffffffffff/precheck", 404), new Case("/api/jobs/not-a-job", 400),
                new Case("/api/jobs/00000000-0000-0000-0000-000000000jb0", 404), new Case("/api/alerts?limit=0", 400),
                new Case("/api/alerts?projectId=%2E%2E%2Fetc", 400), new Case("/api/projects/p/history?hours=abc", 400),
                new Case("/api/nothing-here", 404), new Case("/api/internal/kv/secret-store/x", 403),
                new Case("/api/projects/" + "y".repeat(600), 414), new Case("/api/projects/p/jobs?state=stuck", 400),
                new Case("/api/jobs?limit=501", 400), new Case("/api/jobs?limit=0", 400), new Case("/api/jobs?sort=name", 400),
                new Case("/api/jobs?cursor=bm90LWEtY3Vyc29y", 400), new Case("/api/jobs?region=a%2Fb", 400),
                new Case("/api/jobs?projectId=bad!id", 400), new Case("/api/projects/bad!id/jobs", 400),
                new Case("/api/jobs/not-a-job/runs", 400), new Case("/api/jobs/00000000-0000-0000-0000-000000000jb0/runs", 404),
                new Case("/api/jobs/" + JOBS.get(0) + "/runs?limit=501", 400), new Case("/api/internal/jobs", 403))) {
            HttpResponse<String> answer = get(portA, c.path());
            assertEquals(c.status(), answer.statusCode(), c.path() + " -> " + answer.body());
            JsonObject body = new JsonObject(answer.body());
            assertEquals(c.status(), body.getInteger("status"));
            assertFalse(body.getString("error").isBlank());
        }
        HttpResponse<String> post = send(portA, HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + portA + "/api/projects"))
                .POST(HttpRequest.BodyPublishers.ofString("{}")).build());
        assertEquals(405, post.statusCode(), post.body());
        assertEquals("GET, HEAD", post.headers().firstValue("Allow").orElse(null));
        assertEquals(405, new JsonObject(post.body()).getInteger("status"));
        HttpResponse<String> bigHeaders = send(portA, HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + portA + "/api/projects"))
                .header("X-Padding", "p".repeat(10_000)).build());
        assertEquals(431, bigHeaders.statusCode(), bigHeaders.body());
        assertFalse(new JsonObject(bigHeaders.body()).getString("error").isBlank());
        HttpResponse<String> wrongSecret = send(portA, HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + portA
                + "/api/internal/all/precheck-summary")).header("X-DRS-Internal-Secret", "not-the-secret").build());
        assertEquals(403, wrongSecret.statusCode(), "the internal routes need the shared secret");
        // What no java.net.URI can carry, and paths of no route: JSON errors as openapi.json declares them.
        for (Case c : List.of(new Case("/%2e%2e%2f", 400), new Case("/..%2f", 400), new Case("/%ZZ", 400),
                new Case("/api/projects/%ZZ/jobs", 400), new Case("/api/jobs?limit=%", 400), new Case("/no-such-page", 404))) {
            RawHttp.Answer answer = RawHttp.send(portB, "GET", c.path(), "", null);
            assertEquals(c.status(), answer.status(), c.path() + " -> " + answer.body());
            OpenApiContract.assertLiveAnswerFits(c.path(), answer.status(), answer.body());
        }
        HttpResponse<String> health = get(portB, "/health");
        assertEquals(200, health.statusCode());
        assertEquals("RUNNING", new JsonObject(health.body()).getJsonObject("parts").getString("summaries"));
        assertEquals("3.0.3", new JsonObject(get(portA, "/openapi.json").body()).getString("openapi"));
    }
}
