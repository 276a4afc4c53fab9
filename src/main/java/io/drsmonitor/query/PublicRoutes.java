package io.drsmonitor.query;

import static io.drsmonitor.query.JsonAnswers.error;
import static io.drsmonitor.query.JsonAnswers.json;
import static io.drsmonitor.query.RequestChecks.get;

import io.drsmonitor.streams.HourlyPassRate;
import io.drsmonitor.streams.SummaryTopology;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.streams.KeyValue;

/**
 * The routes the dashboard and users call: the API description, project summaries and history,
 * jobs, alerts and {@code /api/info}. Any instance answers: what another instance holds is read
 * through its internal routes ({@link InternalRoutes}), or the whole request forwarded to it.
 */
final class PublicRoutes {
    private final StoreQueries queries;
    private final StoreJson stores;
    private final ClusterReads cluster;
    private final RenderedSummaries rendered;
    private final String openApi;
    private final JsonObject info;
    private final Map<String, String> projectNames;

    PublicRoutes(StoreQueries queries, ClusterReads cluster, RenderedSummaries rendered, String openApi, JsonObject info,
                 Map<String, String> projectNames) {
        this.projectNames = projectNames;
        this.queries = queries;
        this.stores = new StoreJson(queries);
        this.cluster = cluster;
        this.rendered = rendered;
        this.openApi = openApi;
        this.info = info;
    }

    void mount(Router router) {
        get(router, "/openapi.json", ctx -> ctx.response().putHeader("Content-Type", "application/json").end(openApi));
        get(router, "/api/projects", this::projects);
        get(router, "/api/projects/:projectId/precheck", ctx -> summary(ctx, SummaryTopology.PRECHECK_SUMMARY_STORE));
        get(router, "/api/projects/:projectId/dr-init", ctx -> summary(ctx, SummaryTopology.DR_SUMMARY_STORE));
        get(router, "/api/projects/:projectId/history", this::history);
        get(router, "/api/jobs/:jobId", this::job);
        get(router, "/api/alerts", this::alerts);
        get(router, "/api/info", ctx -> json(ctx, 200, info));
    }

    /** Served from the rendering cached for the store's current version when this instance holds the project. */
    private void summary(RoutingContext ctx, String store) {
        String project = RequestChecks.projectId(ctx);
        StoreQueries.KeyHosts hosts = queries.hostsOf(store, project);
        if (hosts.active().equals(queries.self())) {
            String cached = rendered.cached(store, project);
            if (cached != null) {
                ctx.response().putHeader("Content-Type", "application/json").end(cached);
                return;
            }
        }
        // A standby's copy may be behind: rendered, never cached.
        cluster.byKey(hosts, (partition, stale) -> stale ? encoded(stores.summary(store, project, partition, true))
                        : rendered.render(store, project, () -> encoded(stores.summary(store, project, partition, false))),
                InternalRoutes.keyValuePath(store, project), PublicRoutes::encoded).onSuccess(summary -> {
            if (summary == null) {
                error(ctx, 404, "unknown project " + project);
            } else {
                ctx.response().putHeader("Content-Type", "application/json").end(summary);
            }
        }).onFailure(ctx::fail);
    }

    /** Windowed stores have no internal route: the whole request goes to the instance holding the project. */
    private void history(RoutingContext ctx) {
        String project = RequestChecks.projectId(ctx);
        int hours = RequestChecks.intParam(ctx, "hours", 24, 1, 24 * 30);
        StoreQueries.KeyHosts hosts = queries.hostsOf(SummaryTopology.PRECHECK_HISTORY_STORE, project);
        if (!hosts.active().equals(queries.self())) {
            if (ctx.request().getHeader(ClusterReads.FORWARDED) != null) {
                throw new NotReadyException("ownership is moving between instances");
            }
            cluster.forward(hosts.active(), ctx.request().uri()).onSuccess(response -> {
                String retryAfter = response.getHeader("Retry-After");
                if (retryAfter != null) {
                    ctx.response().putHeader("Retry-After", retryAfter);
                }
                ctx.response().setStatusCode(response.statusCode()).putHeader("Content-Type", "application/json")
                        .end(response.body() == null ? Buffer.buffer() : response.body());
            }).onFailure(ctx::fail);
            return;
        }
        Instant to = Instant.now();
        Instant from = to.minus(Duration.ofHours(hours)).truncatedTo(ChronoUnit.HOURS);
        cluster.blocking(() -> queries.<HourlyPassRate>window(SummaryTopology.PRECHECK_HISTORY_STORE, project, hosts.partition(),
                from, to)).onSuccess(windows -> {
            JsonArray points = new JsonArray();
            for (KeyValue<Long, HourlyPassRate> w : windows) {
                points.add(new JsonObject().put("hourStart", Instant.ofEpochMilli(w.key).toString())
                        .put("finished", w.value.finished()).put("passed", w.value.passed())
                        .put("passRate", w.value.finished() == 0 ? null : (double) w.value.passed() / w.value.finished()));
            }
            json(ctx, 200, new JsonObject().put("projectId", project).put("hours", hours).put("points", points));
        }).onFailure(ctx::fail);
    }

