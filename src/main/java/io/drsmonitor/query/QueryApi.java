package io.drsmonitor.query;

import io.drsmonitor.drs.DrsRules;
import io.drsmonitor.streams.HourlyPassRate;
import io.drsmonitor.streams.RecentAlerts;
import io.drsmonitor.streams.SummaryTopology;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.handler.StaticHandler;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
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
 */
public final class QueryApi {
    private static final Logger LOG = LoggerFactory.getLogger(QueryApi.class);
    static final String FORWARDED = "X-DRS-Forwarded";
    private static final Set<String> KEYED_STORES = Set.of(SummaryTopology.PRECHECK_SUMMARY_STORE,
            SummaryTopology.DR_SUMMARY_STORE, SummaryTopology.PRECHECK_LATEST_STORE, SummaryTopology.DR_JOBS_STORE,
            SummaryTopology.RECENT_ALERTS_STORE);
    private static final int MAX_PATH = 512;

    private final Vertx vertx;
    private final StoreQueries queries;
    private final WebClient web;
    private final MeterRegistry metrics;
    private final Map<String, Supplier<String>> parts;
    private final String openApi;
    private final Supplier<String> scrape;

    /** {@code parts}: name to state, for /health; a part is ready when its state is RUNNING or UP. */
    public QueryApi(Vertx vertx, KafkaStreams streams, HostInfo self, MeterRegistry metrics, Map<String, Supplier<String>> parts) {
        this(vertx, streams, self, metrics, parts, null);
    }

    /** {@code scrape}: Prometheus text for /metrics, or null for no /metrics. */
    public QueryApi(Vertx vertx, KafkaStreams streams, HostInfo self, MeterRegistry metrics, Map<String, Supplier<String>> parts,
                    Supplier<String> scrape) {
        this.scrape = scrape;
        this.vertx = vertx;
        this.queries = new StoreQueries(streams, self);
        this.web = WebClient.create(vertx);
        this.metrics = metrics;
        this.parts = parts;
        this.openApi = resource("/query/openapi.json");
    }

    public Router router() {
        Router router = Router.router(vertx);
        router.route().handler(this::guard);
        router.get("/health").handler(this::health);
        if (scrape != null) {
            router.get("/metrics").handler(ctx -> ctx.response()
                    .putHeader("Content-Type", "text/plain; version=0.0.4; charset=utf-8").end(scrape.get()));
        }
        router.get("/openapi.json").handler(ctx -> ctx.response().putHeader("Content-Type", "application/json").end(openApi));
        router.get("/api/projects").handler(this::projects);
        router.get("/api/projects/:projectId/precheck").handler(ctx -> summary(ctx, SummaryTopology.PRECHECK_SUMMARY_STORE));
        router.get("/api/projects/:projectId/dr-init").handler(ctx -> summary(ctx, SummaryTopology.DR_SUMMARY_STORE));
        router.get("/api/projects/:projectId/history").handler(this::history);
        router.get("/api/jobs/:jobId").handler(this::job);
        router.get("/api/alerts").handler(this::alerts);
        router.get("/api/internal/kv/:store/:key").handler(this::internalGet);
        router.get("/api/internal/all/:store").handler(this::internalAll);
        router.route("/api/*").last().handler(ctx -> error(ctx, 404, "no such endpoint; see /openapi.json"));
        router.route("/*").handler(StaticHandler.create("dashboard").setCachingEnabled(false));
        router.route().failureHandler(this::failure);
        return router;
    }

    // ---- endpoints

