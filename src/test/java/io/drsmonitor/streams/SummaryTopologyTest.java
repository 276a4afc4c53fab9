package io.drsmonitor.streams;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.drsmonitor.avro.RegistryClients;
import io.drsmonitor.avro.SpecificAvroSerde;
import io.drsmonitor.avro.WireFormat;
import io.drsmonitor.kafka.TopicNames;
import io.drsmonitor.model.AlertKind;
import io.drsmonitor.model.AlertSeverity;
import io.drsmonitor.model.AlertState;
import io.drsmonitor.model.CheckAlert;
import io.drsmonitor.model.CheckResult;
import io.drsmonitor.model.JobDirection;
import io.drsmonitor.model.ObservationOutcome;
import io.drsmonitor.model.PrecheckItem;
import io.drsmonitor.model.PrecheckResult;
import io.drsmonitor.model.ProjectDrInitSummary;
import io.drsmonitor.model.ProjectPrecheckSummary;
import io.drsmonitor.model.StructObjectState;
import io.drsmonitor.model.StructProcess;
import io.drsmonitor.model.StructProcessEntry;
import io.drsmonitor.streams.state.ProjectDelta;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.ReadOnlyWindowStore;
import org.apache.kafka.streams.state.WindowStoreIterator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Every aggregate and alert rule of {@link SummaryTopology}, driven by TopologyTestDriver. */
class SummaryTopologyTest {
    private static final String P = "0a1b2c3d4e5f60718293a4b5c6d7e8f9";
    private static final String J1 = "11111111-1111-1111-1111-1111111jb001";
    private static final String J2 = "22222222-2222-2222-2222-2222222jb002";
    private static final String J3 = "33333333-3333-3333-3333-3333333jb003";
    private static final Instant T0 = Instant.parse("2026-11-23T10:00:00Z");
    private static final SummarySettings SETTINGS = new SummarySettings(Duration.ofMinutes(10), Duration.ofSeconds(10), 5,
            50, Duration.ofDays(30));

    private TopologyTestDriver driver;
    private TestInputTopic<String, PrecheckResult> results;
    private TestInputTopic<String, StructProcess> structs;
    private TestOutputTopic<String, ProjectPrecheckSummary> precheckSummaries;
    private TestOutputTopic<String, ProjectDrInitSummary> drSummaries;
    private TestOutputTopic<String, CheckAlert> alerts;
    private Map<String, Object> serde;

    @BeforeEach
    void start() {
        serde = Map.of("schema.registry.url", "mock://summary-" + UUID.randomUUID());
        Properties props = TestDrivers.properties("summary-test");
        driver = new TopologyTestDriver(SummaryTopology.build(serde, SETTINGS, SummaryListener.NONE, TopicNames.DEFAULT), props, T0);
        results = driver.createInputTopic(TopicNames.PRECHECK_RESULTS, Serdes.String().serializer(),
                SpecificAvroSerde.forValues(PrecheckResult.class, serde).serializer());
        structs = driver.createInputTopic(TopicNames.DR_STRUCT_PROCESS, Serdes.String().serializer(),
                SpecificAvroSerde.forValues(StructProcess.class, serde).serializer());
        precheckSummaries = driver.createOutputTopic(TopicNames.PROJECT_PRECHECK_SUMMARY, Serdes.String().deserializer(),
                SpecificAvroSerde.forValues(ProjectPrecheckSummary.class, serde).deserializer());
        drSummaries = driver.createOutputTopic(TopicNames.PROJECT_DR_INIT_SUMMARY, Serdes.String().deserializer(),
                SpecificAvroSerde.forValues(ProjectDrInitSummary.class, serde).deserializer());
        alerts = driver.createOutputTopic(TopicNames.ALERTS, Serdes.String().deserializer(),
                SpecificAvroSerde.forValues(CheckAlert.class, serde).deserializer());
    }

    @AfterEach
    void stop() {
        driver.close();
    }

    // ---- builders

