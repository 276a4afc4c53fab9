package io.drsmonitor.streams;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.drsmonitor.avro.SpecificAvroSerde;
import io.drsmonitor.kafka.TopicNames;
import io.drsmonitor.model.CheckResult;
import io.drsmonitor.model.ObservationOutcome;
import io.drsmonitor.model.PrecheckItem;
import io.drsmonitor.model.PrecheckResult;
import io.drsmonitor.model.PrecheckRun;
import io.drsmonitor.model.ProjectPrecheckSummary;
import io.drsmonitor.model.StructObjectState;
import io.drsmonitor.model.StructProcess;
import io.drsmonitor.model.StructProcessEntry;
import io.drsmonitor.streams.state.PrecheckJobState;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Finished runs, their diffs, the kept history and the project index, driven by TopologyTestDriver:
 * re-runs with changed verdicts, duplicates, late snapshots, API failures, deletes and moves. The
 * expected lists are written out by hand in each test.
 */
class PrecheckRunsTopologyTest {
    private static final String P = "project-a";
    private static final String Q = "project-b";
    private static final String J = "11111111-1111-1111-1111-1111111jb001";
    private static final String K = "22222222-2222-2222-2222-2222222jb002";
    private static final Instant T0 = Instant.parse("2026-12-01T10:00:00Z");
    private static final int KEEP = 3;
    private static final SummarySettings SETTINGS = new SummarySettings(Duration.ofMinutes(10), Duration.ofSeconds(10), 5, 50,
            Duration.ofDays(30)).withRunsPerJob(KEEP);

    private TopologyTestDriver driver;
    private TestInputTopic<String, PrecheckResult> results;
    private TestInputTopic<String, StructProcess> structs;
    private TestOutputTopic<String, PrecheckRun> runs;

    @BeforeEach
    void start() {
        Map<String, Object> serde = Map.of("schema.registry.url", "mock://runs-" + UUID.randomUUID());
        Properties props = TestDrivers.properties("runs-test");
        driver = new TopologyTestDriver(SummaryTopology.build(serde, SETTINGS, SummaryListener.NONE, TopicNames.DEFAULT), props, T0);
        results = driver.createInputTopic(TopicNames.PRECHECK_RESULTS, Serdes.String().serializer(),
                SpecificAvroSerde.forValues(PrecheckResult.class, serde).serializer());
        structs = driver.createInputTopic(TopicNames.DR_STRUCT_PROCESS, Serdes.String().serializer(),
                SpecificAvroSerde.forValues(StructProcess.class, serde).serializer());
        runs = driver.createOutputTopic(TopicNames.PRECHECK_RUNS, Serdes.String().deserializer(),
                SpecificAvroSerde.forValues(PrecheckRun.class, serde).deserializer());
    }

    @AfterEach
    void stop() {
        driver.close();
    }

    /** A snapshot of run {@code run} (requested at minute {@code run}) observed at {@code minute}; items as name=verdict. */
    private static PrecheckResult snapshot(String project, String job, int run, int minute, boolean complete, String... items) {
        List<PrecheckItem> list = new ArrayList<>();
        boolean passed = true;
        for (String spec : items) {
            String[] nv = spec.split("=");
            CheckResult verdict = CheckResult.valueOf(nv[1]);
            passed &= verdict != CheckResult.FAILED;
            list.add(PrecheckItem.newBuilder().setItem(nv[0]).setGroup("g").setVerdict(verdict).setResultRaw(nv[1])
                    .setFailedReason(verdict == CheckResult.PASSED ? null : "R-" + nv[0]).build());
        }
        return PrecheckResult.newBuilder().setProjectId(project).setJobId(job).setPrecheckId("pc-" + job)
                .setPassed(complete ? passed : null).setProcessPercent(complete ? 100.0 : 50.0)
                .setTotalPassedRatePercent(complete ? 50.0 : null).setItems(list).setOutcome(ObservationOutcome.OK)
                .setComplete(complete).setRunRequestedAt(T0.plus(Duration.ofMinutes(run)))
                .setRegion("ap-southeast-1").setJobType("MIGRATION").setPrecheckMode("forStartJob")
                .setObservedAt(T0.plus(Duration.ofMinutes(minute))).build();
    }

