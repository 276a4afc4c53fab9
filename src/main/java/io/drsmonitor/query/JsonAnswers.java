package io.drsmonitor.query;

import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** How the API answers: JSON bodies, and every error as {@code {"status": ..., "error": ...}}. */
final class JsonAnswers {
    private static final Logger LOG = LoggerFactory.getLogger(JsonAnswers.class);

    private JsonAnswers() {
    }

    /** Answers {@code body}, unless an earlier handler already answered (a check that refused the request). */
    static void json(RoutingContext ctx, int status, JsonObject body) {
        if (!ctx.response().ended()) {
            ctx.response().setStatusCode(status).putHeader("Content-Type", "application/json").end(body.encode());
        }
    }

    static void error(RoutingContext ctx, int status, String message) {
        json(ctx, status, new JsonObject().put("status", status).put("error", message));
    }

    /** The router's failure handler: a failed request's exception (or bare status) as a JSON error. */
    static void failure(RoutingContext ctx) {
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
}
