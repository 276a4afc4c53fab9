package io.drsmonitor.query;

import static io.drsmonitor.query.JsonAnswers.error;

import io.drsmonitor.drs.DrsRules;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * What every request goes through before its route: it is timed ({@code drs.query.requests}, by
 * route and status) and refused early when it is not a read or too large; and the checks of the ids
 * and numbers requests carry.
 */
final class RequestChecks implements Handler<RoutingContext> {
    private static final int MAX_PATH = 512;
    private static final int MAX_HEADER_BYTES = 8 * 1024;
    private static final String ROUTE = "drs.route";
    private static final Pattern REGION = Pattern.compile("[A-Za-z0-9_-]{1,64}");
    private static final String PROJECT_ID_RULE = "projectId must be 1 to 64 letters, digits, '-' or '_'";

    private final MeterRegistry metrics;

    RequestChecks(MeterRegistry metrics) {
        this.metrics = metrics;
    }

    /** A GET (and HEAD) route whose path (the pattern, not the request's ids) labels the request metrics, errors included. */
    static void get(Router router, String path, Handler<RoutingContext> handler) {
        router.route(path).method(HttpMethod.GET).method(HttpMethod.HEAD).handler(ctx -> {
            ctx.put(ROUTE, path);
            handler.handle(ctx);
        });
    }

    @Override
    public void handle(RoutingContext ctx) {
        long started = System.nanoTime();
        ctx.addEndHandler(done -> Timer.builder("drs.query.requests").description("Query API requests")
                .tag("route", ctx.get(ROUTE, "other"))
                .tag("status", String.valueOf(ctx.response().getStatusCode()))
                .register(metrics).record(Duration.ofNanos(System.nanoTime() - started)));
        HttpMethod method = ctx.request().method();
        if (!HttpMethod.GET.equals(method) && !HttpMethod.HEAD.equals(method)) {
            refuse(ctx, 405, "method not allowed", method + " is not allowed: every route of this API is read-only (GET)");
            return;
        }
        if (ctx.request().uri().length() > MAX_PATH) {
            refuse(ctx, 414, "URI too long", "request URI longer than " + MAX_PATH + " characters");
            return;
        }
        int headerBytes = 0;
        for (Map.Entry<String, String> header : ctx.request().headers()) {
            headerBytes += header.getKey().length() + header.getValue().length() + 4;
        }
        if (headerBytes > MAX_HEADER_BYTES) {
            refuse(ctx, 431, "headers too large", "request headers larger than " + MAX_HEADER_BYTES + " bytes");
            return;
        }
        String refusal = RequestTargets.refusal(ctx.request());
        if (refusal != null) {
            refuse(ctx, 400, refusal, "malformed request: " + refusal);
            return;
        }
        ctx.next();
    }

    /** Answers a client's fault, logged once per {@code cause} at DEBUG: a flood of bad requests does not flood the log. */
    static void refuse(RoutingContext ctx, int status, String cause, String message) {
        if (status == 405) {
            ctx.response().putHeader("Allow", "GET, HEAD");
        }
        FaultLog.client(cause, ctx.request().method() + " " + ctx.request().uri());
        error(ctx, status, message);
    }

    /** The {@code projectId} path parameter, checked. */
    static String projectId(RoutingContext ctx) {
        return checkedProjectId(ctx.pathParam("projectId"));
    }

    static String checkedProjectId(String projectId) {
        if (!DrsRules.isProjectId(projectId)) {
            throw new BadRequestException(PROJECT_ID_RULE);
        }
        return projectId;
    }

    static String checkedJobId(String jobId) {
        if (!DrsRules.isJobId(jobId)) {
            throw new BadRequestException("jobId is not in the DRS id format (8-4-4-4-12 lower-case letters and digits)");
        }
        return jobId;
    }

    /**
     * The optional {@code region} query parameter, checked the same way on every route: 1 to 64 letters,
     * digits, '-' or '_' (a region id, or {@code default} for jobs that name none); null when absent.
     */
    static String region(RoutingContext ctx) {
        String region = ctx.request().getParam("region");
        if (region != null && !REGION.matcher(region).matches()) {
            throw new BadRequestException("region must be 1 to 64 letters, digits, '-' or '_'");
        }
        return region;
    }

    /** A whole-number query parameter from {@code min} to {@code max}; {@code fallback} when absent. */
    static int intParam(RoutingContext ctx, String name, int fallback, int min, int max) {
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

    /** The {@code stale=true} a forwarding instance adds when it asks a standby's copy. */
    static boolean staleAllowed(RoutingContext ctx) {
        return "true".equals(ctx.request().getParam("stale"));
    }
}
