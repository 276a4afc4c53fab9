package io.drsmonitor.app;

import io.drsmonitor.kafka.EmbeddedKafkaBroker;
import io.drsmonitor.kafka.TopicAdmin;
import io.drsmonitor.kafka.TopicNames;
import io.drsmonitor.registry.CompatibilityLevel;
import io.drsmonitor.registry.EmbeddedSchemaRegistry;
import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import io.drsmonitor.avro.RegistryClientConfig;

/**
 * The infrastructure drs-monitor runs on: the configured Kafka and registry, or embedded ones
 * where none is configured, with the application's topics created.
 */
public final class LocalStack implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(LocalStack.class);

    private final Vertx vertx;
    private final String bootstrapServers;
    private final String registryUrl;
    private final List<AutoCloseable> closeables;

    private LocalStack(Vertx vertx, String bootstrapServers, String registryUrl, List<AutoCloseable> closeables) {
        this.vertx = vertx;
        this.bootstrapServers = bootstrapServers;
        this.registryUrl = registryUrl;
        this.closeables = closeables;
    }

    public static LocalStack start(AppConfig config) throws Exception {
        List<AutoCloseable> closeables = new ArrayList<>();
        Vertx vertx = Vertx.vertx();
        closeables.add(() -> vertx.close().await(30, TimeUnit.SECONDS));
        try {
            String bootstrap;
            if (config.kafkaBootstrap().isPresent()) {
                if (config.registryUrl().isEmpty()) {
                    // Each embedded registry allocates ids on its own: two instances on one cluster could
                    // give one id to two schemas. It serves local mode (its own broker) only.
                    throw new AppConfig.ConfigError(Settings.REGISTRY_URL, "is required with an external Kafka cluster ("
                            + Settings.KAFKA_BOOTSTRAP + "): the embedded schema registry serves local mode only;"
                            + " point it at Confluent Schema Registry, Karapace or Apicurio");
                }
                bootstrap = config.kafkaBootstrap().get();
                StartupChecks.kafkaReachable(config.kafkaClientConfig(bootstrap), bootstrap, config.kafkaStartupWait());
                LOG.info("Kafka: external cluster at {}", bootstrap);
            } else {
                StartupChecks.portFree(Settings.KAFKA_EMBEDDED_PORT, config.infrastructureHost(), config.kafkaEmbeddedPort());
                EmbeddedKafkaBroker broker = new EmbeddedKafkaBroker(config.dataDir().resolve("kafka"),
                        config.infrastructureHost(), config.kafkaEmbeddedPort()).start();
                closeables.add(0, broker);
                bootstrap = broker.bootstrapServers();
                LOG.info("Kafka: EMBEDDED in-process broker at {} (data in {})", bootstrap, broker.dataDir());
            }
            try (Admin admin = Admin.create(config.kafkaClientConfig(bootstrap))) {
                TopicAdmin.ensure(admin, config.topicNames().applicationTopics(config.topicPartitions(), config.topicReplication(),
                        config.runsRetention()));
            }
            String registryUrl;
            if (config.registryUrl().isPresent()) {
                registryUrl = config.registryUrl().get();
                LOG.info("Schema registry: external at {}", RegistryClientConfig
                        .from(config.registryClientConfig(registryUrl)).describeUrls());
            } else {
                StartupChecks.portFree(Settings.REGISTRY_EMBEDDED_PORT, config.infrastructureHost(), config.registryEmbeddedPort());
                EmbeddedSchemaRegistry registry = EmbeddedSchemaRegistry.start(vertx, new EmbeddedSchemaRegistry.Settings(
                        config.infrastructureHost(), config.registryEmbeddedPort(), config.kafkaClientConfig(bootstrap),
                        TopicNames.SCHEMAS, config.topicReplication(), CompatibilityLevel.BACKWARD)).await(60, TimeUnit.SECONDS);
                closeables.add(0, () -> registry.stop().await(30, TimeUnit.SECONDS));
                registryUrl = "http://" + config.infrastructureHost() + ":" + registry.port();
                LOG.info("Schema registry: EMBEDDED at {} (schemas in topic {})", registryUrl, TopicNames.SCHEMAS);
            }
            return new LocalStack(vertx, bootstrap, registryUrl, closeables);
        } catch (Exception | Error e) {
            closeAll(closeables);
            throw e;
        }
    }

    public Vertx vertx() {
        return vertx;
    }

    public String bootstrapServers() {
        return bootstrapServers;
    }

    public String registryUrl() {
        return registryUrl;
    }

    @Override
    public void close() {
        closeAll(closeables);
    }

    /** Closes each in order, going on past failures. */
    private static void closeAll(List<AutoCloseable> closeables) {
        for (AutoCloseable closeable : closeables) {
            try {
                closeable.close();
            } catch (Exception e) {
                LOG.warn("error while shutting down: {}", e.toString());
            }
        }
        closeables.clear();
    }
}