    private static PrecheckItem item(String name, String group, CheckResult verdict) {
        return PrecheckItem.newBuilder().setItem(name).setGroup(group).setVerdict(verdict).setResultRaw(verdict.name())
                .setFailedReason(verdict == CheckResult.PASSED ? null : name.toUpperCase(Locale.ROOT)).build();
    }

    private static PrecheckResult result(String job, int minute, double process, Boolean passed, JobDirection direction,
                                         PrecheckItem... items) {
        long failed = Arrays.stream(items).filter(i -> i.getVerdict() == CheckResult.FAILED).count();
        double rate = items.length == 0 ? 0 : 100.0 * (items.length - failed) / items.length;
        boolean complete = process >= 100 && passed != null;
        return PrecheckResult.newBuilder().setProjectId(P).setJobId(job).setPrecheckId(job).setPassed(passed)
                .setProcess((int) process + "%").setProcessPercent(process).setTotalPassedRate(rate + "%")
                .setTotalPassedRatePercent(rate).setJobDirection(direction).setJobDirectionRaw(direction.name().toLowerCase(Locale.ROOT))
                .setItems(List.of(items)).setOutcome(ObservationOutcome.OK).setComplete(complete)
                .setObservedAt(T0.plus(Duration.ofMinutes(minute))).build();
    }

    private static PrecheckResult passing(String job, int minute) {
        return result(job, minute, 100, true, JobDirection.UP, item("srcDbConnection", "network", CheckResult.PASSED),
                item("dstDbConnection", "network", CheckResult.PASSED));
    }

    private static PrecheckResult failing(String job, int minute) {
        return result(job, minute, 100, false, JobDirection.DOWN, item("srcDbConnection", "network", CheckResult.FAILED),
                item("srcCollHasTtlIndex", "db_params", CheckResult.ALARM), item("dstDbConnection", "network", CheckResult.PASSED),
                item("userSelectObjectsCheck", "db_params", CheckResult.PASSED));
    }

    private static PrecheckResult running(String job, int minute) {
        return result(job, minute, 40, false, JobDirection.UP, item("dstDbConnection", "network", CheckResult.PASSED));
    }

    private void send(PrecheckResult r) {
        results.pipeInput(r.getJobId(), r, r.getObservedAt());
    }

    /**
     * Lets the summarizer publish (on the wall clock). The combiner needs no time: it forwards at every
     * commit, and the driver commits after every input record.
     */
    private void publish() {
        driver.advanceWallClockTime(SETTINGS.publishEvery());
    }

    private ProjectPrecheckSummary precheckSummary() {
        publish();
        KeyValueStore<String, ProjectPrecheckSummary> store = driver.getKeyValueStore(SummaryTopology.PRECHECK_SUMMARY_STORE);
        return store.get(P);
    }

    private ProjectDrInitSummary drSummary() {
        publish();
        KeyValueStore<String, ProjectDrInitSummary> store = driver.getKeyValueStore(SummaryTopology.DR_SUMMARY_STORE);
        return store.get(P);
    }

    private List<CheckAlert> newAlerts() {
        List<CheckAlert> list = new ArrayList<>();
        alerts.readKeyValuesToList().forEach(kv -> {
            assertEquals(kv.value.getProjectId(), kv.key, "alerts are keyed by project");
            list.add(kv.value);
        });
        return list;
    }

    // ---- pre-check summaries

    @Test
    void summarizesAProjectsPrecheckState() {
        send(passing(J1, 1));
        send(failing(J2, 2));
        send(running(J3, 3));
        ProjectPrecheckSummary s = precheckSummary();
        assertEquals(3, s.getJobsKnown());
        assertEquals(2, s.getJobsFinished());
        assertEquals(1, s.getJobsPassed());
        assertEquals(1, s.getJobsFailed());
        assertEquals(1, s.getJobsInProgress());
        assertEquals(0.5, s.getPassRate());
        assertEquals((100.0 + 75.0) / 2, s.getMeanTotalPassedRate(), 1e-9);
        assertEquals(1, s.getFailedItems());
        assertEquals(1, s.getAlarmItems());
        assertEquals("srcDbConnection", s.getTopFailingItems().get(0).getItem());
        assertEquals("network", s.getTopFailingItems().get(0).getGroup());
        assertEquals(1, s.getTopFailingItems().get(0).getFailed());
        assertEquals("srcCollHasTtlIndex", s.getTopFailingItems().get(1).getItem());
        assertEquals(1, s.getTopFailingItems().get(1).getAlarm());
        assertEquals(List.of(JobDirection.UP, JobDirection.DOWN), s.getByDirection().stream().map(d -> d.getDirection()).toList());
        assertEquals(2, s.getByDirection().get(0).getJobs());
        assertEquals(1, s.getByDirection().get(0).getInProgress());
        assertEquals(1, s.getByDirection().get(1).getFailed());
        assertEquals(T0.plus(Duration.ofMinutes(3)), s.getUpdatedAt());
        assertEquals(s, precheckSummaries.readKeyValuesToMap().get(P), "the store and the topic agree");
    }

