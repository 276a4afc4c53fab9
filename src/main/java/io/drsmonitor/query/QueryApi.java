package io.drsmonitor.query;

import io.drsmonitor.avro.RecordJson;
import io.drsmonitor.drs.DrsRules;
import io.drsmonitor.model.CheckAlert;
import io.drsmonitor.streams.HourlyPassRate;
import io.drsmonitor.streams.SummaryTopology;
import io.drsmonitor.streams.state.DrJobState;
import io.drsmonitor.streams.state.PrecheckJobState;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.StaticHandler;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.HostInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP query API over the summaries' state stores. Any instance answers any query: a key held
 * by another instance is fetched from it ({@code application.server}), lists are gathered from all.
 * Project summaries are served from renderings cached per store version; store reads run on worker
 * threads. The {@code /api/internal/...} routes serve other instances only: they need
 * {@code query.internal.secret}.
 */
public final class QueryApi {
    private static final Logger LOG = LoggerFactory.getLogger(QueryApi.class);
    private static final int MAX_PATH = 512;
    private static final int MAX_HEADER_BYTES = 8 * 1024;
    /**
     * What the HTTP server itself accepts, above the limits checked here, so that over-long requests
     * reach this API and get its JSON errors (the server's own 414/431 have no body).
     */
    public static io.vertx.core.http.HttpServerOptions serverOptions() {
        return new io.vertx.core.http.HttpServerOptions().setMaxInitialLineLength(64 * 1024).setMaxHeaderSize(64 * 1024)
                .setInitialSettings(new io.vertx.core.http.Http2Settings().setMaxHeaderListSize(64 * 1024));
    }

    private static final String ROUTE = "drs.route";
    private static final List<String> SUMMARY_STORES = List.of(SummaryTopology.PRECHECK_SUMMARY_STORE,
            SummaryTopology.DR_SUMMARY_STORE);

    private final Vertx vertx;
    private final StoreQueries queries;
    private final ClusterReads cluster;
    private final RenderedSummaries rendered;
    private final MeterRegistry metrics;
    private final Map<String, Supplier<String>> parts;
    private final String openApi;
    private final Supplier<String> scrape;
    private final byte[] secret;
    private JsonObject info = new JsonObject();

    /**
     * @param parts    name to state, for /health; a part is ready when its state is RUNNING or UP
     * @param scrape   Prometheus text for /metrics, or null for no /metrics
     * @param rendered the cache the summaries tell of changes (the same object given to the topology);
     *                 it also becomes the Streams state listener, so call before {@code streams.start()}
     * @param secret   {@code query.internal.secret}; empty: this instance answers no forwarded read
     */
    public QueryApi(Vertx vertx, KafkaStreams streams, HostInfo self, MeterRegistry metrics, Map<String, Supplier<String>> parts,
                    Supplier<String> scrape, RenderedSummaries rendered, String secret) {
        this.vertx = vertx;
        this.queries = new StoreQueries(streams, self);
        this.cluster = new ClusterReads(vertx, queries, secret);
        this.rendered = rendered;
        this.metrics = metrics;
        this.parts = parts;
        this.scrape = scrape;
        this.secret = secret.getBytes(StandardCharsets.UTF_8);
        this.openApi = resource("/query/openapi.json");
        streams.setStateListener(rendered);
        if (secret.isEmpty()) {
            LOG.info("query.internal.secret is not set: this instance answers its own queries but none forwarded by other"
                    + " instances; set the same secret on every instance when running more than one");
        }
    }

    /** What {@code GET /api/info} tells: version, whether DRS is real or simulated, demo settings. */
    public QueryApi withInfo(JsonObject info) {
        this.info = info.copy();
        return this;
    }

    public Router router() {
        Router router = Router.router(vertx);
        router.route().handler(this::guard);
        get(router, "/health", this::health);
        get(router, "/health/ready", this::health);
        // Alive as long as this process answers HTTP: a liveness probe must not restart an instance
        // because Kafka or DRS is down (readiness says that).
        get(router, "/health/live", ctx -> json(ctx, 200, new JsonObject().put("status", "UP")));
        if (scrape != null) {
            get(router, "/metrics", ctx -> ctx.response()
                    .putHeader("Content-Type", "text/plain; version=0.0.4; charset=utf-8").end(scrape.get()));
        }
        get(router, "/openapi.json", ctx -> ctx.response().putHeader("Content-Type", "application/json").end(openApi));
        get(router, "/api/projects", this::projects);
        get(router, "/api/projects/:projectId/precheck", ctx -> summary(ctx, SummaryTopology.PRECHECK_SUMMARY_STORE));
        get(router, "/api/projects/:projectId/dr-init", ctx -> summary(ctx, SummaryTopology.DR_SUMMARY_STORE));
        get(router, "/api/projects/:projectId/history", this::history);
        get(router, "/api/jobs/:jobId", this::job);
        get(router, "/api/alerts", this::alerts);
        get(router, "/api/info", ctx -> json(ctx, 200, info));
        router.route("/api/internal/*").handler(this::internalOnly);
        get(router, "/api/internal/kv/:store/:key", this::internalGet);
        get(router, "/api/internal/all/:store", this::internalAll);
        get(router, "/api/internal/alerts", this::internalAlerts);
        router.route("/api/*").last().handler(ctx -> error(ctx, 404, "no such endpoint; see /openapi.json"));
        router.route("/*").handler(StaticHandler.create("dashboard").setCachingEnabled(false));
        router.route().failureHandler(this::failure);
        return router;
    }

