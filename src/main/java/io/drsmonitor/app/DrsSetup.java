package io.drsmonitor.app;

import io.drsmonitor.drs.AkSkCredentials;
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

/** Builds the DRS side from the settings: the one auth mode, and a client per region. */
final class DrsSetup {
    private DrsSetup() {
    }

    /** The credentials of the configured auth mode (AppConfig has checked there is exactly one). */
    static DrsCredentials credentials(Vertx vertx, AppConfig config) {
        return switch (config.authMode()) {
            case AK_SK -> new AkSkCredentials(config.text(AppConfig.DRS_AK).orElseThrow(),
                    config.text(AppConfig.DRS_SK).orElseThrow(), config.text(AppConfig.DRS_SECURITY_TOKEN).orElse(null),
                    Clock.systemUTC());
            case IAM_PASSWORD -> new IamTokenProvider(vertx, new IamTokenProvider.Credentials(
                    URI.create(config.text(AppConfig.DRS_IAM_ENDPOINT).orElseThrow()),
                    config.text(AppConfig.DRS_IAM_USER).orElseThrow(), config.text(AppConfig.DRS_IAM_PASSWORD).orElseThrow(),
                    config.text(AppConfig.DRS_IAM_DOMAIN).orElseThrow(), config.text(AppConfig.DRS_IAM_PROJECT).orElse(null)),
                    Duration.ofMinutes(30), Clock.systemUTC());
            case STATIC_TOKEN -> DrsCredentials.fixedToken(config.text(AppConfig.DRS_TOKEN).orElseThrow());
            case NONE -> throw new AppConfig.ConfigError(AppConfig.DRS_AK, "no DRS credentials configured");
        };
    }

    /** A client per region, each at the endpoint {@code endpoints} gives it. */
    static DrsClients clients(Vertx vertx, AppConfig config, RegionEndpoints endpoints, DrsCredentials credentials,
                              MeterRegistry metrics) {
        // The template's URL is replaced per region; any valid one will do here.
        DrsClientConfig template = DrsClientConfig.of(URI.create("https://drs.invalid"))
                .withLanguage(config.text(AppConfig.DRS_LANGUAGE).orElse("en-us"))
                .withBatchSize(config.intSetting(AppConfig.DRS_BATCH_SIZE))
                .withMaxConcurrentRequests(config.intSetting(AppConfig.DRS_CONCURRENCY))
                .withAuthRetryInterval(Duration.ofSeconds(config.intSetting(AppConfig.DRS_AUTH_RETRY_SECONDS)));
        return DrsClients.perRegion(vertx, template, credentials, metrics, endpoints);
    }
}