    private static PrecheckResult apiFailure(String job, int minute) {
        return PrecheckResult.newBuilder().setProjectId(P).setJobId(job).setItems(List.of()).setOutcome(ObservationOutcome.API_FAILURE)
                .setComplete(false).setConsecutiveFailures(3).setErrorCode("DRSMON.HTTP_503")
                .setObservedAt(T0.plus(Duration.ofMinutes(minute))).build();
    }

    private void send(PrecheckResult r) {
        results.pipeInput(r.getJobId(), r, r.getObservedAt());
    }

    private List<PrecheckRun> published() {
        List<PrecheckRun> out = new ArrayList<>();
        for (KeyValue<String, PrecheckRun> kv : runs.readKeyValuesToList()) {
            assertEquals(kv.key, kv.value.getJobId(), "keyed by job id");
            out.add(kv.value);
        }
        return out;
    }

    /** The job's kept runs, newest first, as the query API reads them: one prefix scan. */
    private List<PrecheckRun> history(String job) {
        KeyValueStore<String, PrecheckRun> store = driver.getKeyValueStore(SummaryTopology.PRECHECK_RUNS_STORE);
        List<PrecheckRun> kept = new ArrayList<>();
        try (KeyValueIterator<String, PrecheckRun> it = store.prefixScan(PrecheckRuns.prefix(job), new StringSerializer())) {
            it.forEachRemaining(kv -> kept.add(kv.value));
        }
        return kept;
    }

    private PrecheckJobState state(String job) {
        return TestDrivers.<PrecheckJobState>jobStore(driver, SummaryTopology.PRECHECK_JOBS_STORE).get(job);
    }

    /** Project to jobs, as the index lists them. */
    private Map<String, List<String>> listed() {
        KeyValueStore<String, String> store = driver.getKeyValueStore(SummaryTopology.JOBS_BY_PROJECT_STORE);
        Map<String, List<String>> byProject = new LinkedHashMap<>();
        try (KeyValueIterator<String, String> all = store.all()) {
            all.forEachRemaining(kv -> {
                if (kv.key.startsWith("p:")) {
                    String[] pj = kv.key.substring(2).split("/");
                    byProject.computeIfAbsent(pj[0], p -> new ArrayList<>()).add(pj[1]);
                }
            });
        }
        return byProject;
    }

    private static Instant minute(int m) {
        return T0.plus(Duration.ofMinutes(m));
    }

    @Test
    void aReRunWithOneItemFixedAndAnotherBrokenShowsExactlyThatDiff() {
        send(snapshot(P, J, 0, 1, false, "a=FAILED"));
        send(snapshot(P, J, 0, 2, true, "a=FAILED", "b=PASSED", "c=ALARM", "d=ALARM"));
        send(snapshot(P, J, 10, 11, true, "a=PASSED", "b=FAILED", "c=ALARM", "e=ALARM"));

        List<PrecheckRun> out = published();
        assertEquals(2, out.size(), "two finished runs: " + out);
        PrecheckRun first = out.get(0);
        assertEquals(minute(0), first.getRunRequestedAt());
        assertEquals(minute(2), first.getFinishedAt());
        assertEquals(120, first.getDurationSeconds());
        assertEquals(false, first.getPassed());
        assertEquals("forStartJob", first.getMode());
        assertEquals("ap-southeast-1", first.getRegion());
        assertNull(first.getDiff().getPreviousRunRequestedAt(), "a first run has no previous");
        assertEquals(List.of(), first.getDiff().getFixed());
        assertEquals(List.of(), first.getDiff().getNewlyFailing());
        assertEquals(List.of(), first.getDiff().getStillFailing());

        PrecheckRun second = out.get(1);
        assertEquals(minute(10), second.getRunRequestedAt());
        assertEquals(minute(0), second.getDiff().getPreviousRunRequestedAt());
        assertEquals(List.of("a", "d"), second.getDiff().getFixed(), "a FAILED->PASSED, d ALARM->absent");
        assertEquals(List.of("b"), second.getDiff().getNewlyFailing());
        assertEquals(List.of("e"), second.getDiff().getNewlyAlarm());
        assertEquals(List.of(), second.getDiff().getStillFailing());
        assertEquals(List.of("c"), second.getDiff().getStillAlarm());
        assertEquals("R-b", second.getItems().get(1).getFailedReason());

        List<PrecheckRun> kept = history(J);
        assertEquals(List.of(minute(10), minute(0)), kept.stream().map(PrecheckRun::getRunRequestedAt).toList(),
                "newest first");
        PrecheckJobState state = state(J);
        assertEquals(List.of(2, 1), state.getKeptRuns(), "run numbers, newest first");
        assertEquals(minute(11).toEpochMilli(), state.getLastFinishedAt());
        assertEquals(minute(10).toEpochMilli(), state.getLastRunRequestedAt());
        assertNull(state.getFirstPassedAt(), "no run passed");
    }

