package io.drsmonitor.alerts;

import io.drsmonitor.TestSupport;
import io.vertx.core.json.JsonArray;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * A real Prometheus Alertmanager (Debian's {@code prometheus-alertmanager}) on a loopback port, started
 * and stopped by the test. Where the binary is missing the test is skipped, unless
 * {@code CI_REQUIRE_TEST_TOOLS} is set (as {@code .ci/run} does after installing it): then it fails.
 */
final class AlertmanagerProcess implements AutoCloseable {
    static final Path BINARY = Path.of("/usr/bin/prometheus-alertmanager");
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private final Path dir;
    private final int port;
    private Process process;

    private AlertmanagerProcess(Path dir, int port) {
        this.dir = dir;
        this.port = port;
    }

    static void assumeInstalled() {
        TestSupport.requireTool(BINARY, "prometheus-alertmanager");
    }

    static AlertmanagerProcess start(Path dir) throws IOException {
        Files.writeString(dir.resolve("alertmanager.yml"), """
                route:
                  receiver: nobody
                  group_wait: 1s
                receivers:
                  - name: nobody
                """);
        AlertmanagerProcess alertmanager = new AlertmanagerProcess(dir, TestSupport.freePort());
        alertmanager.start();
        return alertmanager;
    }

    /** Starts (again) on the same port and storage. */
    void start() throws IOException {
        process = new ProcessBuilder(BINARY.toString(), "--config.file=" + dir.resolve("alertmanager.yml"),
                "--storage.path=" + dir.resolve("data"), "--web.listen-address=127.0.0.1:" + port, "--cluster.listen-address=")
                .redirectErrorStream(true).redirectOutput(dir.resolve("alertmanager.log").toFile()).start();
        TestSupport.awaitTrue("Alertmanager answers on port " + port, Duration.ofSeconds(30), () -> status("/-/ready") == 200);
    }

    void stop() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
        }
    }

    String url() {
        return "http://127.0.0.1:" + port;
    }

    /** Alertmanager's own view: its active alerts matching a label matcher such as {@code project="x"}. */
    JsonArray alerts(String matcher) {
        try {
            HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(url() + "/api/v2/alerts?filter="
                    + URLEncoder.encode(matcher, StandardCharsets.UTF_8))).build(), HttpResponse.BodyHandlers.ofString());
            return response.statusCode() == 200 ? new JsonArray(response.body()) : null;
        } catch (IOException | InterruptedException e) {
            return null;
        }
    }

    private int status(String path) {
        try {
            return HTTP.send(HttpRequest.newBuilder(URI.create(url() + path)).build(), HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException | InterruptedException e) {
            return -1;
        }
    }

    @Override
    public void close() throws InterruptedException {
        if (process != null && process.isAlive()) {
            stop();
        }
    }
}
