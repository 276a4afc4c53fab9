package io.drsmonitor.bench;

import io.drsmonitor.kafka.EmbeddedKafkaBroker;
import io.drsmonitor.kafka.TopicAdmin;
import io.drsmonitor.kafka.TopicNames;
import io.drsmonitor.registry.CompatibilityLevel;
import io.drsmonitor.registry.EmbeddedSchemaRegistry;
import io.vertx.core.Vertx;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import io.drsmonitor.kafka.KafkaFixture;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * What a benchmark runs on: the cluster in KAFKA_BOOTSTRAP_SERVERS, or a fresh in-process broker;
 * always a fresh embedded registry. Topics are created with BENCH_PARTITIONS partitions (default 3).
 */
final class BenchEnv implements AutoCloseable {
    final Vertx vertx = Vertx.vertx();
    final String bootstrap;
    final String registryUrl;
    final Path dir;
    private final EmbeddedKafkaBroker broker;
    private final EmbeddedSchemaRegistry registry;

    BenchEnv() throws Exception {
        dir = Files.createTempDirectory("drs-bench");
        String external = System.getenv("KAFKA_BOOTSTRAP_SERVERS");
        if (external != null && !external.isBlank()) {
            broker = null;
            bootstrap = external;
        } else {
            broker = new EmbeddedKafkaBroker(dir.resolve("kafka"), "127.0.0.1", 0).start();
            bootstrap = broker.bootstrapServers();
        }
        registry = EmbeddedSchemaRegistry.start(vertx, new EmbeddedSchemaRegistry.Settings("127.0.0.1", 0,
                Map.of("bootstrap.servers", bootstrap), TopicNames.SCHEMAS + "-bench-" + System.nanoTime(), (short) 1,
                CompatibilityLevel.BACKWARD)).await(60, TimeUnit.SECONDS);
        registryUrl = "http://127.0.0.1:" + registry.port();
        int partitions = Integer.parseInt(System.getenv().getOrDefault("BENCH_PARTITIONS", "3"));
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
            TopicAdmin.ensure(admin, TopicNames.DEFAULT.applicationTopics(partitions, (short) 1));
        }
    }

    Map<String, Object> kafka() {
        return Map.of("bootstrap.servers", bootstrap);
    }

    Map<String, Object> serde() {
        return Map.of("schema.registry.url", registryUrl);
    }

    /**
     * Runs a benchmark and ends the JVM: Kafka and Vert.x leave non-daemon threads behind, and a
     * benchmark ends when it has printed its figures.
     */
    static void runAndExit(Callable<?> benchmark) {
        try {
            benchmark.call();
        } catch (Exception | Error e) {
            e.printStackTrace();
            System.exit(1);
        }
        System.exit(0);
    }

    static long rssKib() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", ""));
                }
            }
        } catch (Exception e) {
            return -1;
        }
        return -1;
    }

    static long heapUsedMib() {
        System.gc();
        Runtime r = Runtime.getRuntime();
        return (r.totalMemory() - r.freeMemory()) / (1024 * 1024);
    }

    static long percentile(List<Long> sorted, double p) {
        if (sorted.isEmpty()) {
            return -1;
        }
        return sorted.get((int) Math.min(sorted.size() - 1, Math.ceil(p * sorted.size()) - 1));
    }

    @Override
    public void close() throws Exception {
        registry.stop().await(30, TimeUnit.SECONDS);
        vertx.close().await(30, TimeUnit.SECONDS);
        if (broker != null) {
            broker.close();
        }
        // Each run writes gigabytes (the broker's logs, every application's state): leave none behind.
        KafkaFixture.deleteRecursively(dir);
    }
}