    @Test
    void duplicatesLateSnapshotsAndApiFailuresAreNoRuns() {
        PrecheckResult done = snapshot(P, J, 0, 2, true, "a=FAILED");
        send(snapshot(P, J, 0, 1, false, "a=FAILED"));
        send(done);
        send(done); // redelivered
        send(snapshot(P, J, 0, 3, true, "a=FAILED")); // the same run observed again, newer
        send(snapshot(P, J, 0, 1, false, "a=FAILED")); // late, older: ignored
        send(apiFailure(J, 4));
        send(apiFailure(J, 5));
        assertEquals(1, published().size(), "one run");
        assertEquals(1, history(J).size());
        assertEquals(1, state(J).getKeptRuns().size());
    }

    @Test
    void aRunWhoseFirstSnapshotIsCompleteCountsAndTimeToPassRunsFromTheFirstRequest() {
        send(snapshot(P, J, 0, 5, true, "a=FAILED"));
        send(snapshot(P, J, 10, 12, true, "a=FAILED"));
        send(snapshot(P, J, 20, 21, true, "a=PASSED"));
        send(snapshot(P, J, 30, 31, true, "a=FAILED")); // failing again later does not undo the first pass
        assertEquals(4, published().size());
        PrecheckJobState state = state(J);
        assertEquals(minute(0).toEpochMilli(), state.getFirstRequestedAt());
        assertEquals(minute(21).toEpochMilli(), state.getFirstPassedAt());
        assertEquals(3, state.getRunsToPass());
        assertEquals(4, state.getRunsFinished());
        assertEquals(KEEP, history(J).size(), "older runs drop off");
        assertEquals(List.of(minute(30), minute(20), minute(10)),
                history(J).stream().map(PrecheckRun::getRunRequestedAt).toList());
        assertEquals(KEEP, state.getKeptRuns().size());
    }

    @Test
    void theProjectSummaryGivesTheMedianAndP90TimeToPassOfItsJobsThatPassed() {
        String l = "33333333-3333-3333-3333-3333333jb003";
        String m = "44444444-4444-4444-4444-4444444jb004";
        send(snapshot(P, J, 0, 1, true, "a=PASSED"));                   // 60 s
        send(snapshot(P, K, 0, 1, true, "a=FAILED"));
        send(snapshot(P, K, 10, 12, true, "a=PASSED"));                 // 720 s: from the first request
        send(snapshot(P, l, 0, 2, true, "a=PASSED"));                   // 120 s
        send(snapshot(P, m, 0, 3, true, "a=FAILED"));                   // never passed: not counted
        driver.advanceWallClockTime(SETTINGS.publishEvery());
        KeyValueStore<String, ProjectPrecheckSummary> summaries = driver.getKeyValueStore(SummaryTopology.PRECHECK_SUMMARY_STORE);
        ProjectPrecheckSummary s = summaries.get(P);
        assertEquals(3, s.getTimeToPassJobs());
        assertEquals(120L, s.getTimeToPassMedianSeconds(), "nearest rank 2 of 60, 120, 720");
        assertEquals(720L, s.getTimeToPassP90Seconds(), "nearest rank 3 of 3");
        results.pipeInput(K, null, minute(20));
        driver.advanceWallClockTime(SETTINGS.publishEvery());
        s = summaries.get(P);
        assertEquals(2, s.getTimeToPassJobs(), "a deleted job leaves the times");
        assertEquals(60L, s.getTimeToPassMedianSeconds(), "nearest rank 1 of 60, 120");
        assertEquals(120L, s.getTimeToPassP90Seconds());
    }

