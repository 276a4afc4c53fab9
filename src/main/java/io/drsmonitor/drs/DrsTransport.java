package io.drsmonitor.drs;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.circuitbreaker.CircuitBreaker;
import io.vertx.circuitbreaker.CircuitBreakerOptions;
import io.vertx.circuitbreaker.CircuitBreakerState;
import io.vertx.circuitbreaker.OpenCircuitException;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import java.net.ConnectException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

/**
 * One HTTP exchange with one DRS endpoint, done properly: authenticated afresh for every attempt,
 * through a per-call-type circuit breaker and a concurrency limit; 429, 5xx, connect errors,
 * timeouts and unreadable bodies retried with jittered exponential backoff (or {@code Retry-After})
 * within a per-call deadline; other 4xx answers final. batch-precheck starts pre-checks, so it is
 * retried only when DRS cannot have acted on it (429, connection refused); any other failure after
 * sending ends it as {@link DrsApiException.Kind#OUTCOME_UNKNOWN}. A 401 that renewed credentials cannot cure
 * closes an authentication gate: calls are refused locally for {@link DrsClientConfig#authRetryInterval()}.
 *
 * <p>Over 300 lines: retries, deadlines, the breaker and the auth gate decide together what one attempt
 * may do next, so they stay in one class; signing and limits are classes of their own.
 */
