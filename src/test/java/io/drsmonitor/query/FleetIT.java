package io.drsmonitor.query;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.drsmonitor.TestSupport;
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
import io.drsmonitor.registry.RegistryHarness;
import io.drsmonitor.simulator.Scenario;
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
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The fleet view on a real broker: 3 regions x 3 projects, pre-check snapshots with items failing
 * across projects, then a deleted job, a job moved to another project and a re-delivered snapshot.
 * Two summaries instances must give the same totals, rankings and affected jobs, each equal to what
 * this test counts from the snapshots it sent.
 */
@ExtendWith(KafkaFixture.class)
class FleetIT {
    private static final TopicNames NAMES = new TopicNames("fleetit");
    private static final String SECRET = "fleet-it-" + UUID.randomUUID();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final Duration PATIENCE = Duration.ofSeconds(90);
    private static final List<String> REGIONS = List.of("ap-southeast-1", "cn-north-4", "eu-west-101");
    /** The test's own record of each job's newest snapshot: project, region, and its FAILED and ALARM items. */
    private record Job(String project, String region, Map<String, String> failed, Map<String, String> alarm, boolean passed) {
    }

    private static final Map<String, Job> JOBS = new LinkedHashMap<>();
    private static final Map<String, String> PROJECT_REGION = new TreeMap<>();
    private static final Map<String, String> NAMES_BY_PROJECT = new TreeMap<>();
    private static Vertx vertx;
    private static SummaryInstances.Instance a;
    private static SummaryInstances.Instance b;
    private static int portA;
    private static int portB;