    /** A GET route whose path (the pattern, not the request's ids) labels the request metrics, errors included. */
    private static void get(Router router, String path, io.vertx.core.Handler<RoutingContext> handler) {
        router.get(path).handler(ctx -> {
            ctx.put(ROUTE, path);
            handler.handle(ctx);
        });
    }

    // ---- endpoints

    private void guard(RoutingContext ctx) {
        long started = System.nanoTime();
        ctx.addEndHandler(done -> Timer.builder("drs.query.requests").description("Query API requests")
                .tag("route", ctx.get(ROUTE, "other"))
                .tag("status", String.valueOf(ctx.response().getStatusCode()))
                .register(metrics).record(Duration.ofNanos(System.nanoTime() - started)));
        HttpMethod method = ctx.request().method();
        if (!HttpMethod.GET.equals(method) && !HttpMethod.HEAD.equals(method)) {
            ctx.response().putHeader("Allow", "GET, HEAD");
            error(ctx, 405, method + " is not allowed: every route of this API is read-only (GET)");
            return;
        }
        if (ctx.request().uri().length() > MAX_PATH) {
            error(ctx, 414, "request URI longer than " + MAX_PATH + " characters");
            return;
        }
        int headerBytes = 0;
        for (Map.Entry<String, String> header : ctx.request().headers()) {
            headerBytes += header.getKey().length() + header.getValue().length() + 4;
        }
        if (headerBytes > MAX_HEADER_BYTES) {
            error(ctx, 431, "request headers larger than " + MAX_HEADER_BYTES + " bytes");
            return;
        }
        ctx.next();
    }

    private void health(RoutingContext ctx) {
        JsonObject states = new JsonObject();
        boolean ready = true;
        boolean down = false;
        for (Map.Entry<String, Supplier<String>> part : parts.entrySet()) {
            String state = part.getValue().get();
            states.put(part.getKey(), state);
            ready &= "RUNNING".equals(state) || "UP".equals(state);
            // A part that says why it cannot work (DRS refused the credentials) is down, not starting.
            down |= state.startsWith("UNAUTHORIZED") || state.startsWith("DOWN") || "ERROR".equals(state)
                    || "PENDING_ERROR".equals(state);
        }
        if (!ready) {
            ctx.response().putHeader("Retry-After", "2");
        }
        json(ctx, ready ? 200 : 503, new JsonObject().put("status", ready ? "UP" : down ? "DOWN" : "STARTING").put("parts", states));
    }

    private void summary(RoutingContext ctx, String store) {
        String project = project(ctx);
        StoreQueries.KeyHosts hosts = queries.hostsOf(store, project);
        if (hosts.active().equals(queries.self())) {
            String cached = rendered.cached(store, project);
            if (cached != null) {
                ctx.response().putHeader("Content-Type", "application/json").end(cached);
                return;
            }
        }
        cluster.byKey(hosts, (partition, stale) -> stale ? toJson(queries.get(store, project, partition, true))
                        : rendered.render(store, project, () -> encode(queries.get(store, project, partition, false))),
                internalKv(store, project)).onSuccess(value -> {
            if (value == null) {
                error(ctx, 404, "unknown project " + project);
            } else {
                ctx.response().putHeader("Content-Type", "application/json")
                        .end(value instanceof String s ? s : ((JsonObject) value).encode());
            }
        }).onFailure(ctx::fail);
    }