    @Test
    void aRecheckReplacesTheJobsContributionAndAJobMovesBetweenOutcomes() {
        send(failing(J2, 1));
        assertEquals(1, precheckSummary().getJobsFailed());
        send(running(J2, 2));
        assertEquals(0, precheckSummary().getJobsFailed());
        assertEquals(1, precheckSummary().getJobsInProgress());
        assertEquals(0, precheckSummary().getFailedItems());
        assertNull(precheckSummary().getPassRate());
        send(passing(J2, 3));
        ProjectPrecheckSummary s = precheckSummary();
        assertEquals(1, s.getJobsKnown());
        assertEquals(1, s.getJobsPassed());
        assertEquals(0, s.getJobsFailed());
        assertEquals(0, s.getJobsInProgress());
        assertEquals(1.0, s.getPassRate());
        assertTrue(s.getTopFailingItems().isEmpty());
        assertEquals(List.of(JobDirection.UP), s.getByDirection().stream().map(d -> d.getDirection()).toList());
    }

    @Test
    void aLateOlderSnapshotChangesNothing() {
        send(passing(J1, 5));
        ProjectPrecheckSummary before = precheckSummary();
        send(running(J1, 1));
        assertEquals(before, precheckSummary());
        assertEquals(1, precheckSummary().getJobsPassed());
    }

    @Test
    void replayingTheSameInputChangesNothing() {
        List<PrecheckResult> input = List.of(running(J1, 1), passing(J1, 2), failing(J2, 3), running(J3, 4));
        input.forEach(this::send);
        ProjectPrecheckSummary first = precheckSummary();
        List<CheckAlert> firstAlerts = newAlerts();
        input.forEach(this::send);
        assertEquals(first, precheckSummary());
        assertTrue(newAlerts().isEmpty(), "a replay raises no alert");
        assertEquals(firstAlerts.size(), 3, "item FAILED, item ALARM, pre-check failed: " + firstAlerts);
    }

    @Test
    void snapshotsThatOnlyMoveProgressLeaveTheSummaryAlone() {
        send(running(J1, 1));
        publish();
        assertEquals(1, precheckSummaries.readKeyValuesToList().size());
        send(result(J1, 2, 60, false, JobDirection.UP, item("dstDbConnection", "network", CheckResult.PASSED)));
        send(result(J1, 3, 80, false, JobDirection.UP, item("dstDbConnection", "network", CheckResult.PASSED)));
        publish();
        assertTrue(precheckSummaries.isEmpty(), "progress alone changes no count");
        send(passing(J1, 4));
        send(failing(J2, 5));
        publish();
        assertEquals(1, precheckSummaries.readKeyValuesToList().size(), "two changes within a second: one publication");
        assertEquals(1, precheckSummary().getJobsPassed());
    }

    private static PrecheckResult apiFailure(String job, int minute) {
        return PrecheckResult.newBuilder(running(job, minute)).setOutcome(ObservationOutcome.API_FAILURE).setItems(List.of())
                .setPassed(null).setErrorCode("DRSMON.API_FAILURE").setConsecutiveFailures(3).build();
    }

