package io.drsmonitor.streams;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.drsmonitor.TestSupport;
import io.drsmonitor.avro.SpecificAvroDeserializer;
import io.drsmonitor.avro.SpecificAvroSerializer;
import io.drsmonitor.streams.fleet.FleetViewApp;
import io.drsmonitor.kafka.KafkaFixture;
import io.drsmonitor.kafka.TopicAdmin;
import io.drsmonitor.kafka.TopicNames;
import io.drsmonitor.model.FleetItem;
import io.drsmonitor.model.FleetSlice;
import io.drsmonitor.model.PrecheckResult;
import io.drsmonitor.model.PrecheckRun;
import io.drsmonitor.model.ProjectDrInitSummary;
import io.drsmonitor.model.ProjectPrecheckSummary;
import org.apache.avro.specific.SpecificRecord;
import io.drsmonitor.registry.RegistryHarness;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.TreeMap;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import io.drsmonitor.model.StructProcess;
import io.drsmonitor.streams.state.PrecheckJobState;
import java.util.Objects;
import java.util.Random;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.streams.errors.InvalidStateStoreException;

/**
 * SIGKILL the summaries while they work through a pre-loaded backlog, start a new instance, and
 * compare every project's final pre-check and DR summary with {@link SummaryOracle}'s (and the fleet's
 * items and slices with {@link FleetOracle}'s), computed from
 * the input (duplicates, late snapshots, tombstones, moves, API failures): nothing lost, nothing
 * counted twice.
 */
@ExtendWith(KafkaFixture.class)
class SummaryKillIT {
    /** Its own topics: the fleet view sums every project of a deployment, and other tests share the broker. */
    private static final TopicNames NAMES = new TopicNames("killit");
    private static final Duration PATIENCE = Duration.ofSeconds(180);
    /** Stalls are not in the oracle: the snapshots are hours old, so no DR job may count as stalled. */
    static final SummarySettings SETTINGS = new SummarySettings(Duration.ofDays(365), Duration.ofMinutes(1), 10, 200,
            Duration.ofDays(30));

