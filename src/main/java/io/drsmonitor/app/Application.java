package io.drsmonitor.app;

import io.drsmonitor.alerts.AlertDelivery;
import io.drsmonitor.avro.RegistryClientConfig;
import io.drsmonitor.collector.Collector;
import io.drsmonitor.collector.CollectorMetrics;
import io.drsmonitor.discovery.Discovery;
import io.drsmonitor.discovery.DiscoveryMetrics;
import io.drsmonitor.query.HealthState;
import io.drsmonitor.query.QueryApi;
import io.drsmonitor.query.RenderedSummaries;
import io.drsmonitor.query.FleetGauges;
import io.drsmonitor.query.FleetStores;
import io.drsmonitor.query.SummaryGauges;
import io.drsmonitor.streams.StreamsEnvironment;
import io.drsmonitor.streams.StreamsRunner;
import io.drsmonitor.streams.SummaryApp;
import io.drsmonitor.streams.fleet.FleetViewApp;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.apache.kafka.streams.state.HostInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The main job: collector, discovery (with {@code discovery.projects}), summaries, alert delivery and query API in one process, on the configured
 * infrastructure or on embedded parts (broker, registry, simulated DRS with demo events). Each part is
 * built from the settings, then all start in their declared order and stop in reverse ({@link Lifecycle}).
 */
