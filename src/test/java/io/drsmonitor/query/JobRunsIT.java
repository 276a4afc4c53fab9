package io.drsmonitor.query;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.drsmonitor.TestSupport;
import io.drsmonitor.app.AppConfig;
import io.drsmonitor.app.Application;
import io.drsmonitor.app.Cli;
import io.drsmonitor.app.Settings;
import io.drsmonitor.avro.RegistryClientConfig;
import io.drsmonitor.kafka.KafkaFixture;
import io.drsmonitor.kafka.TopicNames;
import io.drsmonitor.registry.RegistryHarness;
import io.drsmonitor.simulator.ApigSignatureCheck;
import io.drsmonitor.simulator.DrsSimulator;
import io.drsmonitor.simulator.JobSpec;
import io.drsmonitor.simulator.Scenario;
import io.drsmonitor.streams.StreamsEnvironment;
import io.drsmonitor.streams.StreamsRunner;
import io.drsmonitor.streams.SummaryApp;
import io.drsmonitor.streams.SummarySettings;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Issue #22 end to end: a job's pre-check fails on item A, the job is fixed so that A passes and
 * item B fails, and a re-check is requested. Through the whole pipeline (job events, collector,
 * simulated DRS, summaries, query API) the job's runs tell exactly what changed between the two, and
 * the job lists put the job under its new verdict. The simulator counts the starts it received.
 * Then an instance whose query API cannot be reached joins: the job list says what is missing.
 */
