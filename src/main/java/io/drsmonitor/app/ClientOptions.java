package io.drsmonitor.app;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.Option;

/** Where a client subcommand finds a running drs-monitor: the same settings as {@code run}. */
final class ClientOptions {
    @Option(names = {"-c", "--config"}, description = "Properties file with settings (environment variables DRSMON_* override it).")
    Path configFile;

    AppConfig config() {
        return AppConfig.load(Optional.ofNullable(configFile), System.getenv());
    }

    static String bootstrap(AppConfig config) {
        return config.kafkaBootstrap().orElse("127.0.0.1:" + config.kafkaEmbeddedPort());
    }

    static Map<String, Object> kafka(AppConfig config) {
        return config.kafkaClientConfig(bootstrap(config));
    }

    static Map<String, Object> serde(AppConfig config) {
        return config.registryClientConfig(config.registryUrl().orElse("http://127.0.0.1:" + config.registryEmbeddedPort()));
    }

    static String queryUrl(AppConfig config) {
        return "http://" + config.advertisedHost() + ":" + config.queryPort();
    }
}
