package io.drsmonitor.collector;

import static io.drsmonitor.TestSupport.awaitTrue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.drsmonitor.streams.StreamsRunner;
import io.drsmonitor.streams.StreamsEnvironment;
import io.drsmonitor.avro.SpecificAvroDeserializer;
import io.drsmonitor.avro.SpecificAvroSerializer;
import io.drsmonitor.drs.DrsClient;
import io.drsmonitor.drs.DrsClients;
import io.drsmonitor.drs.DrsClientConfig;
import io.drsmonitor.drs.DrsCredentials;
import io.drsmonitor.kafka.EmbeddedKafkaBroker;
import io.drsmonitor.kafka.KafkaFixture;
import io.drsmonitor.kafka.TopicAdmin;
import io.drsmonitor.kafka.TopicNames;
import io.drsmonitor.model.JobEvent;
import io.drsmonitor.model.JobEventType;
import io.drsmonitor.model.JobType;
import io.drsmonitor.model.PrecheckResult;
import io.drsmonitor.registry.RegistryHarness;
import io.drsmonitor.simulator.DrsSimulator;
import io.drsmonitor.simulator.JobSpec;
import io.drsmonitor.simulator.Scenario;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Vertx;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import io.drsmonitor.TestSupport;
import io.drsmonitor.drs.DrsEndpoint;
import io.drsmonitor.simulator.Fault;
import io.vertx.circuitbreaker.CircuitBreakerState;

/** Fault tests with figures: a flood of malformed events, and a broker restart while the collector polls. */
@ExtendWith(KafkaFixture.class)
class FaultIT {
    private static final String TOKEN = "fault-it-token";
    private static final Duration PATIENCE = Duration.ofSeconds(150);
    /** How long each fault of the storm lasts. */
    private static final Duration STORM_PHASE = Duration.ofSeconds(4);
    private static final Random RANDOM = new Random();

    private static byte[] event(SpecificAvroSerializer<JobEvent> serializer, JobSpec job, JobEventType type) {
        return serializer.serialize(TopicNames.JOB_EVENTS, JobEvent.newBuilder().setEventId(UUID.randomUUID().toString())
                .setProjectId(job.projectId()).setJobId(job.jobId()).setEventType(type)
                .setJobType(job.dr() ? JobType.DR : JobType.MIGRATION).setOccurredAt(Instant.now()).build());
    }

    private static List<JobSpec> jobs(int projects, int perProject, double seconds) {
        List<JobSpec> jobs = new ArrayList<>();
        for (int p = 0; p < projects; p++) {
            String project = UUID.randomUUID().toString().replace("-", "");
            for (int j = 0; j < perProject; j++) {
                jobs.add(JobSpec.of(project, Scenario.jobId(RANDOM, j), JobSpec.Engine.MYSQL, false).withTimes(seconds, seconds));
            }
        }
        return jobs;
    }

    private static Set<String> completed(TopicRecorder recorder, Map<String, Object> serde, List<JobSpec> jobs) {
        SpecificAvroDeserializer<PrecheckResult> d = new SpecificAvroDeserializer<>(PrecheckResult.class);
        d.configure(serde, false);
        Set<String> wanted = jobs.stream().map(JobSpec::jobId).collect(Collectors.toSet());
        return recorder.records(TopicNames.PRECHECK_RESULTS).stream().map(r -> d.deserialize(r.topic(), r.value()))
                .filter(r -> r.getComplete() && wanted.contains(r.getJobId())).map(PrecheckResult::getJobId)
                .collect(Collectors.toSet());
    }

