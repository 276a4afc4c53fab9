package io.drsmonitor.query;

import io.drsmonitor.streams.fleet.FleetCounts;
import io.drsmonitor.streams.fleet.FleetJobs;
import io.drsmonitor.model.CheckResult;
import io.drsmonitor.model.FleetDrCounts;
import io.drsmonitor.model.FleetItem;
import io.drsmonitor.model.FleetPrecheckCounts;
import io.drsmonitor.model.FleetSlice;
import io.drsmonitor.model.ItemRegionCount;
import io.drsmonitor.model.ItemVerdictCount;
import io.drsmonitor.model.ReasonCount;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.function.Function;

/** The fleet's JSON answers, from the records of the global fleet stores. */
final class FleetViews {
    /** An item of the ranking for one verdict (and region). */
    record RankedItem(String item, String group, int failedJobs, int alarmJobs, ItemVerdictCount counted, List<String> regions) {
        int jobs(CheckResult verdict) {
            return verdict == CheckResult.FAILED ? failedJobs : alarmJobs;
        }
    }

    private FleetViews() {
    }

    /** {@code GET /api/fleet}: the sums over every slice, and by region, engine and direction. */
    static JsonObject totals(Collection<FleetSlice> slices) {
        Counts all = new Counts();
        Map<String, Counts> byRegion = new TreeMap<>();
        Map<String, Counts> byEngine = new TreeMap<>();
        Map<String, Counts> byDirection = new TreeMap<>();
        Instant updatedAt = null;
        for (FleetSlice slice : slices) {
            all.add(slice);
            byRegion.computeIfAbsent(Objects.toString(slice.getRegion(), ""), k -> new Counts()).add(slice);
            byEngine.computeIfAbsent(Objects.toString(slice.getEngine(), ""), k -> new Counts()).add(slice);
            byDirection.computeIfAbsent(slice.getDirection().name(), k -> new Counts()).add(slice);
            updatedAt = updatedAt == null || slice.getUpdatedAt().isAfter(updatedAt) ? slice.getUpdatedAt() : updatedAt;
        }
        return all.json().put("byRegion", breakdown(byRegion, "region")).put("byEngine", breakdown(byEngine, "engine"))
                .put("byDirection", breakdown(byDirection, "direction"))
                .put("updatedAt", updatedAt == null ? null : updatedAt.toString());
    }

    private static JsonArray breakdown(Map<String, Counts> parts, String name) {
        JsonArray array = new JsonArray();
        parts.forEach((key, counts) -> array.add(new JsonObject().put(name, key.isEmpty() ? null : key).mergeIn(counts.json())));
        return array;
    }

    /** Sums of slices. */
    private static final class Counts {
        final FleetPrecheckCounts precheck = FleetPrecheckCounts.newBuilder().build();
        final FleetDrCounts dr = FleetDrCounts.newBuilder().build();

        void add(FleetSlice slice) {
            FleetCounts.add(precheck, slice.getPrecheck());
            FleetCounts.add(dr, slice.getDrInit());
        }

        JsonObject json() {
            return new JsonObject()
                    .put("precheck", new JsonObject().put("jobs", precheck.getJobs()).put("finished", precheck.getFinished())
                            .put("passed", precheck.getPassed()).put("failed", precheck.getFailed()).put("running", precheck.getRunning())
                            .put("error", precheck.getError()).put("apiFailing", precheck.getApiFailing())
                            .put("passRate", precheck.getFinished() == 0 ? null : (double) precheck.getPassed() / precheck.getFinished()))
                    .put("drInit", new JsonObject().put("jobs", dr.getJobs()).put("initializing", dr.getInitializing())
                            .put("done", dr.getDone()).put("failed", dr.getFailed()).put("stalled", dr.getStalled())
                            .put("apiFailing", dr.getApiFailing()));
        }
    }

    /**
     * The items with at least one job in {@code verdict} (in {@code region} when given, null: all), most
     * such jobs first, then most jobs in the other verdict, then by name.
     */
    static List<RankedItem> ranking(Collection<FleetItem> items, CheckResult verdict, String region) {
        List<RankedItem> ranked = new ArrayList<>();
        for (FleetItem item : items) {
            RankedItem r = region == null ? fleetWide(item, verdict) : inRegion(item, verdict, region);
            if (r != null && r.jobs(verdict) > 0) {
                ranked.add(r);
            }
        }
        CheckResult other = verdict == CheckResult.FAILED ? CheckResult.ALARM : CheckResult.FAILED;
        ranked.sort(Comparator.comparingInt((RankedItem r) -> r.jobs(verdict)).reversed()
                .thenComparing(Comparator.comparingInt((RankedItem r) -> r.jobs(other)).reversed())
                .thenComparing(RankedItem::item));
        return ranked;
    }

    private static RankedItem fleetWide(FleetItem item, CheckResult verdict) {
        Function<ItemRegionCount, ItemVerdictCount> pick = r -> verdict == CheckResult.FAILED ? r.getFailed() : r.getAlarm();
        List<String> regions = item.getRegions().stream().filter(r -> pick.apply(r).getJobs() > 0).map(ItemRegionCount::getRegion).toList();
        return new RankedItem(item.getItem(), item.getGroup(), item.getFailed().getJobs(), item.getAlarm().getJobs(),
                verdict == CheckResult.FAILED ? item.getFailed() : item.getAlarm(), regions);
    }

    private static RankedItem inRegion(FleetItem item, CheckResult verdict, String region) {
        for (ItemRegionCount r : item.getRegions()) {
            if (region.equals(r.getRegion())) {
                return new RankedItem(item.getItem(), item.getGroup(), r.getFailed().getJobs(), r.getAlarm().getJobs(),
                        verdict == CheckResult.FAILED ? r.getFailed() : r.getAlarm(), List.of(region));
            }
        }
        return null;
    }

    static JsonObject ranked(RankedItem r) {
        JsonArray reasons = new JsonArray();
        for (ReasonCount reason : r.counted().getTopReasons()) {
            reasons.add(new JsonObject().put("failedReason", reason.getFailedReason()).put("jobs", reason.getJobs()));
        }
        return new JsonObject().put("item", r.item()).put("group", r.group()).put("failedJobs", r.failedJobs())
                .put("alarmJobs", r.alarmJobs()).put("projects", r.counted().getProjects())
                .put("regions", new JsonArray(new ArrayList<>(r.regions()))).put("topReasons", reasons);
    }

    /** One affected job of an item. */
    static JsonObject affected(FleetJobs.Affected job) {
        return new JsonObject().put("projectId", job.projectId()).put("region", job.region()).put("jobId", job.jobId())
                .put("verdict", job.verdict().name()).put("failedReason", job.failedReason())
                .put("since", Instant.ofEpochMilli(job.since()).toString());
    }
}
