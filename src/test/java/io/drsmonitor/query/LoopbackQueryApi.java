package io.drsmonitor.query;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.state.HostInfo;

/**
 * The whole query API, as {@code run} mounts it, on a loopback port, over a Kafka Streams client
 * that is never started: no broker; the routes that read stores answer 503 (not ready).
 */
final class LoopbackQueryApi implements AutoCloseable {
    private final Vertx vertx = Vertx.vertx();
    private final KafkaStreams streams;
    private final HttpServer server;

    LoopbackQueryApi(Path stateDir) throws Exception {
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "query-loopback-test");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:9"); // never started; its clients try only this closed local port
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        StreamsBuilder builder = new StreamsBuilder();
        builder.stream("in").to("out");
        streams = new KafkaStreams(builder.build(), props);
        Map<String, Supplier<HealthState>> parts = new LinkedHashMap<>();
        parts.put("kafka", HealthState::up);
        QueryApi api = new QueryApi(vertx, streams, new HostInfo("127.0.0.1", 0), new SimpleMeterRegistry(), parts,
                () -> "# metrics\n", new RenderedSummaries(), "secret")
                .withInfo(new JsonObject().put("version", "test").put("drs", "simulated").put("demoEvents", false).put("drStallSeconds", 15))
                .withReadiness(() -> HealthState.serving(false, streams.state())); // as run wires it
        server = api.httpServer().listen(0, "127.0.0.1")
                .await(10, TimeUnit.SECONDS);
    }

    int port() {
        return server.actualPort();
    }

    @Override
    public void close() throws Exception {
        try {
            streams.close(Duration.ZERO);
        } finally {
            vertx.close().await(10, TimeUnit.SECONDS);
        }
    }
}