    @Test
    void apiFailuresAreCountedApartAndNeverReplaceAVerdict() {
        send(passing(J1, 1));
        send(failing(J3, 1));
        send(apiFailure(J2, 2));
        send(apiFailure(J1, 3));
        send(apiFailure(J3, 3));
        ProjectPrecheckSummary s = precheckSummary();
        assertEquals(3, s.getJobsKnown());
        assertEquals(3, s.getJobsApiFailing());
        assertEquals(0, s.getJobsWithErrors());
        assertEquals(0, s.getJobsInProgress());
        assertEquals(1, s.getJobsPassed(), "J1 keeps its verdict while calls fail");
        assertEquals(1, s.getJobsFailed(), "J3 keeps its verdict while calls fail");
        assertEquals(1, s.getFailedItems());
        assertEquals(0.5, s.getPassRate());
        send(passing(J1, 4));
        assertEquals(2, precheckSummary().getJobsApiFailing(), "an answer ends J1's API failure");
    }

    @Test
    void aTombstoneRemovesTheJobFromTheSummaryAndResolvesItsAlerts() {
        send(passing(J1, 1));
        send(failing(J2, 2));
        List<CheckAlert> fired = newAlerts();
        assertEquals(3, fired.size());
        results.pipeInput(J2, null, T0.plus(Duration.ofMinutes(3)));
        ProjectPrecheckSummary s = precheckSummary();
        assertEquals(1, s.getJobsKnown());
        assertEquals(0, s.getJobsFailed());
        assertEquals(0, s.getFailedItems());
        assertEquals(0, s.getAlarmItems());
        assertTrue(s.getTopFailingItems().isEmpty());
        List<CheckAlert> resolved = newAlerts();
        assertEquals(fired.stream().map(CheckAlert::getAlertId).sorted().toList(),
                resolved.stream().map(CheckAlert::getAlertId).sorted().toList());
        assertTrue(resolved.stream().allMatch(a -> a.getState() == AlertState.RESOLVED));
        assertNull(TestDrivers.jobStore(driver, SummaryTopology.PRECHECK_JOBS_STORE).get(J2), "the job's state is gone");
        send(failing(J2, 1));
        assertEquals(2, precheckSummary().getJobsKnown(), "a snapshot after the tombstone starts the job afresh");
        results.pipeInput(J1, null, T0.plus(Duration.ofMinutes(4)));
        results.pipeInput(J2, null, T0.plus(Duration.ofMinutes(4)));
        publish();
        var last = precheckSummaries.readKeyValuesToMap();
        assertTrue(last.containsKey(P) && last.get(P) == null, "a project without jobs is a tombstone on the topic: " + last);
        assertNull(precheckSummary());
    }

    @Test
    void aJobMovingProjectsLeavesTheOldOne() {
        String other = "ffff0000ffff0000ffff0000ffff0000";
        send(failing(J1, 1));
        newAlerts();
        send(PrecheckResult.newBuilder(passing(J1, 2)).setProjectId(other).build());
        publish();
        Map<String, ProjectPrecheckSummary> published = precheckSummaries.readKeyValuesToMap();
        assertNull(published.get(P), "the old project has no job left");
        assertEquals(1, published.get(other).getJobsPassed());
        List<CheckAlert> alerts = newAlerts();
        assertTrue(alerts.stream().filter(a -> a.getProjectId().equals(P)).allMatch(a -> a.getState() == AlertState.RESOLVED)
                && alerts.stream().anyMatch(a -> a.getProjectId().equals(P)), "its alerts in the old project resolve: " + alerts);
    }

    @Test
    void aRecheckWhoseFirstSnapshotIsAlreadyCompleteCountsAsANewRun() {
        Instant firstRun = T0.minus(Duration.ofMinutes(10));
        send(PrecheckResult.newBuilder(failing(J1, 1)).setRunRequestedAt(firstRun).build());
        send(PrecheckResult.newBuilder(failing(J1, 2)).setRunRequestedAt(firstRun).build());
        send(PrecheckResult.newBuilder(passing(J1, 3)).setRunRequestedAt(T0.plus(Duration.ofMinutes(2))).build());
        ReadOnlyWindowStore<String, HourlyPassRate> history = driver.getWindowStore(SummaryTopology.PRECHECK_HISTORY_STORE);
        assertEquals(new HourlyPassRate(2, 1), history.fetch(P, T0.toEpochMilli()));
    }

