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
import io.drsmonitor.streams.SummarySettings;
import io.drsmonitor.streams.SummaryTopology;
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
import org.apache.kafka.streams.StreamsConfig;
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
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "fleet-test");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        props.put(StreamsConfig.STATE_DIR_CONFIG, System.getProperty("java.io.tmpdir") + "/fleet-test-" + UUID.randomUUID());
        SummarySettings settings = SummarySettings.defaults();
        Instant before = Instant.now().truncatedTo(ChronoUnit.MILLIS).minusSeconds(3600);
        Instant after = before.plusSeconds(60);
        try (TopologyTestDriver driver = new TopologyTestDriver(SummaryTopology.build(serde, settings, SummaryListener.NONE,
                TopicNames.DEFAULT), props, Instant.now())) {
            // As an earlier version stored it: a failed pre-check, its part without region, fleet mark or item since.
            KeyValueStore<String, PrecheckJobState> jobs = driver.getKeyValueStore(SummaryTopology.PRECHECK_JOBS_STORE);
            jobs.put(JOB, PrecheckJobState.newBuilder().setProjectId(PROJECT).setObservedAt(before.toEpochMilli())
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

            Map<String, FleetSlice> slices = new TreeMap<>();
            KeyValueStore<String, FleetSlice> totals = driver.getKeyValueStore(FleetTopology.TOTALS_STORE);
            try (var all = totals.all()) {
                all.forEachRemaining(kv -> slices.put(kv.key, kv.value));
            }
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
            Map<String, FleetItem> items = new TreeMap<>();
            KeyValueStore<String, FleetItem> published = driver.getKeyValueStore(FleetTopology.ITEMS_STORE);
            try (var all = published.all()) {
                all.forEachRemaining(kv -> items.put(kv.key, kv.value));
            }
            assertEquals(1, items.get("srcBinlogFormat").getFailed().getJobs(), "counted once, never taken out of a count it was not in");
        }
    }
}
