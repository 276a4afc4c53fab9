package io.drsmonitor.alerts;

import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.concurrent.TimeoutException;

/**
 * One POST to a sink and what its answer means: delivered (2xx), worth retrying (no answer, timeout,
 * 408, 425, 429, 5xx, with the receiver's {@code Retry-After} when it gave one; and 3xx, 401, 403,
 * 404, which say the sink's settings are wrong) or refused for good (any other 4xx, e.g. 400, 410,
 * 413, 422: this request cannot succeed).
 */
final class HttpDelivery implements AutoCloseable {
    static final Duration TIMEOUT = Duration.ofSeconds(10);
    private static final int REASON_CHARS = 300;

    private final WebClient web;
    private final Clock clock;

    HttpDelivery(Vertx vertx, Clock clock) {
        this.web = WebClient.create(vertx, new WebClientOptions().setUserAgent("drs-monitor-alerts")
                .setConnectTimeout((int) TIMEOUT.toMillis()).setFollowRedirects(false));
        this.clock = clock;
    }

    /** What came of an attempt. */
    enum Outcome { DELIVERED, RETRY, REFUSED }

    /**
     * @param reason     for RETRY a bounded metric label (unreachable, timeout, throttled, server_error,
     *                   misconfigured); for
     *                   REFUSED the status and the start of the answer, for the dead letter
     * @param retryAfter the receiver's Retry-After, or null
     */
    record Attempt(Outcome outcome, int status, String reason, Duration retryAfter) {
    }

    Future<Attempt> post(URI url, AlertSink.SinkRequest request) {
        HttpRequest<Buffer> post = web.requestAbs(HttpMethod.POST, url.toString()).timeout(TIMEOUT.toMillis());
        request.headers().forEach(post::putHeader);
        return post.sendBuffer(request.body()).map(this::classify).recover(e -> Future.succeededFuture(
                new Attempt(Outcome.RETRY, 0, e instanceof TimeoutException || String.valueOf(e.getMessage()).contains("timeout")
                        ? "timeout" : "unreachable", null)));
    }

    private Attempt classify(HttpResponse<Buffer> response) {
        int status = response.statusCode();
        if (status >= 200 && status < 300) {
            return new Attempt(Outcome.DELIVERED, status, "", null);
        }
        Duration retryAfter = retryAfter(response.headers());
        if (status == 429) {
            return new Attempt(Outcome.RETRY, status, "throttled", retryAfter);
        }
        if (status >= 500 || status == 408 || status == 425) {
            return new Attempt(Outcome.RETRY, status, "server_error", retryAfter);
        }
        if (status < 400 || status == 401 || status == 403 || status == 404) {
            // Not this alert's fault but the sink's settings (a moved URL, revoked credentials): alerts wait
            // until someone fixes them, rather than being dead-lettered one by one.
            return new Attempt(Outcome.RETRY, status, "misconfigured", retryAfter);
        }
        String body = response.bodyAsString() == null ? "" : response.bodyAsString().strip();
        return new Attempt(Outcome.REFUSED, status, "HTTP " + status + (body.isEmpty() ? ""
                : ": " + (body.length() > REASON_CHARS ? body.substring(0, REASON_CHARS) + "..." : body)), retryAfter);
    }

    /** Retry-After as seconds or as an HTTP date; null when absent or unreadable. */
    Duration retryAfter(MultiMap headers) {
        String value = headers.get("Retry-After");
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return Duration.ofSeconds(Math.max(0, Long.parseLong(value.trim())));
        } catch (NumberFormatException notSeconds) {
            try {
                Duration until = Duration.between(clock.instant(),
                        ZonedDateTime.parse(value.trim(), DateTimeFormatter.RFC_1123_DATE_TIME).toInstant());
                return until.isNegative() ? Duration.ZERO : until;
            } catch (DateTimeParseException unreadable) {
                return null;
            }
        }
    }

    @Override
    public void close() {
        web.close();
    }
}