    // ---- alerts

    @Test
    void alertsFireOnTransitionsOnceAndResolve() {
        send(running(J2, 1));
        assertTrue(newAlerts().isEmpty());
        send(failing(J2, 2));
        List<CheckAlert> fired = newAlerts();
        assertEquals(3, fired.size());
        CheckAlert itemFailed = fired.stream().filter(a -> a.getKind() == AlertKind.CHECK_ITEM_FAILED).findFirst().orElseThrow();
        assertEquals(AlertSeverity.CRITICAL, itemFailed.getSeverity());
        assertEquals(AlertState.FIRING, itemFailed.getState());
        assertEquals("srcDbConnection", itemFailed.getItem());
        assertEquals("network", itemFailed.getGroup());
        CheckAlert alarm = fired.stream().filter(a -> a.getKind() == AlertKind.CHECK_ITEM_ALARM).findFirst().orElseThrow();
        assertEquals(AlertSeverity.WARNING, alarm.getSeverity());
        assertTrue(fired.stream().anyMatch(a -> a.getKind() == AlertKind.PRECHECK_FAILED && a.getState() == AlertState.FIRING));

        send(failing(J2, 3));
        assertTrue(newAlerts().isEmpty(), "the same state again raises nothing");

        send(running(J2, 4));
        assertTrue(newAlerts().isEmpty(), "a running re-check that has not reported the items yet resolves nothing");

        send(passing(J2, 5));
        List<CheckAlert> resolved = newAlerts();
        assertEquals(3, resolved.size());
        assertTrue(resolved.stream().allMatch(a -> a.getState() == AlertState.RESOLVED));
        assertEquals(itemFailed.getAlertId(), resolved.stream().filter(a -> a.getKind() == AlertKind.CHECK_ITEM_FAILED)
                .findFirst().orElseThrow().getAlertId(), "FIRING and RESOLVED share the alert id");
    }

    @Test
    void failingDrsCallsRaiseAnAlertThatResolvesWhenCallsSucceed() {
        send(running(J1, 1));
        PrecheckResult apiFailure = PrecheckResult.newBuilder(running(J1, 2)).setOutcome(ObservationOutcome.API_FAILURE)
                .setItems(List.of()).setErrorCode("DRSMON.API_FAILURE").setErrorMsg("GAVE_UP").setConsecutiveFailures(3).build();
        send(apiFailure);
        List<CheckAlert> fired = newAlerts();
        assertEquals(1, fired.size());
        assertEquals(AlertKind.DRS_API_FAILING, fired.get(0).getKind());
        assertEquals("DRSMON.API_FAILURE", fired.get(0).getErrorCode());
        send(PrecheckResult.newBuilder(apiFailure).setConsecutiveFailures(4).setObservedAt(T0.plusSeconds(200)).build());
        assertTrue(newAlerts().isEmpty());
        send(passing(J1, 5));
        List<CheckAlert> after = newAlerts();
        assertEquals(1, after.size());
        assertEquals(AlertState.RESOLVED, after.get(0).getState());
    }

    @Test
    void aRefusedPrecheckIsAFailedPrecheck() {
        send(PrecheckResult.newBuilder(running(J3, 1)).setOutcome(ObservationOutcome.JOB_ERROR).setItems(List.of())
                .setErrorCode("DRS.M00289").setErrorMsg("The job does not exist.").build());
        List<CheckAlert> fired = newAlerts();
        assertEquals(1, fired.size());
        assertEquals(AlertKind.PRECHECK_FAILED, fired.get(0).getKind());
        assertEquals("DRS.M00289", fired.get(0).getErrorCode());
        assertEquals(1, precheckSummary().getJobsWithErrors());
    }

    // ---- history