    @BeforeAll
    static void start() throws Exception {
        RegistryHarness registry = RegistryHarness.shared(KafkaFixture.bootstrapServers());
        Map<String, Object> serde = Map.of(RegistryClientConfig.URL, registry.url());
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", KafkaFixture.bootstrapServers()))) {
            TopicAdmin.ensure(admin, NAMES.applicationTopics(4, (short) 1));
        }
        produce(serde);
        vertx = Vertx.vertx();
        portA = TestSupport.freePort();
        portB = TestSupport.freePort();
        a = instance(serde, portA);
        b = instance(serde, portB);
        TestSupport.awaitTrue("both instances RUNNING", PATIENCE, () -> a.streams().state() == KafkaStreams.State.RUNNING
                && b.streams().state() == KafkaStreams.State.RUNNING);
        // Settled: both instances give the counts this test expects, item rankings and project regions included.
        int expectedJobs = JOBS.size();
        int binlogFailing = affected("FAILED", null).get("srcBinlogFormat").size();
        int paramAlarm = affected("ALARM", null).get("dbParamConsistency").size();
        TestSupport.awaitTrue("both instances show the whole fleet", PATIENCE, () -> List.of(portA, portB).stream().allMatch(port -> {
            HttpResponse<String> fleet = get(port, "/api/fleet");
            HttpResponse<String> failed = get(port, "/api/fleet/items?verdict=FAILED");
            HttpResponse<String> alarm = get(port, "/api/fleet/items?verdict=ALARM");
            HttpResponse<String> projects = get(port, "/api/projects");
            return fleet.statusCode() == 200 && failed.statusCode() == 200 && alarm.statusCode() == 200 && projects.statusCode() == 200
                    && new JsonObject(fleet.body()).getJsonObject("precheck").getInteger("jobs") == expectedJobs
                    && firstJobs(failed.body(), "failedJobs") == binlogFailing && firstJobs(alarm.body(), "alarmJobs") == paramAlarm
                    && new JsonObject(projects.body()).getJsonArray("projects").stream()
                            .filter(o -> ((JsonObject) o).getString("region") != null).count() == PROJECT_REGION.size();
        }));
    }

    @AfterAll
    static void stop() throws Exception {
        assertEquals(0, a.threadFailures() + b.threadFailures(), "no stream thread died");
        a.close();
        b.close();
        vertx.close().await(10, TimeUnit.SECONDS);
    }

    private static SummaryInstances.Instance instance(Map<String, Object> serde, int port) throws Exception {
        return SummaryInstances.start(vertx, serde, NAMES, port, SECRET, NAMES_BY_PROJECT);
    }

    /**
     * Each project has four jobs: srcBinlogFormat FAILED on jobs 0 and 1 in the first two regions (reason by
     * region), dbParamConsistency ALARM on job 2 everywhere, job 3 passes. Then one job is deleted, one moves
     * to a project of another region and passes there, and a snapshot is delivered twice.
     */
    private static void produce(Map<String, Object> serde) throws Exception {
        SpecificAvroSerializer<PrecheckResult> results = new SpecificAvroSerializer<>();
        results.configure(serde, false);
        Random random = new Random(7);
        Instant at = Instant.now().minusSeconds(600);
        List<ProducerRecord<String, byte[]>> records = new ArrayList<>();
        int n = 0;
        for (int r = 0; r < REGIONS.size(); r++) {
            for (int p = 0; p < 3; p++) {
                String project = UUID.randomUUID().toString().replace("-", "");
                PROJECT_REGION.put(project, REGIONS.get(r));
                NAMES_BY_PROJECT.put(project, "team-" + r + "-" + p);
                for (int j = 0; j < 4; j++) {
                    Map<String, String> failed = new TreeMap<>();
                    Map<String, String> alarm = new TreeMap<>();
                    if (j < 2 && r < 2) {
                        failed.put("srcBinlogFormat", "BINLOG_NOT_ROW_" + r);
                    }
                    if (j == 2) {
                        alarm.put("dbParamConsistency", "PARAM_DIFFERS");
                    }
                    String jobId = Scenario.jobId(random, n++);
                    Job job = new Job(project, REGIONS.get(r), failed, alarm, failed.isEmpty());
                    JOBS.put(jobId, job);
                    at = at.plusMillis(10);
                    records.add(record(results, jobId, snapshot(jobId, job, at)));
                }
            }
        }
        List<String> ids = new ArrayList<>(JOBS.keySet());
        String deleted = ids.get(0);
        JOBS.remove(deleted);
        records.add(new ProducerRecord<>(NAMES.precheckResults(), deleted, null));
        String moved = ids.get(1);
        String target = PROJECT_REGION.keySet().stream().filter(p -> PROJECT_REGION.get(p).equals(REGIONS.get(2))).findFirst().orElseThrow();
        Job movedJob = new Job(target, REGIONS.get(2), Map.of(), Map.of(), true);
        JOBS.put(moved, movedJob);
        records.add(record(results, moved, snapshot(moved, movedJob, at.plusSeconds(1))));
        records.add(records.get(5)); // a re-delivered snapshot changes nothing
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of("bootstrap.servers",
                KafkaFixture.bootstrapServers(), "acks", "all"), new StringSerializer(), new ByteArraySerializer())) {
            records.forEach(producer::send);
            producer.flush();
        }
    }

    private static PrecheckResult snapshot(String jobId, Job job, Instant at) {
        List<PrecheckItem> items = new ArrayList<>();
        items.add(PrecheckItem.newBuilder().setItem("srcDbConnection").setGroup("network").setVerdict(CheckResult.PASSED).build());
        job.failed().forEach((item, reason) -> items.add(PrecheckItem.newBuilder().setItem(item).setGroup("db_params")
                .setVerdict(CheckResult.FAILED).setFailedReason(reason).build()));
        job.alarm().forEach((item, reason) -> items.add(PrecheckItem.newBuilder().setItem(item).setGroup("db_params")
                .setVerdict(CheckResult.ALARM).setFailedReason(reason).build()));
        return PrecheckResult.newBuilder().setProjectId(job.project()).setJobId(jobId).setPrecheckId(jobId)
                .setPassed(job.passed()).setProcess("100%").setProcessPercent(100.0)
                .setTotalPassedRate(job.passed() ? "100%" : "66%").setTotalPassedRatePercent(job.passed() ? 100.0 : 66.0)
                .setJobDirection(JobDirection.UP).setJobDirectionRaw("up").setRegion(job.region()).setEngineType("mysql")
                .setItems(items).setOutcome(ObservationOutcome.OK).setComplete(true).setRunRequestedAt(at.minusSeconds(30))
                .setObservedAt(at).build();
    }

    private static ProducerRecord<String, byte[]> record(SpecificAvroSerializer<PrecheckResult> serializer, String jobId,
                                                        PrecheckResult r) {
        return new ProducerRecord<>(NAMES.precheckResults(), null, r.getObservedAt().toEpochMilli(), jobId,
                serializer.serialize(NAMES.precheckResults(), r));
    }

    private static HttpResponse<String> get(int port, String path) {
        HttpResponse<String> answer;
        try {
            answer = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (Exception e) {
            throw new AssertionError(e);
        }
        OpenApiContract.assertLiveAnswerFits(path, answer.statusCode(), answer.body());
        return answer;
    }

    private static JsonObject same(String path) {
        HttpResponse<String> fromA = get(portA, path);
        HttpResponse<String> fromB = get(portB, path);
        assertEquals(200, fromA.statusCode(), path + " -> " + fromA.body());
        assertEquals(new JsonObject(fromA.body()), new JsonObject(fromB.body()), "both instances answer " + path + " alike");
        return new JsonObject(fromA.body());
    }

    @Test
    void theTotalsAreTheSameFromBothInstancesAndCountEveryJobByRegion() {
        JsonObject fleet = same("/api/fleet");
        int failing = (int) JOBS.values().stream().filter(j -> !j.passed()).count();
        JsonObject precheck = fleet.getJsonObject("precheck");
        assertEquals(JOBS.size(), precheck.getInteger("jobs"));
        assertEquals(JOBS.size(), precheck.getInteger("finished"));
        assertEquals(failing, precheck.getInteger("failed"));
        assertEquals(JOBS.size() - failing, precheck.getInteger("passed"));
        assertEquals((double) (JOBS.size() - failing) / JOBS.size(), precheck.getDouble("passRate"), 1e-9);
        Map<String, Integer> byRegion = new TreeMap<>();
        JOBS.values().forEach(j -> byRegion.merge(j.region(), 1, Integer::sum));
        Map<String, Integer> answered = new TreeMap<>();
        fleet.getJsonArray("byRegion").forEach(o -> answered.put(((JsonObject) o).getString("region"),
                ((JsonObject) o).getJsonObject("precheck").getInteger("jobs")));
        assertEquals(byRegion, answered);
        JsonArray engines = fleet.getJsonArray("byEngine");
        assertEquals(1, engines.size());
        assertEquals("mysql", engines.getJsonObject(0).getString("engine"));
        assertEquals("UP", fleet.getJsonArray("byDirection").getJsonObject(0).getString("direction"));
    }

    @Test
    void itemsAreRankedByTheJobsTheyFailAcrossProjectsAndRegions() {
        for (String verdict : List.of("FAILED", "ALARM")) {
            for (String region : new ArrayList<>(Arrays.asList(null, REGIONS.get(0), REGIONS.get(2)))) {
                JsonObject answer = same("/api/fleet/items?verdict=" + verdict + (region == null ? "" : "&region=" + region));
                Map<String, List<Map.Entry<String, Job>>> expected = affected(verdict, region);
                assertEquals(expected.size(), answer.getInteger("itemsAffected"), verdict + " in " + region);
                for (Object o : answer.getJsonArray("items")) {
                    JsonObject item = (JsonObject) o;
                    List<Map.Entry<String, Job>> jobs = expected.get(item.getString("item"));
                    int count = verdict.equals("FAILED") ? item.getInteger("failedJobs") : item.getInteger("alarmJobs");
                    assertEquals(jobs.size(), count, item.encode());
                    assertEquals(jobs.stream().map(e -> e.getValue().project()).distinct().count(), (long) item.getInteger("projects"));
                    assertEquals(new TreeSet<>(jobs.stream().map(e -> e.getValue().region()).toList()),
                            new TreeSet<>(item.getJsonArray("regions").getList()));
                    Map<String, Integer> reasons = new TreeMap<>();
                    jobs.forEach(e -> reasons.merge(reason(e.getValue(), item.getString("item")), 1, Integer::sum));
                    Map<String, Integer> answeredReasons = new TreeMap<>();
                    item.getJsonArray("topReasons").forEach(r -> answeredReasons.put(((JsonObject) r).getString("failedReason"),
                            ((JsonObject) r).getInteger("jobs")));
                    assertEquals(reasons, answeredReasons);
                }
            }
        }
        JsonObject failed = same("/api/fleet/items?verdict=FAILED");
        assertEquals("srcBinlogFormat", failed.getJsonArray("items").getJsonObject(0).getString("item"));
    }

    @Test
    void anItemsAffectedJobsArePagedTheSameFromBothInstancesEachOnceInEveryRegionAndEach() {
        assertEquals(2, pagedOnce("FAILED", null) + pagedOnce("ALARM", null), "srcBinlogFormat FAILED and dbParamConsistency ALARM");
        for (String region : REGIONS) {
            assertTrue(pagedOnce("FAILED", region) + pagedOnce("ALARM", region) > 0, "an item with jobs in " + region);
        }
        assertEquals(404, get(portA, "/api/fleet/items/noSuchItem?verdict=FAILED").statusCode());
        assertEquals(400, get(portB, "/api/fleet/items/srcBinlogFormat?verdict=PASSED").statusCode());
        assertEquals(400, get(portB, "/api/fleet/items/srcBinlogFormat?cursor=bm90LWEtam9i").statusCode());
        assertEquals(400, get(portA, "/api/fleet/items?region=Bad%20Region").statusCode());
        assertEquals(400, get(portA, "/api/fleet/items/srcBinlogFormat?region=Bad%20Region").statusCode());
        // A region with none of the fleet's jobs: the item has no job there.
        assertEquals(404, get(portB, "/api/fleet/items/srcBinlogFormat?region=sa-brazil-1").statusCode());
    }

    /** Pages through every item's jobs in the verdict and region (null: every region); returns the items. */
    private int pagedOnce(String verdict, String region) {
        int items = 0;
        for (Map.Entry<String, List<Map.Entry<String, Job>>> item : affected(verdict, region).entrySet()) {
            items++;
            Map<String, JsonObject> seen = new TreeMap<>();
            String cursor = null;
            do {
                JsonObject page = same("/api/fleet/items/" + item.getKey() + "?verdict=" + verdict + "&limit=4"
                        + (region == null ? "" : "&region=" + region) + (cursor == null ? "" : "&cursor=" + cursor));
                assertEquals(region, page.getString("region"));
                for (Object o : page.getJsonArray("jobs")) {
                    JsonObject job = (JsonObject) o;
                    assertNull(seen.put(job.getString("jobId"), job), "each job once: " + job.getString("jobId"));
                }
                cursor = page.getString("nextCursor");
            } while (cursor != null);
            assertEquals(new TreeSet<>(item.getValue().stream().map(Map.Entry::getKey).toList()), seen.keySet());
            for (Map.Entry<String, Job> job : item.getValue()) {
                JsonObject row = seen.get(job.getKey());
                assertEquals(job.getValue().project(), row.getString("projectId"));
                assertEquals(job.getValue().region(), row.getString("region"));
                assertEquals(verdict, row.getString("verdict"));
                assertEquals(reason(job.getValue(), item.getKey()), row.getString("failedReason"));
            }
        }
        return items;
    }

    @Test
    void projectsCarryTheirRegionAndNameAndFilterByRegion() {
        for (String region : REGIONS) {
            JsonObject answer = same("/api/projects?region=" + region);
            Set<String> listed = new HashSet<>();
            for (Object o : answer.getJsonArray("projects")) {
                JsonObject project = (JsonObject) o;
                assertEquals(region, project.getString("region"));
                assertEquals(NAMES_BY_PROJECT.get(project.getString("projectId")), project.getString("name"));
                listed.add(project.getString("projectId"));
            }
            Set<String> expected = new HashSet<>();
            JOBS.values().stream().filter(j -> j.region().equals(region)).forEach(j -> expected.add(j.project()));
            assertEquals(expected, listed);
        }
    }

    /** The jobs of the first item of a ranking's answer, in the verdict's field; -1 without items. */
    private static int firstJobs(String ranking, String field) {
        JsonArray items = new JsonObject(ranking).getJsonArray("items");
        return items.isEmpty() ? -1 : items.getJsonObject(0).getInteger(field);
    }

    /** The jobs with some item in {@code verdict} (in {@code region}; null: any), by item. */
    private static Map<String, List<Map.Entry<String, Job>>> affected(String verdict, String region) {
        Map<String, List<Map.Entry<String, Job>>> items = new HashMap<>();
        for (Map.Entry<String, Job> e : JOBS.entrySet()) {
            if (region != null && !region.equals(e.getValue().region())) {
                continue;
            }
            Map<String, String> of = verdict.equals("FAILED") ? e.getValue().failed() : e.getValue().alarm();
            of.keySet().forEach(item -> items.computeIfAbsent(item, k -> new ArrayList<>()).add(e));
        }
        return items;
    }

    private static String reason(Job job, String item) {
        return job.failed().containsKey(item) ? job.failed().get(item) : job.alarm().get(item);
    }
}