public final class Application implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Application.class);

    private final Lifecycle lifecycle = new Lifecycle();
    private HttpServer http;

    public static Application start(AppConfig config) throws Exception {
        Application app = new Application();
        try {
            app.startAll(config);
            return app;
        } catch (Exception | Error e) {
            app.close();
            throw e;
        }
    }

    private void startAll(AppConfig config) throws Exception {
        // Ports of what this process serves, checked before anything starts (the stack checks its own).
        StartupChecks.portFree(Settings.QUERY_PORT, config.bindHost(), config.queryPort());
        if (config.drsEndpoint().isEmpty()) {
            StartupChecks.portFree(Settings.SIMULATOR_PORT, config.bindHost(), config.simulatorPort());
        }
        LocalStack stack = lifecycle.running("infrastructure", LocalStack.start(config));
        PrometheusMeterRegistry metrics = Metrics.registry(Main.VERSION);
        lifecycle.running("JVM metrics", jvmMeters(metrics));
        Map<String, Object> kafka = config.kafkaClientConfig(stack.bootstrapServers());
        Map<String, Object> serde = config.registryClientConfig(stack.registryUrl());
        RegistryClientConfig.from(serde); // a bad registry setting stops start-up here, with its name
        DrsSetup.DrsSide drs = lifecycle.running("DRS", DrsSetup.start(stack.vertx(), config, metrics));

        StreamsEnvironment streams = StreamsEnvironment.of(kafka, serde, config.dataDir())
                .withReplication(config.topicReplication(), config.standbyReplicas()).withNames(config.topicNames());
        StreamsRunner collector = Collector.create(streams, drs.clients(), config.collectorSettings(), new CollectorMetrics(metrics));
        RenderedSummaries rendered = new RenderedSummaries();
        StreamsRunner summaries = SummaryApp.create(streams.withApplicationServer(config.advertisedHost() + ":" + config.queryPort()),
                config.summarySettings(), rendered).addStateListener(rendered);
        StreamsRunner fleetView = FleetViewApp.create(streams);
        AtomicReference<Discovery> discovery = new AtomicReference<>();
        FleetStores fleet = new FleetStores(fleetView.streams());
        AlertDelivery alerts = new AlertDelivery(stack.vertx(), kafka, serde, config.alertSettings(), metrics, config.topicNames());
        HealthChecks checks = new HealthChecks(stack.vertx(), kafka, stack.bootstrapServers(), stack.registryUrl());
        QueryApi api = queryApi(config, stack, metrics, checks, collector, summaries, fleetView, discovery, alerts, drs, rendered)
                .withFleetView(fleet);

        lifecycle.declare("collector", collector::start)
                .declare("collector metrics", () -> bound(new KafkaStreamsMetrics(collector.streams()), metrics))
                // After the collector, which takes its events; stopped before it.
                .declare("discovery", () -> {
                    if (!config.discoverySettings().enabled()) {
                        return () -> { };
                    }
                    discovery.set(Discovery.start(stack.vertx(), drs.clients(), config.discoverySettings(), kafka, serde,
                            config.topicNames(), new DiscoveryMetrics(metrics)));
                    return discovery.get();
                })
                .declare("summaries", summaries::start)
                .declare("summaries metrics", () -> bound(new KafkaStreamsMetrics(summaries.streams()), metrics))
                .declare("fleet view", fleetView::start)
                .declare("alert delivery", alerts::start)
                .declare("health checks", () -> checks)
                .declare("summary gauges", () -> new SummaryGauges(stack.vertx(), summaries.streams(), metrics))
                .declare("fleet gauges", () -> new FleetGauges(stack.vertx(), fleet, metrics, config.metricsFleetItems()))
                .declare("query API", () -> {
                    http = listen(config, stack, api);
                    return () -> http.close().await(10, TimeUnit.SECONDS);
                });
        if (config.localDemo()) {
            lifecycle.declare("demo events", () -> new DemoEvents(stack.vertx(), kafka, serde, drs.demo(),
                    drs.simulator().orElseThrow(), config.topicNames().jobEvents()).start());
            LOG.info("Demo: a DR initialization counts as stalled after {} s without progress ({}; {} applies to real DRS)",
                    config.summarySettings().stallAfter().toSeconds(), Settings.DEMO_STALL_SECONDS, Settings.STALL_MINUTES);
        }
        lifecycle.startAll();
    }

    /** The JVM's meters on {@code metrics}; what is returned unbinds the GC listener. */
    private static AutoCloseable jvmMeters(PrometheusMeterRegistry metrics) {
        new JvmMemoryMetrics().bindTo(metrics);
        new JvmThreadMetrics().bindTo(metrics);
        new ProcessorMetrics().bindTo(metrics);
        return bound(new JvmGcMetrics(), metrics);
    }

    private static <T extends MeterBinder & AutoCloseable> T bound(T binder, PrometheusMeterRegistry metrics) {
        binder.bindTo(metrics);
        return binder;
    }

    private static QueryApi queryApi(AppConfig config, LocalStack stack, PrometheusMeterRegistry metrics, HealthChecks checks,
                                     StreamsRunner collector, StreamsRunner summaries, StreamsRunner fleetView,
                                     AtomicReference<Discovery> discovery, AlertDelivery alerts,
                                     DrsSetup.DrsSide drs, RenderedSummaries rendered) {
        Map<String, Supplier<HealthState>> health = new LinkedHashMap<>();
        health.put("kafka", checks::kafka);
        health.put("schemaRegistry", checks::schemaRegistry);
        health.put("collector", () -> HealthState.of(collector.state()));
        health.put("summaries", () -> HealthState.of(summaries.state()));
        health.put("fleetView", () -> HealthState.of(fleetView.state()));
        if (config.discoverySettings().enabled()) {
            health.put("discovery", () -> discovery.get() == null ? HealthState.starting("not started")
                    : discovery.get().stoppedBy().map(HealthState::down).orElse(HealthState.up()));
        }
        health.put("alerts", alerts::state);
        health.put("drs", () -> drs.clients().authProblems().isEmpty() ? HealthState.up()
                : HealthState.down("UNAUTHORIZED: " + String.join("; ", drs.clients().authProblems().values())));
        JsonObject info = new JsonObject().put("version", Main.VERSION)
                .put("drs", drs.simulator().isPresent() ? "simulated" : "real").put("demoEvents", config.localDemo())
                .put("drStallSeconds", config.summarySettings().stallAfter().toSeconds());
        return new QueryApi(stack.vertx(), summaries.streams(), new HostInfo(config.advertisedHost(), config.queryPort()), metrics,
                health, metrics::scrape, rendered, config.internalSecret()).withInfo(info).withProjectNames(config.projectNames())
                // Ready means the stores can be served: DRS, the registry or a sink failing shows in /health, not here.
                .withReadiness(() -> HealthState.serving(summaries.hasRun(), summaries.state()));
    }

    private static HttpServer listen(AppConfig config, LocalStack stack, QueryApi api) throws Exception {
        HttpServer server = api.httpServer().listen(config.queryPort(), config.bindHost()).await(30, TimeUnit.SECONDS);
        LOG.info("Query API and dashboard: http://{}:{}/ (listening on {}; metrics at /metrics, API description at /openapi.json)",
                config.advertisedHost(), server.actualPort(), config.bindHost());
        return server;
    }

    public int queryPort() {
        return http.actualPort();
    }

    /** Stops in reverse order of start: nothing new comes in while the rest drains and commits. */
    @Override
    public void close() {
        lifecycle.close();
        LOG.info("drs-monitor stopped");
    }
}
