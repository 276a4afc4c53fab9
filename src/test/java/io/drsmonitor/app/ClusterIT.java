package io.drsmonitor.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.drsmonitor.TestSupport;
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
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.utils.Utils;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Three {@code run} processes of one deployment ({@code deployment.name=trio}) on the shared broker,
 * beside the standard deployment other tests use: they share the work, one is SIGKILLed mid-run, the
 * other two take over. Every job finishes, DRS starts each pre-check once (the simulator's count),
 * the survivors' query API answers throughout (a non-200 only briefly, always with Retry-After), and
 * the deployment's topics, groups and summaries are its own.
 */
@ExtendWith(KafkaFixture.class)
class ClusterIT {
    private static final String AK = "AKCLUSTERINTEGRATION";
    private static final String SK = "sk-cluster-integration-0123456789abcd";
    private static final TopicNames TRIO = new TopicNames("trio");
    private static final Duration PATIENCE = Duration.ofSeconds(150);
    /** {@code topics.partitions} of the trio deployment: one partition per instance. */
    private static final int PARTITIONS = 3;
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    /** One answer of a survivor's query API, as the poller saw it. */
    private record Answer(String url, long atNanos, int status, boolean retryAfter) {
    }

    @Test
    void threeInstancesShareTheWorkAndTwoFinishItAfterOneIsKilled() throws Exception {
        Path jar = Path.of("target", "drs-monitor.jar");
        assertTrue(Files.isRegularFile(jar), "the IT runs the packaged jar, as users do");
        Random random = new Random(11);
        List<JobSpec> jobs = new ArrayList<>();
        List<String> projectIds = projectsOnEveryPartition(3, PARTITIONS);
        for (int p = 0; p < projectIds.size(); p++) {
            String project = projectIds.get(p);
            for (int j = 0; j < 3; j++) {
                jobs.add(JobSpec.of(project, Scenario.jobId(random, p * 10 + j), JobSpec.Engine.MYSQL, false)
                        .withTimes(4 + random.nextInt(8), 3).withRegion("ap-southeast-1"));
            }
        }
        Set<String> projects = jobs.stream().map(JobSpec::projectId).collect(Collectors.toSet());
        Vertx vertx = Vertx.vertx();
        Path dir = KafkaFixture.tempDir("cluster");
        List<Process> instances = new ArrayList<>();
        try {
            DrsSimulator simulator = DrsSimulator.start(vertx, DrsSimulator.Settings.local(0, null, 9)
                    .withAkSk(new ApigSignatureCheck.Credentials(AK, SK, null)), new Scenario(jobs)).await(10, TimeUnit.SECONDS);
            Map<String, String> settings = new HashMap<>(Map.of(Settings.DEPLOYMENT_NAME, TRIO.deployment(),
                    Settings.KAFKA_BOOTSTRAP, KafkaFixture.bootstrapServers(),
                    Settings.REGISTRY_URL, RegistryHarness.shared(KafkaFixture.bootstrapServers()).url(),
                    Settings.DRS_REGION, "ap-southeast-1", Settings.DRS_ENDPOINT, simulator.baseUrl() + "/ap-southeast-1",
                    Settings.DRS_AK, AK, Settings.DRS_SK, SK, Settings.POLL_MIN_MS, "500", Settings.POLL_MAX_MS, "2000"));
            settings.putAll(Map.of(Settings.STANDBY_REPLICAS, "1", Settings.QUERY_INTERNAL_SECRET, "cluster-it-secret",
                    "kafka.client.session.timeout.ms", "6000", "kafka.client.heartbeat.interval.ms", "1000",
                    Settings.TOPIC_PARTITIONS, String.valueOf(PARTITIONS)));
            List<String> bases = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                int port = TestSupport.freePort();
                Map<String, String> own = new HashMap<>(settings);
                own.put(Settings.QUERY_PORT, String.valueOf(port));
                own.put(Settings.DATA_DIR, dir.resolve("instance-" + i).toString());
                Path config = dir.resolve("instance-" + i + ".properties");
                Files.writeString(config, own.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining("\n")));
                instances.add(new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx384m",
                        "-jar", jar.toString(), "run", "--config", config.toString())
                        .redirectErrorStream(true).redirectOutput(dir.resolve("instance-" + i + ".log").toFile()).start());
                bases.add("http://127.0.0.1:" + port);
            }
            for (String base : bases) {
                TestSupport.awaitTrue(base + " is ready", PATIENCE, () -> status(base + "/health/ready") == 200);
            }

            // Submitted as users do, to the deployment's own job-events topic.
            Map<String, String> cli = new HashMap<>(settings);
            cli.put(Settings.QUERY_PORT, "1");
            for (JobSpec job : jobs) {
                Cli.run(cli, "submit", "--project", job.projectId(), "--job", job.jobId(), "--region", "ap-southeast-1");
            }
            TestSupport.awaitTrue("every instance tracks some of the jobs", PATIENCE,
                    () -> bases.stream().allMatch(base -> metric(base, "drs_collector_jobs_tracked") > 0));

            // The survivors' query API, polled for every project from now until the end.
            List<String> survivors = List.of(bases.get(0), bases.get(2));
            List<Answer> answers = new CopyOnWriteArrayList<>();
            AtomicBoolean polling = new AtomicBoolean(true);
            Thread poller = new Thread(() -> {
                while (polling.get()) {
                    for (String base : survivors) {
                        for (String project : projects) {
                            answers.add(answer(base + "/api/projects/" + project + "/precheck"));
                        }
                    }
                }
            }, "cluster-it-poller");
            TestSupport.awaitTrue("some pre-checks are complete, not all", PATIENCE, () -> finished(bases.get(0), jobs) >= 3);
            TestSupport.awaitTrue("every project has a summary, read through each survivor", PATIENCE, () -> survivors.stream()
                    .allMatch(base -> projects.stream().allMatch(p -> status(base + "/api/projects/" + p + "/precheck") == 200)));
            int finishedAtKill = finished(bases.get(0), jobs);
            poller.start();
            Process killed = instances.get(1);
            long killedAt = System.nanoTime();
            killed.destroyForcibly(); // SIGKILL: no goodbye to the group, nothing flushed
            assertTrue(killed.waitFor(30, TimeUnit.SECONDS));

            TestSupport.awaitTrue("every job finished on the survivors", PATIENCE, () -> finished(bases.get(0), jobs) == jobs.size());
            polling.set(false);
            poller.join(10_000);
            double tookOver = (System.nanoTime() - killedAt) / 1e9;

            for (JobSpec job : jobs) {
                assertEquals(1, simulator.precheckStarts(job.jobId()), "DRS started the pre-check of " + job.jobId() + " once");
            }
            // Query availability on the survivors: per project and survivor, the longest time from a first
            // non-200 answer to the next 200 (the gap a client retrying would see); Retry-After on each 503.
            assertFalse(answers.isEmpty());
            long longestGap = 0;
            Map<String, Long> gapStart = new HashMap<>();
            int failures = 0;
            for (Answer answer : answers) {
                if (answer.status() == 200) {
                    Long start = gapStart.remove(answer.url());
                    if (start != null) {
                        longestGap = Math.max(longestGap, answer.atNanos() - start);
                    }
                } else {
                    failures++;
                    assertTrue(answer.status() == 503 && answer.retryAfter(), "only 503 with Retry-After while it moves: " + answer);
                    gapStart.putIfAbsent(answer.url(), answer.atNanos());
                }
            }
            assertEquals(Map.of(), gapStart, "every read answered 200 again by the end");
            String figures = String.format("ClusterIT: %d jobs in %d projects on 3 instances; %d finished when instance 1 was"
                            + " SIGKILLed; all finished %.1f s after; survivors answered %d of %d project reads with 200 (the rest 503 with"
                            + " Retry-After); longest"
                            + " gap of one project on one survivor %.2f s; pre-check starts per job: 1", jobs.size(), projects.size(), finishedAtKill,
                    tookOver, answers.size() - failures, answers.size(), longestGap / 1e9);
            System.out.println(figures);
            Files.writeString(Path.of("target", "cluster-it.txt"), figures + "\n");
            // The gap is a figure (BENCHMARKS.md), not a pass/fail bound: what is asserted is that every read
            // was a 200 or a 503 with Retry-After, and that every read recovered.

            // One deployment's world: its topics and groups carry its name; its summaries hold its projects only.
            try (Admin admin = Admin.create(Map.of("bootstrap.servers", KafkaFixture.bootstrapServers()))) {
                Set<String> topics = admin.listTopics().names().get();
                assertTrue(topics.containsAll(List.of(TRIO.jobEvents(), TRIO.precheckResults(), TRIO.alerts(),
                        TRIO.projectPrecheckSummary())), topics.toString());
                Set<String> groups = admin.listConsumerGroups().all().get().stream().map(g -> g.groupId()).collect(Collectors.toSet());
                assertTrue(groups.containsAll(List.of("trio-monitor-collector", "trio-monitor-summaries", "trio-monitor-alerts-firing")),
                        groups.toString());
            }
            // Listing every project asks every instance the group still names: right after the failover that may
            // include the killed one until its members expire, and the answer is then a 503 with Retry-After.
            AtomicReference<JsonObject> projectList = new AtomicReference<>();
            TestSupport.awaitTrue("the project list answers 200 once the group settled", PATIENCE,
                    () -> projectList.updateAndGet(found -> found != null ? found : json(bases.get(2) + "/api/projects")) != null);
            JsonObject listed = projectList.get();
            assertEquals(projects, listed.getJsonArray("projects").stream().map(p -> ((JsonObject) p).getString("projectId"))
                    .collect(Collectors.toSet()), "the trio deployment summarises its own projects, none of the standard one's");
        } finally {
            for (Process instance : instances) {
                instance.destroy();
            }
            for (Process instance : instances) {
                if (!instance.waitFor(30, TimeUnit.SECONDS)) {
                    instance.destroyForcibly();
                }
            }
            vertx.close().await(10, TimeUnit.SECONDS);
        }
    }

    /**
     * Fresh project ids, {@code perPartition} for each partition of the by-project topic, so that every
     * instance owns some work whatever partitions it is given. Random ids would leave a partition empty
     * in about one run of twelve (nine projects over three partitions), and its owner idle.
     */
    private static List<String> projectsOnEveryPartition(int perPartition, int partitions) {
        Map<Integer, List<String>> byPartition = new HashMap<>();
        while (byPartition.values().stream().mapToInt(List::size).sum() < perPartition * partitions) {
            String project = "trio" + UUID.randomUUID().toString().replace("-", "").substring(0, 24);
            // Kafka's default partitioner for a keyed record: murmur2 of the key bytes, made positive, modulo partitions.
            int partition = Utils.toPositive(Utils.murmur2(project.getBytes(StandardCharsets.UTF_8))) % partitions;
            List<String> bucket = byPartition.computeIfAbsent(partition, k -> new ArrayList<>());
            if (bucket.size() < perPartition) {
                bucket.add(project);
            }
        }
        return byPartition.values().stream().flatMap(List::stream).toList();
    }

    /** Jobs whose pre-check is complete, as the cluster's query API reports them. */
    private static int finished(String base, List<JobSpec> jobs) {
        int done = 0;
        for (JobSpec job : jobs) {
            JsonObject view = json(base + "/api/jobs/" + job.jobId());
            if (view != null && view.getJsonObject("precheck") != null && Boolean.TRUE.equals(view.getJsonObject("precheck").getBoolean("complete"))) {
                done++;
            }
        }
        return done;
    }

    private static Answer answer(String url) {
        try {
            HttpResponse<Void> response = HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5)).build(),
                    HttpResponse.BodyHandlers.discarding());
            return new Answer(url, System.nanoTime(), response.statusCode(), response.headers().firstValue("Retry-After").isPresent());
        } catch (Exception e) {
            return new Answer(url, System.nanoTime(), -1, false);
        }
    }

    private static int status(String url) {
        return answer(url).status();
    }

    private static JsonObject json(String url) {
        try {
            HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5)).build(),
                    HttpResponse.BodyHandlers.ofString());
            return response.statusCode() == 200 ? new JsonObject(response.body()) : null;
        } catch (Exception e) {
            return null;
        }
    }

    private static double metric(String base, String name) {
        try {
            return TestSupport.metricSum(HTTP.send(HttpRequest.newBuilder(URI.create(base + "/metrics")).build(),
                    HttpResponse.BodyHandlers.ofString()).body(), name);
        } catch (Exception e) {
            return 0;
        }
    }
}
