package io.drsmonitor.query;

import io.drsmonitor.model.ProjectDrInitSummary;
import io.drsmonitor.model.ProjectPrecheckSummary;
import io.drsmonitor.streams.SummaryTopology;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.HostInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Per-project gauges read from this instance's summary stores every {@link #EVERY}: each instance
 * reports the projects it holds, so a sum across instances is the whole. Rows of projects that moved
 * away or ended disappear at the next refresh.
 */
public final class SummaryGauges implements AutoCloseable {
    static final Duration EVERY = Duration.ofSeconds(15);
    private static final Logger LOG = LoggerFactory.getLogger(SummaryGauges.class);

    private final Vertx vertx;
    private final StoreQueries queries;
    private final MultiGauge passRatio;
    private final MultiGauge precheckJobs;
    private final MultiGauge items;
    private final MultiGauge drJobs;
    private final MultiGauge drEta;
    private final long timer;

    public SummaryGauges(Vertx vertx, KafkaStreams streams, MeterRegistry registry) {
        this.vertx = vertx;
        this.queries = new StoreQueries(streams, new HostInfo("unused", 0));
        passRatio = MultiGauge.builder("drs.project.precheck.pass.ratio")
                .description("Finished pre-checks that passed, 0 to 1, per project (absent while none finished)").register(registry);
        precheckJobs = MultiGauge.builder("drs.project.precheck.jobs")
                .description("Jobs per project by pre-check state (passed, failed, in_progress, error, api_failing)").register(registry);
        items = MultiGauge.builder("drs.project.precheck.items")
                .description("FAILED and ALARM check items across a project's latest pre-checks").register(registry);
        drJobs = MultiGauge.builder("drs.project.dr.jobs")
                .description("DR jobs per project by initialization state (initializing, done, failed, stalled, api_failing)")
                .register(registry);
        drEta = MultiGauge.builder("drs.dr.init.eta").baseUnit("seconds")
                .description("Seconds until the last of a project's running DR initializations should end, by their own pace "
                        + "(the latest ETA; absent while none has one)").register(registry);
        this.timer = vertx.setPeriodic(1_000, EVERY.toMillis(), id -> refresh());
    }

    private void refresh() {
        vertx.executeBlocking(() -> {
            List<KeyValue<String, ProjectPrecheckSummary>> prechecks = queries.all(SummaryTopology.PRECHECK_SUMMARY_STORE);
            List<KeyValue<String, ProjectDrInitSummary>> drs = queries.all(SummaryTopology.DR_SUMMARY_STORE);
            List<MultiGauge.Row<?>> ratios = new ArrayList<>();
            List<MultiGauge.Row<?>> jobs = new ArrayList<>();
            List<MultiGauge.Row<?>> itemRows = new ArrayList<>();
            for (KeyValue<String, ProjectPrecheckSummary> kv : prechecks) {
                ProjectPrecheckSummary s = kv.value;
                Tags project = Tags.of("project", kv.key);
                if (s.getPassRate() != null) {
                    ratios.add(MultiGauge.Row.of(project, s.getPassRate()));
                }
                jobs.add(MultiGauge.Row.of(project.and("state", "passed"), s.getJobsPassed()));
                jobs.add(MultiGauge.Row.of(project.and("state", "failed"), s.getJobsFailed()));
                jobs.add(MultiGauge.Row.of(project.and("state", "in_progress"), s.getJobsInProgress()));
                jobs.add(MultiGauge.Row.of(project.and("state", "error"), s.getJobsWithErrors()));
                jobs.add(MultiGauge.Row.of(project.and("state", "api_failing"), s.getJobsApiFailing()));
                itemRows.add(MultiGauge.Row.of(project.and("verdict", "failed"), s.getFailedItems()));
                itemRows.add(MultiGauge.Row.of(project.and("verdict", "alarm"), s.getAlarmItems()));
            }
            List<MultiGauge.Row<?>> drRows = new ArrayList<>();
            List<MultiGauge.Row<?>> etaRows = new ArrayList<>();
            long now = System.currentTimeMillis();
            for (KeyValue<String, ProjectDrInitSummary> kv : drs) {
                ProjectDrInitSummary s = kv.value;
                Tags project = Tags.of("project", kv.key);
                drRows.add(MultiGauge.Row.of(project.and("state", "initializing"), s.getInitializing()));
                drRows.add(MultiGauge.Row.of(project.and("state", "done"), s.getDone()));
                drRows.add(MultiGauge.Row.of(project.and("state", "failed"), s.getFailed()));
                drRows.add(MultiGauge.Row.of(project.and("state", "stalled"), s.getStalled()));
                drRows.add(MultiGauge.Row.of(project.and("state", "api_failing"), s.getApiFailing()));
                if (s.getLatestEstimatedCompletionAt() != null) {
                    etaRows.add(MultiGauge.Row.of(project, Math.max(0, s.getLatestEstimatedCompletionAt().toEpochMilli() - now) / 1000.0));
                }
            }
            passRatio.register(ratios, true);
            precheckJobs.register(jobs, true);
            items.register(itemRows, true);
            drJobs.register(drRows, true);
            drEta.register(etaRows, true);
            return null;
        }, false).onFailure(e -> LOG.debug("summary gauges not refreshed: {}", e.getMessage()));
    }

    @Override
    public void close() {
        vertx.cancelTimer(timer);
    }
}