    private void guard(RoutingContext ctx) {
        if (ctx.request().uri().length() > MAX_PATH) {
            error(ctx, 414, "request URI longer than " + MAX_PATH + " characters");
            return;
        }
        long started = System.nanoTime();
        ctx.addEndHandler(done -> Timer.builder("drs.query.requests").description("Query API requests")
                .tag("route", ctx.currentRoute() == null || ctx.currentRoute().getPath() == null ? "other" : ctx.currentRoute().getPath())
                .tag("status", String.valueOf(ctx.response().getStatusCode()))
                .register(metrics).record(Duration.ofNanos(System.nanoTime() - started)));
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
            down |= state.startsWith("UNAUTHORIZED") || state.startsWith("DOWN") || "ERROR".equals(state);
        }
        if (!ready) {
            ctx.response().putHeader("Retry-After", "2");
        }
        json(ctx, ready ? 200 : 503, new JsonObject().put("status", ready ? "UP" : down ? "DOWN" : "STARTING").put("parts", states));
    }

    private void summary(RoutingContext ctx, String store) {
        String project = project(ctx);
        lookup(store, project).onSuccess(value -> {
            if (value == null) {
                error(ctx, 404, "unknown project " + project);
            } else {
                json(ctx, 200, value);
            }
        }).onFailure(ctx::fail);
    }

    private void history(RoutingContext ctx) {
        String project = project(ctx);
        int hours = intParam(ctx, "hours", 24, 1, 24 * 30);
        HostInfo owner = queries.ownerOf(SummaryTopology.PRECHECK_HISTORY_STORE, project);
        if (!owner.equals(queries.self())) {
            forward(ctx, owner, ctx.request().uri());
            return;
        }
        Instant to = Instant.now();
        Instant from = to.minus(Duration.ofHours(hours)).truncatedTo(java.time.temporal.ChronoUnit.HOURS);
        List<KeyValue<Long, HourlyPassRate>> windows = queries.window(SummaryTopology.PRECHECK_HISTORY_STORE, project, from, to);
        JsonArray points = new JsonArray();
        for (KeyValue<Long, HourlyPassRate> w : windows) {
            points.add(new JsonObject().put("hourStart", Instant.ofEpochMilli(w.key).toString())
                    .put("finished", w.value.finished()).put("passed", w.value.passed())
                    .put("passRate", w.value.finished() == 0 ? null : (double) w.value.passed() / w.value.finished()));
        }
        json(ctx, 200, new JsonObject().put("projectId", project).put("hours", hours).put("points", points));
    }

    private void job(RoutingContext ctx) {
        String jobId = ctx.pathParam("jobId");
        if (!DrsRules.isJobId(jobId)) {
            throw new BadRequestException("jobId is not in the DRS id format (8-4-4-4-12 lower-case letters and digits)");
        }
        Future<Object> precheck = lookup(SummaryTopology.PRECHECK_LATEST_STORE, jobId);
        Future<Object> dr = lookup(SummaryTopology.DR_JOBS_STORE, jobId);
        Future.all(precheck, dr).onSuccess(all -> {
            if (precheck.result() == null && dr.result() == null) {
                error(ctx, 404, "unknown job " + jobId);
            } else {
                json(ctx, 200, new JsonObject().put("jobId", jobId).put("precheck", precheck.result()).put("drInit", dr.result()));
            }
        }).onFailure(ctx::fail);
    }

    private void alerts(RoutingContext ctx) {
        int limit = intParam(ctx, "limit", 50, 1, 500);
        String project = ctx.request().getParam("projectId");
        Future<List<JsonObject>> found;
        if (project != null) {
            if (!DrsRules.isProjectId(project)) {
                throw new BadRequestException("projectId must be 1 to 64 letters, digits, '-' or '_'");
            }
            found = lookup(SummaryTopology.RECENT_ALERTS_STORE, project).map(value -> value == null ? List.of()
                    : ((JsonObject) value).getJsonArray("alerts").stream().map(a -> (JsonObject) a).toList());
        } else {
            found = gather(SummaryTopology.RECENT_ALERTS_STORE).map(entries -> entries.values().stream()
                    .flatMap(v -> ((JsonObject) v).getJsonArray("alerts").stream().map(a -> (JsonObject) a)).toList());
        }
        found.onSuccess(list -> {
            List<JsonObject> sorted = new ArrayList<>(list);
            sorted.sort(Comparator.comparingLong((JsonObject a) -> a.getLong("raisedAt")).reversed()
                    .thenComparing(a -> a.getString("alertId")));
            json(ctx, 200, new JsonObject().put("alerts", new JsonArray(sorted.subList(0, Math.min(limit, sorted.size())))));
        }).onFailure(ctx::fail);
    }

    private void projects(RoutingContext ctx) {
        Future<Map<String, Object>> prechecks = gather(SummaryTopology.PRECHECK_SUMMARY_STORE);
        Future<Map<String, Object>> drs = gather(SummaryTopology.DR_SUMMARY_STORE);
        Future.all(prechecks, drs).onSuccess(all -> {
            Map<String, JsonObject> projects = new TreeMap<>();
            prechecks.result().forEach((id, v) -> projects.computeIfAbsent(id, k -> new JsonObject().put("projectId", k))
                    .put("precheck", v));
            drs.result().forEach((id, v) -> projects.computeIfAbsent(id, k -> new JsonObject().put("projectId", k))
                    .put("drInit", v));
            json(ctx, 200, new JsonObject().put("projects", new JsonArray(new ArrayList<>(projects.values()))));
        }).onFailure(ctx::fail);
    }

    private void internalGet(RoutingContext ctx) {
        String store = knownStore(ctx);
        Object value = toJson(queries.get(store, ctx.pathParam("key")));
        json(ctx, 200, new JsonObject().put("value", value));
    }

    private void internalAll(RoutingContext ctx) {
        String store = knownStore(ctx);
        JsonObject entries = new JsonObject();
        queries.all(store).forEach(kv -> entries.put(kv.key, toJson(kv.value)));
        json(ctx, 200, entries);
    }

    // ---- finding data across instances

    /** The JSON value under {@code key}, from whichever instance holds it; null when there is none. */
    private Future<Object> lookup(String store, String key) {
        HostInfo owner = queries.ownerOf(store, key);
        if (owner.equals(queries.self())) {
            return Future.succeededFuture(toJson(queries.get(store, key)));
        }
        return remote(owner, "/api/internal/kv/" + store + "/" + URLEncoder.encode(key, StandardCharsets.UTF_8))
                .map(body -> body.getValue("value"));
    }

    /** All entries of {@code store} across instances. */
    private Future<Map<String, Object>> gather(String store) {
        List<Future<JsonObject>> parts = new ArrayList<>();
        for (HostInfo host : queries.allInstances()) {
            if (host.equals(queries.self())) {
                JsonObject local = new JsonObject();
                queries.all(store).forEach(kv -> local.put(kv.key, toJson(kv.value)));
                parts.add(Future.succeededFuture(local));
            } else {
                parts.add(remote(host, "/api/internal/all/" + store));
            }
        }
        return Future.all(parts).map(all -> {
            Map<String, Object> merged = new LinkedHashMap<>();
            // Iterating a JsonObject wraps nested maps as JsonObjects, whichever instance they came from.
            parts.forEach(p -> p.result().forEach(entry -> merged.put(entry.getKey(), entry.getValue())));
            return merged;
        });
    }

    private Future<JsonObject> remote(HostInfo host, String path) {
        return web.get(host.port(), host.host(), path).putHeader(FORWARDED, "1").timeout(10_000).send()
                .recover(e -> Future.failedFuture(new NotReadyException("instance " + host + " did not answer: " + e.getMessage())))
                .compose(response -> {
                    if (response.statusCode() == 200) {
                        return Future.succeededFuture(response.bodyAsJsonObject());
                    }
                    return Future.failedFuture(new NotReadyException("instance " + host + " answered " + response.statusCode()));
                });
    }

    private void forward(RoutingContext ctx, HostInfo owner, String uri) {
        if (ctx.request().getHeader(FORWARDED) != null) {
            throw new NotReadyException("ownership is moving between instances");
        }
        web.get(owner.port(), owner.host(), uri).putHeader(FORWARDED, "1").timeout(10_000).send()
                .onSuccess(response -> relay(ctx, response))
                .onFailure(e -> ctx.fail(new NotReadyException("instance " + owner + " did not answer")));
    }

    private static void relay(RoutingContext ctx, HttpResponse<Buffer> response) {
        String retryAfter = response.getHeader("Retry-After");
        if (retryAfter != null) {
            ctx.response().putHeader("Retry-After", retryAfter);
        }
        ctx.response().setStatusCode(response.statusCode()).putHeader("Content-Type", "application/json")
                .end(response.body() == null ? Buffer.buffer() : response.body());
    }

    // ---- helpers

    private static Object toJson(Object value) {
        if (value == null) {
            return null;
        }
        if (value instanceof GenericRecord record) {
            return RecordJson.toJson(record);
        }
        if (value instanceof RecentAlerts recent) {
            return new JsonObject().put("alerts", new JsonArray(recent.alerts().stream().map(JsonObject::mapFrom).toList()));
        }
        return JsonObject.mapFrom(value);
    }

    private static String knownStore(RoutingContext ctx) {
        String store = ctx.pathParam("store");
        if (!KEYED_STORES.contains(store)) {
            throw new BadRequestException("no queryable store named " + store);
        }
        return store;
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
