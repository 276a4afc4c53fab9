package io.drsmonitor.app;

import io.drsmonitor.drs.DrsClient;
import io.drsmonitor.drs.DrsClientConfig;
import io.drsmonitor.drs.IamTokenProvider;
import io.drsmonitor.drs.TokenProvider;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Vertx;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;

/** Builds the DRS client from the settings: endpoint or region, static token or IAM. */
final class DrsSetup {
    private DrsSetup() {
    }

    static DrsClient client(Vertx vertx, AppConfig config, URI endpoint, String simulatorToken, MeterRegistry metrics) {
        DrsClientConfig clientConfig = DrsClientConfig.of(endpoint)
                .withLanguage(config.text(AppConfig.DRS_LANGUAGE).orElse("en-us"))
                .withBatchSize(config.intSetting(AppConfig.DRS_BATCH_SIZE))
                .withMaxConcurrentRequests(config.intSetting(AppConfig.DRS_CONCURRENCY));
        return new DrsClient(vertx, clientConfig, tokens(vertx, config, simulatorToken), metrics);
    }

    private static TokenProvider tokens(Vertx vertx, AppConfig config, String simulatorToken) {
        if (simulatorToken != null) {
            return TokenProvider.fixed(simulatorToken);
        }
        if (config.text(AppConfig.DRS_IAM_USER).isPresent()) {
            return new IamTokenProvider(vertx, new IamTokenProvider.Credentials(
                    URI.create(config.text(AppConfig.DRS_IAM_ENDPOINT).orElseThrow()),
                    config.text(AppConfig.DRS_IAM_USER).orElseThrow(), config.text(AppConfig.DRS_IAM_PASSWORD).orElseThrow(),
                    config.text(AppConfig.DRS_IAM_DOMAIN).orElseThrow(), config.text(AppConfig.DRS_IAM_PROJECT).orElse(null)),
                    Duration.ofMinutes(30), Clock.systemUTC());
        }
        return TokenProvider.fixed(config.text(AppConfig.DRS_TOKEN).orElseThrow(
                () -> new AppConfig.ConfigError(AppConfig.DRS_TOKEN, "no DRS token configured")));
    }
}