    private void job(RoutingContext ctx) {
        String jobId = RequestChecks.checkedJobId(ctx.pathParam("jobId"));
        Future<JsonObject> precheck = jobPart(SummaryTopology.PRECHECK_JOBS_STORE, jobId);
        Future<JsonObject> dr = jobPart(SummaryTopology.DR_JOBS_STORE, jobId);
        Future.all(precheck, dr).onSuccess(both -> {
            if (precheck.result() == null && dr.result() == null) {
                error(ctx, 404, "unknown job " + jobId);
            } else {
                json(ctx, 200, new JsonObject().put("jobId", jobId).put("precheck", precheck.result()).put("drInit", dr.result()));
            }
        }).onFailure(ctx::fail);
    }

    private Future<JsonObject> jobPart(String store, String jobId) {
        return cluster.byKey(store, jobId, (partition, stale) -> stores.job(store, jobId, partition, stale),
                InternalRoutes.keyValuePath(store, jobId));
    }

    /** A project's alerts from the instance holding it; without a project, the newest of every instance merged. */
    private void alerts(RoutingContext ctx) {
        int limit = RequestChecks.intParam(ctx, "limit", 50, 1, 500);
        String project = ctx.request().getParam("projectId");
        Future<List<JsonObject>> found;
        if (project != null) {
            RequestChecks.checkedProjectId(project);
            found = cluster.byKey(SummaryTopology.RECENT_ALERTS_STORE, project,
                            (partition, stale) -> stores.projectAlerts(project, partition, stale, limit),
                            InternalRoutes.alertsPath(project, limit))
                    .map(alerts -> List.of(alerts));
        } else {
            found = cluster.everywhere(() -> new JsonObject().put("value", stores.newestAlerts(limit)),
                            InternalRoutes.alertsPath(null, limit))
                    .map(answers -> answers.stream().map(a -> a.getJsonObject("value")).toList());
        }
        found.onSuccess(answers -> {
            List<JsonObject> merged = new ArrayList<>();
            for (JsonObject answer : answers) {
                JsonArray alerts = answer.getJsonArray("alerts");
                for (int i = 0; i < alerts.size(); i++) {
                    merged.add(alerts.getJsonObject(i));
                }
            }
            merged.sort(Comparator.comparing((JsonObject a) -> Instant.parse(a.getString("raisedAt"))).reversed()
                    .thenComparing(a -> a.getString("alertId")));
            json(ctx, 200, new JsonObject().put("alerts", new JsonArray(merged.subList(0, Math.min(limit, merged.size())))));
        }).onFailure(ctx::fail);
    }

    /**
     * Both summaries of every project, gathered from every instance, with the project's name and region;
     * {@code region} keeps the projects of one region.
     */
    private void projects(RoutingContext ctx) {
        String region = RequestChecks.region(ctx);
        Map<String, Future<List<JsonObject>>> perStore = new TreeMap<>();
        for (String store : StoreJson.SUMMARY_STORES) {
            perStore.put(store, cluster.everywhere(() -> stores.all(store), InternalRoutes.allPath(store)));
        }
        Future.all(new ArrayList<>(perStore.values())).onSuccess(all -> {
            Map<String, JsonObject> projects = new TreeMap<>();
            perStore.forEach((store, answers) -> answers.result().forEach(entries -> entries.forEach(e -> projects
                    .computeIfAbsent(e.getKey(), k -> new JsonObject().put("projectId", k))
                    .put(store.equals(SummaryTopology.PRECHECK_SUMMARY_STORE) ? "precheck" : "drInit", e.getValue()))));
            JsonArray rows = new JsonArray();
            projects.forEach((id, row) -> {
                String projectRegion = regionOf(row.getJsonObject("precheck"), row.getJsonObject("drInit"));
                if (region == null || region.equals(projectRegion)) {
                    rows.add(new JsonObject().put("projectId", id).put("name", projectNames.get(id)).put("region", projectRegion)
                            .mergeIn(row));
                }
            });
            json(ctx, 200, new JsonObject().put("projects", rows));
        }).onFailure(ctx::fail);
    }

    /** The region the pre-check summary names, else the DR summary's. */
    private static String regionOf(JsonObject precheck, JsonObject drInit) {
        String region = precheck == null ? null : precheck.getString("region");
        return region != null ? region : drInit == null ? null : drInit.getString("region");
    }

    private static String encoded(JsonObject json) {
        return json == null ? null : json.encode();
    }
}
