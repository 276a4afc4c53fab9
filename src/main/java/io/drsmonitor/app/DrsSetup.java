package io.drsmonitor.app;

import io.drsmonitor.drs.AkSkCredentials;
import io.drsmonitor.drs.DrsClientConfig;
import io.drsmonitor.drs.DrsClients;
import io.drsmonitor.drs.DrsCredentials;
import io.drsmonitor.drs.IamTokenProvider;
import io.drsmonitor.drs.RegionEndpoints;
import io.drsmonitor.simulator.ApigSignatureCheck;
import io.drsmonitor.simulator.DrsSimulator;
import io.drsmonitor.simulator.Scenario;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Vertx;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Builds the DRS side from the settings: the one auth mode, a client per region, and in local mode the simulator. */
final class DrsSetup {
    private static final Logger LOG = LoggerFactory.getLogger(DrsSetup.class);
    /** The demo's jobs and answers are the same on every run. */
    private static final long DEMO_SEED = 42;

    private DrsSetup() {
    }

    /** The DRS clients, and in local mode the simulator they call and its demo jobs; closing stops both. */
    record DrsSide(DrsClients clients, Optional<DrsSimulator> simulator, Scenario demo) implements AutoCloseable {
        @Override
        public void close() throws Exception {
            clients.close();
            if (simulator.isPresent()) {
                simulator.get().stop().await(10, TimeUnit.SECONDS);
            }
        }
    }

    /** Real DRS when an endpoint or region is set; otherwise the built-in simulator, started here. */
    static DrsSide start(Vertx vertx, AppConfig config, MeterRegistry metrics) throws Exception {
        Scenario demo = Scenario.demo(DEMO_SEED);
        if (config.drsEndpoint().isPresent()) {
            Function<String, DrsCredentials> credentials = credentials(vertx, config);
            RegionEndpoints endpoints = RegionEndpoints.real(config.drsRegion().orElse(null), config.drsEndpoint().get(),
                    config.regionEndpoints());
            LOG.info("DRS: {} for the default region {}; other regions from {} and the region table",
                    config.drsEndpoint().get(), config.drsRegion().orElse("(none)"), Settings.DRS_REGION_ENDPOINTS);
            logAuthentication(config, credentials);
            return new DrsSide(clients(vertx, config, endpoints, credentials, metrics), Optional.empty(), demo);
        }
        // Both sides of local mode sign as real users do: the simulator checks AK/SK signatures.
        AppConfig local = config.authMode() == AppConfig.AuthMode.NONE ? config.with(Map.of(
                Settings.DRS_AK, LocalCredentials.accessKey(), Settings.DRS_SK, LocalCredentials.secretKey())) : config;
        Function<String, DrsCredentials> credentials = credentials(vertx, local);
        DrsSimulator.Settings settings = DrsSimulator.Settings.local(config.simulatorPort(),
                local.text(Settings.DRS_TOKEN).orElse(null), DEMO_SEED);
        if (local.authMode() == AppConfig.AuthMode.AK_SK) {
            settings = settings.withAkSk(new ApigSignatureCheck.Credentials(local.text(Settings.DRS_AK).orElseThrow(),
                    local.text(Settings.DRS_SK).orElseThrow(), local.text(Settings.DRS_SECURITY_TOKEN).orElse(null)));
        }
        DrsSimulator simulator = DrsSimulator.start(vertx, settings, demo).await(30, TimeUnit.SECONDS);
        LOG.info("DRS: SIMULATED by the built-in simulator at {} ({} demo jobs, every region under a path prefix);"
                + " set {} or {} for real DRS", simulator.baseUrl(), demo.jobs().size(), Settings.DRS_ENDPOINT, Settings.DRS_REGION);
        logAuthentication(config, credentials);
        try {
            RegionEndpoints endpoints = RegionEndpoints.simulated(URI.create(simulator.baseUrl()));
            return new DrsSide(clients(vertx, config, endpoints, credentials, metrics), Optional.of(simulator), demo);
        } catch (RuntimeException e) {
            simulator.stop().await(10, TimeUnit.SECONDS);
            throw e;
        }
    }

    private static void logAuthentication(AppConfig config, Function<String, DrsCredentials> credentials) {
        LOG.info("DRS authentication: {}", credentials.apply(config.defaultRegion()).describe());
    }

    /**
     * Each region's credentials in the configured auth mode (AppConfig has checked there is exactly
     * one). AK/SK and a static token serve every region; an IAM token is scoped to one project, so
     * each region logs in for its own (drs.iam.project for the default region, else the region id,
     * which is the name of a region's default project).
     */
    static Function<String, DrsCredentials> credentials(Vertx vertx, AppConfig config) {
        String defaultRegion = config.defaultRegion();
        return switch (config.authMode()) {
            case AK_SK -> {
                DrsCredentials shared = new AkSkCredentials(config.text(Settings.DRS_AK).orElseThrow(),
                        config.text(Settings.DRS_SK).orElseThrow(), config.text(Settings.DRS_SECURITY_TOKEN).orElse(null),
                        Clock.systemUTC());
                yield region -> shared;
            }
            case IAM_PASSWORD -> region -> new IamTokenProvider(vertx, new IamTokenProvider.Credentials(
                    URI.create(config.text(Settings.DRS_IAM_ENDPOINT).orElseThrow()),
                    config.text(Settings.DRS_IAM_USER).orElseThrow(), config.text(Settings.DRS_IAM_PASSWORD).orElseThrow(),
                    config.text(Settings.DRS_IAM_DOMAIN).orElseThrow(), region.equals(defaultRegion)
                            ? config.text(Settings.DRS_IAM_PROJECT).orElse(null) : region),
                    Duration.ofMinutes(30), Clock.systemUTC());
            case STATIC_TOKEN -> {
                DrsCredentials shared = DrsCredentials.fixedToken(config.text(Settings.DRS_TOKEN).orElseThrow());
                yield region -> shared;
            }
            case NONE -> throw new AppConfig.ConfigError(Settings.DRS_AK, "no DRS credentials configured");
        };
    }

    /** A client per region, each at the endpoint {@code endpoints} gives it. */
    static DrsClients clients(Vertx vertx, AppConfig config, RegionEndpoints endpoints,
                              Function<String, DrsCredentials> credentials, MeterRegistry metrics) {
        // The template's URL is replaced per region; any valid one will do here.
        DrsClientConfig template = DrsClientConfig.of(URI.create("https://drs.invalid"))
                .withLanguage(config.drsLanguage())
                .withBatchSize(config.drsBatchSize())
                .withMaxConcurrentRequests(config.drsMaxConcurrentRequests())
                .withAuthRetryInterval(config.drsAuthRetry());
        return DrsClients.perRegion(vertx, template, credentials, metrics, endpoints);
    }
}