    @Test
    void aDeletedJobLeavesTheRunsAndTheIndex() {
        send(snapshot(P, J, 0, 1, true, "a=FAILED"));
        send(snapshot(P, K, 0, 1, true, "a=PASSED"));
        assertEquals(Map.of(P, List.of(J, K)), listed());
        results.pipeInput(J, null, minute(2));
        assertEquals(List.of(), history(J));
        assertNull(state(J));
        assertEquals(Map.of(P, List.of(K)), listed());
        assertEquals(1, history(K).size(), "the other job keeps its runs");
    }

    @Test
    void aMovedJobListsUnderItsNewProjectOnlyAndStartsItsRunsAfresh() {
        send(snapshot(P, J, 0, 1, true, "a=FAILED"));
        send(snapshot(Q, J, 10, 11, true, "a=PASSED"));
        assertEquals(Map.of(Q, List.of(J)), listed());
        List<PrecheckRun> out = published();
        assertEquals(2, out.size());
        assertNull(out.get(1).getDiff().getPreviousRunRequestedAt(), "the first run in its new project");
        assertEquals(Q, out.get(1).getProjectId());
        assertEquals(1, history(J).size());
    }

    @Test
    void aJobListsUnderTheProjectOfItsNewestSnapshotWhetherPrecheckOrDr() {
        send(snapshot(P, J, 0, 1, true, "a=PASSED"));
        structs.pipeInput(J, dr(Q, J, 5), minute(5));
        assertEquals(Map.of(Q, List.of(J)), listed(), "the DR snapshot is newer");
        send(snapshot(P, J, 10, 11, true, "a=PASSED"));
        assertEquals(Map.of(P, List.of(J)), listed(), "the pre-check snapshot is newer now");
        structs.pipeInput(J, null, minute(12));
        assertEquals(Map.of(P, List.of(J)), listed());
        results.pipeInput(J, null, minute(13));
        assertEquals(Map.of(), listed(), "a job deleted on both sides leaves every list");
    }

    @Test
    void theIndexIsRebuiltFromTheJobStoresWhenATaskStarts() {
        send(snapshot(P, J, 0, 1, true, "a=PASSED"));
        structs.pipeInput(K, dr(Q, K, 2), minute(2));
        // The index has no changelog: wipe it as a new owner would find it, then restart the processors.
        KeyValueStore<String, String> index = driver.getKeyValueStore(SummaryTopology.JOBS_BY_PROJECT_STORE);
        List<String> keys = new ArrayList<>();
        try (KeyValueIterator<String, String> all = index.all()) {
            all.forEachRemaining(kv -> keys.add(kv.key));
        }
        keys.forEach(index::delete);
        MockProcessorContext<String, Object> restarted = new MockProcessorContext<>();
        JobProjectsStore projects = (JobProjectsStore) driver.getStateStore(SummaryTopology.JOB_PROJECTS_STORE);
        projects.close();
        projects.init(restarted.getStateStoreContext(), projects);
        assertNull(projects.get(J));
        assertEquals(Map.of(), listed());
        for (String store : List.of(SummaryTopology.JOBS_BY_PROJECT_STORE, SummaryTopology.PRECHECK_JOBS_STORE, SummaryTopology.DR_JOBS_STORE)) {
            restarted.addStateStore(driver.getAllStateStores().get(store));
        }
        restarted.addStateStore(projects);
        JobIndex.attach(restarted);
        assertEquals(Map.of(P, List.of(J), Q, List.of(K)), listed());
    }

    private static StructProcess dr(String project, String job, int minute) {
        return StructProcess.newBuilder().setProjectId(project).setJobId(job)
                .setEntries(List.of(StructProcessEntry.newBuilder().setType("table").setStatus(1)
                        .setState(StructObjectState.IN_PROGRESS).setSrcCount(10L).setDstCount(5L).build()))
                .setOutcome(ObservationOutcome.OK).setComplete(false).setObservedAt(minute(minute)).build();
    }
}
