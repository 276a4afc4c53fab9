package io.drsmonitor.streams;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.drsmonitor.TestSupport;
import io.drsmonitor.avro.SpecificAvroSerializer;
import io.drsmonitor.kafka.KafkaFixture;
import io.drsmonitor.kafka.TopicAdmin;
import io.drsmonitor.kafka.TopicNames;
import io.drsmonitor.model.PrecheckResult;
import io.drsmonitor.model.ProjectDrInitSummary;
import io.drsmonitor.model.ProjectPrecheckSummary;
import io.drsmonitor.model.StructProcess;
import io.drsmonitor.registry.RegistryHarness;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Snapshots the summaries read while the schema registry is down are read again once it is back, not
 * dead-lettered: every summary ends equal to {@link SummaryOracle}'s, and the dead-letter topic stays empty.
 */
@ExtendWith(KafkaFixture.class)
class RegistryOutageIT {
    private static final TopicNames NAMES = new TopicNames("regoutage");
    private static final Duration PATIENCE = Duration.ofSeconds(90);

    @Test
    void snapshotsReadWhileTheRegistryIsDownAreSummarizedOnceItIsBackNotDeadLettered() throws Exception {
        String bootstrap = KafkaFixture.bootstrapServers();
        try (Admin admin = Admin.create(Map.<String, Object>of("bootstrap.servers", bootstrap))) {
            TopicAdmin.ensure(admin, NAMES.applicationTopics(2, (short) 1));
        }
        String log = "_schemas-outage-" + UUID.randomUUID();
        int port = TestSupport.freePort();
        RegistryHarness registry = RegistryHarness.start(bootstrap, log, port);
        RegistryHarness restarted = null;
        Map<String, Object> serde = Map.of("schema.registry.url", registry.url());
        StreamsEnvironment env = StreamsEnvironment.of(TestSupport.fastFailover(bootstrap), serde, KafkaFixture.tempDir("registry-outage"))
                .withNames(NAMES);
        String run = UUID.randomUUID().toString().replace("-", "").substring(0, 16);
        List<SnapshotScenario.Event> events = SnapshotScenario.generate(5, run, 60, 3, 600);
        SummaryOracle oracle = new SummaryOracle();
        RunsOracle runs = new RunsOracle();
        try (StreamsRunner summaries = SummaryApp.create(env, SummaryKillIT.SETTINGS, SummaryListener.NONE).start()) {
            TestSupport.awaitTrue("the summaries run", PATIENCE, () -> summaries.state() == KafkaStreams.State.RUNNING);
            registry.close();
            // A second registry over the same schema log registers the snapshots' schemas, which the summaries
            // have never read, and is gone again before they meet the first snapshot.
            try (RegistryHarness writer = RegistryHarness.start(bootstrap, log)) {
                produce(writer, events, oracle, runs);
            }
            TestSupport.awaitTrue("the summaries stop on a snapshot they cannot read yet, or dead-letter it", PATIENCE,
                    () -> summaries.threadFailures() > 0 || deadLetters(NAMES) > 0);
            assertEquals(0, deadLetters(NAMES), "snapshots dead-lettered while the registry was down");
            restarted = RegistryHarness.start(bootstrap, log, port);
            Map<String, Object> wanted = new HashMap<>();
            for (String p : oracle.projects()) {
                wanted.put("precheck/" + p, oracle.precheckSummary(p, SummaryKillIT.SETTINGS.topFailingItems(), runs::timeToPassSeconds));
                wanted.put("dr/" + p, oracle.drSummary(p));
            }
            TestSupport.awaitTrue("every summary equals the oracle's once the registry is back", PATIENCE,
                    () -> wanted.equals(summaries(summaries, oracle)));
            assertEquals(0, deadLetters(NAMES), "no snapshot was dead-lettered");
            System.out.printf("registry outage: %d snapshots read during the outage, %d stream threads failed and replaced, "
                    + "%d summaries equal the oracle, 0 dead letters%n", events.size(), summaries.threadFailures(), wanted.size());
        } finally {
            if (restarted != null) {
                restarted.close();
            }
        }
    }

    private static void produce(RegistryHarness writer, List<SnapshotScenario.Event> events, SummaryOracle oracle, RunsOracle runs)
            throws Exception {
        SpecificAvroSerializer<SpecificRecord> serializer = new SpecificAvroSerializer<>();
        serializer.configure(Map.of("schema.registry.url", writer.url()), false);
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of("bootstrap.servers", KafkaFixture.bootstrapServers(),
                "acks", "all", "enable.idempotence", true), new StringSerializer(), new ByteArraySerializer())) {
            for (SnapshotScenario.Event e : events) {
                boolean precheck = e.topic().equals(TopicNames.PRECHECK_RESULTS);
                String topic = precheck ? NAMES.precheckResults() : NAMES.drStructProcess();
                producer.send(new ProducerRecord<>(topic, e.jobId(), e.value() == null ? null : serializer.serialize(topic, e.value()))).get();
                if (precheck) {
                    oracle.precheck(e.jobId(), (PrecheckResult) e.value());
                    runs.precheck(e.jobId(), (PrecheckResult) e.value());
                } else {
                    oracle.dr(e.jobId(), (StructProcess) e.value());
                    runs.dr(e.jobId(), (StructProcess) e.value());
                }
            }
        }
    }

    private static Map<String, Object> summaries(StreamsRunner summaries, SummaryOracle oracle) {
        Map<String, Object> actual = new HashMap<>();
        try {
            ReadOnlyKeyValueStore<String, ProjectPrecheckSummary> prechecks = summaries.streams().store(StoreQueryParameters.fromNameAndType(
                    SummaryTopology.PRECHECK_SUMMARY_STORE, QueryableStoreTypes.<String, ProjectPrecheckSummary>keyValueStore()));
            ReadOnlyKeyValueStore<String, ProjectDrInitSummary> drs = summaries.streams().store(StoreQueryParameters.fromNameAndType(
                    SummaryTopology.DR_SUMMARY_STORE, QueryableStoreTypes.<String, ProjectDrInitSummary>keyValueStore()));
            for (String p : oracle.projects()) {
                actual.put("precheck/" + p, SummaryOracle.withoutTime(prechecks.get(p)));
                actual.put("dr/" + p, SummaryOracle.withoutTime(drs.get(p)));
            }
        } catch (InvalidStateStoreException rebalancing) {
            actual.clear();
        }
        return actual;
    }

    /** Records on the summaries' dead-letter topic of {@code names}, read to its end. */
    static int deadLetters(TopicNames names) {
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(Map.of("bootstrap.servers", KafkaFixture.bootstrapServers(),
                "group.id", "dlq-" + UUID.randomUUID(), "auto.offset.reset", "earliest", "isolation.level", "read_committed"),
                new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(names.summariesDlq()));
            int count = 0;
            for (int emptyPolls = 0; emptyPolls < 3; ) {
                int polled = consumer.poll(Duration.ofMillis(300)).count();
                count += polled;
                emptyPolls = polled == 0 ? emptyPolls + 1 : 0;
            }
            return count;
        }
    }
}
