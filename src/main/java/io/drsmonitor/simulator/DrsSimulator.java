package io.drsmonitor.simulator;

import io.drsmonitor.drs.DrsErrors;
import io.drsmonitor.drs.DrsRules;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import java.util.function.Consumer;

/**
 * A DRS stand-in on Vert.x Web: the three batch calls of pre-checks and DR initialization, the job
 * list and batch status ({@link JobListCalls}), with DRS's paths, headers, bodies and errors, an IAM
 * token endpoint, and an admin API under {@code /_sim} for jobs, faults and call counts.
 *
 * <p>Over 300 lines: it is one HTTP server whose routes share the gateway checks, the fault injection
 * and the call counts; the job list's and status' answers are {@link JobListCalls}'.
 */
public final class DrsSimulator {
    private static final Logger LOG = LoggerFactory.getLogger(DrsSimulator.class);
    public static final String PRECHECK = "batch-precheck";
    public static final String PRECHECK_RESULT = "batch-precheck-result";
    public static final String STRUCT_PROCESS = "batch-struct-process";
    /** ShowJobList, at {@code /v3/{project_id}/jobs} itself. */
    public static final String LIST_JOBS = "jobs";
    public static final String BATCH_STATUS = "batch-status";
    public static final String IAM = "iam";
    private static final Set<String> ENDPOINTS = Set.of(PRECHECK, PRECHECK_RESULT, STRUCT_PROCESS, LIST_JOBS, BATCH_STATUS, IAM);

    /**
     * How the simulator runs. {@code token} may be null: then only IAM-issued tokens (and AK/SK, when
     * {@code akSk} is set) are accepted. {@code akSk} null: AK/SK signatures are not accepted.
     */
    public record Settings(String host, int port, String token, long seed, Duration iamTokenTtl, Clock clock,
                           ApigSignatureCheck.Credentials akSk) {
        public static Settings local(int port, String token, long seed) {
            return new Settings("127.0.0.1", port, token, seed, Duration.ofHours(24), Clock.systemUTC(), null);
        }

        /** These settings, also accepting requests signed with {@code credentials}. */
        public Settings withAkSk(ApigSignatureCheck.Credentials credentials) {
            return new Settings(host, port, token, seed, iamTokenTtl, clock, credentials);
        }

        @Override
        public String toString() {
            return "Settings[" + host + ":" + port + ", token=" + (token == null ? "none" : "****") + ", seed=" + seed
                    + ", akSk=" + akSk + "]";
        }
    }

    private final Vertx vertx;
    private final Settings settings;
    private final SimulatedDrs drs;
    private final JobListCalls jobLists;
    private final SimulatorStats stats = new SimulatorStats();
    private final Map<String, Fault> faults = new ConcurrentHashMap<>();
    private final Map<String, Instant> issuedTokens = new ConcurrentHashMap<>();
    private final Random faultRandom;
    private final ApigSignatureCheck signatures;
    private HttpServer server;

    private DrsSimulator(Vertx vertx, Settings settings) {
        this.vertx = vertx;
        this.settings = settings;
        this.drs = new SimulatedDrs(settings.clock(), settings.seed());
        this.jobLists = new JobListCalls(drs);
        this.faultRandom = new Random(settings.seed());
        this.signatures = settings.akSk() == null ? null : new ApigSignatureCheck(settings.akSk());
    }

    public static Future<DrsSimulator> start(Vertx vertx, Settings settings, Scenario scenario) {
        DrsSimulator simulator = new DrsSimulator(vertx, settings);
        scenario.jobs().forEach(simulator.drs::add);
        return vertx.createHttpServer().requestHandler(simulator.router()).listen(settings.port(), settings.host())
                .map(server -> {
                    simulator.server = server;
                    LOG.info("DRS simulator (SIMULATED DRS, not Huawei Cloud) on http://{}:{} with {} jobs, seed {}",
                            settings.host(), server.actualPort(), scenario.jobs().size(), settings.seed());
                    return simulator;
                });
    }

