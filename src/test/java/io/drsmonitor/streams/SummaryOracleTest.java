package io.drsmonitor.streams;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.drsmonitor.avro.SpecificAvroSerde;
import io.drsmonitor.kafka.TopicNames;
import io.drsmonitor.model.PrecheckResult;
import io.drsmonitor.model.ProjectDrInitSummary;
import io.drsmonitor.model.ProjectPrecheckSummary;
import io.drsmonitor.model.StructProcess;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Thousands of seeded snapshots (duplicates, late ones, tombstones, project moves, API failures)
 * through the topology; every project's summary, in the store and last on the topic, must equal
 * what {@link SummaryOracle} computes from the final per-job state, and the per-job stores must
 * hold exactly the jobs still alive.
 */
class SummaryOracleTest {
    private static final SummarySettings SETTINGS = new SummarySettings(Duration.ofDays(365), Duration.ofMinutes(1), 5, 50,
            Duration.ofDays(30));

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {1, 2, 3, 4})
    void everyProjectSummaryEqualsTheOracle(long seed) {
        Map<String, Object> serde = Map.of("schema.registry.url", "mock://oracle-" + UUID.randomUUID());
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "oracle-test");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        props.put(StreamsConfig.STATE_DIR_CONFIG, System.getProperty("java.io.tmpdir") + "/oracle-test-" + UUID.randomUUID());
        List<SnapshotScenario.Event> events = SnapshotScenario.generate(seed, "p", 120, 7, 6_000);
        SummaryOracle oracle = new SummaryOracle();
        try (TopologyTestDriver driver = new TopologyTestDriver(SummaryTopology.build(serde, SETTINGS, SummaryListener.NONE, TopicNames.DEFAULT), props, Instant.now())) {
            TestInputTopic<String, PrecheckResult> results = driver.createInputTopic(TopicNames.PRECHECK_RESULTS,
                    Serdes.String().serializer(), SpecificAvroSerde.forValues(PrecheckResult.class, serde).serializer());
            TestInputTopic<String, StructProcess> structs = driver.createInputTopic(TopicNames.DR_STRUCT_PROCESS,
                    Serdes.String().serializer(), SpecificAvroSerde.forValues(StructProcess.class, serde).serializer());
            var precheckTopic = driver.createOutputTopic(TopicNames.PROJECT_PRECHECK_SUMMARY, Serdes.String().deserializer(),
                    SpecificAvroSerde.forValues(ProjectPrecheckSummary.class, serde).deserializer());
            var drTopic = driver.createOutputTopic(TopicNames.PROJECT_DR_INIT_SUMMARY, Serdes.String().deserializer(),
                    SpecificAvroSerde.forValues(ProjectDrInitSummary.class, serde).deserializer());
            int sent = 0;
            for (SnapshotScenario.Event e : events) {
                if (e.topic().equals(TopicNames.PRECHECK_RESULTS)) {
                    results.pipeInput(e.jobId(), (PrecheckResult) e.value());
                    oracle.precheck(e.jobId(), (PrecheckResult) e.value());
                } else {
                    structs.pipeInput(e.jobId(), (StructProcess) e.value());
                    oracle.dr(e.jobId(), (StructProcess) e.value());
                }
                if (++sent % 250 == 0) {
                    driver.advanceWallClockTime(SETTINGS.publishEvery()); // publications interleave with input, as in a run
                }
            }
            driver.advanceWallClockTime(SETTINGS.publishEvery());
            Map<String, ProjectPrecheckSummary> precheckPublished = precheckTopic.readKeyValuesToMap();
            Map<String, ProjectDrInitSummary> drPublished = drTopic.readKeyValuesToMap();
            KeyValueStore<String, ProjectPrecheckSummary> precheckStore = driver.getKeyValueStore(SummaryTopology.PRECHECK_SUMMARY_STORE);
            KeyValueStore<String, ProjectDrInitSummary> drStore = driver.getKeyValueStore(SummaryTopology.DR_SUMMARY_STORE);
            int compared = 0;
            for (String project : oracle.projects()) {
                ProjectPrecheckSummary wanted = oracle.precheckSummary(project, SETTINGS.topFailingItems());
                assertEquals(wanted, SummaryOracle.withoutTime(precheckStore.get(project)), "pre-check store, project " + project);
                assertEquals(wanted, SummaryOracle.withoutTime(precheckPublished.get(project)), "pre-check topic, project " + project);
                ProjectDrInitSummary wantedDr = oracle.drSummary(project);
                assertEquals(wantedDr, SummaryOracle.withoutTime(drStore.get(project)), "DR store, project " + project);
                assertEquals(wantedDr, SummaryOracle.withoutTime(drPublished.get(project)), "DR topic, project " + project);
                compared += (wanted == null ? 0 : 1) + (wantedDr == null ? 0 : 1);
            }
            assertEquals(oracle.precheckJobs(), keys(driver.getKeyValueStore(SummaryTopology.PRECHECK_JOBS_STORE)));
            assertEquals(oracle.drJobs(), keys(driver.getKeyValueStore(SummaryTopology.DR_JOBS_STORE)));
            assertEquals(true, compared >= 8, "the scenario leaves summaries to compare: " + compared);
        }
    }

    private static Set<String> keys(KeyValueStore<String, Object> store) {
        Set<String> keys = new TreeSet<>();
        try (var it = store.all()) {
            it.forEachRemaining(kv -> keys.add(kv.key));
        }
        return keys;
    }
}
