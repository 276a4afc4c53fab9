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
 * What probes and Prometheus ask of this instance: {@code /health} (every part, for people and
 * monitoring), {@code /health/ready} (can it serve queries), {@code /health/started} (has it finished
 * its first restore), {@code /health/live} and {@code /metrics}. The parts' states are read as they
 * are now; none of them waits on anything.
 */
final class HealthRoutes {
    private final Map<String, Supplier<HealthState>> parts;
    private final Supplier<String> scrape;
    private Supplier<HealthState> serving;
    private volatile boolean startedOnce;

    /**
     * @param parts  name to state, shown in this order under {@code parts}
     * @param scrape Prometheus text for /metrics, or null for no /metrics
     */
    HealthRoutes(Map<String, Supplier<HealthState>> parts, Supplier<String> scrape) {
        this.parts = parts;
        this.scrape = scrape;
    }

    /**
     * Readiness from {@code serving} (can the query stores be served) instead of every part: DRS, the
     * registry or a sink failing must not take an instance that can answer queries out of its Service.
     */
    void readyWhen(Supplier<HealthState> servingState) {
        this.serving = servingState;
    }

    private List<HealthState> states() {
        List<HealthState> states = new ArrayList<>();
        parts.values().forEach(part -> states.add(part.get()));
        return states;
    }

    void mount(Router router) {
        get(router, "/health", this::health);
        // Without a serving state, ready is /health: every part up.
        get(router, "/health/ready", ctx -> {
            if (serving == null) {
                health(ctx);
            } else {
                probe(ctx, serving.get());
            }
        });
        // A startup probe: up once the query stores have been served, so a long first restore is not
        // taken for a dead instance, and a later rebalance does not restart one.
        get(router, "/health/started", ctx -> probe(ctx, started()));
        // Alive as long as this process answers HTTP: a liveness probe must not restart an instance
        // because Kafka or DRS is down (readiness says that).
        get(router, "/health/live", ctx -> json(ctx, 200, new JsonObject().put("status", "UP")));
        if (scrape != null) {
            get(router, "/metrics", ctx -> ctx.response()
                    .putHeader("Content-Type", "text/plain; version=0.0.4; charset=utf-8").end(scrape.get()));
        }
    }

    /** Up for good once the instance has served; until then, why not. */
    private HealthState started() {
        if (startedOnce) {
            return HealthState.up();
        }
        HealthState now = serving != null ? serving.get() : new HealthState(HealthState.overall(states()), "every part");
        startedOnce = now.status() == HealthState.Status.UP;
        return now;
    }

    private static void probe(RoutingContext ctx, HealthState state) {
        boolean up = state.status() == HealthState.Status.UP;
        if (!up) {
            ctx.response().putHeader("Retry-After", "2");
        }
        json(ctx, up ? 200 : 503, new JsonObject().put("status", state.status().name()).put("detail", state.detail()));
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
