package io.drsmonitor.query;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.ext.web.Router;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.apache.kafka.streams.KafkaStreams.State;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * With a serving state, {@code /health/ready} says whether queries can be served, whatever DRS or the
 * registry say in {@code /health}, and {@code /health/started} stays up once the instance has served.
 */
class ReadinessRoutesTest {
    private final HttpClient http = HttpClient.newHttpClient();
    private volatile boolean hasRun;
    private volatile State summaries = State.REBALANCING;
    private Vertx vertx;
    private HttpServer server;

    @BeforeEach
    void start() throws Exception {
        Map<String, Supplier<HealthState>> parts = new LinkedHashMap<>();
        parts.put("summaries", () -> HealthState.of(summaries));
        parts.put("drs", () -> HealthState.down("UNAUTHORIZED: DRS refused the credentials"));
        HealthRoutes routes = new HealthRoutes(parts, null);
        routes.readyWhen(() -> HealthState.serving(hasRun, summaries));
        vertx = Vertx.vertx();
        Router router = Router.router(vertx);
        routes.mount(router);
        server = vertx.createHttpServer().requestHandler(router).listen(0, "127.0.0.1").await(10, TimeUnit.SECONDS);
    }

    @AfterEach
    void stop() throws Exception {
        vertx.close().await(10, TimeUnit.SECONDS);
    }

    @Test
    void readyFollowsTheQueryStoresNotTheOtherParts() throws Exception {
        assertEquals("503 {\"status\":\"STARTING\",\"detail\":\"REBALANCING\"}", get("/health/ready"), "restoring");
        assertEquals("503 {\"status\":\"STARTING\",\"detail\":\"REBALANCING\"}", get("/health/started"));

        hasRun = true;
        summaries = State.RUNNING;
        assertEquals("200 {\"status\":\"UP\",\"detail\":\"UP\"}", get("/health/ready"), "DRS refusing the credentials does not matter here");
        assertEquals("200 {\"status\":\"UP\",\"detail\":\"UP\"}", get("/health/started"));
        assertEquals(503, status("/health"), "/health still says DRS is down");

        summaries = State.REBALANCING;
        assertEquals("200 {\"status\":\"UP\",\"detail\":\"UP\"}", get("/health/ready"), "a later rebalance keeps it ready");

        summaries = State.ERROR;
        assertEquals("503 {\"status\":\"DOWN\",\"detail\":\"ERROR\"}", get("/health/ready"));
        assertEquals("200 {\"status\":\"UP\",\"detail\":\"UP\"}", get("/health/started"), "started stays started");
    }

    private String get(String path) throws Exception {
        HttpResponse<String> answer = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.actualPort() + path))
                .build(), HttpResponse.BodyHandlers.ofString());
        return answer.statusCode() + " " + answer.body();
    }

    private int status(String path) throws Exception {
        return Integer.parseInt(get(path).substring(0, 3));
    }
}