    public int port() {
        return server.actualPort();
    }

    public String baseUrl() {
        return "http://" + settings.host() + ":" + port();
    }

    public SimulatorStats stats() {
        return stats;
    }

    public void addJob(JobSpec job) {
        drs.add(job);
    }

    public void deleteJob(String jobId) {
        drs.delete(jobId);
    }

    /** True once a pre-check of the job has been started. */
    public boolean precheckStarted(String jobId) {
        return drs.precheckStarted(jobId);
    }

    /** How many times DRS started a pre-check of the job: the side effect, counted where it happens. */
    public int precheckStarts(String jobId) {
        return drs.precheckStarts(jobId);
    }

    /** Moves a job to another DRS status (INCRE_TRANSFER_STARTED when its owner starts it); false if unknown. */
    public boolean setJobStatus(String jobId, String status) {
        return drs.setStatus(jobId, status);
    }

    /** Sets the fault of {@code endpoint} (one of the three call names, "iam", or "*" for all). */
    public void setFault(String endpoint, Fault fault) {
        faults.put(endpoint, fault);
    }

    public void clearFaults() {
        faults.clear();
    }

    public Future<Void> stop() {
        return server == null ? Future.succeededFuture() : server.close();
    }

    private Router router() {
        Router router = Router.router(vertx);
        router.route().handler(BodyHandler.create(false).setBodyLimit(1024 * 1024));
        router.post("/v3/auth/tokens").handler(ctx -> withFaults(ctx, IAM, this::issueToken));
        // Each call also under a region's path prefix (/eu-west-101/v3/...): one simulator, many regions.
        for (String prefix : List.of("", "/:region")) {
            router.post(prefix + "/v3/:projectId/jobs/" + PRECHECK).handler(ctx -> withFaults(ctx, PRECHECK, this::precheck));
            router.post(prefix + "/v3/:projectId/jobs/" + PRECHECK_RESULT).handler(ctx -> withFaults(ctx, PRECHECK_RESULT,
                    c -> queryById(c, PRECHECK_RESULT, drs::precheckResult)));
            router.post(prefix + "/v3/:projectId/jobs/" + STRUCT_PROCESS).handler(ctx -> withFaults(ctx, STRUCT_PROCESS,
                    c -> queryById(c, STRUCT_PROCESS, drs::structProcess)));
            router.post(prefix + "/v3/:projectId/jobs").handler(ctx -> withFaults(ctx, LIST_JOBS, this::listJobs));
            router.post(prefix + "/v3/:projectId/jobs/" + BATCH_STATUS).handler(ctx -> withFaults(ctx, BATCH_STATUS, this::batchStatus));
        }
        router.get("/_sim/stats").handler(ctx -> json(ctx.response(), 200, stats.toJson()));
        router.post("/_sim/stats/reset").handler(ctx -> {
            stats.reset();
            ctx.response().setStatusCode(204).end();
        });
        router.put("/_sim/faults/:endpoint").handler(this::putFault);
        router.delete("/_sim/faults").handler(ctx -> {
            clearFaults();
            ctx.response().setStatusCode(204).end();
        });
        router.get("/_sim/jobs").handler(ctx -> json(ctx.response(), 200,
                new JsonArray(drs.jobs(Optional.ofNullable(ctx.request().getParam("projectId"))).stream()
                        .map(JsonObject::mapFrom).toList())));
        router.post("/_sim/jobs").handler(this::postJobs);
        router.put("/_sim/jobs/:jobId/status").handler(ctx -> {
            String status = ctx.body().asJsonObject() == null ? null : ctx.body().asJsonObject().getString("status");
            if (status == null || !status.matches("[A-Z_]{1,64}")) {
                json(ctx.response(), 400, new JsonObject().put("error", "body must be {\"status\": \"INCRE_TRANSFER_STARTED\"}"));
            } else if (drs.setStatus(ctx.pathParam("jobId"), status)) {
                ctx.response().setStatusCode(204).end();
            } else {
                json(ctx.response(), 404, new JsonObject().put("error", "unknown job"));
            }
        });
        router.delete("/_sim/jobs/:jobId").handler(ctx -> {
            drs.delete(ctx.pathParam("jobId"));
            ctx.response().setStatusCode(204).end();
        });
        router.route().last().handler(ctx -> drsError(ctx.response(), 404, "DRS.M00404", "The requested resource does not exist."));
        router.route().failureHandler(ctx -> {
            if (ctx.failure() != null) {
                LOG.error("simulator failed on {} {}", ctx.request().method(), ctx.request().path(), ctx.failure());
            }
            if (!ctx.response().ended()) {
                int status = ctx.statusCode() > 0 && ctx.failure() == null ? ctx.statusCode() : 500;
                drsError(ctx.response(), status, status == 413 ? DrsErrors.PARAMETER_INVALID : "DRS.M00500",
                        status == 413 ? "The value of body is invalid: too large." : "Internal error.");
            }
        });
        return router;
    }

