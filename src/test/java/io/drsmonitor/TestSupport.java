package io.drsmonitor;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.Map;
import java.util.function.BooleanSupplier;
import io.vertx.core.Future;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/** Waiting, ports, client settings, scrapes and external tools that the tests share. */
public final class TestSupport {
    private TestSupport() {
    }

    /** Waits until {@code condition} holds; fails naming {@code what} after {@code timeout}. */
    public static void awaitTrue(String what, Duration timeout, BooleanSupplier condition) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out after " + timeout + " waiting for: " + what);
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted", e);
            }
        }
    }

    /** The failure of {@code future}, unwrapped; the test fails if it succeeds within 30 s. */
    public static Throwable failure(Future<?> future) {
        try {
            future.await(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            return e instanceof ExecutionException ? e.getCause() : e;
        }
        throw new AssertionError("expected the call to fail");
    }

    public static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Client settings with a short session, so a killed instance's partitions move within seconds. */
    public static Map<String, Object> fastFailover(String bootstrapServers) {
        return Map.of("bootstrap.servers", bootstrapServers, "session.timeout.ms", 6000, "heartbeat.interval.ms", 1000);
    }

    /** The sum of the samples of every series in a Prometheus scrape whose line starts with {@code prefix}; 0 without a scrape. */
    public static double metricSum(String scrape, String prefix) {
        return scrape == null ? 0 : scrape.lines().filter(l -> l.startsWith(prefix))
                .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).sum();
    }

    /**
     * Skips the calling test where the Debian {@code debianPackage} behind {@code binary} is not
     * installed; fails instead when {@code CI_REQUIRE_TEST_TOOLS} is set ({@code .ci/run} installs them).
     */
    public static void requireTool(Path binary, String debianPackage) {
        if (!Files.isExecutable(binary)) {
            if (System.getenv("CI_REQUIRE_TEST_TOOLS") != null) {
                Assertions.fail(binary + " is missing: install Debian's " + debianPackage + " (.ci/run does)");
            }
            Assumptions.assumeTrue(false, binary + " is not installed");
        }
    }
}