    private void history(RoutingContext ctx) {
        String project = project(ctx);
        int hours = intParam(ctx, "hours", 24, 1, 24 * 30);
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
        String jobId = ctx.pathParam("jobId");
        if (!DrsRules.isJobId(jobId)) {
            throw new BadRequestException("jobId is not in the DRS id format (8-4-4-4-12 lower-case letters and digits)");
        }
        Future<Object> precheck = jobPart(SummaryTopology.PRECHECK_JOBS_STORE, jobId);
        Future<Object> dr = jobPart(SummaryTopology.DR_JOBS_STORE, jobId);
        Future.all(precheck, dr).onSuccess(all -> {
            if (precheck.result() == null && dr.result() == null) {
                error(ctx, 404, "unknown job " + jobId);
            } else {
                json(ctx, 200, new JsonObject().put("jobId", jobId).put("precheck", precheck.result()).put("drInit", dr.result()));
            }
        }).onFailure(ctx::fail);
    }

    private Future<Object> jobPart(String store, String jobId) {
        return cluster.byKey(store, jobId, (partition, stale) -> jobJson(jobId, queries.get(store, jobId, partition, stale)),
                internalKv(store, jobId));
    }

    private static JsonObject jobJson(String jobId, Object state) {
        if (state instanceof PrecheckJobState precheck) {
            return JobViews.precheck(jobId, precheck);
        }
        return state == null ? null : JobViews.dr(jobId, (DrJobState) state);
    }

    private void alerts(RoutingContext ctx) {
        int limit = intParam(ctx, "limit", 50, 1, 500);
        String project = ctx.request().getParam("projectId");
        Future<List<JsonObject>> found;
        if (project != null) {
            if (!DrsRules.isProjectId(project)) {
                throw new BadRequestException("projectId must be 1 to 64 letters, digits, '-' or '_'");
            }
            found = cluster.byKey(SummaryTopology.RECENT_ALERTS_STORE, project,
                            (partition, stale) -> alertsJson(queries.projectAlerts(project, partition, stale, limit)),
                            "/api/internal/alerts?projectId=" + project + "&limit=" + limit)
                    .map(value -> List.of((JsonObject) value));
        } else {
            found = cluster.everywhere(() -> new JsonObject().put("value", alertsJson(queries.newestAlerts(limit))),
                    "/api/internal/alerts?limit=" + limit).map(answers -> answers.stream().map(a -> a.getJsonObject("value")).toList());
        }
        found.onSuccess(answers -> {
            List<JsonObject> merged = new ArrayList<>();
            answers.forEach(a -> a.getJsonArray("alerts").forEach(o -> merged.add((JsonObject) o)));
            merged.sort(Comparator.comparing((JsonObject a) -> Instant.parse(a.getString("raisedAt"))).reversed()
                    .thenComparing(a -> a.getString("alertId")));
            json(ctx, 200, new JsonObject().put("alerts", new JsonArray(merged.subList(0, Math.min(limit, merged.size())))));
        }).onFailure(ctx::fail);
    }

    private void projects(RoutingContext ctx) {
        Map<String, Future<List<JsonObject>>> perStore = new TreeMap<>();
        for (String store : SUMMARY_STORES) {
            perStore.put(store, cluster.everywhere(() -> allJson(store), "/api/internal/all/" + store));
        }
        Future.all(new ArrayList<>(perStore.values())).onSuccess(all -> {
            Map<String, JsonObject> projects = new TreeMap<>();
            perStore.forEach((store, answers) -> answers.result().forEach(entries -> entries.forEach(e -> projects
                    .computeIfAbsent(e.getKey(), k -> new JsonObject().put("projectId", k))
                    .put(store.equals(SummaryTopology.PRECHECK_SUMMARY_STORE) ? "precheck" : "drInit", e.getValue()))));
            json(ctx, 200, new JsonObject().put("projects", new JsonArray(new ArrayList<>(projects.values()))));
        }).onFailure(ctx::fail);
    }

    // ---- routes for other instances

    private void internalOnly(RoutingContext ctx) {
        String given = ctx.request().getHeader(ClusterReads.SECRET_HEADER);
        if (secret.length == 0 || given == null || !MessageDigest.isEqual(secret, given.getBytes(StandardCharsets.UTF_8))) {
            error(ctx, 403, "internal route: only other drs-monitor instances sharing query.internal.secret may call it");
            return;
        }
        ctx.next();
    }

    private void internalGet(RoutingContext ctx) {
        String store = ctx.pathParam("store");
        String key = ctx.pathParam("key");
        boolean stale = "true".equals(ctx.request().getParam("stale"));
        if (!store.equals(SummaryTopology.PRECHECK_JOBS_STORE) && !store.equals(SummaryTopology.DR_JOBS_STORE)
                && !SUMMARY_STORES.contains(store)) {
            throw new BadRequestException("no queryable store named " + store);
        }
        int partition = queries.hostsOf(store, key).partition();
        cluster.blocking(() -> SUMMARY_STORES.contains(store) ? toJson(queries.get(store, key, partition, stale))
                        : jobJson(key, queries.get(store, key, partition, stale)))
                .onSuccess(value -> json(ctx, 200, new JsonObject().put("value", value))).onFailure(ctx::fail);
    }

