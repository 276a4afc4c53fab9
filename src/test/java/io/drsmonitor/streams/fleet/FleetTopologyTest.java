package io.drsmonitor.streams.fleet;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.drsmonitor.avro.SpecificAvroSerde;
import io.drsmonitor.kafka.TopicNames;
import io.drsmonitor.model.CheckResult;
import io.drsmonitor.model.FleetItem;
import io.drsmonitor.model.FleetSlice;
import io.drsmonitor.model.JobDirection;
import io.drsmonitor.model.ObservationOutcome;
import io.drsmonitor.model.PrecheckItem;
import io.drsmonitor.model.PrecheckResult;
import io.drsmonitor.streams.SummaryListener;
import io.drsmonitor.streams.TestDrivers;
import io.drsmonitor.streams.SummarySettings;
import io.drsmonitor.streams.SummaryTopology;
import io.drsmonitor.streams.internals.ObjectStore;
import io.drsmonitor.streams.state.FleetItemState;
import io.drsmonitor.streams.state.ItemRef;
import io.drsmonitor.streams.state.PrecheckJobState;
import io.drsmonitor.streams.state.PrecheckPart;
import io.drsmonitor.streams.state.PrecheckStatus;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.UUID;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.Test;

/** The fleet view on Kafka's TopologyTestDriver: what the oracle test's random histories do not reach. */
class FleetTopologyTest {
    private static final String JOB = "0a1b2c3d-0000-4000-8000-0000000jb001";
    private static final String PROJECT = "5b00c084d896bd871491eeaa6be9d240";

    @Test
    void aJobStoredBeforeTheFleetViewJoinsItAtItsNextChangeAndNoSliceGoesNegative() {
        Map<String, Object> serde = Map.of("schema.registry.url", "mock://fleet-" + UUID.randomUUID());
        Properties props = TestDrivers.properties("fleet-test");
        SummarySettings settings = SummarySettings.defaults();
        Instant before = Instant.now().truncatedTo(ChronoUnit.MILLIS).minusSeconds(3600);
        Instant after = before.plusSeconds(60);
        try (TopologyTestDriver driver = new TopologyTestDriver(SummaryTopology.build(serde, settings, SummaryListener.NONE,
                TopicNames.DEFAULT), props, Instant.now())) {
            // As an earlier version stored it: a failed pre-check, its part without region, fleet mark or item since.
            @SuppressWarnings("unchecked")
            ObjectStore<PrecheckJobState> jobs = (ObjectStore<PrecheckJobState>) driver.getAllStateStores()
                    .get(SummaryTopology.PRECHECK_JOBS_STORE);
            jobs.write(JOB, PrecheckJobState.newBuilder().setProjectId(PROJECT).setObservedAt(before.toEpochMilli())
                    .setAnswer(PrecheckPart.newBuilder().setStatus(PrecheckStatus.FAILED).setDirection(JobDirection.UP)
                            .setRatePercent(90.0).setFailedItems(List.of(new ItemRef("srcBinlogFormat", "db_params", null, 0L)))
                            .setAlarmItems(List.of()).build())
                    .setAnswerComplete(true).setRegion("ap-southeast-1").build());

            driver.createInputTopic(TopicNames.PRECHECK_RESULTS, Serdes.String().serializer(),
                    SpecificAvroSerde.forValues(PrecheckResult.class, serde).serializer()).pipeInput(JOB, PrecheckResult.newBuilder()
                    .setProjectId(PROJECT).setJobId(JOB).setPrecheckId(JOB).setPassed(false).setProcess("100%").setProcessPercent(100.0)
                    .setTotalPassedRate("90%").setTotalPassedRatePercent(90.0).setJobDirection(JobDirection.UP).setJobDirectionRaw("up")
                    .setItems(List.of(PrecheckItem.newBuilder().setItem("srcBinlogFormat").setGroup("db_params")
                            .setVerdict(CheckResult.FAILED).setFailedReason("BINLOG_NOT_ROW").build()))
                    .setOutcome(ObservationOutcome.OK).setComplete(true).setRegion("ap-southeast-1").setEngineType("mysql")
                    .setObservedAt(after).build());
            driver.advanceWallClockTime(settings.publishEvery());

            Map<String, FleetSlice> slices = new TreeMap<>(driver.createOutputTopic(TopicNames.DEFAULT.fleetTotals(),
                    Serdes.String().deserializer(), SpecificAvroSerde.forValues(FleetSlice.class, serde).deserializer()).readKeyValuesToMap());
            assertEquals(List.of("ap-southeast-1|mysql|UP"), List.copyOf(slices.keySet()), "one slice, none below zero: " + slices);
            FleetSlice slice = slices.get("ap-southeast-1|mysql|UP");
            assertEquals(1, slice.getPrecheck().getJobs());
            assertEquals(1, slice.getPrecheck().getFailed());
            List<FleetJobs.Affected> affected;
            try (var all = jobs.all()) {
                affected = FleetJobs.affected(all, "srcBinlogFormat", CheckResult.FAILED, null, 10);
            }
            assertEquals(1, affected.size());
            assertEquals(after.toEpochMilli(), affected.get(0).since(), "since starts at the first snapshot that dates it, not 1970");
            assertEquals("BINLOG_NOT_ROW", affected.get(0).failedReason());
            Map<String, FleetItem> items = new TreeMap<>(driver.createOutputTopic(TopicNames.DEFAULT.fleetItems(),
                    Serdes.String().deserializer(), SpecificAvroSerde.forValues(FleetItem.class, serde).deserializer()).readKeyValuesToMap());
            assertEquals(1, items.get("srcBinlogFormat").getFailed().getJobs(), "counted once, never taken out of a count it was not in");
        }
    }