final class DrsTransport implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(DrsTransport.class);

    private final Vertx vertx;
    private final DrsClientConfig config;
    private final DrsCredentials credentials;
    private final WebClient web;
    private final MeterRegistry metrics;
    private final String region;
    private final RequestLimiter limiter;
    private final Map<DrsEndpoint, CircuitBreaker> breakers = new EnumMap<>(DrsEndpoint.class);
    private final Map<DrsEndpoint, Timer> latency = new EnumMap<>(DrsEndpoint.class);
    private final Map<DrsEndpoint, AtomicLong> lastSuccess =
            new ConcurrentHashMap<>();
    private final AuthGate authGate;

    DrsTransport(Vertx vertx, DrsClientConfig config, DrsCredentials credentials, MeterRegistry metrics, String region) {
        this.vertx = vertx;
        this.config = config;
        this.credentials = credentials;
        this.metrics = metrics;
        this.region = region;
        this.limiter = new RequestLimiter(config.maxConcurrentRequests());
        this.authGate = new AuthGate(config.authRetryInterval(), region);
        boolean tls = "https".equals(config.baseUrl().getScheme());
        this.web = WebClient.create(vertx, new WebClientOptions()
                .setDefaultHost(config.baseUrl().getHost())
                .setDefaultPort(port(config.baseUrl()))
                .setSsl(tls)
                .setConnectTimeout((int) Math.min(Integer.MAX_VALUE, config.requestTimeout().toMillis()))
                .setUserAgent("drs-monitor"));
        for (DrsEndpoint endpoint : DrsEndpoint.values()) {
            CircuitBreaker breaker = CircuitBreaker.create("drs-" + region + "-" + endpoint.pathSuffix(), vertx,
                    new CircuitBreakerOptions()
                            .setMaxFailures(config.circuitFailureThreshold())
                            .setResetTimeout(config.circuitResetTimeout().toMillis())
                            .setTimeout(-1)
                            .setNotificationAddress(null));
            breaker.failurePolicy(result -> result.failed() && result.cause() instanceof RetriableFailure);
            breaker.openHandler(v -> LOG.warn("DRS {} circuit ({}) opened: calls are refused for {}", endpoint.pathSuffix(),
                    region, config.circuitResetTimeout()));
            breaker.closeHandler(v -> LOG.info("DRS {} circuit ({}) closed", endpoint.pathSuffix(), region));
            breakers.put(endpoint, breaker);
            Gauge.builder("drs.client.circuit.open", breaker,
                            b -> b.state() == CircuitBreakerState.CLOSED ? 0 : 1)
                    .description("1 while the DRS circuit breaker of an endpoint is open or half-open, else 0")
                    .tags("endpoint", endpoint.pathSuffix(), "region", region).register(metrics);
            latency.put(endpoint, Timer.builder("drs.client.request.duration")
                    .description("DRS HTTP request time, one attempt, whatever its answer")
                    .serviceLevelObjectives(Stream.of(50, 100, 250, 500, 1000, 2500, 5000, 10000, 30000)
                            .map(Duration::ofMillis).toArray(Duration[]::new))
                    .tags("endpoint", endpoint.pathSuffix(), "region", region).register(metrics));
        }
    }

    /** The first success of an endpoint registers its age gauge: no sample exists before there is an age to report. */
    private void succeeded(DrsEndpoint endpoint) {
        AtomicLong last = lastSuccess.computeIfAbsent(endpoint, e -> {
            AtomicLong at = new AtomicLong();
            Gauge.builder("drs.client.last.success.age", at,
                            a -> (System.currentTimeMillis() - a.get()) / 1000.0)
                    .description("Seconds since the last successful DRS call of an endpoint").baseUnit("seconds")
                    .tags("endpoint", e.pathSuffix(), "region", region).register(metrics);
            return at;
        });
        last.set(System.currentTimeMillis());
    }

    CircuitBreakerState circuitState(DrsEndpoint endpoint) {
        return breakers.get(endpoint).state();
    }

    boolean authGateOpen() {
        return authGate.open();
    }

    /** Null while DRS accepts the credentials; else why it does not. */
    String authProblem() {
        return authGate.problem();
    }

    /** POSTs {@code body} to {@code endpoint} of {@code projectId} and reads DRS's answer as {@code type}. */
    <T> Future<T> post(DrsEndpoint endpoint, String projectId, Object body, TypeReference<T> type) {
        byte[] payload;
        try {
            payload = DrsJson.MAPPER.writeValueAsBytes(body);
        } catch (IOException e) {
            return Future.failedFuture(e);
        }
        long deadline = System.nanoTime() + config.callDeadline().toNanos();
        return attempt(new Call<>(endpoint, basePath() + endpoint.path(projectId), payload, type, deadline), 1, false, 0);
    }

    private record Call<T>(DrsEndpoint endpoint, String path, byte[] payload, TypeReference<T> type,
                           long deadline) {
    }

    private <T> Future<T> attempt(Call<T> call, int attempt, boolean renewed, int lastStatus) {
        DrsEndpoint endpoint = call.endpoint();
        DrsApiException refused = authGate.refusal(endpoint, attempt - 1);
        if (refused != null) {
            count(endpoint, DrsClient.Outcome.REJECTED);
            return Future.failedFuture(refused);
        }
        // An open breaker refuses without calling: the OpenCircuitException branch below reports it.
        Future<T> sent = breakers.get(endpoint).execute(() -> limiter.submit(() -> send(call)));
        return sent.onSuccess(r -> {
            count(endpoint, DrsClient.Outcome.SUCCESS);
            succeeded(endpoint);
            authGate.accepted();
        }).recover(failure -> {
            if (failure instanceof OpenCircuitException) {
                count(endpoint, DrsClient.Outcome.REJECTED);
                return Future.failedFuture(new DrsApiException(DrsApiException.Kind.CIRCUIT_OPEN, endpoint.pathSuffix(),
                        0, null, "circuit breaker open", attempt - 1, null));
            }
            if (failure instanceof UnauthorizedFailure unauthorized) {
                if (!renewed && credentials.renewAfterRefusal(unauthorized.sent)) {
                    // A token can expire between our check and DRS's: try once more with a fresh one.
                    count(endpoint, DrsClient.Outcome.RETRY);
                    return attempt(call, attempt + 1, true, 401);
                }
                count(endpoint, DrsClient.Outcome.CLIENT_ERROR);
                return Future.failedFuture(authGate.refused(endpoint, unauthorized.errorCode, unauthorized.errorMsg, attempt));
            }
            if (failure instanceof RetriableFailure retriable && retriable.mayHaveActed && endpoint.startsSomething()) {
                count(endpoint, DrsClient.Outcome.GIVE_UP);
                return Future.failedFuture(new DrsApiException(DrsApiException.Kind.OUTCOME_UNKNOWN, endpoint.pathSuffix(),
                        retriable.status, retriable.errorCode, retriable.getMessage(), attempt, null));
            }
            if (failure instanceof RetriableFailure retriable) {
                // An attempt cut short by the deadline got no answer; report what DRS last said.
                int status = retriable.status > 0 ? retriable.status : lastStatus;
                long delay = retriable.retryAfterMillis >= 0 ? retriable.retryAfterMillis : backoff(attempt);
                boolean pastDeadline = System.nanoTime() + Duration.ofMillis(delay).toNanos() >= call.deadline();
                if (attempt > config.maxRetries() || pastDeadline) {
                    count(endpoint, DrsClient.Outcome.GIVE_UP);
                    return Future.failedFuture(new DrsApiException(DrsApiException.Kind.GAVE_UP, endpoint.pathSuffix(),
                            status, retriable.errorCode, retriable.getMessage(), attempt, null));
                }
                count(endpoint, DrsClient.Outcome.RETRY);
                LOG.debug("DRS {} attempt {} failed ({}); retrying in {} ms", endpoint.pathSuffix(), attempt,
                        retriable.getMessage(), delay);
                Promise<Void> wait = Promise.promise();
                vertx.setTimer(Math.max(1, delay), id -> wait.complete());
                return wait.future().compose(v -> attempt(call, attempt + 1, renewed, status));
            }
            if (failure instanceof DrsApiException api) {
                count(endpoint, DrsClient.Outcome.CLIENT_ERROR);
                return Future.failedFuture(api);
            }
            count(endpoint, DrsClient.Outcome.GIVE_UP);
            return Future.failedFuture(failure);
        });
    }

    private <T> Future<T> send(Call<T> call) {
        long remainingMillis = Math.max(1, Duration.ofNanos(call.deadline() - System.nanoTime()).toMillis());
        long timeout = Math.min(config.requestTimeout().toMillis(), remainingMillis);
        URI base = config.baseUrl();
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Content-Type", "application/json");
        headers.put("X-Language", config.language());
        URI url = URI.create(base.getScheme() + "://" + authority(base) + call.path());
        long started = System.nanoTime();
        return credentials.authenticate(new DrsCredentials.OutgoingRequest("POST", url, headers, call.payload()))
                .recover(e -> Future.failedFuture(new DrsApiException(DrsApiException.Kind.HTTP_ERROR,
                        call.endpoint().pathSuffix(), 0, null, "could not authenticate the request: " + e.getMessage(), 1, null)))
                .compose(auth -> {
                    HttpRequest<Buffer> request = web.post(call.path()).timeout(timeout).putHeader("Host", authority(base));
                    headers.forEach(request::putHeader);
                    auth.forEach(request::putHeader);
                    return withinMillis(timeout, request.sendBuffer(Buffer.buffer(call.payload())))
                            .onComplete(done -> latency.get(call.endpoint()).record(Duration.ofNanos(System.nanoTime() - started)))
                            .recover(e -> Future.failedFuture(new RetriableFailure(0, -1, null, !refusedConnection(e),
                                    "no answer: " + e.getClass().getSimpleName() + (e.getMessage() == null ? "" : " " + e.getMessage()))))
                            .compose(response -> interpret(call, response, auth));
                });
    }

    /**
     * Fails {@code request} once {@code millis} pass, also while a body is still trickling in: the
     * Web Client's own timeout stops counting once the response has begun.
     */
    private <T> Future<T> withinMillis(long millis, Future<T> request) {
        Promise<T> bounded = Promise.promise();
        long timer = vertx.setTimer(millis, id -> bounded.tryFail(new TimeoutException(
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

    private <T> Future<T> interpret(Call<T> call, HttpResponse<Buffer> response, Map<String, String> auth) {
        int status = response.statusCode();
        JsonNode body = readTree(response.body());
        if (status / 100 == 2) {
            if (body == null || !body.isObject()) {
                return Future.failedFuture(new RetriableFailure(status, -1, null, true, "unreadable response body"));
            }
            return parse(body, call.type(), status);
        }
        String errorCode = body == null ? null : text(body, "error_code");
        String errorMsg = body == null ? null : (text(body, "error_msg") != null ? text(body, "error_msg") : text(body, "error_message"));
        if (status == 429 || status >= 500) {
            // 429: throttled before anything was done; a 5xx may come after DRS acted.
            return Future.failedFuture(new RetriableFailure(status, retryAfterMillis(response.getHeader("Retry-After")),
                    errorCode, status != 429, "HTTP " + status + (errorCode != null ? " " + errorCode : "")));
        }
        if (status == 400 && body != null && body.path("results").isArray()) {
            // DRS reports unknown and deleted jobs as 400 with the codes inside results[i].
            return parse(body, call.type(), status);
        }
        if (status == 401) {
            return Future.failedFuture(new UnauthorizedFailure(auth, errorCode, errorMsg));
        }
        return Future.failedFuture(new DrsApiException(DrsApiException.Kind.HTTP_ERROR, call.endpoint().pathSuffix(), status,
                errorCode, errorMsg, 1, null));
    }

    private static <T> Future<T> parse(JsonNode body, TypeReference<T> type, int status) {
        try {
            return Future.succeededFuture(DrsJson.MAPPER.convertValue(body, type));
        } catch (IllegalArgumentException e) {
            return Future.failedFuture(new RetriableFailure(status, -1, null, true, "response does not match the DRS reference: "
                    + e.getMessage()));
        }
    }

    private void count(DrsEndpoint endpoint, DrsClient.Outcome outcome) {
        Counter.builder(DrsClient.ATTEMPTS_METRIC)
                .description("HTTP attempts to DRS (retries included) by endpoint, outcome and region")
                .tags("endpoint", endpoint.pathSuffix(), "outcome", outcome.name().toLowerCase(Locale.ROOT), "region", region)
                .register(metrics).increment();
    }

    private String basePath() {
        String path = config.baseUrl().getRawPath();
        return path == null ? "" : path.replaceAll("/+$", "");
    }

    private long backoff(int attempt) {
        long cap = Math.min(config.backoffMax().toMillis(), config.backoffBase().toMillis() << Math.min(attempt - 1, 20));
        return ThreadLocalRandom.current().nextLong(cap / 2, cap + 1);
    }

    private static int port(URI url) {
        return url.getPort() > 0 ? url.getPort() : ("https".equals(url.getScheme()) ? 443 : 80);
    }

    /** {@code host[:port]}, the port left out when it is the scheme's default, as the signature has it. */
    private static String authority(URI url) {
        boolean defaultPort = url.getPort() < 0 || url.getPort() == ("https".equals(url.getScheme()) ? 443 : 80);
        return defaultPort ? url.getHost() : url.getHost() + ":" + url.getPort();
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

    /** No connection was made, so nothing reached DRS. */
    private static boolean refusedConnection(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof ConnectException) {
                return true;
            }
        }
        return false;
    }

    /**
     * A failure worth retrying (for a read); counts against the circuit breaker. {@code mayHaveActed}:
     * the request may have reached DRS and been acted on.
     */
    private static final class RetriableFailure extends RuntimeException {
        final int status;
        final long retryAfterMillis;
        final String errorCode;
        final boolean mayHaveActed;

        RetriableFailure(int status, long retryAfterMillis, String errorCode, boolean mayHaveActed, String message) {
            super(message, null, false, false);
            this.status = status;
            this.retryAfterMillis = retryAfterMillis;
            this.errorCode = errorCode;
            this.mayHaveActed = mayHaveActed;
        }
    }

    /** DRS refused the credentials; carries what was sent so the credentials can drop exactly that token. */
    private static final class UnauthorizedFailure extends RuntimeException {
        final transient Map<String, String> sent;
        final String errorCode;
        final String errorMsg;

        UnauthorizedFailure(Map<String, String> sent, String errorCode, String errorMsg) {
            super("HTTP 401", null, false, false);
            this.sent = sent;
            this.errorCode = errorCode;
            this.errorMsg = errorMsg;
        }
    }
}
