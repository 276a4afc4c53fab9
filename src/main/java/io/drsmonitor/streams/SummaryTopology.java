package io.drsmonitor.streams;

import io.drsmonitor.avro.SpecificAvroSerde;
import io.drsmonitor.streams.fleet.FleetTopology;
import io.drsmonitor.kafka.TopicNames;
import io.drsmonitor.model.CheckAlert;
import io.drsmonitor.model.PrecheckResult;
import io.drsmonitor.model.PrecheckRun;
import io.drsmonitor.model.ProjectDrInitSummary;
import io.drsmonitor.model.ProjectPrecheckSummary;
import io.drsmonitor.model.StructProcess;
import io.drsmonitor.streams.internals.CommitHookStore;
import io.drsmonitor.streams.internals.ObjectStore;
import io.drsmonitor.streams.internals.WriteBackStore;
import io.drsmonitor.streams.state.DrJobState;
import io.drsmonitor.streams.state.PrecheckJobState;
import io.drsmonitor.streams.state.ProjectDelta;
import io.drsmonitor.streams.state.ProjectTotals;
import io.drsmonitor.streams.state.SummaryDelta;
import java.time.Duration;
import java.util.Map;
import java.util.function.Function;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Branched;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;

/**
 * From observations to answers, in two steps joined by one repartition:
 * <ol>
 *   <li>per job ({@link PrecheckJobProcessor}, {@link DrJobProcessor}): one state entry per job, read
 *   once per snapshot; what changes a summary becomes a {@link SummaryDelta} keyed by project, folded
 *   by the {@link DeltaCombiner} into one {@link ProjectDelta} per project and commit;</li>
 *   <li>per project ({@link ProjectSummarizer}): combined deltas added to integer totals, alerts and
 *   hourly history kept, summaries of changed projects published once per second.</li>
 * </ol>
 * The same per-job changes feed the fleet view ({@link FleetTopology}): combined per check item and per
 * slice, they cross the same repartition topic keyed by item or slice, so the fleet adds no task. Every
 * processor, store and repartition topic is named, so changelogs stay stable.
 */
public final class SummaryTopology {
    public static final String PRECHECK_JOBS_STORE = "precheck-jobs";
    public static final String DR_JOBS_STORE = "dr-jobs";
    /** Finished pre-check runs, one entry per run, keyed so a job's runs scan newest first ({@link PrecheckRuns#key}). */
    public static final String PRECHECK_RUNS_STORE = "precheck-runs";
    /** A project's jobs, by {@link JobIndex#projectKey} ({@link JobIndex}); no changelog. */
    public static final String JOBS_BY_PROJECT_STORE = "jobs-by-project";
    /** The project each job lists under ({@link JobIndex}); no changelog. */
    public static final String JOB_PROJECTS_STORE = "job-projects";
    /** Holds nothing: lets the {@link DeltaCombiner} forward at every commit (no changelog). */
    static final String COMBINER_COMMIT_HOOK = "project-delta-combiner-commits";
    static final String PROJECT_TOTALS_STORE = "project-totals";
    public static final String PRECHECK_SUMMARY_STORE = "precheck-summary";
    public static final String DR_SUMMARY_STORE = "dr-init-summary";
    public static final String PRECHECK_HISTORY_STORE = "precheck-hourly-history";
    public static final String RECENT_ALERTS_STORE = "recent-alerts";
    public static final String DELTAS_REPARTITION = "project-deltas";
    public static final Duration HOUR = Duration.ofHours(1);

    private SummaryTopology() {
    }