    @Test
    void hourlyPassRateHistoryCountsEachFinishedRunOnce() {
        send(running(J1, 1));
        send(passing(J1, 2));
        send(passing(J1, 3));
        send(failing(J2, 70));
        send(running(J2, 80));
        send(passing(J2, 90));
        send(failing(J3, 91));
        results.pipeInput(J3, null, T0.plus(Duration.ofMinutes(92)));
        ReadOnlyWindowStore<String, HourlyPassRate> history = driver.getWindowStore(SummaryTopology.PRECHECK_HISTORY_STORE);
        List<KeyValue<Long, HourlyPassRate>> hours = new ArrayList<>();
        try (WindowStoreIterator<HourlyPassRate> it = history.fetch(P, T0.minus(Duration.ofHours(1)), T0.plus(Duration.ofHours(3)))) {
            it.forEachRemaining(hours::add);
        }
        assertEquals(2, hours.size());
        assertEquals(T0.toEpochMilli(), hours.get(0).key);
        assertEquals(new HourlyPassRate(1, 1), hours.get(0).value);
        assertEquals(new HourlyPassRate(3, 1), hours.get(1).value,
                "a failed run and its passing re-check both count; a deleted job's run stays in the history");
    }

    // ---- DR initialization

    private static StructProcess struct(String job, int minute, long tableDst, StructObjectState tableState) {
        Instant start = T0.minus(Duration.ofMinutes(30));
        List<StructProcessEntry> entries = List.of(
                StructProcessEntry.newBuilder().setType("database").setStatus(2).setState(StructObjectState.COMPLETED)
                        .setSrcCount(2L).setDstCount(2L).setStartTime(start).setEndTime(start.plusSeconds(5)).build(),
                StructProcessEntry.newBuilder().setType("table").setStatus(tableState == StructObjectState.COMPLETED ? 2 : 1)
                        .setState(tableState).setSrcCount(100L).setDstCount(tableDst).setStartTime(start.plusSeconds(5))
                        .setEndTime(tableState == StructObjectState.COMPLETED ? start.plusSeconds(60) : null).build());
        boolean complete = tableState == StructObjectState.COMPLETED;
        return StructProcess.newBuilder().setProjectId(P).setJobId(job).setEntries(entries).setOutcome(ObservationOutcome.OK)
                .setComplete(complete).setCreateTime(String.valueOf(T0.toEpochMilli())).setObservedAt(T0.plus(Duration.ofMinutes(minute)))
                .build();
    }

    private void send(StructProcess s) {
        structs.pipeInput(s.getJobId(), s, s.getObservedAt());
    }

    @Test
    void summarizesDrInitializationPerObjectType() {
        send(struct(J1, 1, 40, StructObjectState.IN_PROGRESS));
        send(struct(J2, 2, 100, StructObjectState.COMPLETED));
        send(StructProcess.newBuilder(struct(J3, 3, 10, StructObjectState.IN_PROGRESS)).setOutcome(ObservationOutcome.JOB_ERROR)
                .setErrorCode("DRS.M03500").setErrorMessage("DR initialization failed").setComplete(true).build());
        ProjectDrInitSummary s = drSummary();
        assertEquals(3, s.getDrJobs());
        assertEquals(1, s.getInitializing());
        assertEquals(1, s.getDone());
        assertEquals(1, s.getFailed());
        assertEquals(0, s.getStalled());
        assertEquals(List.of("database", "table"), s.getObjectTypes().stream().map(t -> t.getType()).toList());
        var table = s.getObjectTypes().get(1);
        assertEquals(300, table.getSrcCount());
        assertEquals(150, table.getDstCount());
        assertEquals(0.5, table.getCompletionRatio());
        assertEquals(1, table.getJobsCompleted());
        assertEquals(3, table.getJobsTotal());
        assertEquals(J1, s.getOldestRunningJobId());
        assertEquals(T0.minus(Duration.ofMinutes(30)).plusSeconds(0), s.getOldestRunningStartedAt());
        List<CheckAlert> fired = newAlerts();
        assertEquals(1, fired.size());
        assertEquals(AlertKind.DR_INIT_FAILED, fired.get(0).getKind());
        assertEquals(AlertSeverity.CRITICAL, fired.get(0).getSeverity());

        send(struct(J1, 4, 100, StructObjectState.COMPLETED));
        assertEquals(2, drSummary().getDone());
        assertNull(drSummary().getOldestRunningJobId());
    }