    @Test
    void killedMidBacklogTheSummariesEndEqualToAnUninterruptedComputation() throws Exception {
        RegistryHarness registry = RegistryHarness.shared(KafkaFixture.bootstrapServers());
        Map<String, Object> serde = Map.of("schema.registry.url", registry.url());
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", KafkaFixture.bootstrapServers()))) {
            TopicAdmin.ensure(admin, NAMES.applicationTopics(4, (short) 1));
        }
        // A failed run prints its prefix in every project id: -Dkillit.run=<prefix> replays its jobs' partitioning.
        String run = System.getProperty("killit.run", UUID.randomUUID().toString().replace("-", "").substring(0, 16));
        int records = 30_000;
        List<SnapshotScenario.Event> events = SnapshotScenario.generate(11, run, 2_000, 40, records);
        SummaryOracle oracle = new SummaryOracle();
        RunsOracle runsOracle = new RunsOracle();
        FleetOracle fleetOracle = new FleetOracle();
        Map<String, String> groups = new TreeMap<>();
        SpecificAvroSerializer<SpecificRecord> serializer = new SpecificAvroSerializer<>();
        serializer.configure(serde, false);
        List<Future<RecordMetadata>> sent = new ArrayList<>();
        // Idempotent and in order per job, as the collector's transactional producer delivers them.
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of("bootstrap.servers", KafkaFixture.bootstrapServers(),
                "acks", "all", "linger.ms", 10, "enable.idempotence", true), new StringSerializer(), new ByteArraySerializer())) {
            for (SnapshotScenario.Event e : events) {
                boolean precheck = e.topic().equals(TopicNames.PRECHECK_RESULTS);
                String topic = precheck ? NAMES.precheckResults() : NAMES.drStructProcess();
                sent.add(producer.send(new ProducerRecord<>(topic, e.jobId(), e.value() == null ? null : serializer.serialize(topic, e.value()))));
                if (precheck) {
                    oracle.precheck(e.jobId(), (PrecheckResult) e.value());
                    runsOracle.precheck(e.jobId(), (PrecheckResult) e.value());
                    fleetOracle.precheck(e.jobId(), (PrecheckResult) e.value());
                    if (e.value() != null) {
                        ((PrecheckResult) e.value()).getItems().forEach(i -> groups.putIfAbsent(i.getItem(), i.getGroup()));
                    }
                } else {
                    oracle.dr(e.jobId(), (StructProcess) e.value());
                    runsOracle.dr(e.jobId(), (StructProcess) e.value());
                    fleetOracle.dr(e.jobId(), (StructProcess) e.value());
                }
            }
            // The oracles saw every snapshot: so must Kafka have.
            for (Future<RecordMetadata> send : sent) {
                send.get(60, TimeUnit.SECONDS);
            }
        }
        Map<String, Object> wanted = new HashMap<>();
        for (String p : oracle.projects()) {
            wanted.put("precheck/" + p, oracle.precheckSummary(p, SETTINGS.topFailingItems(), runsOracle::timeToPassSeconds));
            wanted.put("dr/" + p, oracle.drSummary(p));
        }

        Path dir = KafkaFixture.tempDir("summaries-killed");
        // One kill by default; -Dkillit.kills=N kills N children in turn, the later ones 11-25 s after they start (a
        // child reads nothing until the transaction its killed predecessor left open times out, after 10 s).
        int kills = Integer.getInteger("killit.kills", 1);
        Random killAt = new Random();
        for (int k = 0; k < kills; k++) {
            Path log = dir.resolve("child-" + k + ".log");
            Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-cp", System.getProperty("java.class.path"), SummaryProcessMain.class.getName(),
                    KafkaFixture.bootstrapServers(), registry.url(), dir.resolve("state-" + k).toString(), NAMES.deployment())
                    .redirectErrorStream(true).redirectOutput(log.toFile()).start();
            try {
                long deadline = System.nanoTime() + PATIENCE.toNanos();
                // The first is killed once the summary topic shows some of this run's projects: mid-backlog.
                while (!Files.readString(log).contains("summaries started") || k == 0 && !someSummaries(run)) {
                    assertTrue(System.nanoTime() < deadline, "the child never produced summaries");
                    Thread.sleep(200);
                }
                if (k > 0) {
                    Thread.sleep(11_000 + killAt.nextInt(14_000));
                }
            } finally {
                child.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
            }
        }
        StreamsEnvironment env = StreamsEnvironment.of(TestSupport.fastFailover(KafkaFixture.bootstrapServers()), serde,
                dir.resolve("replacement")).withNames(NAMES);
        try (StreamsRunner replacement = SummaryApp.create(env.withApplicationServer("127.0.0.1:1"), SETTINGS, SummaryListener.NONE).start();
             StreamsRunner fleetView = FleetViewApp.create(env).start()) {
            long deadline = System.nanoTime() + PATIENCE.toNanos();
            Map<String, Object> actual = new HashMap<>();
            while (!wanted.equals(actual)) {
                assertTrue(System.nanoTime() < deadline, "summaries did not converge: " + differences(wanted, actual)
                        + "; jobs whose time to pass differs from the oracle's: " + timeToPassDifferences(replacement, oracle, runsOracle)
                        + "; dead letters: " + RegistryOutageIT.deadLetters(NAMES));
                Thread.sleep(500);
                actual.clear();
                if (replacement.streams().state() == KafkaStreams.State.RUNNING) {
                    try {
                        ReadOnlyKeyValueStore<String, ProjectPrecheckSummary> prechecks = replacement.streams().store(
                                StoreQueryParameters.fromNameAndType(SummaryTopology.PRECHECK_SUMMARY_STORE,
                                        QueryableStoreTypes.<String, ProjectPrecheckSummary>keyValueStore()));
                        ReadOnlyKeyValueStore<String, ProjectDrInitSummary> drs = replacement.streams().store(
                                StoreQueryParameters.fromNameAndType(SummaryTopology.DR_SUMMARY_STORE,
                                        QueryableStoreTypes.<String, ProjectDrInitSummary>keyValueStore()));
                        for (String p : oracle.projects()) {
                            actual.put("precheck/" + p, SummaryOracle.withoutTime(prechecks.get(p)));
                            actual.put("dr/" + p, SummaryOracle.withoutTime(drs.get(p)));
                        }
                    } catch (InvalidStateStoreException rebalancing) {
                        actual.clear();
                    }
                }
            }
            long precheckProjects = wanted.entrySet().stream().filter(e -> e.getKey().startsWith("precheck/") && e.getValue() != null).count();
            long drProjects = wanted.entrySet().stream().filter(e -> e.getKey().startsWith("dr/") && e.getValue() != null).count();
            System.out.printf("summaries SIGKILL: %d snapshots (duplicates, late ones, tombstones, moves, API failures) of %d live"
                            + " pre-check and %d live DR jobs; %d pre-check and %d DR project summaries equal the oracle%n",
                    records, oracle.precheckJobs().size(), oracle.drJobs().size(), precheckProjects, drProjects);
            assertTrue(precheckProjects > 10 && drProjects > 10, "the scenario leaves summaries to compare");
            assertEquals(0, replacement.threadFailures());
            assertEquals(0, RegistryOutageIT.deadLetters(NAMES), "no snapshot was dead-lettered");
            // Finished runs went out exactly once each, with their diffs, across the kill.
            Map<String, List<RunsOracle.Run>> runs = committedRuns(run, runsOracle.published().values().stream().mapToInt(List::size).sum());
            assertEquals(runsOracle.published(), runs, "every finished run published once, in order");
            System.out.printf("summaries SIGKILL: %d finished runs on the runs topic equal the oracle%n",
                    runs.values().stream().mapToInt(List::size).sum());
            // The fleet the killed and the replacement summaries published, read back whole by a fleet view, equals its oracle.
            Map<String, Object> wantedFleet = new TreeMap<>();
            fleetOracle.items(groups).forEach((item, value) -> wantedFleet.put("item/" + item, value));
            fleetOracle.slices().forEach((slice, value) -> wantedFleet.put("slice/" + slice, value));
            Map<String, Object> fleet = new TreeMap<>();
            long fleetDeadline = System.nanoTime() + PATIENCE.toNanos();
            while (!wantedFleet.equals(fleet)) {
                assertTrue(System.nanoTime() < fleetDeadline, "the fleet did not converge: " + differences(wantedFleet, fleet));
                Thread.sleep(500);
                fleet.clear();
                try (KeyValueIterator<String, FleetItem> items = fleetView.streams().store(StoreQueryParameters.fromNameAndType(
                        FleetViewApp.ITEMS_STORE, QueryableStoreTypes.<String, FleetItem>keyValueStore())).all();
                     KeyValueIterator<String, FleetSlice> slices = fleetView.streams().store(StoreQueryParameters.fromNameAndType(
                        FleetViewApp.TOTALS_STORE, QueryableStoreTypes.<String, FleetSlice>keyValueStore())).all()) {
                    items.forEachRemaining(kv -> fleet.put("item/" + kv.key, FleetItem.newBuilder(kv.value).setUpdatedAt(Instant.EPOCH).build()));
                    slices.forEachRemaining(kv -> fleet.put("slice/" + kv.key, FleetSlice.newBuilder(kv.value).setUpdatedAt(Instant.EPOCH).build()));
                } catch (InvalidStateStoreException rebalancing) {
                    fleet.clear();
                }
            }
            System.out.printf("summaries SIGKILL: %d fleet items and %d fleet slices equal the oracle%n",
                    fleetOracle.items(groups).size(), fleetOracle.slices().size());
        }
    }

    /** The committed runs of this test's projects on the runs topic, by job, once {@code expected} of them are there (or the patience ends). */
    private static Map<String, List<RunsOracle.Run>> committedRuns(String run, int expected) throws Exception {
        SpecificAvroDeserializer<PrecheckRun> values = new SpecificAvroDeserializer<>(PrecheckRun.class);
        values.configure(Map.of("schema.registry.url", RegistryHarness.shared(KafkaFixture.bootstrapServers()).url()), false);
        Map<String, List<RunsOracle.Run>> byJob = new LinkedHashMap<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(
                Map.of("bootstrap.servers", KafkaFixture.bootstrapServers(), "group.id", "runs-" + UUID.randomUUID(),
                        "auto.offset.reset", "earliest", "isolation.level", "read_committed"),
                new StringDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(NAMES.precheckRuns()));
            long deadline = System.nanoTime() + PATIENCE.toNanos();
            int seen = 0;
            while (seen < expected && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                    PrecheckRun r = values.deserialize(record.topic(), record.value());
                    if (r.getProjectId().startsWith(run)) {
                        byJob.computeIfAbsent(record.key(), k -> new ArrayList<>()).add(RunsOracle.of(r));
                        seen++;
                    }
                }
            }
        }
        return byJob;
    }

    /** Whether the summary topic already holds a committed summary of this run's projects. */
    private static boolean someSummaries(String run) {
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(
                Map.of("bootstrap.servers", KafkaFixture.bootstrapServers(), "group.id", "peek-" + UUID.randomUUID(),
                        "auto.offset.reset", "earliest", "isolation.level", "read_committed"),
                new StringDeserializer(),
                new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(NAMES.projectPrecheckSummary()));
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

    /** Where a project's time-to-pass percentiles differ: its jobs' own states against the oracle, job by job. */
    private static String timeToPassDifferences(StreamsRunner replacement, SummaryOracle oracle, RunsOracle runsOracle) {
        try {
            ReadOnlyKeyValueStore<String, PrecheckJobState> jobs = replacement.streams().store(StoreQueryParameters.fromNameAndType(
                    SummaryTopology.PRECHECK_JOBS_STORE, QueryableStoreTypes.<String, PrecheckJobState>keyValueStore()));
            List<String> differ = new ArrayList<>();
            for (String job : oracle.precheckJobs()) {
                PrecheckJobState state = jobs.get(job);
                Long got = state == null ? null : state.getAnswer().getTimeToPassSeconds();
                Long wanted = runsOracle.timeToPassSeconds(job);
                if (!Objects.equals(got, wanted)) {
                    differ.add(job + " wanted " + wanted + " got " + got + " (state " + state + ")");
                }
            }
            return differ.size() + " " + differ.stream().limit(3).toList();
        } catch (InvalidStateStoreException rebalancing) {
            return "(store not queryable: " + rebalancing.getMessage() + ")";
        }
    }

    private static String differences(Map<String, Object> wanted, Map<String, Object> actual) {
        return wanted.keySet().stream().filter(k -> !Objects.equals(wanted.get(k), actual.get(k))).limit(2)
                .map(k -> k + " wanted " + wanted.get(k) + " got " + actual.get(k)).toList().toString();
    }
}