    // ---- the three calls

    private void precheck(RoutingContext ctx) {
        JsonArray jobs = authorizedJobs(ctx);
        if (jobs == null) {
            return;
        }
        Set<String> seen = new HashSet<>();
        for (Object entry : jobs) {
            if (!(entry instanceof JsonObject info) || !(info.getValue("job_id") instanceof String id)) {
                drsError(ctx.response(), 400, DrsErrors.PARAMETER_EMPTY, "The job_id parameter is empty.");
                return;
            }
            if (!validId(ctx, id, seen)) {
                return;
            }
            if (!DrsRules.PRECHECK_MODES.contains(info.getValue("precheck_mode"))) {
                drsError(ctx.response(), 400, DrsErrors.PARAMETER_INVALID, "The value of precheck_mode is invalid.");
                return;
            }
        }
        String projectId = ctx.pathParam("projectId");
        String region = ctx.pathParam("region");
        stats.record(PRECHECK, region, projectId, jobs.size());
        JsonArray results = new JsonArray();
        jobs.forEach(entry -> results.add(drs.startPrecheck(region, projectId, ((JsonObject) entry).getString("job_id"),
                ((JsonObject) entry).getString("precheck_mode"))));
        answer(ctx, results);
    }

    private void listJobs(RoutingContext ctx) {
        JsonObject query = authorizedBody(ctx);
        if (query == null) {
            return;
        }
        String projectId = ctx.pathParam("projectId");
        JobListCalls.Answer answer = jobLists.list(ctx.pathParam("region"), projectId, query);
        if (answer.status() == 200) {
            stats.record(LIST_JOBS, ctx.pathParam("region"), projectId, answer.body().getJsonArray("jobs").size());
        }
        respond(ctx, answer.status(), answer.body());
    }

    /** The SDK sends {@code page_req}; the reference's example spells it {@code pageReq}: both are read. */
    private void batchStatus(RoutingContext ctx) {
        JsonArray jobs = authorizedJobIds(ctx);
        if (jobs == null) {
            return;
        }
        JsonObject body = ctx.body().asJsonObject();
        Object pageReq = body.containsKey("page_req") ? body.getValue("page_req") : body.getValue("pageReq");
        if (pageReq != null && !(pageReq instanceof JsonObject)) {
            drsError(ctx.response(), 400, DrsErrors.PARAMETER_INVALID, "The value of page_req is invalid.");
            return;
        }
        String projectId = ctx.pathParam("projectId");
        stats.record(BATCH_STATUS, ctx.pathParam("region"), projectId, jobs.size());
        JobListCalls.Answer answer = jobLists.status(ctx.pathParam("region"), projectId,
                jobs.stream().map(String.class::cast).toList(), (JsonObject) pageReq);
        respond(ctx, answer.status(), answer.body());
    }

