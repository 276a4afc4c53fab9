package io.drsmonitor.query;

import static io.drsmonitor.query.JsonAnswers.error;
import static io.drsmonitor.query.JsonAnswers.json;
import static io.drsmonitor.query.RequestChecks.get;

import io.drsmonitor.drs.DrsRules;
import io.drsmonitor.streams.fleet.FleetKeys;
import io.drsmonitor.streams.fleet.FleetTopology;
import io.drsmonitor.model.CheckResult;
import io.drsmonitor.model.FleetItem;
import io.drsmonitor.model.FleetSlice;
import io.drsmonitor.streams.state.ItemJob;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.regex.Pattern;
import org.apache.kafka.streams.KeyValue;

/**
 * The fleet: {@code GET /api/fleet} (totals over every project, by region, engine and direction),
 * {@code GET /api/fleet/items} (check items ranked by the jobs they fail) and
 * {@code GET /api/fleet/items/{item}} (those jobs, paged). Totals and rankings come from the global
 * fleet stores every instance holds whole, so any instance answers them alone and alike; an item's
 * jobs are read on the instance that owns the item, the request forwarded there when needed.
 */
final class FleetRoutes {
    /** Any item DRS names: 1 to 128 characters, none a control character (the key separator is one). */
    private static final Pattern ITEM = Pattern.compile("[^\\p{Cntrl}]{1,128}");

    private final StoreQueries queries;
    private final ClusterReads cluster;

    FleetRoutes(StoreQueries queries, ClusterReads cluster) {
        this.queries = queries;
        this.cluster = cluster;
    }

    void mount(Router router) {
        get(router, "/api/fleet", this::totals);
        get(router, "/api/fleet/items", this::items);
        get(router, "/api/fleet/items/:item", this::affectedJobs);
    }

    private void totals(RoutingContext ctx) {
        cluster.blocking(() -> FleetViews.totals(queries.<FleetSlice>all(FleetTopology.TOTALS_STORE).stream().map(kv -> kv.value).toList()))
                .onSuccess(totals -> json(ctx, 200, totals)).onFailure(ctx::fail);
    }

    private void items(RoutingContext ctx) {
        CheckResult verdict = verdict(ctx);
        String region = RequestChecks.region(ctx);
        int limit = RequestChecks.intParam(ctx, "limit", 20, 1, 500);
        cluster.blocking(() -> FleetViews.ranking(queries.<FleetItem>all(FleetTopology.ITEMS_STORE).stream().map(kv -> kv.value).toList(),
                verdict, region)).onSuccess(ranked -> {
                    JsonArray items = new JsonArray();
                    ranked.stream().limit(limit).forEach(r -> items.add(FleetViews.ranked(r)));
                    json(ctx, 200, new JsonObject().put("verdict", verdict.name()).put("region", region)
                            .put("itemsAffected", ranked.size()).put("items", items));
                }).onFailure(ctx::fail);
    }

    /** The jobs with the item in the verdict, by job id, from the instance owning the item. */
    private void affectedJobs(RoutingContext ctx) {
        String item = ctx.pathParam("item");
        if (!ITEM.matcher(item).matches()) {
            throw new BadRequestException("item must be 1 to 128 characters, none a control character");
        }
        CheckResult verdict = verdict(ctx);
        int limit = RequestChecks.intParam(ctx, "limit", 100, 1, 500);
        String afterJob = cursor(ctx.request().getParam("cursor"));
        StoreQueries.KeyHosts hosts = queries.hostsOf(FleetTopology.ITEM_JOBS_STORE, item);
        if (!hosts.active().equals(queries.self())) {
            if (ctx.request().getHeader(ClusterReads.FORWARDED) != null) {
                throw new NotReadyException("ownership is moving between instances");
            }
            cluster.forward(hosts.active(), ctx.request().uri()).onSuccess(response -> ctx.response()
                    .setStatusCode(response.statusCode()).putHeader("Content-Type", "application/json")
                    .end(response.body() == null ? Buffer.buffer() : response.body())).onFailure(ctx::fail);
            return;
        }
        String from = afterJob == null ? FleetKeys.itemJobsFrom(item) : FleetKeys.itemJob(item, afterJob);
        cluster.blocking(() -> queries.<ItemJob>range(FleetTopology.ITEM_JOBS_STORE, from, FleetKeys.itemJobsTo(item),
                hosts.partition(), limit + 1, job -> job.getVerdict() == verdict)).onSuccess(found -> {
                    List<KeyValue<String, ItemJob>> page = found.subList(0, Math.min(limit, found.size()));
                    if (page.isEmpty() && afterJob == null) {
                        error(ctx, 404, "no job has " + item + " " + verdict.name());
                        return;
                    }
                    JsonArray jobs = new JsonArray();
                    page.forEach(kv -> jobs.add(FleetViews.affected(FleetKeys.jobOf(kv.key), kv.value)));
                    String next = found.size() > limit ? Base64.getUrlEncoder().withoutPadding()
                            .encodeToString(FleetKeys.jobOf(page.get(page.size() - 1).key).getBytes(StandardCharsets.UTF_8)) : null;
                    json(ctx, 200, new JsonObject().put("item", item).put("verdict", verdict.name()).put("jobs", jobs)
                            .put("nextCursor", next));
                }).onFailure(ctx::fail);
    }

    private static CheckResult verdict(RoutingContext ctx) {
        String raw = ctx.request().getParam("verdict");
        if (raw == null || raw.equals("FAILED")) {
            return CheckResult.FAILED;
        }
        if (raw.equals("ALARM")) {
            return CheckResult.ALARM;
        }
        throw new BadRequestException("verdict must be FAILED or ALARM");
    }

    /** The job id a {@code cursor} this API gave out names; null without one. */
    private static String cursor(String encoded) {
        if (encoded == null) {
            return null;
        }
        try {
            String jobId = new String(Base64.getUrlDecoder().decode(encoded), StandardCharsets.UTF_8);
            if (DrsRules.isJobId(jobId)) {
                return jobId;
            }
        } catch (IllegalArgumentException e) {
            // answered below
        }
        throw new BadRequestException("cursor is not one this API gave out: start again without it");
    }
}
