package io.drsmonitor.app;

import io.drsmonitor.alerts.AlertDelivery;
import io.drsmonitor.alerts.AlertSettings;
import io.drsmonitor.avro.RegistryClientConfig;
import io.drsmonitor.collector.Collector;
import io.drsmonitor.collector.CollectorMetrics;
import io.drsmonitor.collector.CollectorSettings;
import io.drsmonitor.drs.DrsClients;
import io.drsmonitor.drs.DrsCredentials;
import io.drsmonitor.drs.RegionEndpoints;
import io.drsmonitor.simulator.ApigSignatureCheck;
import io.drsmonitor.query.HealthState;
import io.drsmonitor.query.QueryApi;
import io.drsmonitor.query.RenderedSummaries;
import io.drsmonitor.query.SummaryGauges;
import io.drsmonitor.simulator.DrsSimulator;
import io.drsmonitor.simulator.Scenario;
import io.drsmonitor.streams.SummaryApp;
import io.drsmonitor.streams.SummarySettings;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.http.HttpServer;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.apache.kafka.streams.state.HostInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The main job: collector, summaries and query API in one process, on the configured
 * infrastructure or on embedded parts (broker, registry, simulated DRS with demo events).
 */
public final class Application implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Application.class);

    private final List<AutoCloseable> parts = new ArrayList<>();
    private LocalStack stack;
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
        StartupChecks.portFree(AppConfig.QUERY_PORT, config.bindHost(), config.intSetting(AppConfig.QUERY_PORT));
        if (config.drsEndpoint().isEmpty()) {
            StartupChecks.portFree(AppConfig.SIMULATOR_PORT, config.bindHost(), config.intSetting(AppConfig.SIMULATOR_PORT));
        }
        stack = LocalStack.start(config);
        PrometheusMeterRegistry metrics = Metrics.registry(Main.VERSION);
        new JvmMemoryMetrics().bindTo(metrics);
        new JvmThreadMetrics().bindTo(metrics);
        new ProcessorMetrics().bindTo(metrics);
        JvmGcMetrics gc = new JvmGcMetrics();
        gc.bindTo(metrics);
        parts.add(gc);

        Map<String, Object> kafka = config.kafkaClientConfig(stack.bootstrapServers());
        Map<String, Object> serde = config.registryClientConfig(stack.registryUrl());
        RegistryClientConfig.from(serde); // a bad registry setting stops start-up here, with its name

        RegionEndpoints endpoints;
        DrsSimulator simulator = null;
        Scenario demo = Scenario.demo(42);
        java.util.function.Function<String, DrsCredentials> credentials;
        if (config.drsEndpoint().isPresent()) {
            credentials = DrsSetup.credentials(stack.vertx(), config);
            endpoints = RegionEndpoints.real(config.text(AppConfig.DRS_REGION).orElse(null), config.drsEndpoint().get(),
                    config.regionEndpoints());
            LOG.info("DRS: {} for the default region {}; other regions from {} and the region table",
                    config.drsEndpoint().get(), config.text(AppConfig.DRS_REGION).orElse("(none)"), AppConfig.DRS_REGION_ENDPOINTS);
        } else {
            // Both sides of local mode sign as real users do: the simulator checks AK/SK signatures.
            AppConfig local = config.authMode() == AppConfig.AuthMode.NONE ? config.with(Map.of(
                    AppConfig.DRS_AK, LocalCredentials.accessKey(), AppConfig.DRS_SK, LocalCredentials.secretKey())) : config;
            credentials = DrsSetup.credentials(stack.vertx(), local);
            DrsSimulator.Settings settings = DrsSimulator.Settings.local(config.intSetting(AppConfig.SIMULATOR_PORT),
                    local.text(AppConfig.DRS_TOKEN).orElse(null), 42);
            if (local.authMode() == AppConfig.AuthMode.AK_SK) {
                settings = settings.withAkSk(new ApigSignatureCheck.Credentials(local.text(AppConfig.DRS_AK).orElseThrow(),
                        local.text(AppConfig.DRS_SK).orElseThrow(), local.text(AppConfig.DRS_SECURITY_TOKEN).orElse(null)));
            }
            DrsSimulator started = DrsSimulator.start(stack.vertx(), settings, demo).await(30, TimeUnit.SECONDS);
            simulator = started;
            parts.add(0, () -> started.stop().await(10, TimeUnit.SECONDS));
            endpoints = RegionEndpoints.simulated(URI.create(started.baseUrl()));
            LOG.info("DRS: SIMULATED by the built-in simulator at {} ({} demo jobs, every region under a path prefix);"
                    + " set {} or {} for real DRS", started.baseUrl(), demo.jobs().size(), AppConfig.DRS_ENDPOINT,
                    AppConfig.DRS_REGION);
        }
        LOG.info("DRS authentication: {}", credentials.apply(config.text(AppConfig.DRS_REGION)
                .orElse(io.drsmonitor.drs.DrsClient.DEFAULT_REGION)).describe());
        DrsClients drs = DrsSetup.clients(stack.vertx(), config, endpoints, credentials, metrics);
        parts.add(0, drs);

        CollectorSettings collectorSettings = new CollectorSettings(Duration.ofMillis(250),
                Duration.ofMillis(config.intSetting(AppConfig.POLL_MIN_MS)), Duration.ofMillis(config.intSetting(AppConfig.POLL_MAX_MS)),
                Duration.ofMinutes(config.intSetting(AppConfig.PRECHECK_DEADLINE_MIN)),
                Duration.ofMinutes(config.intSetting(AppConfig.DR_DEADLINE_MIN)), 3,
                Duration.ofSeconds(config.intSetting(AppConfig.CONFIRM_SECONDS)),
                Duration.ofHours(config.intSetting(AppConfig.RETENTION_HOURS)));
        Collector collector = new Collector(kafka, serde, config.dataDir().resolve("collector"), config.topicReplication(),
                drs, collectorSettings, new CollectorMetrics(metrics), config.topicNames());
        KafkaStreamsMetrics collectorMetrics = new KafkaStreamsMetrics(collector.streams());
        collectorMetrics.bindTo(metrics);
        parts.add(0, collector);
        parts.add(0, collectorMetrics);

        String advertised = config.text(AppConfig.QUERY_ADVERTISED).orElse(config.bindHost());
        int queryPort = config.intSetting(AppConfig.QUERY_PORT);
        Duration stallAfter = Duration.ofMinutes(config.intSetting(AppConfig.STALL_MINUTES));
        Duration stallCheck = Duration.ofSeconds(10);
        if (simulator != null && config.demoEvents()) {
            // The demo shows a stall within its first minute; real DR initializations get alerts.dr.stall.minutes.
            stallAfter = Duration.ofSeconds(config.intSetting(AppConfig.DEMO_STALL_SECONDS));
            stallCheck = Duration.ofSeconds(5);
            LOG.info("Demo: a DR initialization counts as stalled after {} s without progress ({}; {} applies to real DRS)",
                    stallAfter.toSeconds(), AppConfig.DEMO_STALL_SECONDS, AppConfig.STALL_MINUTES);
        }
        SummarySettings summarySettings = new SummarySettings(stallAfter, stallCheck, 10, 200, Duration.ofDays(30));
        RenderedSummaries rendered = new RenderedSummaries();
        SummaryApp summaries = new SummaryApp(kafka, serde, summarySettings, config.dataDir().resolve("summaries"),
                config.topicReplication(), config.intSetting(AppConfig.STANDBY_REPLICAS), advertised + ":" + queryPort, rendered,
                config.topicNames(), config.topicNames().applicationId("summaries"));
        KafkaStreamsMetrics summaryMetrics = new KafkaStreamsMetrics(summaries.streams());
        summaryMetrics.bindTo(metrics);
        parts.add(0, summaries);
        parts.add(0, summaryMetrics);

        AppConfig.AlertSinks sinks = config.alertSinks();
        AlertDelivery alerts = new AlertDelivery(stack.vertx(), kafka, serde, new AlertSettings(sinks.alertmanager(), sinks.slack(),
                sinks.webhook(), sinks.webhookSecret(), sinks.minSeverity(),
                sinks.dashboard().orElse(URI.create("http://" + advertised + ":" + queryPort + "/")), sinks.alertmanagerResend(),
                Duration.ofSeconds(1), Duration.ofMinutes(1)), metrics, config.topicNames());
        parts.add(0, alerts);

        Map<String, Supplier<HealthState>> health = new LinkedHashMap<>();
        HealthChecks checks = new HealthChecks(stack.vertx(), kafka, stack.bootstrapServers(), stack.registryUrl());
        parts.add(0, checks);
        health.put("kafka", checks::kafka);
        health.put("schemaRegistry", checks::schemaRegistry);
        health.put("collector", () -> HealthState.of(collector.state()));
        health.put("summaries", () -> HealthState.of(summaries.streams().state()));
        health.put("alerts", alerts::state);
        health.put("drs", () -> drs.authProblems().isEmpty() ? HealthState.up()
                : HealthState.down("UNAUTHORIZED: " + String.join("; ", drs.authProblems().values())));
        QueryApi api = new QueryApi(stack.vertx(), summaries.streams(), new HostInfo(advertised, queryPort), metrics, health,
                metrics::scrape, rendered, config.text(AppConfig.QUERY_INTERNAL_SECRET).orElse(""))
                .withInfo(new io.vertx.core.json.JsonObject().put("version", Main.VERSION)
                        .put("drs", simulator == null ? "real" : "simulated").put("demoEvents", simulator != null && config.demoEvents())
                        .put("drStallSeconds", summarySettings.stallAfter().toSeconds()));
        SummaryGauges gauges = new SummaryGauges(stack.vertx(), summaries.streams(), metrics);
        parts.add(0, gauges);
        collector.start();
        summaries.start();
        alerts.start();
        http = stack.vertx().createHttpServer(QueryApi.serverOptions()).requestHandler(api.router()).listen(queryPort, config.bindHost())
                .await(30, TimeUnit.SECONDS);
        parts.add(0, () -> http.close().await(10, TimeUnit.SECONDS));
        LOG.info("Query API and dashboard: http://{}:{}/  (metrics at /metrics, API description at /openapi.json)",
                config.bindHost(), http.actualPort());

        if (simulator != null && config.demoEvents()) {
            DemoEvents events = new DemoEvents(stack.vertx(), kafka, serde, demo, simulator, config.topicNames().jobEvents()).start();
            parts.add(0, events);
        }
    }

    public int queryPort() {
        return http.actualPort();
    }

    /** Stops in reverse order of start: nothing new comes in while the rest drains and commits. */
    @Override
    public void close() {
        LocalStack.closeAll(parts);
        if (stack != null) {
            stack.close();
        }
        LOG.info("drs-monitor stopped");
    }
}
