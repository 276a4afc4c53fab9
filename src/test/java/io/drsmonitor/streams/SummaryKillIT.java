package io.drsmonitor.streams;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.drsmonitor.avro.SpecificAvroSerializer;
import io.drsmonitor.kafka.KafkaFixture;
import io.drsmonitor.kafka.Topics;
import io.drsmonitor.model.CheckResult;
import io.drsmonitor.model.JobDirection;
import io.drsmonitor.model.ObservationOutcome;
import io.drsmonitor.model.PrecheckItem;
import io.drsmonitor.model.PrecheckResult;
import io.drsmonitor.model.ProjectPrecheckSummary;
import io.drsmonitor.registry.RegistryHarness;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * SIGKILL the summaries while they work through a pre-loaded backlog, start a new instance, and
 * compare every project's final summary with the one computed directly from the input: no snapshot
 * lost, none counted twice.
 */
@ExtendWith(KafkaFixture.class)
class SummaryKillIT {
    private static final Duration PATIENCE = Duration.ofSeconds(180);

    @Test
    void killedMidBacklogTheSummariesEndEqualToAnUninterruptedComputation() throws Exception {
        RegistryHarness registry = RegistryHarness.shared(KafkaFixture.bootstrapServers());
        Map<String, Object> serde = Map.of("schema.registry.url", registry.url());
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", KafkaFixture.bootstrapServers()))) {
            Topics.ensure(admin, Topics.applicationTopics(4, (short) 1));
        }
        String run = UUID.randomUUID().toString().substring(0, 8);
        int projects = 40;
        int jobs = 2_000;
        int records = 30_000;
        Map<String, PrecheckResult> latest = new HashMap<>();
        SpecificAvroSerializer<PrecheckResult> serializer = new SpecificAvroSerializer<>();
        serializer.configure(serde, false);
        Random random = new Random(11);
        Instant base = Instant.now().minus(Duration.ofHours(1));
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of("bootstrap.servers", KafkaFixture.bootstrapServers(),
                "acks", "all", "linger.ms", 10), new StringSerializer(), new ByteArraySerializer())) {
            for (int i = 0; i < records; i++) {
                int job = random.nextInt(jobs);
                String jobId = String.format("%08x-%04x-4000-8000-000000%03djb01", job, Math.abs(run.hashCode()) % 0xffff, job % 1000);
                String project = run + String.format("%024x", job % projects);
                double process = Math.min(100, 25 * (1 + random.nextInt(4)));
                boolean done = process >= 100;
                boolean fail = done && random.nextInt(4) == 0;
                PrecheckResult r = PrecheckResult.newBuilder().setProjectId(project).setJobId(jobId).setPrecheckId(jobId)
                        .setPassed(done ? !fail : Boolean.FALSE).setProcess((int) process + "%").setProcessPercent(process)
                        .setTotalPassedRate(fail ? "50%" : "100%").setTotalPassedRatePercent(fail ? 50.0 : 100.0)
                        .setJobDirection(job % 3 == 0 ? JobDirection.DOWN : JobDirection.UP)
                        .setItems(List.of(PrecheckItem.newBuilder().setItem("srcDbConnection").setGroup("network")
                                .setVerdict(fail ? CheckResult.FAILED : CheckResult.PASSED).build(),
                                PrecheckItem.newBuilder().setItem("srcBinlogFormatCheck").setGroup("db_params")
                                        .setVerdict(random.nextInt(5) == 0 ? CheckResult.ALARM : CheckResult.PASSED).build()))
                        .setOutcome(ObservationOutcome.OK).setComplete(done).setObservedAt(base.plusMillis(i)).build();
                latest.put(jobId, r);
                producer.send(new ProducerRecord<>(Topics.PRECHECK_RESULTS, null, r.getObservedAt().toEpochMilli(), jobId,
                        serializer.serialize(Topics.PRECHECK_RESULTS, r)));
            }
        }
        Map<String, ProjectPrecheckSummary> wanted = new HashMap<>();
        latest.values().stream().map(PrecheckResult::getProjectId).distinct().forEach(p -> {
            PrecheckAccumulator acc = PrecheckAccumulator.empty();
            for (PrecheckResult r : latest.values()) {
                if (r.getProjectId().equals(p)) {
                    acc = acc.with(PrecheckContribution.of(r), 1);
                }
            }
            wanted.put(p, acc.toSummary(p, SummarySettings.defaults().topFailingItems()));
        });

        Path dir = KafkaFixture.tempDir("summaries-killed");
        Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), SummaryProcessMain.class.getName(),
                KafkaFixture.bootstrapServers(), registry.url(), dir.resolve("state").toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("child.log").toFile()).start();
        try {
            long deadline = System.nanoTime() + PATIENCE.toNanos();
            // Kill once the summary topic shows some of this run's projects: mid-backlog.
            while (!Files.readString(dir.resolve("child.log")).contains("summaries started") || !someSummaries(run)) {
                assertTrue(System.nanoTime() < deadline, "the child never produced summaries");
                Thread.sleep(200);
            }
        } finally {
            child.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        }
        try (SummaryApp replacement = new SummaryApp(io.drsmonitor.TestSupport.fastFailover(KafkaFixture.bootstrapServers()), serde, SummarySettings.defaults(),
                dir.resolve("replacement"), (short) 1, 0, "127.0.0.1:1").start()) {
            long deadline = System.nanoTime() + PATIENCE.toNanos();
            Map<String, ProjectPrecheckSummary> actual = new HashMap<>();
            while (!matches(wanted, actual)) {
                assertTrue(System.nanoTime() < deadline, "summaries did not converge: " + differences(wanted, actual));
                Thread.sleep(500);
                if (replacement.streams().state() == KafkaStreams.State.RUNNING) {
                    try {
                        ReadOnlyKeyValueStore<String, ProjectPrecheckSummary> store = replacement.streams().store(
                                StoreQueryParameters.fromNameAndType(SummaryTopology.PRECHECK_SUMMARY_STORE,
                                        QueryableStoreTypes.<String, ProjectPrecheckSummary>keyValueStore()));
                        wanted.keySet().forEach(p -> {
                            ProjectPrecheckSummary s = store.get(p);
                            if (s != null) {
                                actual.put(p, s);
                            }
                        });
                    } catch (org.apache.kafka.streams.errors.InvalidStateStoreException rebalancing) {
                        actual.clear();
                    }
                }
            }
            System.out.printf("summaries SIGKILL: %d snapshots, %d jobs, %d projects; every project's summary equals the direct computation%n",
                    records, latest.size(), wanted.size());
            assertEquals(0, replacement.threadFailures());
        }
    }

    /** Whether the summary topic already holds a committed summary of this run's projects. */
    private static boolean someSummaries(String run) {
        try (org.apache.kafka.clients.consumer.KafkaConsumer<String, byte[]> consumer = new org.apache.kafka.clients.consumer.KafkaConsumer<>(
                Map.of("bootstrap.servers", KafkaFixture.bootstrapServers(), "group.id", "peek-" + UUID.randomUUID(),
                        "auto.offset.reset", "earliest", "isolation.level", "read_committed"),
                new org.apache.kafka.common.serialization.StringDeserializer(),
                new org.apache.kafka.common.serialization.ByteArrayDeserializer())) {
            consumer.subscribe(List.of(Topics.PROJECT_PRECHECK_SUMMARY));
            for (int polls = 0; polls < 10; polls++) {
                for (var record : consumer.poll(Duration.ofMillis(200))) {
                    if (record.key() != null && record.key().startsWith(run)) {
                        return true;
                    }
                }
            }
            return false;
        }
    }

    private static boolean matches(Map<String, ProjectPrecheckSummary> wanted, Map<String, ProjectPrecheckSummary> actual) {
        return wanted.keySet().stream().allMatch(p -> actual.containsKey(p) && same(wanted.get(p), actual.get(p)));
    }

    /** Equal but for updatedAt, which is the newest observation time and not recomputed here. */
    private static boolean same(ProjectPrecheckSummary a, ProjectPrecheckSummary b) {
        return ProjectPrecheckSummary.newBuilder(a).setUpdatedAt(Instant.EPOCH).build()
                .equals(ProjectPrecheckSummary.newBuilder(b).setUpdatedAt(Instant.EPOCH).build());
    }

    private static String differences(Map<String, ProjectPrecheckSummary> wanted, Map<String, ProjectPrecheckSummary> actual) {
        return wanted.keySet().stream().filter(p -> !actual.containsKey(p) || !same(wanted.get(p), actual.get(p))).limit(2)
                .map(p -> p + " wanted " + wanted.get(p) + " got " + actual.get(p)).toList().toString();
    }
}