    @Test
    void detectsAStalledInitializationByTheWallClockAndResolvesWhenItMoves() {
        // Progress is dated by the snapshot (minute 1), the stall judged by the wall clock (starts at T0).
        send(struct(J1, 1, 40, StructObjectState.IN_PROGRESS));
        driver.advanceWallClockTime(Duration.ofMinutes(6));
        send(struct(J1, 6, 40, StructObjectState.IN_PROGRESS));
        assertEquals(0, drSummary().getStalled(), "an unchanged snapshot is not progress, but 5 minutes is not a stall yet");
        driver.advanceWallClockTime(Duration.ofMinutes(5).plusSeconds(10));
        assertEquals(1, drSummary().getStalled());
        List<CheckAlert> fired = newAlerts();
        assertEquals(1, fired.size());
        assertEquals(AlertKind.DR_INIT_STALLED, fired.get(0).getKind());
        assertEquals(AlertState.FIRING, fired.get(0).getState());
        assertTrue(fired.get(0).getDetail().contains("table"));
        driver.advanceWallClockTime(Duration.ofMinutes(30));
        assertTrue(newAlerts().isEmpty(), "a stall fires once");

        send(struct(J1, 40, 60, StructObjectState.IN_PROGRESS));
        assertEquals(0, drSummary().getStalled());
        List<CheckAlert> resolved = newAlerts();
        assertEquals(1, resolved.size());
        assertEquals(AlertState.RESOLVED, resolved.get(0).getState());
        assertEquals(fired.get(0).getAlertId(), resolved.get(0).getAlertId());
    }

    @Test
    void drApiFailuresNeitherFailAnInitializationNorReplaceItsProgress() {
        send(struct(J1, 1, 40, StructObjectState.IN_PROGRESS));
        send(StructProcess.newBuilder(struct(J1, 2, 0, StructObjectState.IN_PROGRESS)).setEntries(List.of())
                .setOutcome(ObservationOutcome.API_FAILURE).setErrorCode("DRSMON.API_FAILURE").setComplete(false).build());
        ProjectDrInitSummary s = drSummary();
        assertEquals(0, s.getFailed());
        assertEquals(1, s.getApiFailing());
        assertEquals(1, s.getInitializing());
        assertEquals(40, s.getObjectTypes().get(1).getDstCount());
        List<CheckAlert> fired = newAlerts();
        assertEquals(List.of(AlertKind.DRS_API_FAILING), fired.stream().map(CheckAlert::getKind).toList());
        structs.pipeInput(J1, null, T0.plus(Duration.ofMinutes(3)));
        assertNull(drSummary(), "the project has no DR job left");
        assertEquals(List.of(AlertState.RESOLVED), newAlerts().stream().map(CheckAlert::getState).toList());
    }

    @Test
    void recentAlertsAreKeptOnePerEntryNewestFirstAndBoundedPerProject() {
        for (int minute = 1; minute <= 40; minute += 2) {
            send(failing(J2, minute));
            driver.advanceWallClockTime(Duration.ofSeconds(1));
            send(passing(J2, minute + 1));
            driver.advanceWallClockTime(Duration.ofSeconds(1));
        }
        List<CheckAlert> kept = keptAlerts();
        int limit = SETTINGS.recentAlerts();
        assertTrue(kept.size() >= limit && kept.size() <= limit + limit / 2,
                "120 alerts raised; the newest 50 kept, trimmed in batches of half: " + kept.size());
        for (int i = 1; i < kept.size(); i++) {
            assertTrue(!kept.get(i).getRaisedAt().isAfter(kept.get(i - 1).getRaisedAt()), "newest first");
        }
        assertEquals(AlertState.RESOLVED, kept.get(0).getState());
        List<CheckAlert> published = newAlerts();
        assertEquals(120, published.size(), "every transition published");
        assertTrue(published.containsAll(kept), "the store keeps alerts exactly as they were published");
        Instant oldestKept = kept.get(kept.size() - 1).getRaisedAt();
        List<CheckAlert> newer = published.stream().filter(a -> a.getRaisedAt().isAfter(oldestKept)).toList();
        assertTrue(kept.containsAll(newer), "every alert raised after the oldest kept one is kept");
    }

