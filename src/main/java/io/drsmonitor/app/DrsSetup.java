package io.drsmonitor.app;

import io.drsmonitor.drs.AkSkCredentials;
import io.drsmonitor.drs.DrsClient;
import io.drsmonitor.drs.DrsClientConfig;
import io.drsmonitor.drs.DrsClients;
import io.drsmonitor.drs.DrsCredentials;
import io.drsmonitor.drs.IamTokenProvider;
import io.drsmonitor.drs.RegionEndpoints;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Vertx;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.function.Function;

/** Builds the DRS side from the settings: the one auth mode, and a client per region. */
final class DrsSetup {
    private DrsSetup() {
    }

    /**
     * Each region's credentials in the configured auth mode (AppConfig has checked there is exactly
     * one). AK/SK and a static token serve every region; an IAM token is scoped to one project, so
     * each region logs in for its own (drs.iam.project for the default region, else the region id,
     * which is the name of a region's default project).
     */
    static Function<String, DrsCredentials> credentials(Vertx vertx, AppConfig config) {
        String defaultRegion = config.text(AppConfig.DRS_REGION).orElse(DrsClient.DEFAULT_REGION);
        return switch (config.authMode()) {
            case AK_SK -> {
                DrsCredentials shared = new AkSkCredentials(config.text(AppConfig.DRS_AK).orElseThrow(),
                        config.text(AppConfig.DRS_SK).orElseThrow(), config.text(AppConfig.DRS_SECURITY_TOKEN).orElse(null),
                        Clock.systemUTC());
                yield region -> shared;
            }
            case IAM_PASSWORD -> region -> new IamTokenProvider(vertx, new IamTokenProvider.Credentials(
                    URI.create(config.text(AppConfig.DRS_IAM_ENDPOINT).orElseThrow()),
                    config.text(AppConfig.DRS_IAM_USER).orElseThrow(), config.text(AppConfig.DRS_IAM_PASSWORD).orElseThrow(),
                    config.text(AppConfig.DRS_IAM_DOMAIN).orElseThrow(), region.equals(defaultRegion)
                            ? config.text(AppConfig.DRS_IAM_PROJECT).orElse(null) : region),
                    Duration.ofMinutes(30), Clock.systemUTC());
            case STATIC_TOKEN -> {
                DrsCredentials shared = DrsCredentials.fixedToken(config.text(AppConfig.DRS_TOKEN).orElseThrow());
                yield region -> shared;
            }
            case NONE -> throw new AppConfig.ConfigError(AppConfig.DRS_AK, "no DRS credentials configured");
        };
    }

    /** A client per region, each at the endpoint {@code endpoints} gives it. */
    static DrsClients clients(Vertx vertx, AppConfig config, RegionEndpoints endpoints,
                              Function<String, DrsCredentials> credentials, MeterRegistry metrics) {
        // The template's URL is replaced per region; any valid one will do here.
        DrsClientConfig template = DrsClientConfig.of(URI.create("https://drs.invalid"))
                .withLanguage(config.text(AppConfig.DRS_LANGUAGE).orElse("en-us"))
                .withBatchSize(config.intSetting(AppConfig.DRS_BATCH_SIZE))
                .withMaxConcurrentRequests(config.intSetting(AppConfig.DRS_CONCURRENCY))
                .withAuthRetryInterval(Duration.ofSeconds(config.intSetting(AppConfig.DRS_AUTH_RETRY_SECONDS)));
        return DrsClients.perRegion(vertx, template, credentials, metrics, endpoints);
    }
}
