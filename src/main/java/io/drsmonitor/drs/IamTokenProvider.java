package io.drsmonitor.drs;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import io.vertx.core.buffer.Buffer;

/**
 * IAM token exchange: a password-authenticated {@code POST /v3/auth/tokens}, the token taken from
 * {@code X-Subject-Token}, renewed before {@code expires_at}. Concurrent callers share one exchange.
 */
public final class IamTokenProvider implements DrsCredentials {
    private static final Logger LOG = LoggerFactory.getLogger(IamTokenProvider.class);
    private static final String TOKEN_HEADER = "X-Auth-Token";

    /** IAM credentials; scope is a project name (a region id such as ap-southeast-1) or, if null, the domain. */
    public record Credentials(URI iamEndpoint, String username, String password, String domain, String projectName) {
        @Override
        public String toString() {
            return "Credentials[iam=" + iamEndpoint + ", user=" + username + ", domain=" + domain
                    + ", project=" + projectName + ", password=****]";
        }
    }

    private final WebClient web;
    private final Credentials credentials;
    private final Duration refreshMargin;
    private final Clock clock;
    private String token;
    private Instant expiresAt = Instant.MIN;
    private Future<String> inFlight;
    private long exchanges;

    public IamTokenProvider(Vertx vertx, Credentials credentials, Duration refreshMargin, Clock clock) {
        this.web = WebClient.create(vertx);
        this.credentials = credentials;
        this.refreshMargin = refreshMargin;
        this.clock = clock;
    }

    @Override
    public String describe() {
        return "IAM password login as " + credentials.username() + " (token renewed before it expires)";
    }

    @Override
    public Future<Map<String, String>> authenticate(OutgoingRequest request) {
        return token().map(t -> Map.of(TOKEN_HEADER, t));
    }

    /** Forgets a token DRS refused, so the next attempt logs in again. */
    @Override
    public synchronized boolean renewAfterRefusal(Map<String, String> sent) {
        String refused = sent.get(TOKEN_HEADER);
        if (refused != null && refused.equals(token)) {
            token = null;
        }
        return true;
    }

    synchronized Future<String> token() {
        if (token != null && clock.instant().isBefore(expiresAt.minus(refreshMargin))) {
            return Future.succeededFuture(token);
        }
        if (inFlight == null) {
            inFlight = exchange().andThen(result -> {
                synchronized (this) {
                    inFlight = null;
                }
            });
        }
        return inFlight;
    }

    /** How many exchanges were made, for tests and metrics. */
    public synchronized long exchanges() {
        return exchanges;
    }

    private Future<String> exchange() {
        JsonObject user = new JsonObject().put("name", credentials.username()).put("password", credentials.password())
                .put("domain", new JsonObject().put("name", credentials.domain()));
        JsonObject scope = credentials.projectName() == null
                ? new JsonObject().put("domain", new JsonObject().put("name", credentials.domain()))
                : new JsonObject().put("project", new JsonObject().put("name", credentials.projectName()));
        JsonObject body = new JsonObject().put("auth", new JsonObject()
                .put("identity", new JsonObject().put("methods", new JsonArray().add("password"))
                        .put("password", new JsonObject().put("user", user)))
                .put("scope", scope));
        URI endpoint = credentials.iamEndpoint();
        int port = endpoint.getPort() > 0 ? endpoint.getPort() : ("https".equals(endpoint.getScheme()) ? 443 : 80);
        return web.post(port, endpoint.getHost(), stripSlash(endpoint.getPath()) + "/v3/auth/tokens")
                .ssl("https".equals(endpoint.getScheme()))
                .putHeader("Content-Type", "application/json;charset=utf8")
                .timeout(10_000)
                .sendJsonObject(body)
                .compose(this::accept);
    }

    private synchronized Future<String> accept(HttpResponse<Buffer> response) {
        exchanges++;
        String subjectToken = response.getHeader("X-Subject-Token");
        if (response.statusCode() / 100 != 2 || subjectToken == null) {
            // The body may echo the user name but never the password; still, keep it out of the message.
            return Future.failedFuture(new DrsApiException(DrsApiException.Kind.HTTP_ERROR, "iam:/v3/auth/tokens",
                    response.statusCode(), null, "IAM token exchange refused", 1, null));
        }
        Instant expiry;
        try {
            expiry = Instant.parse(response.bodyAsJsonObject().getJsonObject("token").getString("expires_at"));
        } catch (RuntimeException e) {
            expiry = clock.instant().plus(Duration.ofHours(1));
        }
        token = subjectToken;
        expiresAt = expiry;
        LOG.info("Obtained an IAM token for {} valid until {}", credentials.username(), expiry);
        return Future.succeededFuture(subjectToken);
    }

    private static String stripSlash(String path) {
        return path == null ? "" : path.replaceAll("/+$", "");
    }

    @Override
    public String toString() {
        return "IamTokenProvider[" + credentials + "]";
    }
}
