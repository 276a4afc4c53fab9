package io.drsmonitor.query;

import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.HttpException;

/**
 * How the API answers: JSON bodies, and every error, whoever finds it (a route, the router, the HTTP
 * decoder), as {@code {"status": ..., "error": ...}}; logged through {@link FaultLog}.
 */
final class JsonAnswers {
    private JsonAnswers() {
    }

    /** Answers {@code body}, unless an earlier handler already answered (a check that refused the request). */
    static void json(RoutingContext ctx, int status, JsonObject body) {
        HttpServerResponse response = ctx.response();
        if (!response.ended() && !response.closed()) {
            response.setStatusCode(status).putHeader("Content-Type", "application/json").end(body.encode());
        }
    }

    static void error(RoutingContext ctx, int status, String message) {
        json(ctx, status, errorBody(status, message));
    }

    private static JsonObject errorBody(int status, String message) {
        return new JsonObject().put("status", status).put("error", message);
    }

    /** The router's failure handler: a failed request's exception (or bare status) as a JSON error. */
    static void failure(RoutingContext ctx) {
        Throwable failure = ctx.failure();
        String path = ctx.request().path();
        if (failure instanceof BadRequestException) {
            FaultLog.client("a malformed id or parameter", path + ": " + failure.getMessage());
            error(ctx, 400, failure.getMessage());
        } else if (failure instanceof ClusterReads.PeerRefusedException) {
            FaultLog.peer(failure.getMessage());
            error(ctx, 502, failure.getMessage());
        } else if (failure instanceof NotReadyException) {
            ctx.response().putHeader("Retry-After", "2");
            error(ctx, 503, failure.getMessage());
        } else if (failure instanceof HttpException http && http.getStatusCode() < 500) {
            FaultLog.client("refused by the router (HTTP " + http.getStatusCode() + ")", path);
            error(ctx, http.getStatusCode(), message(http.getStatusCode()));
        } else if (failure == null && ctx.statusCode() > 0 && ctx.statusCode() < 500) {
            FaultLog.client("refused by the router (HTTP " + ctx.statusCode() + ")", path);
            error(ctx, ctx.statusCode(), message(ctx.statusCode()));
        } else {
            FaultLog.server(path, 500, failure);
            error(ctx, 500, "internal error");
        }
    }

    /**
     * What the router answers for a status it reaches by itself: no route (404), a route for another
     * method (405), a target it cannot decode (400), a failure no failure handler took (500). Without
     * these, Vert.x answers HTML or plain text and logs the exception at ERROR.
     */
    static Handler<RoutingContext> routerError(int status) {
        return ctx -> {
            if (ctx.failure() != null || status >= 500) {
                failure(ctx);
                if (!ctx.response().ended() && !ctx.response().closed()) {
                    error(ctx, status, message(status));
                }
                return;
            }
            FaultLog.client("refused by the router (HTTP " + status + ")", ctx.request().method() + " " + ctx.request().uri());
            if (status == 405) {
                ctx.response().putHeader("Allow", "GET, HEAD");
            }
            error(ctx, status, message(status));
        };
    }

    /**
     * The HTTP server's answer to a request its decoder refused (a request line or headers over the
     * server's limits, a malformed request line or header): the status Vert.x would answer, with a
     * JSON body instead of none, and the connection closed as Vert.x does.
     */
    static void invalidRequest(HttpServerRequest request) {
        Throwable cause = request.decoderResult().cause();
        int status = cause instanceof TooLongHttpLineException ? 414 : cause instanceof TooLongHttpHeaderException ? 431 : 400;
        FaultLog.client("an HTTP request the decoder refused (HTTP " + status + ")", String.valueOf(cause));
        request.response().setStatusCode(status).putHeader("Content-Type", "application/json")
                .putHeader("Connection", "close").end(errorBody(status, message(status)).encode())
                .onComplete(done -> request.connection().close());
    }

    private static String message(int status) {
        return switch (status) {
            case 400 -> "malformed request";
            case 404 -> "not found: the API is under /api (see /openapi.json), the dashboard at /";
            case 405 -> "method not allowed: every route of this API is read-only (GET)";
            case 414 -> "request URI too long";
            case 431 -> "request headers too large";
            default -> status >= 500 ? "internal error" : "request refused (HTTP " + status + ": "
                    + HttpResponseStatus.valueOf(status).reasonPhrase() + ")";
        };
    }
}