    /**
     * The summaries on {@code names}' topics; {@code serdeConfig} carries the registry settings, and
     * {@code listener} hears each published summary.
     */
    public static Topology build(Map<String, Object> serdeConfig, SummarySettings settings, SummaryListener listener,
                                 TopicNames names) {
        Serde<String> keys = Serdes.String();
        StreamsBuilder builder = new StreamsBuilder();
        builder.addStateStore(perJob(PRECHECK_JOBS_STORE, avro(PrecheckJobState.class, serdeConfig)));
        builder.addStateStore(perJob(DR_JOBS_STORE, avro(DrJobState.class, serdeConfig)));
        // Written with the bytes each run is published with on drs.precheck.runs (EncodedStore), read as PrecheckRuns.
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(PRECHECK_RUNS_STORE), keys,
                avro(PrecheckRun.class, serdeConfig)).withCachingDisabled());
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(JOBS_BY_PROJECT_STORE), keys, keys)
                .withCachingDisabled().withLoggingDisabled());
        builder.addStateStore(JobProjectsStore.builder(JOB_PROJECTS_STORE));
        builder.addStateStore(CommitHookStore.builder(COMBINER_COMMIT_HOOK));
        builder.addStateStore(WriteBackStore.builder(PROJECT_TOTALS_STORE, keys, avro(ProjectTotals.class, serdeConfig)));
        builder.addStateStore(perProject(PRECHECK_SUMMARY_STORE, avro(ProjectPrecheckSummary.class, serdeConfig)));
        builder.addStateStore(perProject(DR_SUMMARY_STORE, avro(ProjectDrInitSummary.class, serdeConfig)));
        // Written with the bytes each alert is published with on drs.alerts (EncodedStore), read as CheckAlerts.
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(RECENT_ALERTS_STORE), keys,
                avro(CheckAlert.class, serdeConfig)).withCachingDisabled());
        // In memory (one small entry per project and hour: about 100 MiB for 1,000 projects over 30 days),
        // restored from its changelog at start. On RocksDB, its segments made a task moving between two stream
        // threads of one instance come up as corrupted (data without a checkpoint) rebalance after rebalance,
        // for over a minute, when an instance joined and left within a second (JobRunsIT).
        builder.addStateStore(Stores.windowStoreBuilder(Stores.inMemoryWindowStore(PRECHECK_HISTORY_STORE,
                settings.historyRetention(), HOUR, false), keys, HourlyPassRate.serde()));

        // The pre-check processor sends summary deltas (keyed by project) and finished runs (keyed by job).
        Map<String, KStream<String, Object>> precheckOutputs = builder
                .stream(names.precheckResults(), Consumed.with(keys, avro(PrecheckResult.class, serdeConfig))
                        .withName("precheck-results-source"))
                .process(() -> new PrecheckJobProcessor(settings.runsPerJob(), encoder(PrecheckRun.class, serdeConfig, names.precheckRuns())),
                        Named.as("precheck-job-state"),
                        PRECHECK_JOBS_STORE, PRECHECK_RUNS_STORE, DR_JOBS_STORE, JOBS_BY_PROJECT_STORE, JOB_PROJECTS_STORE)
                .split(Named.as("precheck-output-"))
                .branch((job, out) -> out instanceof byte[], Branched.withConsumer(runs -> runs
                        .mapValues(out -> (byte[]) out, Named.as("precheck-run-value"))
                        .to(names.precheckRuns(), Produced.with(keys, Serdes.ByteArray()).withName("precheck-runs-sink")), "runs"))
                .defaultBranch(Branched.as("deltas"));
        KStream<String, SummaryDelta> precheckDeltas = precheckOutputs.get("precheck-output-deltas")
                .mapValues(out -> (SummaryDelta) out, Named.as("precheck-delta-value"));
        KStream<String, SummaryDelta> drDeltas = builder
                .stream(names.drStructProcess(), Consumed.with(keys, avro(StructProcess.class, serdeConfig))
                        .withName("dr-struct-process-source"))
                .process(() -> new DrJobProcessor(settings.stallAfter(), settings.stallCheckEvery(), settings.drPace()),
                        Named.as("dr-job-state"), DR_JOBS_STORE, PRECHECK_JOBS_STORE, JOBS_BY_PROJECT_STORE, JOB_PROJECTS_STORE);

        KStream<String, SummaryDelta> jobDeltas = precheckDeltas.merge(drDeltas, Named.as("job-deltas-merge"));
        KStream<String, ProjectDelta> changes = jobDeltas
                .process(() -> new DeltaCombiner(new AlertEncoder(encoder(CheckAlert.class, serdeConfig, names.alerts()))), Named.as("project-delta-combiner"),
                        COMBINER_COMMIT_HOOK)
                .merge(FleetTopology.combine(builder, jobDeltas), Named.as("summary-changes-merge"))
                .repartition(Repartitioned.with(keys, avro(ProjectDelta.class, serdeConfig)).withName(DELTAS_REPARTITION));
        Map<String, KStream<String, ProjectDelta>> byKind = changes.split(Named.as("summary-changes-"))
                .branch((key, change) -> FleetTopology.isFleetChange(change), Branched.as("fleet"))
                .defaultBranch(Branched.as("projects"));
        FleetTopology.summarize(builder, byKind.get("summary-changes-fleet"), serdeConfig, settings.publishEvery(), names);
        KStream<String, ProjectOutput> outputs = byKind.get("summary-changes-projects")
                .process(() -> new ProjectSummarizer(settings, listener, new AlertEncoder(encoder(CheckAlert.class, serdeConfig, names.alerts()))),
                        Named.as("project-summarizer"),
                        PROJECT_TOTALS_STORE, PRECHECK_SUMMARY_STORE, DR_SUMMARY_STORE, RECENT_ALERTS_STORE,
                        PRECHECK_HISTORY_STORE);
        outputs.split(Named.as("project-output-"))
                .branch((project, out) -> out.kind() == ProjectOutput.Kind.PRECHECK_SUMMARY, Branched.withConsumer(s -> s
                        .mapValues(out -> (ProjectPrecheckSummary) out.value(), Named.as("precheck-summary-value"))
                        .to(names.projectPrecheckSummary(), Produced.with(keys, avro(ProjectPrecheckSummary.class, serdeConfig))
                                .withName("precheck-summary-sink")), "precheck-summary"))
                .branch((project, out) -> out.kind() == ProjectOutput.Kind.DR_SUMMARY, Branched.withConsumer(s -> s
                        .mapValues(out -> (ProjectDrInitSummary) out.value(), Named.as("dr-summary-value"))
                        .to(names.projectDrInitSummary(), Produced.with(keys, avro(ProjectDrInitSummary.class, serdeConfig))
                                .withName("dr-summary-sink")), "dr-summary"))
                .defaultBranch(Branched.withConsumer(s -> s
                        .mapValues(out -> (byte[]) out.value(), Named.as("alert-value"))
                        .to(names.alerts(), Produced.with(keys, Serdes.ByteArray()).withName("alerts-sink")),
                        "alerts"));
        return builder.build();
    }

    /**
     * A per-project summary: in memory (one entry per project, a few KiB), without a record cache (a
     * summary is written once per publication, so a cache would fold nothing), restored from its
     * changelog at start.
     */
    private static <V> StoreBuilder<?> perProject(String name, Serde<V> values) {
        return Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(name), Serdes.String(), values).withCachingDisabled();
    }

    /**
     * A per-job store: in memory, each job's state kept as the object its processor works on beside the
     * bytes it was last logged as ({@link ObjectStore}: about 2 KiB of heap per job, restored from its
     * changelog at start), without Kafka's record cache (bytes: a decode and an encode per snapshot). A
     * changed job is encoded and logged once per commit, however many snapshots changed it since; RocksDB
     * cost a native read per snapshot and a write plus background compaction per job and commit, about
     * 2.5 s of CPU per 1,000,000 snapshots (BENCHMARKS.md, benchmark 1).
     */
    private static <V> StoreBuilder<?> perJob(String name, Serde<V> values) {
        return ObjectStore.builder(name, values);
    }

    /**
     * Encodes a record with the value serde of {@code topic}: once, for the topic and a store entry alike
     * (a finished run, an alert). One per processor: each task's has its own serializer.
     */
    static <T extends SpecificRecord> Function<T, byte[]> encoder(Class<T> type, Map<String, Object> serdeConfig, String topic) {
        Serializer<T> serializer = avro(type, serdeConfig).serializer();
        return value -> serializer.serialize(topic, value);
    }

    private static <T extends SpecificRecord> SpecificAvroSerde<T> avro(Class<T> type,
                                                                                                  Map<String, Object> serdeConfig) {
        return SpecificAvroSerde.forValues(type, serdeConfig);
    }
}
