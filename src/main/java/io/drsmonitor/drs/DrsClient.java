package io.drsmonitor.drs;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.circuitbreaker.CircuitBreaker;
import io.vertx.circuitbreaker.CircuitBreakerOptions;
import io.vertx.circuitbreaker.CircuitBreakerState;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.io.IOException;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A typed, asynchronous client for DRS's three batch calls. Requests are checked against the
 * documented rules before anything is sent, split at the batch size and merged back in request
 * order. Each HTTP attempt passes through a per-endpoint circuit breaker; 429, 5xx, connect errors,
 * timeouts and unreadable bodies are retried with jittered exponential backoff (or
 * {@code Retry-After}) within a per-call deadline; other 4xx answers are final.
 */
public final class DrsClient implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(DrsClient.class);
    public static final String ATTEMPTS_METRIC = "drs.client.attempts";

    /** How an attempt ended, the {@code outcome} tag of {@link #ATTEMPTS_METRIC}. */
    public enum Outcome { SUCCESS, RETRY, GIVE_UP, CLIENT_ERROR, REJECTED }

    private final Vertx vertx;
    private final DrsClientConfig config;
    private final TokenProvider tokens;
    private final WebClient web;
    private final MeterRegistry metrics;
    private final RequestLimiter limiter;
    private final Map<DrsEndpoint, CircuitBreaker> breakers = new EnumMap<>(DrsEndpoint.class);

    public DrsClient(Vertx vertx, DrsClientConfig config, TokenProvider tokens, MeterRegistry metrics) {
        this.vertx = vertx;
        this.config = config;
        this.tokens = tokens;
        this.metrics = metrics;
        this.limiter = new RequestLimiter(config.maxConcurrentRequests());
        boolean tls = "https".equals(config.baseUrl().getScheme());
        this.web = WebClient.create(vertx, new WebClientOptions()
                .setDefaultHost(config.baseUrl().getHost())
                .setDefaultPort(config.baseUrl().getPort() > 0 ? config.baseUrl().getPort() : (tls ? 443 : 80))
                .setSsl(tls)
                .setConnectTimeout((int) Math.min(Integer.MAX_VALUE, config.requestTimeout().toMillis()))
                .setUserAgent("drs-monitor"));
        for (DrsEndpoint endpoint : DrsEndpoint.values()) {
            CircuitBreaker breaker = CircuitBreaker.create("drs-" + endpoint.pathSuffix(), vertx,
                    new CircuitBreakerOptions()
                            .setMaxFailures(config.circuitFailureThreshold())
                            .setResetTimeout(config.circuitResetTimeout().toMillis())
                            .setTimeout(-1)
                            .setNotificationAddress(null));
            breaker.failurePolicy(result -> result.failed() && result.cause() instanceof RetriableFailure);
            breaker.openHandler(v -> LOG.warn("DRS {} circuit opened: calls are refused for {}", endpoint.pathSuffix(),
                    config.circuitResetTimeout()));
            breaker.closeHandler(v -> LOG.info("DRS {} circuit closed", endpoint.pathSuffix()));
            breakers.put(endpoint, breaker);
        }
    }

    /** Starts pre-checks ({@code POST /v3/{project_id}/jobs/batch-precheck}). */
    public Future<List<JobAnswer<PostPreCheckResp>>> batchPrecheck(String projectId, List<String> jobIds, String precheckMode) {
        return checked(() -> {
            DrsRules.checkProject(projectId);
            DrsRules.checkJobs(jobIds);
            DrsRules.checkPrecheckMode(precheckMode);
        }).compose(v -> batched(DrsEndpoint.BATCH_PRECHECK, projectId, jobIds,
                chunk -> Map.of("jobs", chunk.stream().map(id -> new PreCheckInfo(id, precheckMode)).toList()),
                new TypeReference<BatchResponse<PostPreCheckResp>>() { }, PostPreCheckResp::missing));
    }

    /** Reads pre-check results ({@code POST /v3/{project_id}/jobs/batch-precheck-result}). */
    public Future<List<JobAnswer<QueryPreCheckResp>>> batchPrecheckResult(String projectId, List<String> jobIds) {
        return checked(() -> {
            DrsRules.checkProject(projectId);
            DrsRules.checkJobs(jobIds);
        }).compose(v -> batched(DrsEndpoint.BATCH_PRECHECK_RESULT, projectId, jobIds, chunk -> Map.of("jobs", chunk),
                new TypeReference<BatchResponse<QueryPreCheckResp>>() { }, QueryPreCheckResp::missing));
    }

    /** Reads DR initialization progress ({@code POST /v3/{project_id}/jobs/batch-struct-process}). */
    public Future<List<JobAnswer<StructProcessResp>>> batchStructProcess(String projectId, List<String> jobIds) {
        return checked(() -> {
            DrsRules.checkProject(projectId);
            DrsRules.checkJobs(jobIds);
        }).compose(v -> batched(DrsEndpoint.BATCH_STRUCT_PROCESS, projectId, jobIds, chunk -> Map.of("jobs", chunk),
                new TypeReference<BatchResponse<StructProcessResp>>() { }, StructProcessResp::missing));
    }

    public CircuitBreakerState circuitState(DrsEndpoint endpoint) {
        return breakers.get(endpoint).state();
    }

    private static Future<Void> checked(Runnable rules) {
        try {
            rules.run();
            return Future.succeededFuture();
        } catch (DrsRequestException e) {
            return Future.failedFuture(e);
        }
    }

    private <T extends JobScoped> Future<List<JobAnswer<T>>> batched(
            DrsEndpoint endpoint, String projectId, List<String> jobIds, Function<List<String>, Object> body,
            TypeReference<BatchResponse<T>> type, Function<String, T> missing) {
        List<Future<List<JobAnswer<T>>>> chunks = new ArrayList<>();
        for (int from = 0; from < jobIds.size(); from += config.batchSize()) {
            List<String> chunk = List.copyOf(jobIds.subList(from, Math.min(jobIds.size(), from + config.batchSize())));
            chunks.add(call(endpoint, projectId, body.apply(chunk), type).map(response -> align(chunk, response.results(), missing)));
        }
        return Future.all(chunks).map(all -> {
            List<JobAnswer<T>> merged = new ArrayList<>(jobIds.size());
            for (int i = 0; i < chunks.size(); i++) {
                merged.addAll(all.<List<JobAnswer<T>>>resultAt(i));
            }
            return merged;
        });
    }

    /**
     * Pairs each requested id with its result: by the id DRS puts in the result, else by position
     * (precheck-result answers carry only precheck_id), else a DRSMON.NO_RESULT error.
     */
    static <T extends JobScoped> List<JobAnswer<T>> align(List<String> requested, List<T> results, Function<String, T> missing) {
        Map<String, T> byKey = new HashMap<>();
        results.forEach(r -> {
            if (r != null && r.jobKey() != null) {
                byKey.putIfAbsent(r.jobKey(), r);
            }
        });
        Set<Integer> used = new HashSet<>();
        for (int i = 0; i < results.size(); i++) {
            T r = results.get(i);
            if (r != null && r.jobKey() != null && requested.contains(r.jobKey())) {
                used.add(i);
            }
        }
        List<JobAnswer<T>> answers = new ArrayList<>(requested.size());
        for (int i = 0; i < requested.size(); i++) {
            String id = requested.get(i);
            T result = byKey.get(id);
            if (result == null && i < results.size() && !used.contains(i) && results.size() == requested.size()) {
                result = results.get(i);
            }
            answers.add(new JobAnswer<>(id, result != null ? result : missing.apply(id)));
        }
        return answers;
    }

    private <T> Future<BatchResponse<T>> call(DrsEndpoint endpoint, String projectId, Object body,
                                             TypeReference<BatchResponse<T>> type) {
        Buffer payload;
        try {
            payload = Buffer.buffer(DrsJson.MAPPER.writeValueAsBytes(body));
        } catch (IOException e) {
            return Future.failedFuture(e);
        }
        long deadline = System.nanoTime() + config.callDeadline().toNanos();
        return attempt(endpoint, endpoint.path(projectId), payload, type, 1, deadline, false, 0);
    }

    private <T> Future<BatchResponse<T>> attempt(DrsEndpoint endpoint, String path, Buffer payload,
                                                TypeReference<BatchResponse<T>> type, int attempt, long deadline,
                                                boolean tokenRefreshed, int lastStatus) {
        CircuitBreaker breaker = breakers.get(endpoint);
        // An open breaker refuses without calling: the OpenCircuitException branch below reports it.
        Future<BatchResponse<T>> sent = breaker.execute(() -> limiter.submit(() -> send(endpoint, path, payload, type, deadline)));
        return sent.onSuccess(r -> count(endpoint, Outcome.SUCCESS)).recover(failure -> {
            if (failure instanceof io.vertx.circuitbreaker.OpenCircuitException) {
                count(endpoint, Outcome.REJECTED);
                return Future.failedFuture(new DrsApiException(DrsApiException.Kind.CIRCUIT_OPEN, endpoint.pathSuffix(),
                        0, null, "circuit breaker open", attempt - 1, null));
            }
            if (failure instanceof UnauthorizedFailure unauthorized && !tokenRefreshed) {
                // A token can expire between our check and DRS's: get a fresh one once.
                tokens.invalidate(unauthorized.token);
                count(endpoint, Outcome.RETRY);
                return attempt(endpoint, path, payload, type, attempt + 1, deadline, true, 401);
            }
            if (failure instanceof RetriableFailure retriable) {
                // An attempt cut short by the deadline got no answer; report what DRS last said.
                int status = retriable.status > 0 ? retriable.status : lastStatus;
                long delay = retriable.retryAfterMillis >= 0 ? retriable.retryAfterMillis : backoff(attempt);
                boolean pastDeadline = System.nanoTime() + Duration.ofMillis(delay).toNanos() >= deadline;
                if (attempt > config.maxRetries() || pastDeadline) {
                    count(endpoint, Outcome.GIVE_UP);
                    return Future.failedFuture(new DrsApiException(DrsApiException.Kind.GAVE_UP, endpoint.pathSuffix(),
                            status, retriable.errorCode, retriable.getMessage(), attempt, null));
                }
                count(endpoint, Outcome.RETRY);
                LOG.debug("DRS {} attempt {} failed ({}); retrying in {} ms", endpoint.pathSuffix(), attempt,
                        retriable.getMessage(), delay);
                Promise<Void> wait = Promise.promise();
                vertx.setTimer(Math.max(1, delay), id -> wait.complete());
                return wait.future().compose(v -> attempt(endpoint, path, payload, type, attempt + 1, deadline, tokenRefreshed, status));
            }
            if (failure instanceof UnauthorizedFailure unauthorized) {
                count(endpoint, Outcome.CLIENT_ERROR);
                return Future.failedFuture(new DrsApiException(DrsApiException.Kind.HTTP_ERROR, endpoint.pathSuffix(),
                        401, unauthorized.errorCode, unauthorized.errorMsg, attempt, null));
            }
            if (failure instanceof DrsApiException api) {
                count(endpoint, Outcome.CLIENT_ERROR);
                return Future.failedFuture(api);
            }
            count(endpoint, Outcome.GIVE_UP);
            return Future.failedFuture(failure);
        });
    }

    private <T> Future<BatchResponse<T>> send(DrsEndpoint endpoint, String path, Buffer payload,
                                             TypeReference<BatchResponse<T>> type, long deadline) {
        long remainingMillis = Math.max(1, Duration.ofNanos(deadline - System.nanoTime()).toMillis());
        long timeout = Math.min(config.requestTimeout().toMillis(), remainingMillis);
        return tokens.token().compose(token -> withinMillis(timeout, web.post(basePath() + path)
                        .putHeader("Content-Type", "application/json")
                        .putHeader("X-Auth-Token", token)
                        .putHeader("X-Language", config.language())
                        .timeout(timeout)
                        .sendBuffer(payload))
                        .recover(e -> Future.failedFuture(new RetriableFailure(0, -1, null,
                                "no answer: " + e.getClass().getSimpleName() + (e.getMessage() == null ? "" : " " + e.getMessage()))))
                        .compose(response -> interpret(endpoint, response, type, token)));
    }

    /**
     * Fails {@code request} once {@code millis} pass, also while a body is still trickling in: the
     * Web Client's own timeout stops counting once the response has begun.
     */
    private <T> Future<T> withinMillis(long millis, Future<T> request) {
        Promise<T> bounded = Promise.promise();
        long timer = vertx.setTimer(millis, id -> bounded.tryFail(new java.util.concurrent.TimeoutException(
                "no complete answer within " + millis + " ms")));
        request.onComplete(result -> {
            vertx.cancelTimer(timer);
            if (result.succeeded()) {
                bounded.tryComplete(result.result());
            } else {
                bounded.tryFail(result.cause());
            }
        });
        return bounded.future();
    }

    private <T> Future<BatchResponse<T>> interpret(DrsEndpoint endpoint, HttpResponse<Buffer> response,
                                                  TypeReference<BatchResponse<T>> type, String token) {
        int status = response.statusCode();
        JsonNode body = readTree(response.body());
        if (status / 100 == 2) {
            if (body == null || !body.isObject()) {
                return Future.failedFuture(new RetriableFailure(status, -1, null, "unreadable response body"));
            }
            return parse(body, type, status);
        }
        String errorCode = body == null ? null : text(body, "error_code");
        String errorMsg = body == null ? null : (text(body, "error_msg") != null ? text(body, "error_msg") : text(body, "error_message"));
        if (status == 429 || status >= 500) {
            return Future.failedFuture(new RetriableFailure(status, retryAfterMillis(response.getHeader("Retry-After")),
                    errorCode, "HTTP " + status + (errorCode != null ? " " + errorCode : "")));
        }
        if (status == 400 && body != null && body.path("results").isArray()) {
            // DRS reports unknown and deleted jobs as 400 with the codes inside results[i].
            return parse(body, type, status);
        }
        if (status == 401) {
            return Future.failedFuture(new UnauthorizedFailure(token, errorCode, errorMsg));
        }
        return Future.failedFuture(new DrsApiException(DrsApiException.Kind.HTTP_ERROR, endpoint.pathSuffix(), status,
                errorCode, errorMsg, 1, null));
    }

    private <T> Future<BatchResponse<T>> parse(JsonNode body, TypeReference<BatchResponse<T>> type, int status) {
        try {
            BatchResponse<T> parsed = DrsJson.MAPPER.convertValue(body, type);
            return Future.succeededFuture(parsed);
        } catch (IllegalArgumentException e) {
            return Future.failedFuture(new RetriableFailure(status, -1, null, "response does not match the DRS reference: "
                    + e.getMessage()));
        }
    }

    private void count(DrsEndpoint endpoint, Outcome outcome) {
        metrics.counter(ATTEMPTS_METRIC, "endpoint", endpoint.pathSuffix(), "outcome", outcome.name().toLowerCase()).increment();
    }

    private String basePath() {
        String path = config.baseUrl().getPath();
        return path == null ? "" : path.replaceAll("/+$", "");
    }

    private long backoff(int attempt) {
        long cap = Math.min(config.backoffMax().toMillis(), config.backoffBase().toMillis() << Math.min(attempt - 1, 20));
        return ThreadLocalRandom.current().nextLong(cap / 2, cap + 1);
    }

    /** Retry-After as seconds or an HTTP date; -1 when absent or unreadable. */
    static long retryAfterMillis(String header) {
        if (header == null || header.isBlank()) {
            return -1;
        }
        try {
            return Math.max(0, Long.parseLong(header.trim()) * 1000);
        } catch (NumberFormatException e) {
            try {
                ZonedDateTime at = ZonedDateTime.parse(header.trim(), DateTimeFormatter.RFC_1123_DATE_TIME);
                return Math.max(0, at.toInstant().toEpochMilli() - System.currentTimeMillis());
            } catch (RuntimeException unreadable) {
                return -1;
            }
        }
    }

    private static JsonNode readTree(Buffer body) {
        if (body == null || body.length() == 0) {
            return null;
        }
        try {
            return DrsJson.MAPPER.readTree(body.getBytes());
        } catch (IOException e) {
            return null;
        }
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }

    @Override
    public void close() {
        breakers.values().forEach(CircuitBreaker::close);
        web.close();
    }

    /** A failure worth retrying; counts against the circuit breaker. */
    private static final class RetriableFailure extends RuntimeException {
        final int status;
        final long retryAfterMillis;
        final String errorCode;

        RetriableFailure(int status, long retryAfterMillis, String errorCode, String message) {
            super(message, null, false, false);
            this.status = status;
            this.retryAfterMillis = retryAfterMillis;
            this.errorCode = errorCode;
        }
    }

    /** DRS refused the token; carries it so the provider can drop exactly that one. */
    private static final class UnauthorizedFailure extends RuntimeException {
        final transient String token;
        final String errorCode;
        final String errorMsg;

        UnauthorizedFailure(String token, String errorCode, String errorMsg) {
            super("HTTP 401", null, false, false);
            this.token = token;
            this.errorCode = errorCode;
            this.errorMsg = errorMsg;
        }
    }
}