@ExtendWith(KafkaFixture.class)
class JobRunsIT {
    private static final String AK = "AKJOBRUNSIT000000001";
    private static final String SK = "sk-job-runs-it-0123456789abcdefghijkl";
    private static final String REGION = "ap-southeast-1";
    /** Its own deployment: small stores, so an instance joining takes its share of the tasks at once. */
    private static final TopicNames NAMES = new TopicNames("jobruns");
    /** Two MySQL check items of the simulator's catalog; every other item passes (no chance of ALARM or FAILED). */
    private static final String A = "dbCharacterSetConsistency";
    private static final String B = "dbClockConsistency";
    private static final Duration PATIENCE = Duration.ofSeconds(90);
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @Test
    void aRecheckAfterAFixIsKeptAsASecondRunWithWhatChanged() throws Exception {
        Vertx vertx = Vertx.vertx();
        String project = UUID.randomUUID().toString().replace("-", "");
        String job = Scenario.jobId(new Random(), 22);
        JobSpec failingA = JobSpec.of(project, job, JobSpec.Engine.MYSQL, false).withTimes(2, 3).withRegion(REGION)
                .withScripted(Map.of(A, "FAILED", B, "PASSED"));
        Path dir = KafkaFixture.tempDir("job-runs");
        DrsSimulator simulator = DrsSimulator.start(vertx, DrsSimulator.Settings.local(0, null, 22)
                .withAkSk(new ApigSignatureCheck.Credentials(AK, SK, null)), new Scenario(List.of(failingA))).await(10, TimeUnit.SECONDS);
        String registry = RegistryHarness.shared(KafkaFixture.bootstrapServers()).url();
        Map<String, String> settings = new HashMap<>(Map.of(Settings.KAFKA_BOOTSTRAP, KafkaFixture.bootstrapServers(),
                Settings.REGISTRY_URL, registry, Settings.DEPLOYMENT_NAME, NAMES.deployment(),
                Settings.DATA_DIR, dir.resolve("data").toString(), Settings.POLL_MIN_MS, "300", Settings.POLL_MAX_MS, "1500",
                Settings.DRS_REGION, REGION, Settings.DRS_ENDPOINT, simulator.baseUrl() + "/" + REGION,
                Settings.DRS_AK, AK, Settings.DRS_SK, SK));
        settings.put(Settings.DEMO_EVENTS, "false");
        settings.put(Settings.KAFKA_CLIENT_PREFIX + "session.timeout.ms", "6000");
        settings.put(Settings.KAFKA_CLIENT_PREFIX + "heartbeat.interval.ms", "1000");
        settings.put(Settings.QUERY_PORT, String.valueOf(TestSupport.freePort()));
        try (Application app = Application.start(AppConfig.of(settings))) {
            String base = "http://127.0.0.1:" + app.queryPort();
            String runsPath = base + "/api/jobs/" + job + "/runs";

            submitPrecheck(settings, project, job);
            awaitRuns(runsPath, 1);
            simulator.addJob(failingA.withScripted(Map.of(A, "PASSED", B, "FAILED")));
            submitPrecheck(settings, project, job);
            JsonObject answer = awaitRuns(runsPath, 2);

            OpenApiContract.assertFits("RunList", answer);
            assertEquals(job, answer.getString("jobId"));
            assertEquals(project, answer.getString("projectId"));
            JsonObject newest = answer.getJsonArray("runs").getJsonObject(0);
            JsonObject older = answer.getJsonArray("runs").getJsonObject(1);
            assertTrue(newest.getString("runRequestedAt").compareTo(older.getString("runRequestedAt")) > 0, "newest first: " + answer);
            JsonObject diff = newest.getJsonObject("diff");
            assertEquals(List.of(A), diff.getJsonArray("fixed").getList());
            assertEquals(List.of(B), diff.getJsonArray("newlyFailing").getList());
            assertEquals(List.of(), diff.getJsonArray("stillFailing").getList());
            assertEquals(List.of(), diff.getJsonArray("newlyAlarm").getList());
            assertEquals(List.of(), diff.getJsonArray("stillAlarm").getList());
            assertEquals(older.getString("runRequestedAt"), diff.getString("previousRunRequestedAt"));
            assertFalse(newest.getBoolean("passed"));
            assertEquals("FAILED", verdict(newest, B));
            assertEquals("PASSED", verdict(newest, A));
            JsonObject first = older.getJsonObject("diff");
            assertNull(first.getValue("previousRunRequestedAt"));
            for (String list : List.of("fixed", "newlyFailing", "newlyAlarm", "stillFailing", "stillAlarm")) {
                assertEquals(new JsonArray(), first.getJsonArray(list), "a first run changed nothing: " + list);
            }
            assertEquals("FAILED", verdict(older, A));
            assertEquals(1, get(runsPath + "?limit=1").getJsonArray("runs").size());

            // The job's row shows the re-check's verdict; the lists find it under it, and only under it.
            String jobs = base + "/api/projects/" + project + "/jobs";
            TestSupport.awaitTrue("the job lists as failed", PATIENCE, () -> ids(get(jobs + "?state=failed")).equals(List.of(job)));
            assertEquals(List.of(), ids(get(jobs + "?state=passed")));
            assertEquals(List.of(job), ids(get(base + "/api/jobs?state=failed&projectId=" + project)));
            JsonObject page = get(jobs);
            OpenApiContract.assertFits("JobList", page);
            JsonObject row = page.getJsonArray("jobs").getJsonObject(0);
            JsonObject precheck = row.getJsonObject("precheck");
            assertEquals("FAILED", precheck.getString("state"));
            assertEquals(List.of(B), precheck.getJsonArray("failedItems").getList());
            assertEquals(2, precheck.getInteger("runs"));
            assertEquals(newest.getString("runRequestedAt"), precheck.getString("lastRunRequestedAt"));
            assertEquals(newest.getString("finishedAt"), precheck.getString("lastFinishedAt"));
            assertEquals(REGION, row.getString("region"));
            assertNull(row.getValue("runsToPass"), "no run passed yet");
            assertNull(row.getValue("drInit"), "not a DR job");

            assertEquals(2, simulator.precheckStarts(job), "DRS started the job's pre-check once per request");
            System.out.println("job runs: GET /api/jobs/{jobId}/runs -> " + answer.encode());
            System.out.println("job runs: GET /api/projects/{projectId}/jobs -> " + page.encode());

            whileAnInstanceDoesNotAnswer(base + "/api/jobs?projectId=" + project, registry, dir);
        } finally {
            simulator.stop().await(10, TimeUnit.SECONDS);
            vertx.close().await(10, TimeUnit.SECONDS);
        }
    }

