package io.drsmonitor.query;

import io.drsmonitor.kafka.KafkaFixture;
import io.drsmonitor.kafka.TopicNames;
import io.drsmonitor.streams.StreamsEnvironment;
import io.drsmonitor.streams.StreamsRunner;
import io.drsmonitor.streams.SummaryApp;
import io.drsmonitor.streams.SummarySettings;
import io.drsmonitor.streams.fleet.FleetViewApp;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Vertx;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.state.HostInfo;

/** One summaries instance and its fleet view, with the query API on a loopback port, against {@link KafkaFixture}'s broker: what the query ITs run two of. */
final class SummaryInstances {
    private SummaryInstances() {
    }

    /** One instance's two Streams clients. */
    record Instance(StreamsRunner summaries, StreamsRunner fleetView) implements AutoCloseable {
        KafkaStreams streams() {
            return summaries.streams();
        }

        int threadFailures() {
            return summaries.threadFailures();
        }

        @Override
        public void close() {
            fleetView.close();
            summaries.close();
        }
    }

    static Instance start(Vertx vertx, Map<String, Object> serde, TopicNames names, int port, String secret,
                          Map<String, String> projectNames) throws Exception {
        return start(vertx, serde, names, port, secret, projectNames, () -> { });
    }

    /** The same; {@code beforeStart} runs once the API listens and before its Streams clients start (an instance starting). */
    static Instance start(Vertx vertx, Map<String, Object> serde, TopicNames names, int port, String secret,
                          Map<String, String> projectNames, Runnable beforeStart) throws Exception {
        RenderedSummaries rendered = new RenderedSummaries();
        StreamsEnvironment env = StreamsEnvironment.of(Map.of("bootstrap.servers", KafkaFixture.bootstrapServers()),
                serde, KafkaFixture.tempDir("summaries")).withNames(names);
        StreamsRunner app = SummaryApp.create(env.withApplicationServer("127.0.0.1:" + port), SummarySettings.defaults(), rendered)
                .addStateListener(rendered);
        StreamsRunner fleetView = FleetViewApp.create(env);
        QueryApi api = new QueryApi(vertx, app.streams(), new HostInfo("127.0.0.1", port), new SimpleMeterRegistry(),
                Map.of("summaries", () -> HealthState.of(app.streams().state())), null, rendered, secret).withProjectNames(projectNames)
                .withFleetView(new FleetStores(fleetView.streams()));
        api.httpServer().listen(port, "127.0.0.1").await(10, TimeUnit.SECONDS);
        beforeStart.run();
        app.start();
        fleetView.start();
        return new Instance(app, fleetView);
    }
}
