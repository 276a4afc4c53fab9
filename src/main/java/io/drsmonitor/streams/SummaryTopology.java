package io.drsmonitor.streams;

import io.drsmonitor.avro.SpecificAvroSerde;
import io.drsmonitor.kafka.Topics;
import io.drsmonitor.model.CheckAlert;
import io.drsmonitor.model.PrecheckResult;
import io.drsmonitor.model.ProjectDrInitSummary;
import io.drsmonitor.model.ProjectPrecheckSummary;
import io.drsmonitor.model.StructProcess;
import java.time.Duration;
import java.util.Map;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Grouped;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.KTable;
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.TimeWindows;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.apache.kafka.streams.state.WindowStore;

/**
 * From observations to answers: the latest snapshot per job, re-grouped by project into summaries
 * (adder and subtractor, so a re-check replaces a job's part), hourly pass-rate history, and alerts
 * on transitions. Every processor, store and repartition topic is named so changelogs stay stable.
 */
public final class SummaryTopology {
    public static final String PRECHECK_LATEST_STORE = "precheck-latest";
    public static final String PRECHECK_SUMMARY_STORE = "precheck-summary";
    public static final String PRECHECK_HISTORY_STORE = "precheck-hourly-history";
    public static final String DR_JOBS_STORE = "dr-jobs";
    public static final String DR_SUMMARY_STORE = "dr-init-summary";
    public static final String RECENT_ALERTS_STORE = "recent-alerts";
    static final String PRECHECK_ALERT_STORE = "precheck-alert-state";
    static final String DR_JOB_STATE_STORE = "dr-job-state";
    static final String DR_ALERT_STORE = "dr-alert-state";
    static final String VERDICT_STORE = "precheck-verdicts";
    static final String CONTRIBUTION_STATE_STORE = "precheck-contribution-state";
    public static final Duration HOUR = Duration.ofHours(1);

    private SummaryTopology() {
    }