    /** Answers a read for each job: {@code perJob} takes the region (null without a prefix), project and job. */
    private void queryById(RoutingContext ctx, String endpoint, PerJob perJob) {
        JsonArray jobs = authorizedJobIds(ctx);
        if (jobs == null) {
            return;
        }
        String projectId = ctx.pathParam("projectId");
        String region = ctx.pathParam("region");
        stats.record(endpoint, region, projectId, jobs.size());
        JsonArray results = new JsonArray();
        jobs.forEach(id -> results.add(perJob.answer(region, projectId, (String) id)));
        answer(ctx, results);
    }

    /** 200 when any job was answered; 400 when every job is an error, as DRS does for unknown jobs. */
    private void answer(RoutingContext ctx, JsonArray results) {
        boolean allFailed = results.stream().allMatch(r -> ((JsonObject) r).getString("error_code") != null);
        JsonObject body = new JsonObject().put("results", results).put("count", results.size());
        respond(ctx, allFailed ? 400 : 200, body);
    }

    /** The request's job list once the token, headers and body pass; null after answering an error. */
    private JsonArray authorizedJobs(RoutingContext ctx) {
        JsonObject body = authorizedBody(ctx);
        if (body == null) {
            return null;
        }
        Object jobs = body.getValue("jobs");
        if (jobs == null || jobs instanceof JsonArray array && array.isEmpty()) {
            drsError(ctx.response(), 400, DrsErrors.PARAMETER_EMPTY, "The jobs parameter is empty.");
            return null;
        }
        if (!(jobs instanceof JsonArray array)) {
            drsError(ctx.response(), 400, DrsErrors.PARAMETER_INVALID, "The value of jobs is invalid.");
            return null;
        }
        return array;
    }

    /** The request's JSON body once the token and headers pass; null after answering an error. */
    private JsonObject authorizedBody(RoutingContext ctx) {
        if (!authorized(ctx)) {
            return null;
        }
        String contentType = ctx.request().getHeader("Content-Type");
        if (contentType == null || !contentType.toLowerCase(Locale.ROOT).startsWith("application/json")) {
            drsError(ctx.response(), 400, DrsErrors.PARAMETER_INVALID, "The value of Content-Type is invalid.");
            return null;
        }
        String language = ctx.request().getHeader("X-Language");
        if (language != null && !DrsRules.LANGUAGES.contains(language)) {
            drsError(ctx.response(), 400, DrsErrors.PARAMETER_INVALID, "The value of X-Language is invalid.");
            return null;
        }
        String region = ctx.pathParam("region");
        if (region != null && !DrsRules.isRegion(region)) {
            drsError(ctx.response(), 404, "DRS.M00404", "The requested resource does not exist.");
            return null;
        }
        if (!DrsRules.isProjectId(ctx.pathParam("projectId"))) {
            drsError(ctx.response(), 400, DrsErrors.PARAMETER_INVALID, "The value of project_id is invalid.");
            return null;
        }
        JsonObject body;
        try {
            body = ctx.body().asJsonObject();
        } catch (DecodeException | ClassCastException e) {
            body = null;
        }
        if (body == null) {
            drsError(ctx.response(), 400, DrsErrors.PARAMETER_INVALID, "The value of body is invalid.");
            return null;
        }
        return body;
    }

    /** The request's {@code jobs}, a list of distinct valid job ids; null when the request was answered (refused). */
    private JsonArray authorizedJobIds(RoutingContext ctx) {
        JsonArray jobs = authorizedJobs(ctx);
        if (jobs == null) {
            return null;
        }
        Set<String> seen = new HashSet<>();
        for (Object entry : jobs) {
            if (!(entry instanceof String id)) {
                drsError(ctx.response(), 400, DrsErrors.PARAMETER_INVALID, "The value of jobs is invalid.");
                return null;
            }
            if (!validId(ctx, id, seen)) {
                return null;
            }
        }
        return jobs;
    }