    @Test
    void recentAlertsStayTheNewestWhenTransitionsRepeatAKey() {
        // The wall clock stands still: each alert's FIRING (and RESOLVED) is raised again under the same key.
        for (int minute = 1; minute <= 60; minute += 2) {
            send(failing(J2, minute));
            send(passing(J2, minute + 1));
        }
        assertEquals(6, keptAlerts().size(), "three alerts, each FIRING and RESOLVED, one entry per key");
        for (int minute = 61; minute <= 100; minute += 2) {
            driver.advanceWallClockTime(Duration.ofSeconds(1));
            send(failing(J2, minute));
            driver.advanceWallClockTime(Duration.ofSeconds(1));
            send(passing(J2, minute + 1));
        }
        List<CheckAlert> kept = keptAlerts();
        int limit = SETTINGS.recentAlerts();
        assertTrue(kept.size() >= limit && kept.size() <= limit + limit / 2, "the newest 50 kept, however often a key came: "
                + kept.size());
        Instant oldestKept = kept.get(kept.size() - 1).getRaisedAt();
        List<CheckAlert> newer = newAlerts().stream().filter(a -> a.getRaisedAt().isAfter(oldestKept)).toList();
        assertTrue(kept.containsAll(newer), "every alert raised after the oldest kept one is kept");
    }

    @Test
    void alertsThatDeltasOfEarlierBuildsCarryDecodedArePublishedAndKept() throws IOException {
        // A record an earlier build left in the repartition topic: written with its ProjectDelta schema (no
        // encodedAlerts), its alerts decoded, registered and framed as that build's serializer did.
        String topic = "summary-test-" + SummaryTopology.DELTAS_REPARTITION + "-repartition";
        Schema current = ProjectDelta.getClassSchema();
        Schema earlier = Schema.createRecord(current.getName(), current.getDoc(), current.getNamespace(), false,
                current.getFields().stream().filter(f -> !f.name().equals("encodedAlerts")).map(f -> new Schema.Field(f, f.schema()))
                        .toList());
        CheckAlert alert = CheckAlert.newBuilder().setAlertId(P + "/" + J1 + "/CHECK_ITEM_FAILED/srcDbConnection").setProjectId(P)
                .setJobId(J1).setKind(AlertKind.CHECK_ITEM_FAILED).setSeverity(AlertSeverity.CRITICAL).setState(AlertState.FIRING)
                .setItem("srcDbConnection").setMessage("Check item srcDbConnection is FAILED").setObservedAt(T0).setRaisedAt(T0).build();
        GenericData.Record delta = new GenericData.Record(earlier);
        for (Schema.Field field : earlier.getFields()) {
            delta.put(field.name(), GenericData.get().getDefaultValue(field));
        }
        delta.put("alerts", List.of(alert));
        int id = RegistryClients.forUrl(serde).register(topic + "-value", earlier);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        bytes.write(WireFormat.MAGIC_BYTE);
        bytes.write(ByteBuffer.allocate(4).putInt(id).array());
        BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(bytes, null);
        new SpecificDatumWriter<GenericData.Record>(earlier).write(delta, encoder);
        encoder.flush();
        driver.createInputTopic(topic, Serdes.String().serializer(), Serdes.ByteArray().serializer()).pipeInput(P, bytes.toByteArray(), T0);
        assertEquals(List.of(alert), newAlerts());
        assertEquals(List.of(alert), keptAlerts());
    }

    /** The project's alerts in recent-alerts, in store order (newest first). */
    private List<CheckAlert> keptAlerts() {
        KeyValueStore<String, CheckAlert> store = driver.getKeyValueStore(SummaryTopology.RECENT_ALERTS_STORE);
        List<CheckAlert> kept = new ArrayList<>();
        try (var it = store.prefixScan(AlertKeys.prefix(P), Serdes.String().serializer())) {
            it.forEachRemaining(kv -> kept.add(kv.value));
        }
        return kept;
    }
}
