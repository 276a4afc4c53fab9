package io.drsmonitor.app;

import io.drsmonitor.query.HealthState;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.ext.web.client.WebClient;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.DescribeClusterOptions;

/**
 * Measured health of what drs-monitor depends on: Kafka (a cluster description through an admin
 * client) and the schema registry (its {@code /config}), each asked every {@link #EVERY} with a short
 * timeout, off the event loop's critical path; {@code /health} reads the last answers and never
 * waits. A part is {@code STARTING} before its first answer, then {@code UP} or {@code DOWN: why}.
 */
final class HealthChecks implements AutoCloseable {
    static final Duration EVERY = Duration.ofSeconds(5);
    static final Duration TIMEOUT = Duration.ofSeconds(3);

    private final Vertx vertx;
    private final Admin admin;
    private final String bootstrap;
    private final WebClient web;
    private final URI registry;
    private final AtomicReference<HealthState> kafka = new AtomicReference<>(HealthState.starting("STARTING"));
    private final AtomicReference<HealthState> schemaRegistry = new AtomicReference<>(HealthState.starting("STARTING"));
    private final long timer;

    HealthChecks(Vertx vertx, Map<String, Object> kafkaConfig, String bootstrap, String registryUrl) {
        this.vertx = vertx;
        this.bootstrap = bootstrap;
        this.admin = Admin.create(kafkaConfig);
        this.web = WebClient.create(vertx);
        this.registry = URI.create(registryUrl.split(",")[0].trim());
        check();
        this.timer = vertx.setPeriodic(EVERY.toMillis(), id -> check());
    }

    HealthState kafka() {
        return kafka.get();
    }

    HealthState schemaRegistry() {
        return schemaRegistry.get();
    }

    private void check() {
        admin.describeCluster(new DescribeClusterOptions().timeoutMs((int) TIMEOUT.toMillis())).clusterId()
                .whenComplete((id, e) -> kafka.set(e == null ? HealthState.up()
                        : HealthState.down("DOWN: no answer from " + bootstrap + " (" + rootCause(e).getClass().getSimpleName() + ")")));
        int port = registry.getPort() > 0 ? registry.getPort() : "https".equals(registry.getScheme()) ? 443 : 80;
        String path = (registry.getPath() == null ? "" : registry.getPath().replaceAll("/$", "")) + "/config";
        web.get(port, registry.getHost(), path).ssl("https".equals(registry.getScheme())).timeout(TIMEOUT.toMillis()).send()
                .map(response -> response.statusCode() < 500 ? HealthState.up() : HealthState.down("DOWN: HTTP " + response.statusCode()))
                .recover(e -> Future.succeededFuture(HealthState.down("DOWN: no answer from " + registry.getHost() + ":" + port
                        + " (" + e.getClass().getSimpleName() + ")")))
                .onSuccess(schemaRegistry::set);
    }

    private static Throwable rootCause(Throwable e) {
        Throwable cause = e;
        while (cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        return cause;
    }

    @Override
    public void close() {
        vertx.cancelTimer(timer);
        admin.close(Duration.ofSeconds(5));
    }
}
