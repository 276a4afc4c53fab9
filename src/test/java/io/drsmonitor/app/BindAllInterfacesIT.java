package io.drsmonitor.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.drsmonitor.TestSupport;
import io.drsmonitor.kafka.KafkaFixture;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Local mode with {@code bind.host=0.0.0.0}, as the container image runs it: everything embedded starts
 * (the broker cannot advertise 0.0.0.0, so it and the registry stay on loopback) and the query API
 * answers on 127.0.0.1. Before, start-up stopped with "Host string (0.0.0.0) is not routeable".
 */
class BindAllInterfacesIT {
    @Test
    void localModeOnEveryInterfaceStartsAndAnswersOnLoopback() throws Exception {
        Map<String, String> settings = Map.of(Settings.BIND_HOST, "0.0.0.0", Settings.KAFKA_EMBEDDED_PORT, "0",
                Settings.REGISTRY_EMBEDDED_PORT, "0", Settings.QUERY_PORT, String.valueOf(TestSupport.freePort()),
                Settings.SIMULATOR_PORT, "0", Settings.DEMO_EVENTS, "false",
                Settings.DATA_DIR, KafkaFixture.tempDir("bind-all").toString());
        AppConfig config = AppConfig.of(settings);
        assertEquals("127.0.0.1", config.infrastructureHost());
        assertEquals("127.0.0.1", config.advertisedHost(), "not 0.0.0.0: nobody reaches that");
        try (Application app = Application.start(config)) {
            HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
            HttpResponse<String> live = http.send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + app.queryPort() + "/health/live")).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, live.statusCode(), live.body());
            HttpResponse<String> info = http.send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + app.queryPort() + "/api/info")).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, info.statusCode(), info.body());
            assertTrue(new JsonObject(info.body()).getString("drs").equals("simulated"), info.body());
        }
    }
}