    private static boolean validId(RoutingContext ctx, String id, Set<String> seen) {
        if (!DrsRules.isJobId(id)) {
            drsError(ctx.response(), 400, DrsErrors.PARAMETER_INVALID, "The value of job_id is invalid.");
            return false;
        }
        if (!seen.add(id)) {
            drsError(ctx.response(), 400, DrsErrors.PARAMETER_INVALID, "The value of jobs is invalid: duplicate task ID.");
            return false;
        }
        return true;
    }

    // ---- authentication

    /**
     * AK/SK signatures (when enabled) or tokens, as the API gateway in front of DRS checks them; a
     * refusal is a 401 with the gateway's error body.
     */
    private boolean authorized(RoutingContext ctx) {
        String token = ctx.request().getHeader("X-Auth-Token");
        if (ctx.request().getHeader("Authorization") != null || (token == null || token.isBlank()) && signatures != null) {
            Optional<String> problem = signatures == null ? Optional.of("AK/SK authentication is not enabled")
                    : signatures.problem(new ApigSignatureCheck.Received(ctx.request().method().name(), ctx.request().path(),
                    ctx.request().query(), ctx.request()::getHeader, ctx.body().buffer() == null ? new byte[0] : ctx.body().buffer().getBytes()),
                    settings.clock().instant());
            problem.ifPresent(why -> gatewayError(ctx.response(), "Incorrect IAM authentication information: " + why));
            return problem.isEmpty();
        }
        if (token == null || token.isBlank()) {
            gatewayError(ctx.response(), "Incorrect IAM authentication information: x-auth-token not found");
            return false;
        }
        Instant expiry = issuedTokens.get(token);
        boolean valid = token.equals(settings.token()) || expiry != null && settings.clock().instant().isBefore(expiry);
        if (!valid) {
            gatewayError(ctx.response(), "Incorrect IAM authentication information: the token is invalid or expired");
        }
        return valid;
    }

    private void issueToken(RoutingContext ctx) {
        JsonObject user;
        try {
            user = ctx.body().asJsonObject().getJsonObject("auth").getJsonObject("identity")
                    .getJsonObject("password").getJsonObject("user");
        } catch (RuntimeException e) {
            user = null;
        }
        if (user == null || user.getString("name") == null || user.getString("password") == null) {
            json(ctx.response(), 400, new JsonObject().put("error", new JsonObject().put("code", 400)
                    .put("message", "The request you have made requires authentication.")));
            return;
        }
        String token = "MIIsim" + UUID.randomUUID().toString().replace("-", "");
        Instant expires = settings.clock().instant().plus(settings.iamTokenTtl());
        issuedTokens.put(token, expires);
        stats.record(IAM, null, "-", 0);
        ctx.response().putHeader("X-Subject-Token", token);
        json(ctx.response(), 201, new JsonObject().put("token", new JsonObject()
                .put("expires_at", expires.toString()).put("issued_at", settings.clock().instant().toString())
                .put("user", new JsonObject().put("name", user.getString("name")))));
    }

    // ---- faults

    private void withFaults(RoutingContext ctx, String endpoint, Consumer<RoutingContext> handler) {
        stats.arrival(endpoint);
        Fault fault = activeFault(endpoint);
        long latency = fault == null ? 0 : fault.latencyMs();
        Runnable answer = () -> {
            if (fault != null && fault.altersAnswer() && consume(endpoint, fault)) {
                inject(ctx, fault, () -> handler.accept(ctx));
            } else {
                handler.accept(ctx);
            }
        };
        if (latency > 0) {
            vertx.setTimer(latency, id -> answer.run());
        } else {
            answer.run();
        }
    }

    private Fault activeFault(String endpoint) {
        Fault fault = faults.get(endpoint);
        return fault != null ? fault : faults.get("*");
    }

    /** Decides whether this request is affected and counts it against {@code remaining}. */
    private synchronized boolean consume(String endpoint, Fault fault) {
        if (fault.remaining() == 0 || faultRandom.nextDouble() >= fault.probability()) {
            return false;
        }
        String key = faults.containsKey(endpoint) ? endpoint : "*";
        faults.put(key, fault.consumedOnce());
        return true;
    }