    public static Topology build(Map<String, Object> serdeConfig, SummarySettings settings) {
        Serde<String> keys = Serdes.String();
        SpecificAvroSerde<PrecheckResult> results = SpecificAvroSerde.forValues(PrecheckResult.class, serdeConfig);
        SpecificAvroSerde<StructProcess> structs = SpecificAvroSerde.forValues(StructProcess.class, serdeConfig);
        SpecificAvroSerde<CheckAlert> alerts = SpecificAvroSerde.forValues(CheckAlert.class, serdeConfig);
        SpecificAvroSerde<ProjectPrecheckSummary> precheckSummaries = SpecificAvroSerde.forValues(ProjectPrecheckSummary.class, serdeConfig);
        SpecificAvroSerde<ProjectDrInitSummary> drSummaries = SpecificAvroSerde.forValues(ProjectDrInitSummary.class, serdeConfig);
        JsonSerde<DrJobView> views = new JsonSerde<>(DrJobView.class);

        StreamsBuilder builder = new StreamsBuilder();
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(PRECHECK_ALERT_STORE), keys,
                new JsonSerde<>(PrecheckAlertState.class)));
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(DR_JOB_STATE_STORE), keys, views));
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(DR_ALERT_STORE), keys,
                new JsonSerde<>(DrAlertState.class)));
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(VERDICT_STORE), keys,
                new JsonSerde<>(VerdictTracker.State.class)));
        JsonSerde<PrecheckContribution> contributions = new JsonSerde<>(PrecheckContribution.class);
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(CONTRIBUTION_STATE_STORE), keys,
                contributions));

        // ---- pre-checks
        KStream<String, PrecheckResult> precheckResults = builder.stream(Topics.PRECHECK_RESULTS,
                Consumed.with(keys, results).withName("precheck-results-source"));
        precheckResults
                .groupByKey(Grouped.with("precheck-results-by-job", keys, results))
                .reduce((older, newer) -> newer.getObservedAt().isBefore(older.getObservedAt()) ? older : newer,
                        Named.as("precheck-latest-reduce"),
                        Materialized.<String, PrecheckResult, KeyValueStore<Bytes, byte[]>>as(PRECHECK_LATEST_STORE)
                                .withKeySerde(keys).withValueSerde(results));
        precheckResults.process(ContributionFilter::new, Named.as("precheck-contribution-filter"), CONTRIBUTION_STATE_STORE)
                .toTable(Named.as("precheck-contributions-table"),
                        Materialized.<String, PrecheckContribution, KeyValueStore<Bytes, byte[]>>as("precheck-contributions")
                                .withKeySerde(keys).withValueSerde(contributions))
                .groupBy((jobId, c) -> KeyValue.pair(c.projectId(), c), Grouped.with("precheck-by-project", keys, contributions))
                .aggregate(PrecheckAccumulator::empty, (project, c, acc) -> acc.with(c, 1), (project, c, acc) -> acc.with(c, -1),
                        Named.as("precheck-summary-aggregate"),
                        Materialized.<String, PrecheckAccumulator, KeyValueStore<Bytes, byte[]>>as("precheck-accumulators")
                                .withKeySerde(keys).withValueSerde(new JsonSerde<>(PrecheckAccumulator.class)))
                .mapValues((project, acc) -> acc.toSummary(project, settings.topFailingItems()), Named.as("precheck-summary-map"),
                        Materialized.<String, ProjectPrecheckSummary, KeyValueStore<Bytes, byte[]>>as(PRECHECK_SUMMARY_STORE)
                                .withKeySerde(keys).withValueSerde(precheckSummaries))
                .toStream(Named.as("precheck-summary-changes"))
                .to(Topics.PROJECT_PRECHECK_SUMMARY, Produced.with(keys, precheckSummaries).withName("precheck-summary-sink"));

        precheckResults.process(VerdictTracker::new, Named.as("precheck-verdict-tracker"), VERDICT_STORE)
                .groupByKey(Grouped.with("precheck-verdicts-by-project", keys, Serdes.Boolean()))
                .windowedBy(TimeWindows.ofSizeAndGrace(HOUR, Duration.ofDays(1)))
                .aggregate(HourlyPassRate::empty, (project, passed, rate) -> rate.plus(passed), Named.as("precheck-hourly-aggregate"),
                        Materialized.<String, HourlyPassRate, WindowStore<Bytes, byte[]>>as(PRECHECK_HISTORY_STORE)
                                .withKeySerde(keys).withValueSerde(new JsonSerde<>(HourlyPassRate.class))
                                .withRetention(settings.historyRetention()));

        KStream<String, CheckAlert> precheckAlerts = precheckResults.process(PrecheckAlerter::new,
                Named.as("precheck-alerter"), PRECHECK_ALERT_STORE);

        // ---- DR initialization
        KStream<String, DrJobView> drViews = builder.stream(Topics.DR_STRUCT_PROCESS, Consumed.with(keys, structs)
                        .withName("dr-struct-process-source"))
                .process(() -> new DrStallTracker(settings.stallAfter(), settings.stallCheckEvery()),
                        Named.as("dr-stall-tracker"), DR_JOB_STATE_STORE);
        drViews.toTable(Named.as("dr-jobs-table"), Materialized.<String, DrJobView, KeyValueStore<Bytes, byte[]>>as(DR_JOBS_STORE)
                        .withKeySerde(keys).withValueSerde(views))
                .groupBy((jobId, v) -> KeyValue.pair(v.projectId(), v), Grouped.with("dr-by-project", keys, views))
                .aggregate(DrAccumulator::empty, (project, v, acc) -> acc.with(v, 1), (project, v, acc) -> acc.with(v, -1),
                        Named.as("dr-summary-aggregate"),
                        Materialized.<String, DrAccumulator, KeyValueStore<Bytes, byte[]>>as("dr-accumulators")
                                .withKeySerde(keys).withValueSerde(new JsonSerde<>(DrAccumulator.class)))
                .mapValues((project, acc) -> acc.toSummary(project), Named.as("dr-summary-map"),
                        Materialized.<String, ProjectDrInitSummary, KeyValueStore<Bytes, byte[]>>as(DR_SUMMARY_STORE)
                                .withKeySerde(keys).withValueSerde(drSummaries))
                .toStream(Named.as("dr-summary-changes"))
                .to(Topics.PROJECT_DR_INIT_SUMMARY, Produced.with(keys, drSummaries).withName("dr-summary-sink"));
        KStream<String, CheckAlert> drAlerts = drViews.process(DrAlerter::new, Named.as("dr-alerter"), DR_ALERT_STORE);

        // ---- alerts
        KStream<String, CheckAlert> allAlerts = precheckAlerts.merge(drAlerts, Named.as("alerts-merge"));
        allAlerts.to(Topics.ALERTS, Produced.with(keys, alerts).withName("alerts-sink"));
        allAlerts.groupByKey(Grouped.with("alerts-by-project", keys, alerts))
                .aggregate(RecentAlerts::empty, (project, alert, recent) -> recent.plus(alert, settings.recentAlerts()),
                        Named.as("recent-alerts-aggregate"),
                        Materialized.<String, RecentAlerts, KeyValueStore<Bytes, byte[]>>as(RECENT_ALERTS_STORE)
                                .withKeySerde(keys).withValueSerde(new JsonSerde<>(RecentAlerts.class)));
        return builder.build();
    }
}
