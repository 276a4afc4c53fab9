package io.drsmonitor.query;

import io.drsmonitor.model.CheckResult;
import io.drsmonitor.model.FleetItem;
import io.drsmonitor.model.FleetSlice;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The fleet's gauges, refreshed from the fleet view's global stores ({@link FleetStores}) every few seconds: {@code drs_fleet_jobs}
 * by state and region, and {@code drs_fleet_item_jobs} for the {@code topItems} most affecting items
 * per verdict only (bounded cardinality). Every instance holds the whole fleet and exports the same
 * values: aggregate them with {@code max}, not {@code sum}.
 */
public final class FleetGauges implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(FleetGauges.class);
    private static final Duration EVERY = Duration.ofSeconds(5);
    /** The {@code state} label's values, in the order {@link #refresh} counts them. */
    private static final String[] STATES = {"passed", "failed", "in_progress", "error", "api_failing", "dr_initializing", "dr_done",
        "dr_failed", "dr_stalled", "dr_api_failing"};

    private final Vertx vertx;
    private final FleetStores fleet;
    private final int topItems;
    private final MultiGauge jobs;
    private final MultiGauge itemJobs;
    private final long timer;

    public FleetGauges(Vertx vertx, FleetStores fleet, MeterRegistry registry, int topItems) {
        this.vertx = vertx;
        this.fleet = fleet;
        this.topItems = topItems;
        jobs = MultiGauge.builder("drs.fleet.jobs").description("Jobs over every project by state (pre-check: passed, failed, "
                + "in_progress, error, api_failing; DR initialization: dr_initializing, dr_done, dr_failed, dr_stalled, "
                + "dr_api_failing) and region; the same on every instance").register(registry);
        itemJobs = MultiGauge.builder("drs.fleet.item.jobs").description("Jobs with a check item FAILED or ALARM over every "
                + "project, for the metrics.fleet.items most affecting items per verdict; the same on every instance").register(registry);
        this.timer = vertx.setPeriodic(1_000, EVERY.toMillis(), id -> refresh());
    }

    private void refresh() {
        vertx.executeBlocking(() -> {
            Map<String, long[]> byRegion = new TreeMap<>();
            for (FleetSlice s : fleet.slices()) {
                long[] c = byRegion.computeIfAbsent(s.getRegion() == null ? "unknown" : s.getRegion(), r -> new long[STATES.length]);
                int[] values = {s.getPrecheck().getPassed(), s.getPrecheck().getFailed(), s.getPrecheck().getRunning(),
                    s.getPrecheck().getError(), s.getPrecheck().getApiFailing(), s.getDrInit().getInitializing(), s.getDrInit().getDone(),
                    s.getDrInit().getFailed(), s.getDrInit().getStalled(), s.getDrInit().getApiFailing()};
                for (int i = 0; i < values.length; i++) {
                    c[i] += values[i];
                }
            }
            List<MultiGauge.Row<?>> jobRows = new ArrayList<>();
            byRegion.forEach((region, c) -> {
                for (int i = 0; i < STATES.length; i++) {
                    jobRows.add(MultiGauge.Row.of(Tags.of("state", STATES[i], "region", region), c[i]));
                }
            });
            List<FleetItem> items = fleet.items();
            List<MultiGauge.Row<?>> itemRows = new ArrayList<>();
            for (CheckResult verdict : new CheckResult[] {CheckResult.FAILED, CheckResult.ALARM}) {
                FleetViews.ranking(items, verdict, null).stream().limit(topItems).forEach(r -> itemRows.add(MultiGauge.Row.of(
                        Tags.of("item", r.item(), "verdict", verdict.name().toLowerCase(Locale.ROOT)), r.jobs(verdict))));
            }
            jobs.register(jobRows, true);
            itemJobs.register(itemRows, true);
            return null;
        }, false).onFailure(e -> LOG.debug("fleet gauges not refreshed: {}", e.getMessage()));
    }

    @Override
    public void close() {
        vertx.cancelTimer(timer);
    }
}