    @Test
    void theFleetViewHoldsTheLatestOfEachItemAndSliceAndDropsTombstones() {
        Map<String, Object> serde = Map.of("schema.registry.url", "mock://fleet-view-" + UUID.randomUUID());
        Properties props = TestDrivers.properties("fleet-view-test");
        try (TopologyTestDriver driver = new TopologyTestDriver(FleetViewApp.topology(serde, TopicNames.DEFAULT), props)) {
            var items = driver.createInputTopic(TopicNames.DEFAULT.fleetItems(), Serdes.String().serializer(),
                    SpecificAvroSerde.forValues(FleetItem.class, serde).serializer());
            var slices = driver.createInputTopic(TopicNames.DEFAULT.fleetTotals(), Serdes.String().serializer(),
                    SpecificAvroSerde.forValues(FleetSlice.class, serde).serializer());
            FleetItem one = FleetItems.published("srcBinlogFormat", itemWithFailedJobs(1));
            FleetItem three = FleetItems.published("srcBinlogFormat", itemWithFailedJobs(3));
            items.pipeInput("srcBinlogFormat", one);
            items.pipeInput("dbParamConsistency", FleetItems.published("dbParamConsistency", itemWithFailedJobs(2)));
            items.pipeInput("srcBinlogFormat", three);
            items.pipeInput("dbParamConsistency", null);
            FleetSlice slice = FleetCounts.published("ap-southeast-1|mysql|UP", FleetCounts.empty());
            slices.pipeInput("ap-southeast-1|mysql|UP", slice);

            KeyValueStore<String, FleetItem> itemStore = driver.getKeyValueStore(FleetViewApp.ITEMS_STORE);
            Map<String, FleetItem> held = new TreeMap<>();
            try (var all = itemStore.all()) {
                all.forEachRemaining(kv -> held.put(kv.key, kv.value));
            }
            assertEquals(Map.of("srcBinlogFormat", three), held, "the newest value per item, no tombstoned item");
            KeyValueStore<String, FleetSlice> sliceStore = driver.getKeyValueStore(FleetViewApp.TOTALS_STORE);
            assertEquals(slice, sliceStore.get("ap-southeast-1|mysql|UP"));
        }
    }

    /** Counts of an item FAILED on {@code jobs} jobs of one project in one region. */
    private static FleetItemState itemWithFailedJobs(int jobs) {
        var counts = FleetItems.empty();
        for (int i = 0; i < jobs; i++) {
            FleetItems.count(counts, CheckResult.FAILED, PROJECT, "ap-southeast-1", "BINLOG_NOT_ROW", 1);
        }
        counts.setGroup("db_params");
        return counts;
    }
}