    /**
     * A second summaries instance joins whose query API nobody can reach (nothing listens on the port
     * it advertises): once it holds some of the jobs, the list names it and is partial, counting only
     * what the instance asked holds; once it left, the list is whole again.
     */
    private static void whileAnInstanceDoesNotAnswer(String list, String registry, Path dir) {
        String silentHost = "127.0.0.1:" + TestSupport.freePort();
        // Twice the threads of the running instance, so the assignment gives it a good share of the tasks.
        // Short sessions on both sides: a member that misses the leave (it happens while a rebalance runs) is
        // dropped after 6 s, not Kafka's 45.
        Map<String, Object> kafka = new HashMap<>(TestSupport.fastFailover(KafkaFixture.bootstrapServers()));
        kafka.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, 4);
        StreamsEnvironment env = StreamsEnvironment.of(kafka, Map.of(RegistryClientConfig.URL, registry), dir.resolve("silent"))
                .withNames(NAMES).withApplicationServer(silentHost);
        try (StreamsRunner silent = SummaryApp.create(env, SummarySettings.defaults(), new RenderedSummaries())) {
            silent.start();
            JsonObject[] partial = new JsonObject[1];
            TestSupport.awaitTrue("the job list names the instance that does not answer", PATIENCE, () -> {
                partial[0] = getOrNull(list);
                return partial[0] != null && partial[0].getBoolean("partial");
            });
            OpenApiContract.assertFits("JobList", partial[0]);
            assertEquals(List.of(silentHost), partial[0].getJsonArray("unavailable").getList());
            assertEquals(partial[0].getJsonArray("jobs").size(), partial[0].getInteger("total"),
                    "total counts the jobs of the instances that answered: " + partial[0].encode());
        }
        TestSupport.awaitTrue("the job list is whole again once the instance left", PATIENCE, () -> {
            JsonObject whole = getOrNull(list);
            return whole != null && !whole.getBoolean("partial") && whole.getInteger("total") == 1;
        });
    }

    /** A PRECHECK_REQUESTED job event, published as users do. */
    private static void submitPrecheck(Map<String, String> settings, String project, String job) throws Exception {
        Cli.run(settings, "submit", "--project", project, "--job", job, "--region", REGION);
    }

    /** The runs answer once it holds {@code count} runs; fails if it ever holds more. */
    private static JsonObject awaitRuns(String runsPath, int count) {
        JsonObject[] last = new JsonObject[1];
        TestSupport.awaitTrue(count + " finished run(s) of the job", PATIENCE, () -> {
            last[0] = getOrNull(runsPath);
            return last[0] != null && last[0].getJsonArray("runs").size() >= count;
        });
        assertEquals(count, last[0].getJsonArray("runs").size(), last[0].encode());
        return last[0];
    }

    private static String verdict(JsonObject run, String item) {
        return run.getJsonArray("items").stream().map(i -> (JsonObject) i).filter(i -> i.getString("item").equals(item))
                .map(i -> i.getString("verdict")).findFirst().orElse(null);
    }

    private static List<String> ids(JsonObject page) {
        return page.getJsonArray("jobs").stream().map(r -> ((JsonObject) r).getString("jobId")).toList();
    }

    private static JsonObject get(String url) {
        JsonObject answer = getOrNull(url);
        assertTrue(answer != null, url + " answered 200");
        return answer;
    }

    /** The JSON of a 200 answer; null for any other (the job unknown yet, the summaries still starting). */
    private static JsonObject getOrNull(String url) {
        try {
            HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
            return response.statusCode() == 200 ? new JsonObject(response.body()) : null;
        } catch (Exception e) {
            throw new AssertionError(url, e);
        }
    }
}