    @Test
    void tenThousandMalformedEventsAllReachTheDeadLetterTopicAndEveryGoodOneIsProcessed() throws Exception {
        RegistryHarness registry = RegistryHarness.shared(KafkaFixture.bootstrapServers());
        Map<String, Object> serde = Map.of("schema.registry.url", registry.url());
        Vertx vertx = Vertx.vertx();
        DrsSimulator simulator = DrsSimulator.start(vertx, DrsSimulator.Settings.local(0, TOKEN, 3), Scenario.empty())
                .await(10, TimeUnit.SECONDS);
        List<JobSpec> good = jobs(5, 20, 2);
        good.forEach(simulator::addJob);
        SpecificAvroSerializer<JobEvent> serializer = new SpecificAvroSerializer<>();
        serializer.configure(serde, false);
        Set<String> badOffsets = new HashSet<>();
        int bad = 10_000;
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", KafkaFixture.bootstrapServers()))) {
            TopicAdmin.ensure(admin, TopicNames.DEFAULT.applicationTopics(4, (short) 1));
        }
        try (TopicRecorder recorder = new TopicRecorder(KafkaFixture.bootstrapServers(), List.of(TopicNames.JOB_EVENTS_DLQ, TopicNames.PRECHECK_RESULTS));
             // One request in flight keeps order without the idempotent producer, whose sequence checks the
             // in-process broker once refused under a loaded CI run (OutOfOrderSequenceException).
             KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(Map.of("bootstrap.servers", KafkaFixture.bootstrapServers(),
                     "acks", "all", "linger.ms", 5, "enable.idempotence", false, "max.in.flight.requests.per.connection", 1),
                     new ByteArraySerializer(), new ByteArraySerializer());
             DrsClient drs = new DrsClient(vertx, DrsClientConfig.of(URI.create(simulator.baseUrl())), DrsCredentials.fixedToken(TOKEN),
                     new SimpleMeterRegistry())) {
            List<Future<RecordMetadata>> badSends = new ArrayList<>();
            int goodIndex = 0;
            for (int i = 0; i < bad; i++) {
                byte[] key = ("junk-" + i).getBytes(StandardCharsets.UTF_8);
                byte[] value = switch (i % 4) {
                    case 0 -> ("garbage " + i).getBytes(StandardCharsets.UTF_8);
                    case 1 -> new byte[] {0, 0, 0, 0x7f, 0x7f, 1, 2, 3};
                    case 2 -> event(serializer, JobSpec.of("p" + i, "bad-id-" + i, JobSpec.Engine.MYSQL, false), JobEventType.PRECHECK_REQUESTED);
                    default -> event(serializer, good.get(i % good.size()), JobEventType.JOB_CREATED);
                };
                badSends.add(producer.send(new ProducerRecord<>(TopicNames.JOB_EVENTS, key, value)));
                if (i % 1000 == 999) {
                    producer.flush();
                }
                if (i % 100 == 0 && goodIndex < good.size()) {
                    JobSpec job = good.get(goodIndex++);
                    producer.send(new ProducerRecord<>(TopicNames.JOB_EVENTS, job.jobId().getBytes(StandardCharsets.UTF_8),
                            event(serializer, job, JobEventType.PRECHECK_REQUESTED)));
                }
            }
            producer.flush();
            for (Future<RecordMetadata> sent : badSends) {
                RecordMetadata m = sent.get();
                badOffsets.add(m.partition() + ":" + m.offset());
            }
            SimpleMeterRegistry metrics = new SimpleMeterRegistry();
            try (StreamsRunner collector = Collector.create(StreamsEnvironment.of(Map.of("bootstrap.servers", KafkaFixture.bootstrapServers()),
                    serde, KafkaFixture.tempDir("fault-collector")), DrsClients.single(drs), CollectorIT.SETTINGS,
                    new CollectorMetrics(metrics)).start()) {
                awaitTrue("every good job complete and every bad event dead-lettered", PATIENCE, () ->
                        completed(recorder, serde, good).size() == good.size() && matching(recorder, badOffsets).size() >= bad);
            }
            List<ConsumerRecord<byte[], byte[]>> dead = matching(recorder, badOffsets);
            Set<String> distinct = dead.stream().map(FaultIT::source).collect(Collectors.toSet());
            Map<String, Long> reasons = dead.stream().collect(Collectors.groupingBy(
                    r -> DeadLetters.header(r.headers(), DeadLetters.ERROR), Collectors.counting()));
            System.out.printf("malformed flood: bad sent %d, in DLQ %d, lost %d, duplicated %d, reasons %s; good jobs %d, completed %d%n",
                    bad, distinct.size(), bad - distinct.size(), dead.size() - distinct.size(), reasons, good.size(),
                    completed(recorder, serde, good).size());
            assertEquals(bad, distinct.size(), "no bad event lost");
            assertEquals(Map.of("UNDECODABLE", 5000L, "INVALID_ID", 2500L, "KEY_MISMATCH", 2500L), reasons);
            assertEquals((double) bad, metrics.counter("drs.collector.dlq", "reason", "UNDECODABLE").count()
                    + metrics.counter("drs.collector.dlq", "reason", "INVALID_ID").count()
                    + metrics.counter("drs.collector.dlq", "reason", "KEY_MISMATCH").count(), "the DLQ metric counts them");
        } finally {
            vertx.close().await(10, TimeUnit.SECONDS);
        }
    }

    private static String source(ConsumerRecord<byte[], byte[]> r) {
        return DeadLetters.header(r.headers(), DeadLetters.SOURCE_PARTITION) + ":" + DeadLetters.header(r.headers(), DeadLetters.SOURCE_OFFSET);
    }

    private static List<ConsumerRecord<byte[], byte[]>> matching(TopicRecorder recorder, Set<String> offsets) {
        return recorder.records(TopicNames.JOB_EVENTS_DLQ).stream().filter(r -> offsets.contains(source(r))).toList();
    }

    @Test
    void aFailureStormLosesNothingAndTheCircuitOpensAndRecovers() throws Exception {
        RegistryHarness registry = RegistryHarness.shared(KafkaFixture.bootstrapServers());
        Map<String, Object> serde = Map.of("schema.registry.url", registry.url());
        Vertx vertx = Vertx.vertx();
        DrsSimulator simulator = DrsSimulator.start(vertx, DrsSimulator.Settings.local(0, TOKEN, 6), Scenario.empty())
                .await(10, TimeUnit.SECONDS);
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", KafkaFixture.bootstrapServers()))) {
            TopicAdmin.ensure(admin, TopicNames.DEFAULT.applicationTopics(4, (short) 1));
        }
        List<JobSpec> jobs = jobs(3, 10, 20);
        jobs.forEach(simulator::addJob);
        SpecificAvroSerializer<JobEvent> serializer = new SpecificAvroSerializer<>();
        serializer.configure(serde, false);
        SimpleMeterRegistry clientMetrics = new SimpleMeterRegistry();
        List<Fault> storm = List.of(Fault.tooManyRequests(1, -1),
                Fault.status(500, -1), Fault.dropConnection(-1),
                Fault.malformedBody(-1), Fault.slowBody(3000, -1),
                Fault.status(503, -1));
        try (TopicRecorder recorder = new TopicRecorder(KafkaFixture.bootstrapServers(), List.of(TopicNames.PRECHECK_RESULTS));
             DrsClient drs = new DrsClient(vertx, DrsClientConfig.of(URI.create(simulator.baseUrl()))
                     .withRetries(2, Duration.ofMillis(100), Duration.ofSeconds(1), Duration.ofSeconds(5))
                     .withRequestTimeout(Duration.ofSeconds(1)).withCircuit(5, Duration.ofSeconds(2)),
                     DrsCredentials.fixedToken(TOKEN), clientMetrics);
             StreamsRunner collector = Collector.create(StreamsEnvironment.of(Map.of("bootstrap.servers", KafkaFixture.bootstrapServers()),
                     serde, KafkaFixture.tempDir("fault-storm")), DrsClients.single(drs), CollectorIT.SETTINGS,
                     new CollectorMetrics(new SimpleMeterRegistry())).start();
             KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(Map.of("bootstrap.servers", KafkaFixture.bootstrapServers(),
                     "acks", "all"), new ByteArraySerializer(), new ByteArraySerializer())) {
            for (JobSpec job : jobs) {
                producer.send(new ProducerRecord<>(TopicNames.JOB_EVENTS, job.jobId().getBytes(StandardCharsets.UTF_8),
                        event(serializer, job, JobEventType.PRECHECK_REQUESTED)));
            }
            producer.flush();
            // Each fault for 4 s: longer than the circuit's 5 failures and 2 s open, so each one opens it anew.
            for (Fault fault : storm) {
                simulator.setFault("*", fault);
                Thread.sleep(STORM_PHASE.toMillis());
            }
            simulator.clearFaults();
            long callsInStorm = simulator.stats().calls(DrsSimulator.PRECHECK_RESULT) + simulator.stats().calls(DrsSimulator.PRECHECK);
            awaitTrue("every job reaches its final snapshot after the storm", PATIENCE,
                    () -> completed(recorder, serde, jobs).size() == jobs.size());
            double rejected = clientMetrics.find(DrsClient.ATTEMPTS_METRIC).tag("outcome", "rejected").counters().stream()
                    .mapToDouble(c -> c.count()).sum();
            long polls = simulator.stats().jobs(DrsSimulator.PRECHECK_RESULT);
            long calls = simulator.stats().calls(DrsSimulator.PRECHECK_RESULT);
            System.out.printf("failure storm (%d s each of 429/500/drop/malformed/slow/503): %d jobs, %d final snapshots, %d lost; "
                            + "calls answered during the storm %d; calls refused by open circuits %.0f; %.1f jobs per batch-precheck-result call%n",
                    STORM_PHASE.toSeconds(), jobs.size(), completed(recorder, serde, jobs).size(), jobs.size() - completed(recorder, serde, jobs).size(),
                    callsInStorm, rejected, (double) polls / calls);
            assertTrue(rejected > 0, "the circuit opened during the storm");
            assertEquals(CircuitBreakerState.CLOSED, drs.circuitState(DrsEndpoint.BATCH_PRECHECK_RESULT),
                    "and closed again once DRS recovered");
            assertTrue((double) polls / calls >= 9.0, "calls still carry a whole project's jobs: " + polls + " polls in " + calls + " calls");
        } finally {
            vertx.close().await(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void aBrokerRestartWhileTheCollectorPollsLosesNoJob() throws Exception {
        Path dir = KafkaFixture.tempDir("fault-broker");
        int port = TestSupport.freePort();
        EmbeddedKafkaBroker broker = new EmbeddedKafkaBroker(dir, "127.0.0.1", port).start();
        String bootstrap = broker.bootstrapServers();
        Vertx vertx = Vertx.vertx();
        RegistryHarness registry = RegistryHarness.start(bootstrap);
        Map<String, Object> serde = Map.of("schema.registry.url", registry.url());
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
            TopicAdmin.ensure(admin, TopicNames.DEFAULT.applicationTopics(2, (short) 1));
        }
        DrsSimulator simulator = DrsSimulator.start(vertx, DrsSimulator.Settings.local(0, TOKEN, 4), Scenario.empty())
                .await(10, TimeUnit.SECONDS);
        List<JobSpec> jobs = jobs(3, 4, 10);
        jobs.forEach(simulator::addJob);
        SpecificAvroSerializer<JobEvent> serializer = new SpecificAvroSerializer<>();
        serializer.configure(serde, false);
        try (TopicRecorder recorder = new TopicRecorder(bootstrap, List.of(TopicNames.PRECHECK_RESULTS));
             DrsClient drs = new DrsClient(vertx, DrsClientConfig.of(URI.create(simulator.baseUrl())), DrsCredentials.fixedToken(TOKEN),
                     new SimpleMeterRegistry());
             StreamsRunner collector = Collector.create(StreamsEnvironment.of(Map.of("bootstrap.servers", bootstrap), serde,
                     KafkaFixture.tempDir("fault-restart")), DrsClients.single(drs), CollectorIT.SETTINGS,
                     new CollectorMetrics(new SimpleMeterRegistry())).start()) {
            try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(Map.of("bootstrap.servers", bootstrap, "acks", "all"),
                    new ByteArraySerializer(), new ByteArraySerializer())) {
                for (JobSpec job : jobs) {
                    producer.send(new ProducerRecord<>(TopicNames.JOB_EVENTS, job.jobId().getBytes(StandardCharsets.UTF_8),
                            event(serializer, job, JobEventType.PRECHECK_REQUESTED)));
                }
            }
            SpecificAvroDeserializer<PrecheckResult> d = new SpecificAvroDeserializer<>(PrecheckResult.class);
            d.configure(serde, false);
            awaitTrue("pre-checks under way", PATIENCE, () -> recorder.records(TopicNames.PRECHECK_RESULTS).size() >= 3);
            assertTrue(completed(recorder, serde, jobs).size() < jobs.size(), "the restart must come mid-run");
            broker.close();
            broker = new EmbeddedKafkaBroker(dir, "127.0.0.1", port).start();
            awaitTrue("every job reaches its final snapshot after the restart", PATIENCE,
                    () -> completed(recorder, serde, jobs).size() == jobs.size());
            System.out.printf("broker restart: %d jobs, %d reached their final snapshot%n", jobs.size(),
                    completed(recorder, serde, jobs).size());
        } finally {
            registry.close();
            vertx.close().await(10, TimeUnit.SECONDS);
            broker.close();
            KafkaFixture.deleteRecursively(dir);
        }
    }
}