    private void inject(RoutingContext ctx, Fault fault, Runnable normal) {
        HttpServerResponse response = ctx.response();
        if (fault.drop()) {
            ctx.request().connection().close();
        } else if (fault.status() > 0) {
            if (fault.retryAfterSeconds() >= 0) {
                response.putHeader("Retry-After", String.valueOf(fault.retryAfterSeconds()));
            }
            drsError(response, fault.status(), fault.status() == 429 ? "DRS.M00429" : "DRS.M00500",
                    fault.status() == 429 ? "Too many requests." : "Internal error.");
        } else if (fault.malformed()) {
            response.setStatusCode(200).putHeader("Content-Type", "application/json").end("{\"results\": [ {\"id\": ");
        } else if (fault.slowBodyMs() > 0) {
            ctx.put("slowBodyMs", fault.slowBodyMs());
            normal.run();
        }
    }

    private void putFault(RoutingContext ctx) {
        String endpoint = ctx.pathParam("endpoint");
        if (!ENDPOINTS.contains(endpoint) && !"*".equals(endpoint)) {
            json(ctx.response(), 400, new JsonObject().put("error", "endpoint must be one of " + ENDPOINTS + " or *"));
            return;
        }
        try {
            setFault(endpoint, ctx.body().asJsonObject().mapTo(Fault.class));
            ctx.response().setStatusCode(204).end();
        } catch (RuntimeException e) {
            json(ctx.response(), 400, new JsonObject().put("error", "body must be a fault: " + e.getMessage()));
        }
    }

    private void postJobs(RoutingContext ctx) {
        try {
            JsonArray specs = ctx.body().asJsonArray();
            List<JobSpec> jobs = specs.stream().map(o -> ((JsonObject) o).mapTo(JobSpec.class)).toList();
            for (JobSpec job : jobs) {
                if (!DrsRules.isJobId(job.jobId()) || !DrsRules.isProjectId(job.projectId())) {
                    throw new IllegalArgumentException("bad job or project id: " + job.jobId());
                }
            }
            jobs.forEach(drs::add);
            json(ctx.response(), 201, new JsonObject().put("added", jobs.size()));
        } catch (RuntimeException e) {
            json(ctx.response(), 400, new JsonObject().put("error", "body must be a JSON array of jobs: " + e.getMessage()));
        }
    }

    // ---- responses

    private void respond(RoutingContext ctx, int status, JsonObject body) {
        Long slow = ctx.get("slowBodyMs");
        if (slow == null) {
            json(ctx.response(), status, body);
            return;
        }
        Buffer bytes = body.toBuffer();
        HttpServerResponse response = ctx.response().setStatusCode(status).putHeader("Content-Type", "application/json")
                .putHeader("Content-Length", String.valueOf(bytes.length()));
        int half = bytes.length() / 2;
        response.write(bytes.getBuffer(0, half));
        vertx.setTimer(slow, id -> response.end(bytes.getBuffer(half, bytes.length())));
    }

    private static void json(HttpServerResponse response, int status, Object body) {
        response.setStatusCode(status).putHeader("Content-Type", "application/json").end(body.toString());
    }

    /** The API gateway's refusal: 401 with {@code error_code}, {@code error_msg} and {@code request_id}. */
    private void gatewayError(HttpServerResponse response, String message) {
        stats.refused();
        json(response, 401, new JsonObject().put("error_code", "APIGW.0301").put("error_msg", message)
                .put("request_id", UUID.randomUUID().toString().replace("-", "")));
    }

    /** Answers one job of a read call. */
    @FunctionalInterface
    private interface PerJob {
        JsonObject answer(String region, String projectId, String jobId);
    }

    private static void drsError(HttpServerResponse response, int status, String code, String message) {
        json(response, status, new JsonObject().put("error_code", code).put("error_msg", message));
    }
}
