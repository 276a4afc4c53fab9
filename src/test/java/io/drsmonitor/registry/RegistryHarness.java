package io.drsmonitor.registry;

import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/** An embedded registry on a free port, keeping its schemas in a topic of its own. */
public final class RegistryHarness implements AutoCloseable {
    public final Vertx vertx;
    public final EmbeddedSchemaRegistry registry;
    public final String topic;

    private RegistryHarness(Vertx vertx, EmbeddedSchemaRegistry registry, String topic) {
        this.vertx = vertx;
        this.registry = registry;
        this.topic = topic;
    }

    private static RegistryHarness shared;

    /**
     * One registry for every test that writes to the application's topics, so schema ids in those
     * topics mean the same thing to every test in the run. Closed when the JVM exits.
     */
    public static synchronized RegistryHarness shared(String bootstrapServers) {
        if (shared == null) {
            shared = start(bootstrapServers, "_schemas-shared-" + UUID.randomUUID());
            Runtime.getRuntime().addShutdownHook(new Thread(() -> shared.vertx.close()));
        }
        return shared;
    }

    public static RegistryHarness start(String bootstrapServers) {
        return start(bootstrapServers, "_schemas-" + UUID.randomUUID());
    }

    public static RegistryHarness start(String bootstrapServers, String topic) {
        return start(bootstrapServers, topic, 0);
    }

    /** A registry on {@code port} (0: any free one) over the schemas in {@code topic}. */
    public static RegistryHarness start(String bootstrapServers, String topic, int port) {
        Vertx vertx = Vertx.vertx();
        EmbeddedSchemaRegistry.Settings settings = new EmbeddedSchemaRegistry.Settings("127.0.0.1", port,
                Map.of("bootstrap.servers", bootstrapServers), topic, (short) 1, CompatibilityLevel.BACKWARD);
        try {
            EmbeddedSchemaRegistry registry = EmbeddedSchemaRegistry.start(vertx, settings)
                    .await(60, TimeUnit.SECONDS);
            return new RegistryHarness(vertx, registry, topic);
        } catch (Exception e) {
            vertx.close();
            throw new IllegalStateException("registry did not start", e);
        }
    }

    public String url() {
        return "http://127.0.0.1:" + registry.port();
    }

    @Override
    public void close() throws Exception {
        registry.stop().await(30, TimeUnit.SECONDS);
        vertx.close().await(Duration.ofSeconds(30).toMillis(), TimeUnit.MILLISECONDS);
    }
}
