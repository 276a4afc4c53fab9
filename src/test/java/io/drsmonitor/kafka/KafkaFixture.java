package io.drsmonitor.kafka;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.kafka.KafkaContainer;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * One real Kafka for the whole test run: {@code KAFKA_BOOTSTRAP_SERVERS} when set, Testcontainers
 * Kafka when Docker is available, otherwise an in-process KRaft broker. Tests never talk to a mock.
 */
public final class KafkaFixture implements BeforeAllCallback {
    private static final Logger LOG = LoggerFactory.getLogger(KafkaFixture.class);
    private static final String KAFKA_IMAGE = "apache/kafka:4.3.1";

    private record Running(String bootstrapServers, String kind, AutoCloseable resource) implements AutoCloseable {
        @Override
        public void close() throws Exception {
            resource.close();
        }
    }

    private static volatile Running running;

    @Override
    public void beforeAll(ExtensionContext context) {
        ensureStarted(context);
    }

    private static synchronized void ensureStarted(ExtensionContext context) {
        if (running == null) {
            running = context.getRoot().getStore(ExtensionContext.Namespace.GLOBAL)
                    .getOrComputeIfAbsent(KafkaFixture.class, k -> start(), Running.class);
        }
    }

    /** The bootstrap address; only valid in a class extended with this fixture. */
    public static String bootstrapServers() {
        if (running == null) {
            throw new IllegalStateException("annotate the test class with @ExtendWith(KafkaFixture.class)");
        }
        return running.bootstrapServers();
    }

    /** True when the broker is ours to restart (in-process), false for external or containers. */
    public static boolean isEmbedded() {
        return running != null && running.kind().equals("embedded");
    }

    private static Running start() {
        String external = System.getenv("KAFKA_BOOTSTRAP_SERVERS");
        if (external != null && !external.isBlank()) {
            LOG.info("Tests use the external Kafka cluster at {}", external);
            return new Running(external, "external", () -> { });
        }
        if (DockerClientFactory.instance().isDockerAvailable()) {
            KafkaContainer container = new KafkaContainer(KAFKA_IMAGE);
            container.start();
            LOG.info("Tests use Testcontainers Kafka at {}", container.getBootstrapServers());
            return new Running(container.getBootstrapServers(), "container", container::stop);
        }
        Path dir = tempDir("drs-monitor-test-kafka");
        EmbeddedKafkaBroker broker = new EmbeddedKafkaBroker(dir, "127.0.0.1", 0).start();
        LOG.info("No Docker: tests use an in-process KRaft broker at {}", broker.bootstrapServers());
        return new Running(broker.bootstrapServers(), "embedded", () -> {
            broker.close();
            deleteRecursively(dir);
        });
    }

    /** A fresh temporary directory, deleted when the test JVM exits (state stores and logs add up over runs). */
    public static Path tempDir(String prefix) {
        try {
            Path dir = Files.createTempDirectory(prefix);
            synchronized (TEMP_DIRS) {
                if (TEMP_DIRS.isEmpty()) {
                    Runtime.getRuntime().addShutdownHook(new Thread(KafkaFixture::deleteTempDirs, "delete-test-temp-dirs"));
                }
                TEMP_DIRS.add(dir);
            }
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static final List<Path> TEMP_DIRS = new ArrayList<>();

    private static void deleteTempDirs() {
        synchronized (TEMP_DIRS) {
            for (Path dir : TEMP_DIRS) {
                try {
                    deleteRecursively(dir);
                } catch (IOException | RuntimeException e) {
                    // best effort at exit: a process still writing there (a killed instance's leftovers) may race it
                }
            }
        }
    }

    public static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (var paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
