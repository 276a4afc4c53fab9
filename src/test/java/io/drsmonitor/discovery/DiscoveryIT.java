package io.drsmonitor.discovery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.drsmonitor.TestSupport;
import io.drsmonitor.app.AppConfig;
import io.drsmonitor.app.Application;
import io.drsmonitor.app.Settings;
import io.drsmonitor.avro.SpecificAvroDeserializer;
import io.drsmonitor.kafka.KafkaFixture;
import io.drsmonitor.kafka.TopicNames;
import io.drsmonitor.model.JobEvent;
import io.drsmonitor.registry.RegistryHarness;
import io.drsmonitor.simulator.ApigSignatureCheck;
import io.drsmonitor.simulator.DrsSimulator;
import io.drsmonitor.simulator.JobSpec;
import io.drsmonitor.simulator.JobStep;
import io.drsmonitor.simulator.Scenario;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Point it at two projects in two regions and submit nothing: {@code run} discovers 30 jobs from the job list of an
 * AK/SK-checking DRS (the simulator, as a real endpoint), follows the pre-checks started in the console, the DR jobs to
 * the end of their initialization and the jobs that leave; every job is listed with its name by the query API, while a
 * third project, in a region whose DRS does not answer, fails on its own. Then
 * discovery restarts (the whole process, the same state) while jobs keep moving: counted on {@code drs.job-events},
 * no lifecycle event is published twice, and the ones of the downtime are published once.
 */
@ExtendWith(KafkaFixture.class)
class DiscoveryIT {
    private static final String AK = "AKDISCOVERYIT0000001";
    private static final String SK = "sk-discovery-integration-0123456789abcdef";
    private static final Duration PATIENCE = Duration.ofSeconds(60);
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final String AP = "ap-southeast-1";
    private static final String EU = "eu-west-101";
    private static final String DOWN = "ap-southeast-3";

    @Test
    void discoveredJobsAreFollowedListedByNameAndARestartRepublishesNothing() throws Exception {
        Random random = new Random();
        String apProject = UUID.randomUUID().toString().replace("-", "");
        String euProject = UUID.randomUUID().toString().replace("-", "");
        List<JobSpec> jobs = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            boolean eu = i % 2 == 1;
            boolean dr = i % 3 == 0;
            // Every job's pre-check is started in the console a second after it shows; DR jobs then initialize.
            List<JobStep> steps = new ArrayList<>(List.of(JobStep.of(1, JobStep.CONSOLE_PRECHECK)));
            if (dr) {
                steps.add(JobStep.status(8, "FULL_TRANSFER_STARTED"));
                steps.add(JobStep.status(15, "INCRE_TRANSFER_STARTED"));
            }
            jobs.add(JobSpec.of(eu ? euProject : apProject, Scenario.jobId(random, i), i % 5 == 4 ? JobSpec.Engine.DDS : JobSpec.Engine.MYSQL, dr)
                    .withName((dr ? "dr-" : "migrate-") + (eu ? "eu-" : "ap-") + i).withRegion(eu ? EU : AP).withTimes(2, 4)
                    .withChances(0, 0).withSteps(steps));
        }
        JobSpec deleted = jobs.get(2).withSteps(List.of(JobStep.of(1, JobStep.CONSOLE_PRECHECK), JobStep.status(12, "DELETED")));
        JobSpec gone = jobs.get(7).withSteps(List.of(JobStep.of(1, JobStep.CONSOLE_PRECHECK), JobStep.of(12, JobStep.GONE)));
        jobs.set(2, deleted);
        jobs.set(7, gone);
        // Started in the console while discovery is down: its JOB_STARTED comes after the restart, once.
        JobSpec startedLater = jobs.get(4).withSteps(List.of(JobStep.of(1, JobStep.CONSOLE_PRECHECK)));
        jobs.set(4, startedLater);

