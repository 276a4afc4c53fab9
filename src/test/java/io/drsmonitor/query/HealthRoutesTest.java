package io.drsmonitor.query;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.ext.web.Router;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** /health, /health/ready and /health/live over HTTP: status codes, Retry-After and the exact bodies. */
class HealthRoutesTest {
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final Map<String, Supplier<HealthState>> PARTS = new LinkedHashMap<>();
    private static volatile HealthState summaries;
    private static volatile HealthState drs;
    private static Vertx vertx;
    private static HttpServer server;

    @BeforeAll
    static void start() throws Exception {
        PARTS.put("kafka", HealthState::up);
        PARTS.put("summaries", () -> summaries);
        PARTS.put("drs", () -> drs);
        vertx = Vertx.vertx();
        Router router = Router.router(vertx);
        new HealthRoutes(PARTS, () -> "# metrics\n").mount(router);
        server = vertx.createHttpServer().requestHandler(router).listen(0, "127.0.0.1").await(10, TimeUnit.SECONDS);
    }

    @AfterAll
    static void stop() throws Exception {
        vertx.close().await(10, TimeUnit.SECONDS);
    }

    @Test
    void everyPartUpIsReady() throws Exception {
        summaries = HealthState.of(KafkaStreams.State.RUNNING);
        drs = HealthState.up();
        for (String path : new String[] {"/health", "/health/ready"}) {
            HttpResponse<String> answer = get(path);
            assertEquals(200, answer.statusCode());
            assertEquals(Optional.empty(), answer.headers().firstValue("Retry-After"));
            assertEquals("{\"status\":\"UP\",\"parts\":{\"kafka\":\"UP\",\"summaries\":\"RUNNING\",\"drs\":\"UP\"}}", answer.body());
        }
    }

    @Test
    void aPartNotReadyYetIsStarting() throws Exception {
        summaries = HealthState.of(KafkaStreams.State.REBALANCING);
        drs = HealthState.up();
        HttpResponse<String> answer = get("/health/ready");
        assertEquals(503, answer.statusCode());
        assertEquals("2", answer.headers().firstValue("Retry-After").orElse(null));
        assertEquals("{\"status\":\"STARTING\",\"parts\":{\"kafka\":\"UP\",\"summaries\":\"REBALANCING\",\"drs\":\"UP\"}}",
                answer.body());
    }

    @Test
    void aPartSayingWhyItCannotWorkIsDownAndTheProcessStillLive() throws Exception {
        summaries = HealthState.of(KafkaStreams.State.REBALANCING);
        drs = HealthState.down("UNAUTHORIZED: DRS refused the credentials");
        HttpResponse<String> answer = get("/health");
        assertEquals(503, answer.statusCode());
        assertEquals("2", answer.headers().firstValue("Retry-After").orElse(null));
        assertEquals("{\"status\":\"DOWN\",\"parts\":{\"kafka\":\"UP\",\"summaries\":\"REBALANCING\","
                + "\"drs\":\"UNAUTHORIZED: DRS refused the credentials\"}}", answer.body());
        HttpResponse<String> live = get("/health/live");
        assertEquals(200, live.statusCode());
        assertEquals("{\"status\":\"UP\"}", live.body());
        HttpResponse<String> metrics = get("/metrics");
        assertEquals(200, metrics.statusCode());
        assertTrue(metrics.headers().firstValue("Content-Type").orElse("").startsWith("text/plain; version=0.0.4"));
    }

    private static HttpResponse<String> get(String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.actualPort() + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