    private void internalAll(RoutingContext ctx) {
        String store = ctx.pathParam("store");
        if (!SUMMARY_STORES.contains(store)) {
            throw new BadRequestException("no listable store named " + store);
        }
        cluster.blocking(() -> allJson(store)).onSuccess(entries -> json(ctx, 200, entries)).onFailure(ctx::fail);
    }

    private void internalAlerts(RoutingContext ctx) {
        int limit = intParam(ctx, "limit", 50, 1, 500);
        String project = ctx.request().getParam("projectId");
        boolean stale = "true".equals(ctx.request().getParam("stale"));
        Future<JsonObject> alerts;
        if (project == null) {
            alerts = cluster.blocking(() -> alertsJson(queries.newestAlerts(limit)));
        } else {
            if (!DrsRules.isProjectId(project)) {
                throw new BadRequestException("projectId must be 1 to 64 letters, digits, '-' or '_'");
            }
            int partition = queries.hostsOf(SummaryTopology.RECENT_ALERTS_STORE, project).partition();
            alerts = cluster.blocking(() -> alertsJson(queries.projectAlerts(project, partition, stale, limit)));
        }
        alerts.onSuccess(value -> json(ctx, 200, new JsonObject().put("value", value))).onFailure(ctx::fail);
    }

    // ---- helpers

    private JsonObject allJson(String store) {
        JsonObject entries = new JsonObject();
        queries.all(store).forEach(kv -> entries.put(kv.key, toJson(kv.value)));
        return entries;
    }

    private static JsonObject alertsJson(List<CheckAlert> alerts) {
        return new JsonObject().put("alerts", new JsonArray(alerts.stream().map(RecordJson::toJson).toList()));
    }

    private static String internalKv(String store, String key) {
        return "/api/internal/kv/" + store + "/" + URLEncoder.encode(key, StandardCharsets.UTF_8);
    }

    private static String encode(Object value) {
        Object json = toJson(value);
        return json == null ? null : ((JsonObject) json).encode();
    }

    /** A summary as plain JSON. */
    private static Object toJson(Object value) {
        if (value == null) {
            return null;
        }
        return RecordJson.toJson((GenericRecord) value);
    }

    private static String project(RoutingContext ctx) {
        String project = ctx.pathParam("projectId");
        if (!DrsRules.isProjectId(project)) {
            throw new BadRequestException("projectId must be 1 to 64 letters, digits, '-' or '_'");
        }
        return project;
    }

    private static int intParam(RoutingContext ctx, String name, int fallback, int min, int max) {
        String raw = ctx.request().getParam(name);
        if (raw == null) {
            return fallback;
        }
        try {
            int value = Integer.parseInt(raw);
            if (value < min || value > max) {
                throw new NumberFormatException();
            }
            return value;
        } catch (NumberFormatException e) {
            throw new BadRequestException(name + " must be a whole number from " + min + " to " + max);
        }
    }

    private void failure(RoutingContext ctx) {
        Throwable failure = ctx.failure();
        if (failure instanceof BadRequestException) {
            error(ctx, 400, failure.getMessage());
        } else if (failure instanceof ClusterReads.PeerRefusedException) {
            LOG.warn("query {}: {}", ctx.request().path(), failure.getMessage());
            error(ctx, 502, failure.getMessage());
        } else if (failure instanceof NotReadyException) {
            ctx.response().putHeader("Retry-After", "2");
            error(ctx, 503, failure.getMessage());
        } else if (failure == null) {
            int status = ctx.statusCode() > 0 ? ctx.statusCode() : 500;
            error(ctx, status, status == 404 ? "not found" : "request refused (HTTP " + status + ")");
        } else {
            LOG.error("query {} failed", ctx.request().path(), failure);
            error(ctx, 500, "internal error");
        }
    }

    private static void json(RoutingContext ctx, int status, Object body) {
        if (!ctx.response().ended()) {
            ctx.response().setStatusCode(status).putHeader("Content-Type", "application/json")
                    .end(body instanceof JsonObject o ? o.encode() : body.toString());
        }
    }

    private static void error(RoutingContext ctx, int status, String message) {
        json(ctx, status, new JsonObject().put("status", status).put("error", message));
    }

    private static String resource(String path) {
        try (InputStream in = QueryApi.class.getResourceAsStream(path)) {
            if (in == null) {
                throw new IOException(path + " is missing from the jar");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A malformed request: answered 400 with the message. */
    static final class BadRequestException extends RuntimeException {
        BadRequestException(String message) {
            super(message, null, false, false);
        }
    }
}
