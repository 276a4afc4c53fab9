package io.drsmonitor.query;

import static io.drsmonitor.query.JsonAnswers.error;

import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.http.Http2Settings;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.StaticHandler;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.state.HostInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP query API over the summaries' state stores, and the dashboard: mounts the health, public
 * and internal routes on one router behind the request checks. Any instance answers any query: a
 * key held by another instance is fetched from it ({@code application.server}), lists are gathered
 * from all. Project summaries are served from renderings cached per store version; store reads run
 * on worker threads. The {@code /api/internal/...} routes serve other instances only: they need
 * {@code query.internal.secret}.
 */
public final class QueryApi {
    private static final Logger LOG = LoggerFactory.getLogger(QueryApi.class);
    /** What the dashboard's static handler serves: its three files (the page is {@code /}). */
    private static final List<String> DASHBOARD_FILES = List.of("/", "/index.html", "/dashboard.js", "/dashboard.css");
    /** The statuses the router answers by itself (no route, wrong method, undecodable, unhandled), made JSON here. */
    private static final List<Integer> ROUTER_ERRORS = List.of(400, 401, 403, 404, 405, 406, 413, 414, 415, 431, 500, 501, 502, 503);

    /**
     * What the HTTP server itself accepts, above the limits checked here, so that over-long requests
     * reach this API and get its JSON errors (the server's own 414/431 have no body).
     */
    public static HttpServerOptions serverOptions() {
        return new HttpServerOptions().setMaxInitialLineLength(64 * 1024).setMaxHeaderSize(64 * 1024)
                .setInitialSettings(new Http2Settings().setMaxHeaderListSize(64 * 1024));
    }

    private final Vertx vertx;
    private final StoreQueries queries;
    private final ClusterReads cluster;
    private final RenderedSummaries rendered;
    private final RequestChecks checks;
    private final HealthRoutes health;
    private final InternalRoutes internal;
    private final String openApi;
    private JsonObject info = new JsonObject();
    private Map<String, String> projectNames = Map.of();
    private FleetStores fleet = FleetStores.NONE;

    /**
     * @param parts    name to state, for /health; the instance is ready when every part is up
     * @param scrape   Prometheus text for /metrics, or null for no /metrics
     * @param rendered the cache the summaries tell of changes (the same object given to the topology);
     *                 register it as a state listener of the Streams client too ({@code StreamsRunner#addStateListener})
     * @param secret   {@code query.internal.secret}; empty: this instance answers no forwarded read
     */
    public QueryApi(Vertx vertx, KafkaStreams streams, HostInfo self, MeterRegistry metrics, Map<String, Supplier<HealthState>> parts,
                    Supplier<String> scrape, RenderedSummaries rendered, String secret) {
        this.vertx = vertx;
        this.queries = new StoreQueries(streams, self);
        this.cluster = new ClusterReads(vertx, queries, secret);
        this.rendered = rendered;
        this.checks = new RequestChecks(metrics);
        this.health = new HealthRoutes(parts, scrape);
        this.internal = new InternalRoutes(queries, cluster, secret);
        // Read once, here: a build without it fails at start, not at the first request.
        this.openApi = resource("/query/openapi.json");
        if (secret.isEmpty()) {
            LOG.info("query.internal.secret is not set: this instance answers its own queries but none forwarded by other"
                    + " instances; set the same secret on every instance when running more than one");
        }
    }

    /** What {@code GET /api/info} tells: version, whether DRS is real or simulated, demo settings. Call before {@link #router()}. */
    public QueryApi withInfo(JsonObject info) {
        this.info = info.copy();
        return this;
    }

    /** The names shown beside project ids ({@code projects.names}). Call before {@link #router()}. */
    public QueryApi withProjectNames(Map<String, String> names) {
        this.projectNames = Map.copyOf(names);
        return this;
    }

    /** The fleet's totals and rankings from {@code fleet}; without it, those routes answer 503. Call before {@link #router()}. */
    public QueryApi withFleetView(FleetStores fleet) {
        this.fleet = fleet;
        return this;
    }

    /**
     * {@code /health/ready} (and {@code /health/started}) from {@code serving}, whether the query stores
     * can be served, rather than from every part of {@code /health}. Call before {@link #router()}.
     */
    public QueryApi withReadiness(Supplier<HealthState> serving) {
        health.readyWhen(serving);
        return this;
    }

    public Router router() {
        Router router = Router.router(vertx);
        router.route().handler(checks);
        health.mount(router);
        new PublicRoutes(queries, cluster, rendered, openApi, info, projectNames).mount(router);
        new JobRoutes(queries, cluster).mount(router);
        new FleetRoutes(queries, fleet, cluster).mount(router);
        internal.mount(router);
        router.route("/api/*").last().handler(ctx -> error(ctx, 404, "no such endpoint; see /openapi.json"));
        // The dashboard's files by name only: any other path is a JSON 404, never a file of the static handler's choosing.
        StaticHandler dashboard = StaticHandler.create("dashboard").setCachingEnabled(false).setDirectoryListing(false);
        router.route("/*").handler(ctx -> {
            if (DASHBOARD_FILES.contains(ctx.normalizedPath())) {
                dashboard.handle(ctx);
            } else {
                ctx.next();
            }
        });
        router.route().failureHandler(JsonAnswers::failure);
        ROUTER_ERRORS.forEach(status -> router.errorHandler(status, JsonAnswers.routerError(status)));
        return router;
    }

    /**
     * A server answering {@link #router()}, with {@link #serverOptions()}, whose every answer to a bad
     * request is JSON (the HTTP decoder's too) and whose connection errors are not logged per connection.
     */
    public HttpServer httpServer() {
        return vertx.createHttpServer(serverOptions()).requestHandler(router()).invalidRequestHandler(JsonAnswers::invalidRequest)
                .connectionHandler(connection -> connection.exceptionHandler(QueryApi::connectionError))
                .exceptionHandler(QueryApi::connectionError);
    }

    /** A client resetting or garbling its connection is the client's affair: at most a DEBUG line per kind. */
    private static void connectionError(Throwable error) {
        FaultLog.client("connection error " + error.getClass().getSimpleName(), String.valueOf(error.getMessage()));
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
}