        Vertx vertx = Vertx.vertx();
        try {
            DrsSimulator simulator = DrsSimulator.start(vertx, DrsSimulator.Settings.local(0, null, 11)
                    .withAkSk(new ApigSignatureCheck.Credentials(AK, SK, null)), Scenario.empty()).await(10, TimeUnit.SECONDS);
            RegistryHarness registry = RegistryHarness.shared(KafkaFixture.bootstrapServers());
            String deployment = "disc" + Long.toString(Math.abs(random.nextLong()), 36).substring(0, 6).toLowerCase(Locale.ROOT);
            Map<String, String> settings = new HashMap<>(Map.of(Settings.KAFKA_BOOTSTRAP, KafkaFixture.bootstrapServers(),
                    Settings.REGISTRY_URL, registry.url(), Settings.DATA_DIR, KafkaFixture.tempDir("discovery-it").toString(),
                    Settings.DEPLOYMENT_NAME, deployment, Settings.POLL_MIN_MS, "300", Settings.POLL_MAX_MS, "1000",
                    Settings.DRS_REGION, AP, Settings.DRS_ENDPOINT, simulator.baseUrl() + "/" + AP,
                    Settings.DRS_REGION_ENDPOINTS, EU + "=" + simulator.baseUrl() + "/" + EU, Settings.DRS_AK, AK));
            // A third project in a region whose DRS does not answer: its rounds fail, the others' go on.
            String unreachable = "http://127.0.0.1:" + TestSupport.freePort();
            settings.put(Settings.DRS_REGION_ENDPOINTS, EU + "=" + simulator.baseUrl() + "/" + EU + "," + DOWN + "=" + unreachable);
            settings.putAll(Map.of(Settings.DRS_SK, SK, Settings.DISCOVERY_PROJECTS, AP + ":" + apProject + "," + EU + ":" + euProject
                            + "," + DOWN + ":" + UUID.randomUUID().toString().replace("-", ""),
                    Settings.DISCOVERY_INTERVAL_SECONDS, "3", Settings.DISCOVERY_STATUS_INTERVAL_SECONDS, "1",
                    Settings.DISCOVERY_PAGE_SIZE, "4", Settings.DISCOVERY_PRECHECK_POLL_MINUTES, "0.02"));
            settings.put(Settings.QUERY_PORT, String.valueOf(TestSupport.freePort()));
            TopicNames names = new TopicNames(deployment);
            Set<String> everListed = new HashSet<>();

            try (Application app = Application.start(AppConfig.of(settings))) {
                // The jobs are created now: their steps play out while discovery watches.
                jobs.forEach(simulator::addJob);
                String base = "http://127.0.0.1:" + app.queryPort();
                List<JobSpec> staying = jobs.stream().filter(j -> j != deleted && j != gone).toList();
                TestSupport.awaitTrue("every job listed with its name, its pre-check passed, DR initializations done, two jobs gone",
                        PATIENCE, () -> {
                            Map<String, JsonObject> rows = rows(base, apProject);
                            rows.putAll(rows(base, euProject));
                            everListed.addAll(rows.keySet());
                            return staying.stream().allMatch(job -> finished(rows.get(job.jobId()), job))
                                    && !rows.containsKey(deleted.jobId()) && !rows.containsKey(gone.jobId())
                                    && everListed.contains(deleted.jobId()) && everListed.contains(gone.jobId());
                        });
                Map<String, JsonObject> rows = rows(base, apProject);
                rows.putAll(rows(base, euProject));
                for (JobSpec job : staying) {
                    JsonObject row = rows.get(job.jobId());
                    assertEquals(job.name(), row.getString("name"), "the name DRS lists, in the job row");
                    assertEquals(job.region(), row.getString("region"));
                    assertEquals(job.dr() ? "DR" : "MIGRATION", row.getString("jobType"));
                }
                Files.writeString(Path.of("target", "discovery-it.txt"), jobRows(rows));
                JsonObject health = new JsonObject(HTTP.send(HttpRequest.newBuilder(URI.create(base + "/health")).build(),
                        HttpResponse.BodyHandlers.ofString()).body());
                assertEquals("UP", health.getJsonObject("parts").getString("discovery"), "discovery runs, one region's listings failing");
                String scrape = HTTP.send(HttpRequest.newBuilder(URI.create(base + "/metrics")).build(), HttpResponse.BodyHandlers.ofString()).body();
                assertTrue(TestSupport.metricSum(scrape, "drs_discovery_failures_total{call=\"list\",region=\"" + DOWN + "\"}") > 0,
                        "the unreachable region's listings failed, counted");
                assertEquals(0, TestSupport.metricSum(scrape, "drs_discovery_failures_total{call=\"list\",region=\"" + AP + "\"}"));
            }
            Map<String, Integer> before = eventCounts(names, registry);
            for (JobSpec job : jobs) {
                // Observe mode is read-only: DRS started each pre-check once, the console's.
                assertEquals(1, simulator.precheckStarts(job.jobId()), "pre-checks of " + job.name());
            }

            // While discovery is down, a migration job is started in the console.
            simulator.setJobStatus(startedLater.jobId(), "INCRE_TRANSFER_STARTED");
            long listingsBefore = simulator.stats().calls(DrsSimulator.LIST_JOBS);
            settings.put(Settings.QUERY_PORT, String.valueOf(TestSupport.freePort()));
            try (Application app = Application.start(AppConfig.of(settings))) {
                TestSupport.awaitTrue("the restarted discovery publishes the start it missed", PATIENCE,
                        () -> eventCounts(names, registry).containsKey(eventId(startedLater, apProject, euProject, "JOB_STARTED")));
                // Two more complete listings of both projects: each would publish again what it did not remember.
                TestSupport.awaitTrue("two more listings of every scenario of both projects", PATIENCE,
                        () -> simulator.stats().calls(DrsSimulator.LIST_JOBS) >= listingsBefore + 2 * 2 * 3 * 2);
                assertTrue(app.queryPort() > 0);
            }
            Map<String, Integer> after = eventCounts(names, registry);
            Map<String, Integer> twice = after.entrySet().stream().filter(e -> e.getValue() > 1)
                    .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
            assertEquals(Map.of(), twice, "lifecycle events published more than once");
            Set<String> added = new HashSet<>(after.keySet());
            added.removeAll(before.keySet());
            assertEquals(Set.of(eventId(startedLater, apProject, euProject, "JOB_STARTED")), added, "the restart published only what changed");
            // The oracle: what each job went through, written from the scenario.
            for (JobSpec job : jobs) {
                List<String> expected = new ArrayList<>(List.of("JOB_CREATED", "PRECHECK_STARTED/1"));
                if (job.dr() && job != deleted && job != gone) {
                    expected.add("DR_INIT_STARTED");
                }
                if (job == startedLater) {
                    expected.add("JOB_STARTED");
                }
                if (job == deleted || job == gone) {
                    expected.add("JOB_DELETED");
                }
                for (String key : expected) {
                    assertEquals(1, after.getOrDefault(eventId(job, apProject, euProject, key), 0), job.name() + " " + key);
                }
                assertEquals(expected.size(), after.keySet().stream().filter(id -> id.contains("/" + job.jobId() + "/")).count(),
                        job.name() + ": " + expected);
            }
            Files.writeString(Path.of("target", "discovery-it.txt"), "\nDRS calls: ShowJobList " + simulator.stats().calls(DrsSimulator.LIST_JOBS)
                    + " (ap " + simulator.stats().calls(DrsSimulator.LIST_JOBS, apProject) + ", eu "
                    + simulator.stats().calls(DrsSimulator.LIST_JOBS, euProject) + "), batch-status "
                    + simulator.stats().calls(DrsSimulator.BATCH_STATUS) + " carrying " + simulator.stats().jobs(DrsSimulator.BATCH_STATUS)
                    + " job ids, batch-precheck-result " + simulator.stats().calls(DrsSimulator.PRECHECK_RESULT) + ", batch-struct-process "
                    + simulator.stats().calls(DrsSimulator.STRUCT_PROCESS) + ", batch-precheck " + simulator.stats().calls(DrsSimulator.PRECHECK)
                    + "; lifecycle events " + after.size() + "\n", StandardOpenOption.APPEND);
        } finally {
            vertx.close().await(10, TimeUnit.SECONDS);
        }
    }

    /** A job's row once its pre-check has passed and, for a DR job, its initialization is done. */
    private static boolean finished(JsonObject row, JobSpec job) {
        if (row == null || row.getJsonObject("precheck") == null || !"PASSED".equals(row.getJsonObject("precheck").getString("state"))) {
            return false;
        }
        return !job.dr() || row.getJsonObject("drInit") != null && "DONE".equals(row.getJsonObject("drInit").getString("state"));
    }

    private static String eventId(JobSpec job, String apProject, String euProject, String key) {
        return "discovery/" + job.region() + ":" + (AP.equals(job.region()) ? apProject : euProject) + "/" + job.jobId() + "/" + key;
    }

    /** Every event id on the deployment's job-events topic, with how many records carry it. */
    private static Map<String, Integer> eventCounts(TopicNames names, RegistryHarness registry) {
        SpecificAvroDeserializer<JobEvent> deserializer = new SpecificAvroDeserializer<>(JobEvent.class);
        deserializer.configure(Map.of("schema.registry.url", registry.url()), false);
        Map<String, Integer> counts = new TreeMap<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(Map.of("bootstrap.servers", KafkaFixture.bootstrapServers(),
                "isolation.level", "read_committed"), new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(names.jobEvents()).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
            while (partitions.stream().anyMatch(p -> consumer.position(p) < ends.get(p))) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    counts.merge(deserializer.deserialize(record.topic(), record.value()).getEventId(), 1, Integer::sum);
                }
            }
        }
        return counts;
    }

    /** The project's job rows by job id. */
    private static Map<String, JsonObject> rows(String base, String project) {
        Map<String, JsonObject> rows = new HashMap<>();
        JsonObject page = get(base + "/api/projects/" + project + "/jobs?limit=500");
        if (page != null) {
            for (Object row : page.getJsonArray("jobs", new JsonArray())) {
                rows.put(((JsonObject) row).getString("jobId"), (JsonObject) row);
            }
        }
        return rows;
    }

    private static String jobRows(Map<String, JsonObject> rows) {
        StringBuilder table = new StringBuilder("| project | region | job | name | type | pre-check | DR init |\n|---|---|---|---|---|---|---|\n");
        rows.values().stream().sorted((a, b) -> (a.getString("region") + a.getString("name")).compareTo(b.getString("region") + b.getString("name")))
                .forEach(row -> table.append("| ").append(row.getString("projectId").substring(0, 8)).append("… | ").append(row.getString("region"))
                        .append(" | ").append(row.getString("jobId")).append(" | ").append(row.getString("name")).append(" | ")
                        .append(row.getString("jobType")).append(" | ").append(row.getJsonObject("precheck").getString("state")).append(" ")
                        .append(row.getJsonObject("precheck").getValue("passedRate")).append(" | ")
                        .append(row.getJsonObject("drInit") == null ? "-" : row.getJsonObject("drInit").getString("state")).append(" |\n"));
        return table.toString();
    }

    private static JsonObject get(String url) {
        try {
            HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
            return response.statusCode() == 200 ? new JsonObject(response.body()) : null;
        } catch (Exception e) {
            return null;
        }
    }
}
