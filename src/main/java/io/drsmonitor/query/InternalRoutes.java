package io.drsmonitor.query;

import static io.drsmonitor.query.JsonAnswers.error;
import static io.drsmonitor.query.JsonAnswers.json;
import static io.drsmonitor.query.RequestChecks.get;

import io.drsmonitor.streams.SummaryTopology;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * The {@code /api/internal/...} routes, through which other instances read this instance's copies
 * of the stores (see {@link ClusterReads}). Only callers sharing {@code query.internal.secret} are
 * answered. The path builders here are what the public routes ask other instances for.
 */
final class InternalRoutes {
    /** This instance's part of a job list: the public routes' parameters, answered as {@link JobPages#local}. */
    static final String JOBS_PATH = "/api/internal/jobs";

    private final StoreQueries queries;
    private final StoreJson stores;
    private final ClusterReads cluster;
    private final byte[] secret;

    /** @param secret {@code query.internal.secret}; empty: every internal request is refused */
    InternalRoutes(StoreQueries queries, ClusterReads cluster, String secret) {
        this.queries = queries;
        this.stores = new StoreJson(queries);
        this.cluster = cluster;
        this.secret = secret.getBytes(StandardCharsets.UTF_8);
    }

    void mount(Router router) {
        router.route("/api/internal/*").handler(this::sharedSecretOnly);
        get(router, "/api/internal/kv/:store/:key", this::keyValue);
        get(router, "/api/internal/all/:store", this::all);
        get(router, "/api/internal/alerts", this::alerts);
        get(router, JOBS_PATH, this::jobs);
        get(router, FleetItemQuery.INTERNAL_PATH, this::fleetItemJobs);
    }

    /** The path of one key's JSON value; answered {@code {"value": ...}}. */
    static String keyValuePath(String store, String key) {
        return "/api/internal/kv/" + store + "/" + URLEncoder.encode(key, StandardCharsets.UTF_8);
    }

    /** The path of every project summary of a store, by project id. */
    static String allPath(String store) {
        return "/api/internal/all/" + store;
    }

    /** The path of the newest alerts: of one project, or with a null {@code projectId} of all; answered {@code {"value": ...}}. */
    static String alertsPath(String projectId, int limit) {
        return projectId == null ? "/api/internal/alerts?limit=" + limit
                : "/api/internal/alerts?projectId=" + projectId + "&limit=" + limit;
    }

    private void sharedSecretOnly(RoutingContext ctx) {
        String given = ctx.request().getHeader(ClusterReads.SECRET_HEADER);
        if (secret.length == 0 || given == null || !MessageDigest.isEqual(secret, given.getBytes(StandardCharsets.UTF_8))) {
            error(ctx, 403, "internal route: only other drs-monitor instances sharing query.internal.secret may call it");
            return;
        }
        ctx.next();
    }

    private void keyValue(RoutingContext ctx) {
        String store = ctx.pathParam("store");
        String key = ctx.pathParam("key");
        boolean stale = RequestChecks.staleAllowed(ctx);
        boolean summary = StoreJson.SUMMARY_STORES.contains(store);
        boolean runs = store.equals(SummaryTopology.PRECHECK_RUNS_STORE);
        if (!summary && !runs && !StoreJson.JOB_STORES.contains(store)) {
            throw new BadRequestException("no queryable store named " + store);
        }
        int partition = queries.hostsOf(store, key).partition();
        cluster.blocking(() -> summary ? stores.summary(store, key, partition, stale)
                        : runs ? stores.runs(key, partition, stale) : stores.job(store, key, partition, stale))
                .onSuccess(value -> json(ctx, 200, new JsonObject().put("value", value))).onFailure(ctx::fail);
    }

    private void jobs(RoutingContext ctx) {
        JobQuery query = JobQuery.of(ctx, null);
        cluster.blocking(() -> stores.jobPage(query)).onSuccess(page -> json(ctx, 200, page)).onFailure(ctx::fail);
    }

    private void fleetItemJobs(RoutingContext ctx) {
        FleetItemQuery query = FleetItemQuery.of(ctx, ctx.request().getParam("item"));
        cluster.blocking(() -> stores.fleetItemJobs(query)).onSuccess(page -> json(ctx, 200, page)).onFailure(ctx::fail);
    }

    private void all(RoutingContext ctx) {
        String store = ctx.pathParam("store");
        if (!StoreJson.SUMMARY_STORES.contains(store)) {
            throw new BadRequestException("no listable store named " + store);
        }
        cluster.blocking(() -> stores.all(store)).onSuccess(entries -> json(ctx, 200, entries)).onFailure(ctx::fail);
    }

    private void alerts(RoutingContext ctx) {
        int limit = RequestChecks.intParam(ctx, "limit", 50, 1, 500);
        String project = ctx.request().getParam("projectId");
        boolean stale = RequestChecks.staleAllowed(ctx);
        Future<JsonObject> alerts;
        if (project == null) {
            alerts = cluster.blocking(() -> stores.newestAlerts(limit));
        } else {
            RequestChecks.checkedProjectId(project);
            int partition = queries.hostsOf(SummaryTopology.RECENT_ALERTS_STORE, project).partition();
            alerts = cluster.blocking(() -> stores.projectAlerts(project, partition, stale, limit));
        }
        alerts.onSuccess(value -> json(ctx, 200, new JsonObject().put("value", value))).onFailure(ctx::fail);
    }
}
