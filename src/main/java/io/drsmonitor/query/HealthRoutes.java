package io.drsmonitor.query;

import static io.drsmonitor.query.JsonAnswers.json;
import static io.drsmonitor.query.RequestChecks.get;

import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * What probes and Prometheus ask of this instance: {@code /health} (and {@code /health/ready}, the
 * same), {@code /health/live} and {@code /metrics}. The parts' states are read as they are now; none
 * of them waits on anything.
 */
final class HealthRoutes {
    private final Map<String, Supplier<HealthState>> parts;
    private final Supplier<String> scrape;

    /**
     * @param parts  name to state, shown in this order under {@code parts}
     * @param scrape Prometheus text for /metrics, or null for no /metrics
     */
    HealthRoutes(Map<String, Supplier<HealthState>> parts, Supplier<String> scrape) {
        this.parts = parts;
        this.scrape = scrape;
    }

    void mount(Router router) {
        get(router, "/health", this::health);
        get(router, "/health/ready", this::health);
        // Alive as long as this process answers HTTP: a liveness probe must not restart an instance
        // because Kafka or DRS is down (readiness says that).
        get(router, "/health/live", ctx -> json(ctx, 200, new JsonObject().put("status", "UP")));
        if (scrape != null) {
            get(router, "/metrics", ctx -> ctx.response()
                    .putHeader("Content-Type", "text/plain; version=0.0.4; charset=utf-8").end(scrape.get()));
        }
    }

    /** 200 when every part is up; else 503 with Retry-After, STARTING or (a part says why it cannot work) DOWN. */
    private void health(RoutingContext ctx) {
        JsonObject details = new JsonObject();
        List<HealthState> states = new ArrayList<>();
        for (Map.Entry<String, Supplier<HealthState>> part : parts.entrySet()) {
            HealthState state = part.getValue().get();
            states.add(state);
            details.put(part.getKey(), state.detail());
        }
        HealthState.Status status = HealthState.overall(states);
        boolean ready = status == HealthState.Status.UP;
        if (!ready) {
            ctx.response().putHeader("Retry-After", "2");
        }
        json(ctx, ready ? 200 : 503, new JsonObject().put("status", status.name()).put("parts", details));
    }
}
