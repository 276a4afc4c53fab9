package io.drsmonitor.registry;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import io.drsmonitor.kafka.TopicNames;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A schema registry speaking Confluent's REST API (the subset drs-monitor and its users need),
 * keeping its schemas in a compacted Kafka topic so ids and versions survive restarts.
 *
 * <p>Over 300 lines: one route per Confluent REST endpoint, each a few lines; the schema rules are in
 * {@link SchemaStore} and the topic in {@link KafkaSchemaLog}.
 */
public final class EmbeddedSchemaRegistry {
    public static final String CONTENT_TYPE = "application/vnd.schemaregistry.v1+json";
    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedSchemaRegistry.class);
    private static final int MAX_BODY_BYTES = 4 * 1024 * 1024;

    /** Where to listen and where to keep the schemas. */
    public record Settings(String host, int port, Map<String, Object> kafkaConfig, String topic,
                           short replicationFactor, CompatibilityLevel defaultCompatibility) {
        public static Settings local(String host, int port, String bootstrapServers) {
            return new Settings(host, port, Map.of("bootstrap.servers", bootstrapServers),
                    TopicNames.SCHEMAS, (short) 1, CompatibilityLevel.BACKWARD);
        }
    }

    private final Vertx vertx;
    private final KafkaSchemaLog log;
    private final SchemaStore store;
    private HttpServer server;
    private Future<?> lastWrite = Future.succeededFuture();
    private final AtomicLong requests = new AtomicLong();

    private EmbeddedSchemaRegistry(Vertx vertx, KafkaSchemaLog log, SchemaStore store) {
        this.vertx = vertx;
        this.log = log;
        this.store = store;
    }

    /** Replays the schema topic, then listens. */
    public static Future<EmbeddedSchemaRegistry> start(Vertx vertx, Settings settings) {
        return vertx.executeBlocking(() -> {
            KafkaSchemaLog log = new KafkaSchemaLog(settings.kafkaConfig(), settings.topic(), settings.replicationFactor());
            SchemaStore store = new SchemaStore(settings.defaultCompatibility());
            List<LogRecord> records = log.readAll();
            records.forEach(store::apply);
            LOG.info("Schema registry replayed {} records from {}", records.size(), settings.topic());
            return new EmbeddedSchemaRegistry(vertx, log, store);
        }).compose(registry -> vertx.createHttpServer()
                .requestHandler(registry.router())
                .listen(settings.port(), settings.host())
                .map(server -> {
                    registry.server = server;
                    LOG.info("Embedded schema registry listening on {}", registry.url(settings.host()));
                    return registry;
                }));
    }

    public int port() {
        return server.actualPort();
    }

    private String url(String host) {
        return "http://" + host + ":" + port();
    }

    /** HTTP requests answered since start. */
    public long requestsServed() {
        return requests.get();
    }

    public Future<Void> stop() {
        Future<Void> closed = server == null ? Future.succeededFuture() : server.close();
        return closed.compose(v -> vertx.executeBlocking(() -> {
            log.close();
            return null;
        }));
    }

    private Router router() {
        Router router = Router.router(vertx);
        router.route().handler(ctx -> {
            requests.incrementAndGet();
            ctx.next();
        });
        router.route().handler(BodyHandler.create(false).setBodyLimit(MAX_BODY_BYTES));
        router.get("/").handler(ctx -> ok(ctx, new JsonObject()));
        router.get("/schemas/types").handler(ctx -> ok(ctx, new JsonArray().add("AVRO")));
        router.get("/schemas/ids/:id").handler(this::schemaById);
        router.get("/schemas/ids/:id/schema").handler(this::rawSchemaById);
        router.get("/schemas/ids/:id/versions").handler(this::versionsOfId);
        router.get("/subjects").handler(ctx -> ok(ctx, new JsonArray(store.subjects(flag(ctx, "deleted")))));
        router.post("/subjects/:subject/versions").handler(this::register);
        router.post("/subjects/:subject").handler(this::lookup);
        router.get("/subjects/:subject/versions").handler(ctx ->
                ok(ctx, new JsonArray(store.versions(subject(ctx), flag(ctx, "deleted")))));
        router.get("/subjects/:subject/versions/:version").handler(this::version);
        router.get("/subjects/:subject/versions/:version/schema").handler(this::rawVersion);
        router.delete("/subjects/:subject").handler(this::deleteSubject);
        router.post("/compatibility/subjects/:subject/versions/:version").handler(this::compatibility);
        router.get("/config").handler(ctx -> ok(ctx, new JsonObject().put("compatibilityLevel", store.globalLevel().name())));
        router.put("/config").handler(ctx -> setLevel(ctx, null));
        router.get("/config/:subject").handler(this::subjectLevel);
        router.put("/config/:subject").handler(ctx -> setLevel(ctx, subject(ctx)));
        router.delete("/config/:subject").handler(this::clearSubjectLevel);
        router.route().last().handler(ctx -> error(ctx, 404, 404, "HTTP 404 Not Found"));
        router.route().failureHandler(this::failure);
        return router;
    }

    private void schemaById(RoutingContext ctx) {
        String schema = schemaOrFail(ctx);
        ok(ctx, new JsonObject().put("schema", schema));
    }

    private void rawSchemaById(RoutingContext ctx) {
        ctx.response().putHeader("Content-Type", CONTENT_TYPE).end(schemaOrFail(ctx));
    }

    private void versionsOfId(RoutingContext ctx) {
        schemaOrFail(ctx);
        JsonArray usages = new JsonArray();
        store.usages(intParam(ctx, "id")).forEach(v ->
                usages.add(new JsonObject().put("subject", v.subject()).put("version", v.version())));
        ok(ctx, usages);
    }

    private String schemaOrFail(RoutingContext ctx) {
        return store.schemaById(intParam(ctx, "id")).orElseThrow(RegistryError::schemaNotFound);
    }

    private void register(RoutingContext ctx) {
        String subject = subject(ctx);
        String schema = schemaText(ctx);
        serialized(() -> {
            SchemaStore.Registration registration = store.planRegister(subject, schema);
            return write(registration.records()).map(v -> registration.id());
        }).onSuccess(id -> ok(ctx, new JsonObject().put("id", id))).onFailure(ctx::fail);
    }

    private void lookup(RoutingContext ctx) {
        ok(ctx, describe(store.lookup(subject(ctx), schemaText(ctx), flag(ctx, "deleted"))));
    }

    private void version(RoutingContext ctx) {
        ok(ctx, describe(store.version(subject(ctx), ctx.pathParam("version"), flag(ctx, "deleted"))));
    }

    private void rawVersion(RoutingContext ctx) {
        String schema = store.version(subject(ctx), ctx.pathParam("version"), flag(ctx, "deleted")).schema();
        ctx.response().putHeader("Content-Type", CONTENT_TYPE).end(schema);
    }

    private void deleteSubject(RoutingContext ctx) {
        String subject = subject(ctx);
        boolean permanent = flag(ctx, "permanent");
        serialized(() -> {
            List<Integer> versions = store.versions(subject, true);
            return write(store.planDeleteSubject(subject, permanent)).map(v -> versions);
        }).onSuccess(versions -> ok(ctx, new JsonArray(versions))).onFailure(ctx::fail);
    }

    private void compatibility(RoutingContext ctx) {
        List<String> problems = store.compatibilityProblems(subject(ctx), ctx.pathParam("version"), schemaText(ctx));
        JsonObject answer = new JsonObject().put("is_compatible", problems.isEmpty());
        if (flag(ctx, "verbose")) {
            answer.put("messages", new JsonArray(problems));
        }
        ok(ctx, answer);
    }

    private void subjectLevel(RoutingContext ctx) {
        String subject = subject(ctx);
        CompatibilityLevel level = store.subjectLevel(subject).orElseGet(() -> {
            if (flag(ctx, "defaultToGlobal")) {
                return store.globalLevel();
            }
            throw RegistryError.subjectLevelCompatibilityNotConfigured(subject);
        });
        ok(ctx, new JsonObject().put("compatibilityLevel", level.name()));
    }

    private void setLevel(RoutingContext ctx, String subject) {
        Object requested = body(ctx).getValue("compatibility");
        if (!(requested instanceof String level)) {
            throw RegistryError.invalidCompatibilityLevel(String.valueOf(requested));
        }
        CompatibilityLevel parsed = CompatibilityLevel.parse(level);
        serialized(() -> write(List.of(store.planSetLevel(subject, parsed))))
                .onSuccess(v -> ok(ctx, new JsonObject().put("compatibility", parsed.name())))
                .onFailure(ctx::fail);
    }

    private void clearSubjectLevel(RoutingContext ctx) {
        String subject = subject(ctx);
        CompatibilityLevel previous = store.subjectLevel(subject)
                .orElseThrow(() -> RegistryError.subjectLevelCompatibilityNotConfigured(subject));
        serialized(() -> write(List.of(store.planClearLevel(subject))))
                .onSuccess(v -> ok(ctx, new JsonObject().put("compatibilityLevel", previous.name())))
                .onFailure(ctx::fail);
    }

    /**
     * Runs changes one after another: each plans against the state the previous one left, so two
     * concurrent registrations never take the same id.
     */
    private <T> Future<T> serialized(Supplier<Future<T>> change) {
        Future<T> result = lastWrite.transform(ignored -> {
            try {
                return change.get();
            } catch (RuntimeException e) {
                return Future.failedFuture(e);
            }
        });
        lastWrite = result;
        return result;
    }

    /** Persists first, applies after: state never runs ahead of the log. */
    private Future<Void> write(List<LogRecord> records) {
        if (records.isEmpty()) {
            return Future.succeededFuture();
        }
        return vertx.<Void>executeBlocking(() -> {
            log.append(records);
            return null;
        }).onSuccess(v -> records.forEach(store::apply));
    }

    private static JsonObject describe(SchemaStore.Version v) {
        return new JsonObject().put("subject", v.subject()).put("version", v.version()).put("id", v.id())
                .put("schema", v.schema());
    }

    private static String schemaText(RoutingContext ctx) {
        JsonObject body = body(ctx);
        String type = body.getString("schemaType", "AVRO");
        if (!"AVRO".equalsIgnoreCase(type)) {
            throw RegistryError.invalidSchema("schemaType " + type + " is not supported; this registry holds AVRO only");
        }
        JsonArray references = body.getJsonArray("references");
        if (references != null && !references.isEmpty()) {
            throw RegistryError.invalidSchema("schema references are not supported");
        }
        Object schema = body.getValue("schema");
        if (!(schema instanceof String text)) {
            throw RegistryError.invalidSchema("the body must carry the schema as a JSON string in \"schema\"");
        }
        return text;
    }

    private static JsonObject body(RoutingContext ctx) {
        try {
            JsonObject body = ctx.body().asJsonObject();
            if (body == null) {
                throw RegistryError.badRequest("a JSON object body is required");
            }
            return body;
        } catch (DecodeException | ClassCastException e) {
            throw RegistryError.badRequest("the body is not a JSON object");
        }
    }

    private static String subject(RoutingContext ctx) {
        return ctx.pathParam("subject");
    }

    private static boolean flag(RoutingContext ctx, String name) {
        return Boolean.parseBoolean(ctx.request().getParam(name, "false"));
    }

    private static int intParam(RoutingContext ctx, String name) {
        try {
            return Integer.parseInt(ctx.pathParam(name));
        } catch (NumberFormatException e) {
            throw RegistryError.schemaNotFound();
        }
    }

    private static void ok(RoutingContext ctx, Object body) {
        ctx.response().putHeader("Content-Type", CONTENT_TYPE).end(body.toString());
    }

    private void failure(RoutingContext ctx) {
        Throwable failure = ctx.failure();
        if (failure instanceof RegistryError e) {
            error(ctx, e.status(), e.errorCode(), e.getMessage());
        } else if (failure == null) {
            error(ctx, ctx.statusCode(), ctx.statusCode(), "HTTP " + ctx.statusCode());
        } else {
            LOG.error("schema registry request {} {} failed", ctx.request().method(), ctx.request().path(), failure);
            error(ctx, 500, 50001, "Error in the backend data store: " + failure.getMessage());
        }
    }

    private static void error(RoutingContext ctx, int status, int code, String message) {
        if (ctx.response().ended()) {
            return;
        }
        ctx.response().setStatusCode(status).putHeader("Content-Type", CONTENT_TYPE)
                .end(new JsonObject().put("error_code", code).put("message", message).toString());
    }
}
