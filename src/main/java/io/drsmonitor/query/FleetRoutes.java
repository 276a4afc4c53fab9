package io.drsmonitor.query;

import static io.drsmonitor.query.JsonAnswers.error;
import static io.drsmonitor.query.JsonAnswers.json;
import static io.drsmonitor.query.RequestChecks.get;

import io.drsmonitor.model.CheckResult;
import io.drsmonitor.streams.SummaryTopology;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The fleet: {@code GET /api/fleet} (totals over every project, by region, engine and direction),
 * {@code GET /api/fleet/items} (check items ranked by the jobs they fail) and
 * {@code GET /api/fleet/items/{item}} (those jobs, paged). Totals and rankings come from the fleet
 * view's global stores ({@link FleetStores}) every instance holds whole, so any instance answers them
 * alone and alike; an item's
 * jobs are listed by every instance from the pre-check states it holds, and merged.
 */
final class FleetRoutes {
    private final StoreQueries queries;
    private final FleetStores fleet;
    private final StoreJson stores;
    private final ClusterReads cluster;
    private final RecentValues<JsonObject> pages = new RecentValues<>(Duration.ofSeconds(1));

    FleetRoutes(StoreQueries queries, FleetStores fleet, ClusterReads cluster) {
        this.queries = queries;
        this.fleet = fleet;
        this.stores = new StoreJson(queries);
        this.cluster = cluster;
    }

    void mount(Router router) {
        get(router, "/api/fleet", this::totals);
        get(router, "/api/fleet/items", this::items);
        get(router, "/api/fleet/items/:item", this::affectedJobs);
    }

    private void totals(RoutingContext ctx) {
        cluster.blocking(() -> FleetViews.totals(fleet.slices()))
                .onSuccess(totals -> json(ctx, 200, totals)).onFailure(ctx::fail);
    }

    private void items(RoutingContext ctx) {
        CheckResult verdict = FleetItemQuery.verdict(ctx);
        String region = RequestChecks.region(ctx);
        int limit = RequestChecks.intParam(ctx, "limit", 20, 1, 500);
        cluster.blocking(() -> FleetViews.ranking(fleet.items(),
                verdict, region)).onSuccess(ranked -> {
                    JsonArray items = new JsonArray();
                    ranked.stream().limit(limit).forEach(r -> items.add(FleetViews.ranked(r)));
                    json(ctx, 200, new JsonObject().put("verdict", verdict.name()).put("region", region)
                            .put("itemsAffected", ranked.size()).put("items", items));
                }).onFailure(ctx::fail);
    }

    /**
     * The jobs with the item in the verdict, by job id: each instance whose active tasks hold pre-check
     * states lists its own (through the internal route), the instance asked merges and cuts the page. One
     * that does not answer is named in {@code unavailable} ({@code partial}). A page is kept a second.
     */
    private void affectedJobs(RoutingContext ctx) {
        FleetItemQuery query = FleetItemQuery.of(ctx, ctx.pathParam("item"));
        String key = query.internalPath();
        long now = System.nanoTime();
        JsonObject kept = pages.get(key, now);
        if (kept != null) {
            json(ctx, 200, kept);
            return;
        }
        cluster.gather(queries.activeHolders(SummaryTopology.PRECHECK_JOBS_STORE), () -> stores.fleetItemJobs(query), key)
                .onSuccess(parts -> {
                    List<JsonObject> rows = new ArrayList<>();
                    parts.answers().forEach(part -> part.getJsonArray("jobs").forEach(row -> rows.add((JsonObject) row)));
                    rows.sort(Comparator.comparing(row -> row.getString("jobId")));
                    List<JsonObject> page = rows.subList(0, Math.min(query.limit(), rows.size()));
                    if (page.isEmpty() && query.afterJob() == null && parts.unavailable().isEmpty()) {
                        error(ctx, 404, "no job has " + query.item() + " " + query.verdict().name()
                                + (query.region() == null ? "" : " in region " + query.region()));
                        return;
                    }
                    JsonObject answer = new JsonObject().put("item", query.item()).put("verdict", query.verdict().name())
                            .put("region", query.region()).put("jobs", new JsonArray(new ArrayList<>(page)))
                            .put("nextCursor", rows.size() > query.limit() ? FleetItemQuery.cursorAfter(page.get(page.size() - 1)
                                    .getString("jobId")) : null)
                            .put("partial", !parts.unavailable().isEmpty()).put("unavailable", new JsonArray(parts.unavailable()));
                    if (parts.unavailable().isEmpty()) {
                        pages.put(key, answer, now);
                    }
                    json(ctx, 200, answer);
                }).onFailure(ctx::fail);
    }
}
