package io.drsmonitor.streams;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.drsmonitor.avro.SpecificAvroSerde;
import io.drsmonitor.streams.fleet.FleetJobs;
import io.drsmonitor.kafka.TopicNames;
import io.drsmonitor.model.FleetItem;
import io.drsmonitor.model.FleetSlice;
import io.drsmonitor.model.PrecheckResult;
import io.drsmonitor.model.PrecheckRun;
import io.drsmonitor.model.ProjectDrInitSummary;
import io.drsmonitor.model.ProjectPrecheckSummary;
import io.drsmonitor.model.StructProcess;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import io.drsmonitor.model.CheckResult;
import io.drsmonitor.streams.state.PrecheckJobState;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Thousands of seeded snapshots (duplicates, late ones, tombstones, project moves, API failures)
 * through the topology; every project's summary, in the store and last on the topic, must equal
 * what {@link SummaryOracle} computes from the final per-job state, and the per-job stores must
 * hold exactly the jobs still alive. The fleet's items and slices, published and in the global
 * stores, and each job's item memberships must equal what {@link FleetOracle} computes.
 */
class SummaryOracleTest {
    private static final int RUNS_KEPT = 3;
    private static final SummarySettings SETTINGS = new SummarySettings(Duration.ofDays(365), Duration.ofMinutes(1), 5, 50,
            Duration.ofDays(30)).withRunsPerJob(RUNS_KEPT);

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {1, 2, 3, 4})
    void everyProjectSummaryEqualsTheOracle(long seed) {
        Map<String, Object> serde = Map.of("schema.registry.url", "mock://oracle-" + UUID.randomUUID());
        Properties props = TestDrivers.properties("oracle-test");
        List<SnapshotScenario.Event> events = SnapshotScenario.generate(seed, "p", 120, 7, 6_000);
        SummaryOracle oracle = new SummaryOracle();
        RunsOracle runsOracle = new RunsOracle();
        FleetOracle fleetOracle = new FleetOracle();
        Map<String, String> groups = new TreeMap<>();
        SummarySettings settings = SETTINGS;
        try (TopologyTestDriver driver = new TopologyTestDriver(SummaryTopology.build(serde, settings, SummaryListener.NONE, TopicNames.DEFAULT),
                props, Instant.now())) {
            TestInputTopic<String, PrecheckResult> results = driver.createInputTopic(TopicNames.PRECHECK_RESULTS,
                    Serdes.String().serializer(), SpecificAvroSerde.forValues(PrecheckResult.class, serde).serializer());
            TestInputTopic<String, StructProcess> structs = driver.createInputTopic(TopicNames.DR_STRUCT_PROCESS,
                    Serdes.String().serializer(), SpecificAvroSerde.forValues(StructProcess.class, serde).serializer());
            var precheckTopic = driver.createOutputTopic(TopicNames.PROJECT_PRECHECK_SUMMARY, Serdes.String().deserializer(),
                    SpecificAvroSerde.forValues(ProjectPrecheckSummary.class, serde).deserializer());
            var drTopic = driver.createOutputTopic(TopicNames.PROJECT_DR_INIT_SUMMARY, Serdes.String().deserializer(),
                    SpecificAvroSerde.forValues(ProjectDrInitSummary.class, serde).deserializer());
            var runsTopic = driver.createOutputTopic(TopicNames.PRECHECK_RUNS, Serdes.String().deserializer(),
                    SpecificAvroSerde.forValues(PrecheckRun.class, serde).deserializer());
            var itemsTopic = driver.createOutputTopic(TopicNames.FLEET_ITEMS, Serdes.String().deserializer(),
                    SpecificAvroSerde.forValues(FleetItem.class, serde).deserializer());
            var slicesTopic = driver.createOutputTopic(TopicNames.FLEET_TOTALS, Serdes.String().deserializer(),
                    SpecificAvroSerde.forValues(FleetSlice.class, serde).deserializer());
            int sent = 0;
            for (SnapshotScenario.Event e : events) {
                if (e.topic().equals(TopicNames.PRECHECK_RESULTS)) {
                    results.pipeInput(e.jobId(), (PrecheckResult) e.value());
                    oracle.precheck(e.jobId(), (PrecheckResult) e.value());
                    runsOracle.precheck(e.jobId(), (PrecheckResult) e.value());
                    fleetOracle.precheck(e.jobId(), (PrecheckResult) e.value());
                    if (e.value() != null) {
                        ((PrecheckResult) e.value()).getItems().forEach(i -> groups.putIfAbsent(i.getItem(), i.getGroup()));
                    }
                } else {
                    structs.pipeInput(e.jobId(), (StructProcess) e.value());
                    oracle.dr(e.jobId(), (StructProcess) e.value());
                    runsOracle.dr(e.jobId(), (StructProcess) e.value());
                    fleetOracle.dr(e.jobId(), (StructProcess) e.value());
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
            int withEta = 0;
            for (String project : oracle.projects()) {
                ProjectPrecheckSummary wanted = oracle.precheckSummary(project, SETTINGS.topFailingItems(), runsOracle::timeToPassSeconds);
                assertEquals(wanted, SummaryOracle.withoutTime(precheckStore.get(project)), "pre-check store, project " + project);
                assertEquals(wanted, SummaryOracle.withoutTime(precheckPublished.get(project)), "pre-check topic, project " + project);
                ProjectDrInitSummary wantedDr = oracle.drSummary(project);
                assertEquals(wantedDr, SummaryOracle.withoutTime(drStore.get(project)), "DR store, project " + project);
                assertEquals(wantedDr, SummaryOracle.withoutTime(drPublished.get(project)), "DR topic, project " + project);
                compared += (wanted == null ? 0 : 1) + (wantedDr == null ? 0 : 1);
                withEta += wantedDr != null && wantedDr.getLatestEstimatedCompletionAt() != null ? 1 : 0;
            }
            assertEquals(oracle.precheckJobs(), keys(TestDrivers.jobStore(driver, SummaryTopology.PRECHECK_JOBS_STORE)));
            assertEquals(oracle.drJobs(), keys(TestDrivers.jobStore(driver, SummaryTopology.DR_JOBS_STORE)));
            assertEquals(true, compared >= 8, "the scenario leaves summaries to compare: " + compared);
            assertEquals(true, withEta >= 1, "the scenario leaves an ETA to compare: " + withEta);
            compareRuns(driver, runsOracle, runsTopic.readKeyValuesToList());
            compareFleet(driver, fleetOracle, groups, itemsTopic.readKeyValuesToMap(), slicesTopic.readKeyValuesToMap());
        }
    }

    /** Kept runs, published runs and job lists against {@link RunsOracle}. */
    private static void compareRuns(TopologyTestDriver driver, RunsOracle oracle, List<KeyValue<String, PrecheckRun>> published) {
        Map<String, List<RunsOracle.Run>> publishedByJob = new LinkedHashMap<>();
        for (KeyValue<String, PrecheckRun> kv : published) {
            publishedByJob.computeIfAbsent(kv.key, k -> new ArrayList<>()).add(RunsOracle.of(kv.value));
        }
        assertEquals(oracle.published(), publishedByJob, "every finished run, once, in order, with its diff");
        KeyValueStore<String, PrecheckRun> kept = driver.getKeyValueStore(SummaryTopology.PRECHECK_RUNS_STORE);
        List<String> keys = new ArrayList<>();
        try (var all = kept.all()) {
            all.forEachRemaining(kv -> keys.add(kv.key));
        }
        assertEquals(true, keys.stream().allMatch(k -> oracle.precheckJobs().contains(k.substring(0, k.indexOf('/')))),
                "no run of a deleted job is kept");
        int withRuns = 0;
        for (String job : oracle.precheckJobs()) {
            List<RunsOracle.Run> actual = new ArrayList<>();
            try (var it = kept.prefixScan(PrecheckRuns.prefix(job), new StringSerializer())) {
                it.forEachRemaining(kv -> actual.add(RunsOracle.of(kv.value)));
            }
            assertEquals(oracle.kept(job, RUNS_KEPT), actual, "runs kept for " + job);
            withRuns += actual.size() > 1 ? 1 : 0;
        }
        assertEquals(true, withRuns >= 10, "jobs with compared runs: " + withRuns);
        Map<String, List<String>> listed = new TreeMap<>();
        KeyValueStore<String, String> index = driver.getKeyValueStore(SummaryTopology.JOBS_BY_PROJECT_STORE);
        try (var all = index.all()) {
            all.forEachRemaining(kv -> {
                if (kv.key.startsWith(JobIndex.BY_PROJECT)) {
                    listed.computeIfAbsent(JobIndex.projectOf(kv.key), p -> new ArrayList<>()).add(JobIndex.jobOf(kv.key));
                }
            });
        }
        listed.replaceAll((project, jobs) -> jobs.stream().sorted().toList());
        assertEquals(oracle.listed(), listed, "each job listed once, under the project of its newest snapshot");
    }

    /** Items and slices (as published: what every instance's fleet view reads) and item memberships against {@link FleetOracle}. */
    private static void compareFleet(TopologyTestDriver driver, FleetOracle oracle, Map<String, String> groups,
                                     Map<String, FleetItem> itemsPublished, Map<String, FleetSlice> slicesPublished) {
        Map<String, FleetItem> wantedItems = oracle.items(groups);
        itemsPublished.values().removeIf(Objects::isNull); // tombstones: items no job has any more
        itemsPublished.replaceAll((item, value) -> withoutTime(value));
        assertEquals(wantedItems, itemsPublished, "drs.fleet.items, last value per item");
        assertEquals(true, wantedItems.values().stream().anyMatch(i -> i.getFailed().getProjects() > 1 && i.getRegions().size() > 1
                && i.getFailed().getTopReasons().size() > 1), "the scenario leaves items across projects, regions and reasons");

        // The jobs the API lists for each item, read from the per-job states as each instance reads its own.
        Map<String, Map<String, FleetOracle.Membership>> memberships = new TreeMap<>();
        ReadOnlyKeyValueStore<String, PrecheckJobState> states = TestDrivers.jobStore(driver, SummaryTopology.PRECHECK_JOBS_STORE);
        for (String item : groups.keySet()) {
            for (CheckResult verdict : List.of(CheckResult.FAILED, CheckResult.ALARM)) {
                try (var all = states.all()) {
                    for (FleetJobs.Affected job : FleetJobs.affected(all, item, verdict, null, Integer.MAX_VALUE)) {
                        memberships.computeIfAbsent(item, k -> new TreeMap<>()).put(job.jobId(), new FleetOracle.Membership(
                                job.projectId(), job.region(), job.verdict(), job.failedReason(), job.since()));
                    }
                }
            }
        }
        assertEquals(oracle.memberships(), memberships, "each item's jobs, with project, region, verdict, reason and since");

        Map<String, FleetSlice> wantedSlices = oracle.slices();
        slicesPublished.values().removeIf(Objects::isNull);
        slicesPublished.replaceAll((slice, value) -> withoutTime(value));
        assertEquals(wantedSlices, slicesPublished, "drs.fleet.totals, last value per slice");
        assertEquals(true, wantedSlices.size() >= 12, "slices to compare: " + wantedSlices.size());
    }

    private static FleetItem withoutTime(FleetItem item) {
        return FleetItem.newBuilder(item).setUpdatedAt(Instant.EPOCH).build();
    }

    private static FleetSlice withoutTime(FleetSlice slice) {
        return FleetSlice.newBuilder(slice).setUpdatedAt(Instant.EPOCH).build();
    }

    private static Set<String> keys(ReadOnlyKeyValueStore<String, Object> store) {
        Set<String> keys = new TreeSet<>();
        try (var it = store.all()) {
            it.forEachRemaining(kv -> keys.add(kv.key));
        }
        return keys;
    }
}
