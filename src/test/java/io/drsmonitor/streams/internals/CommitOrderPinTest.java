package io.drsmonitor.streams.internals;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.drsmonitor.streams.TestDrivers;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.AppInfoParser;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Pins, on Kafka {@value #PINNED_KAFKA_VERSION} (the pom's {@code kafka.version}), the order this package
 * relies on: when a task commits, Kafka Streams flushes its {@code CachedStateStore}s before the commit's
 * transaction ends, so what {@link CommitHookStore} forwards and what {@link WriteBackStore} and
 * {@link ObjectStore} log at a commit travel in the transaction that commits the input behind them.
 *
 * <p>Under exactly-once v2, TopologyTestDriver commits after every input record as a stream thread does
 * ({@code prepareCommit}, then the transaction with the input's offsets, then {@code postCommit}), and its
 * producer shows a record only once the record's transaction has committed. A record forwarded or logged
 * after the commit, or never, is missing when {@code pipeInput} returns: these tests fail if Kafka stops
 * calling the hook at commits or calls it after the transaction.
 *
 * <p>On an upgrade, {@link #theKafkaVersionIsTheOneThisPackageWasCheckedAgainst()} fails first: read the
 * package note ({@code package-info.java}) and its upgrade checklist before moving the pin.
 */
class CommitOrderPinTest {
    static final String PINNED_KAFKA_VERSION = "4.3.1";

    private static final String APPLICATION_ID = "commit-order-pin";
    private static final String INPUT = "input";
    private static final String FORWARDED_AT_COMMIT = "forwarded-at-commit";
    private static final String COMMIT_HOOK = "commit-hook";
    private static final String WRITE_BACK = "write-back";
    private static final String OBJECTS = "objects";
    /** Kafka Streams' name for a store's changelog: {@code <application id>-<store>-changelog}. */
    private static final String WRITE_BACK_CHANGELOG = APPLICATION_ID + "-" + WRITE_BACK + "-changelog";
    private static final String OBJECTS_CHANGELOG = APPLICATION_ID + "-" + OBJECTS + "-changelog";

    private TopologyTestDriver driver;
    private TestInputTopic<String, String> input;
    private TestOutputTopic<String, String> forwardedAtCommit;
    private TestOutputTopic<String, String> writeBackChangelog;
    private TestOutputTopic<String, String> objectsChangelog;

    /** Forwards nothing while processing: it holds each value on the heap until the commit hook sends it. */
    private static final class HeldUntilCommit implements Processor<String, String, String, String> {
        private final List<Record<String, String>> held = new ArrayList<>();
        private ProcessorContext<String, String> context;

        @Override
        public void init(ProcessorContext<String, String> context) {
            this.context = context;
            CommitHookStore commits = context.getStateStore(COMMIT_HOOK);
            commits.beforeEachCommit(context, this::forwardHeld);
        }

        @Override
        public void process(Record<String, String> record) {
            held.add(record);
        }

        private void forwardHeld() {
            held.forEach(context::forward);
            held.clear();
        }
    }

    /** Keeps each value in the write-back store, which logs it only when its cache is flushed. */
    private static final class WrittenBack implements Processor<String, String, Void, Void> {
        private KeyValueStore<String, String> store;

        @Override
        public void init(ProcessorContext<Void, Void> context) {
            store = context.getStateStore(WRITE_BACK);
        }

        @Override
        public void process(Record<String, String> record) {
            store.put(record.key(), record.value());
        }
    }

    /**
     * Applies each of a record's comma-separated values to the object store, in one {@code process} and so one
     * commit interval: "-" removes the key, any other value is written. The store logs only at commits.
     */
    private static final class KeptAsObject implements Processor<String, String, Void, Void> {
        private ObjectStore<String> store;

        @Override
        public void init(ProcessorContext<Void, Void> context) {
            store = context.getStateStore(OBJECTS);
        }

        @Override
        public void process(Record<String, String> record) {
            for (String value : record.value().split(",")) {
                if (value.equals("-")) {
                    store.remove(record.key());
                } else {
                    store.write(record.key(), value);
                }
            }
        }
    }

    @BeforeEach
    void start() {
        Topology topology = new Topology();
        topology.addSource("source", Serdes.String().deserializer(), Serdes.String().deserializer(), INPUT);
        topology.addProcessor("held-until-commit", HeldUntilCommit::new, "source");
        topology.addStateStore(CommitHookStore.builder(COMMIT_HOOK), "held-until-commit");
        topology.addSink("sink", FORWARDED_AT_COMMIT, Serdes.String().serializer(), Serdes.String().serializer(),
                "held-until-commit");
        topology.addProcessor("written-back", WrittenBack::new, "source");
        topology.addStateStore(WriteBackStore.builder(WRITE_BACK, Serdes.String(), Serdes.String())
                .withLoggingEnabled(Map.of()), "written-back");
        topology.addProcessor("kept-as-object", KeptAsObject::new, "source");
        topology.addStateStore(ObjectStore.builder(OBJECTS, Serdes.String()), "kept-as-object");

        Properties props = TestDrivers.properties(APPLICATION_ID);
        // What the summaries run with (SummaryApp): the transaction boundary is what this test observes.
        props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        driver = new TopologyTestDriver(topology, props);
        input = driver.createInputTopic(INPUT, Serdes.String().serializer(), Serdes.String().serializer());
        forwardedAtCommit = driver.createOutputTopic(FORWARDED_AT_COMMIT, Serdes.String().deserializer(),
                Serdes.String().deserializer());
        writeBackChangelog = driver.createOutputTopic(WRITE_BACK_CHANGELOG, Serdes.String().deserializer(),
                Serdes.String().deserializer());
        objectsChangelog = driver.createOutputTopic(OBJECTS_CHANGELOG, Serdes.String().deserializer(),
                Serdes.String().deserializer());
    }

    @AfterEach
    void stop() {
        driver.close();
    }

    @Test
    void theKafkaVersionIsTheOneThisPackageWasCheckedAgainst() {
        assertEquals(PINNED_KAFKA_VERSION, AppInfoParser.getVersion(), "Kafka was upgraded: io.drsmonitor.streams.internals"
                + " relies on Kafka Streams internals; go through the upgrade checklist in its package-info.java, then"
                + " move this pin");
    }

    @Test
    void whatTheCommitHookForwardsIsCommittedWithTheInputBehindIt() {
        for (String value : List.of("first", "second", "third")) {
            input.pipeInput("job", value);
            // Committed before the next input: the hook ran inside the commit of this input, before its transaction ended.
            assertEquals(List.of(KeyValue.pair("job", value)), forwardedAtCommit.readKeyValuesToList(),
                    "the record held until the commit of input '" + value + "'");
        }
    }

    @Test
    void whatTheWriteBackStoreHoldsIsLoggedWithTheInputBehindIt() {
        for (String value : List.of("first", "second", "third")) {
            input.pipeInput("job", value);
            assertEquals(List.of(KeyValue.pair("job", value)), writeBackChangelog.readKeyValuesToList(),
                    "the changelog after the commit of input '" + value + "'");
        }
    }

    @Test
    void theObjectStoreLogsWhatAKeyEndsACommitIntervalAs() {
        input.pipeInput("job", "first,second");
        assertEquals(List.of(KeyValue.pair("job", "second")), objectsChangelog.readKeyValuesToList(), "the last value, once");
        input.pipeInput("job", "-,again");
        assertEquals(List.of(KeyValue.pair("job", "again")), objectsChangelog.readKeyValuesToList(), "removed and written again: no tombstone");
        input.pipeInput("job", "-,third,-");
        assertEquals(List.of(KeyValue.pair("job", (String) null)), objectsChangelog.readKeyValuesToList(), "removed at the end: its tombstone");
        input.pipeInput("new", "fourth,-");
        assertEquals(List.of(), objectsChangelog.readKeyValuesToList(), "never logged, removed: nothing to log");
    }

    @Test
    void whatTheObjectStoreHoldsIsLoggedWithTheInputBehindIt() {
        for (String value : List.of("first", "second", "-")) {
            input.pipeInput("job", value);
            assertEquals(List.of(KeyValue.pair("job", value.equals("-") ? null : value)), objectsChangelog.readKeyValuesToList(),
                    "the changelog after the commit of input '" + value + "'");
        }
    }
}
