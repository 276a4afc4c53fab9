package io.drsmonitor.app;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;

/**
 * drs-monitor's settings: defaults, then a properties file, then environment variables
 * ({@code DRSMON_} + the name upper-cased with dots as underscores). Unknown names and bad values
 * stop start-up with the setting's name. Settings under {@code kafka.client.} pass through to every
 * Kafka client (SASL, SSL...), under {@code schema.registry.client.} to the registry client.
 */
public final class AppConfig {
    public static final String DEPLOYMENT_NAME = "deployment.name";
    public static final String KAFKA_BOOTSTRAP = "kafka.bootstrap.servers";
    public static final String KAFKA_EMBEDDED_PORT = "kafka.embedded.port";
    public static final String REGISTRY_URL = "schema.registry.url";
    public static final String REGISTRY_EMBEDDED_PORT = "schema.registry.embedded.port";
    public static final String DATA_DIR = "data.dir";
    public static final String BIND_HOST = "bind.host";
    public static final String TOPIC_PARTITIONS = "topics.partitions";
    public static final String TOPIC_REPLICATION = "topics.replication.factor";
    public static final String DRS_ENDPOINT = "drs.endpoint";
    public static final String DRS_REGION = "drs.region";
    public static final String DRS_REGION_ENDPOINTS = "drs.region.endpoints";
    public static final String DRS_AK = "drs.ak";
    public static final String DRS_SK = "drs.sk";
    public static final String DRS_SECURITY_TOKEN = "drs.security.token";
    public static final String DRS_AUTH_RETRY_SECONDS = "drs.auth.retry.seconds";
    public static final String DRS_TOKEN = "drs.auth.token";
    public static final String DRS_IAM_ENDPOINT = "drs.iam.endpoint";
    public static final String DRS_IAM_USER = "drs.iam.username";
    public static final String DRS_IAM_PASSWORD = "drs.iam.password";
    public static final String DRS_IAM_DOMAIN = "drs.iam.domain";
    public static final String DRS_IAM_PROJECT = "drs.iam.project";
    public static final String DRS_LANGUAGE = "drs.language";
    public static final String DRS_BATCH_SIZE = "drs.batch.size";
    public static final String DRS_CONCURRENCY = "drs.max.concurrent.requests";
    public static final String SIMULATOR_PORT = "simulator.port";
    public static final String DEMO_EVENTS = "demo.events";
    public static final String QUERY_PORT = "query.port";
    public static final String QUERY_ADVERTISED = "query.advertised.host";
    public static final String POLL_MIN_MS = "collector.poll.min.ms";
    public static final String POLL_MAX_MS = "collector.poll.max.ms";
    public static final String PRECHECK_DEADLINE_MIN = "collector.precheck.deadline.minutes";
    public static final String DR_DEADLINE_MIN = "collector.dr.deadline.minutes";
    public static final String CONFIRM_SECONDS = "collector.precheck.confirm.seconds";
    public static final String RETENTION_HOURS = "collector.retention.hours";
    public static final String STALL_MINUTES = "alerts.dr.stall.minutes";
    public static final String DEMO_STALL_SECONDS = "demo.dr.stall.seconds";
    public static final String STANDBY_REPLICAS = "streams.standby.replicas";
    public static final String ROCKSDB_MEMORY_MB = "streams.rocksdb.memory.mb";
    public static final String QUERY_INTERNAL_SECRET = "query.internal.secret";
    public static final String ALERTMANAGER_URL = "alerts.alertmanager.url";
    public static final String SLACK_WEBHOOK_URL = "alerts.slack.webhook.url";
    public static final String WEBHOOK_URL = "alerts.webhook.url";
    public static final String WEBHOOK_SECRET = "alerts.webhook.secret";
    public static final String ALERTS_MIN_SEVERITY = "alerts.min.severity";
    public static final String DASHBOARD_URL = "alerts.dashboard.url";
    public static final String ALERTMANAGER_RESEND_SECONDS = "alerts.alertmanager.resend.seconds";
    public static final String KAFKA_CLIENT_PREFIX = "kafka.client.";
    public static final String REGISTRY_CLIENT_PREFIX = "schema.registry.client.";
    static final String ENV_PREFIX = "DRSMON_";

    private static final Map<String, String> DEFAULTS = new LinkedHashMap<>();

    static {
        DEFAULTS.put(DEPLOYMENT_NAME, io.drsmonitor.kafka.TopicNames.DEFAULT_DEPLOYMENT);
        DEFAULTS.put(KAFKA_BOOTSTRAP, "");
        DEFAULTS.put(KAFKA_EMBEDDED_PORT, "9092");
        DEFAULTS.put(REGISTRY_URL, "");
        DEFAULTS.put(REGISTRY_EMBEDDED_PORT, "8081");
        DEFAULTS.put(DATA_DIR, "./data");
        DEFAULTS.put(BIND_HOST, "127.0.0.1");
        DEFAULTS.put(TOPIC_PARTITIONS, "3");
        DEFAULTS.put(TOPIC_REPLICATION, "1");
        DEFAULTS.put(DRS_ENDPOINT, "");
        DEFAULTS.put(DRS_REGION, "");
        DEFAULTS.put(DRS_REGION_ENDPOINTS, "");
        DEFAULTS.put(DRS_AK, "");
        DEFAULTS.put(DRS_SK, "");
        DEFAULTS.put(DRS_SECURITY_TOKEN, "");
        DEFAULTS.put(DRS_AUTH_RETRY_SECONDS, "60");
        DEFAULTS.put(DRS_TOKEN, "");
        DEFAULTS.put(DRS_IAM_ENDPOINT, "");
        DEFAULTS.put(DRS_IAM_USER, "");
        DEFAULTS.put(DRS_IAM_PASSWORD, "");
        DEFAULTS.put(DRS_IAM_DOMAIN, "");
        DEFAULTS.put(DRS_IAM_PROJECT, "");
        DEFAULTS.put(DRS_LANGUAGE, "en-us");
        DEFAULTS.put(DRS_BATCH_SIZE, "20");
        DEFAULTS.put(DRS_CONCURRENCY, "8");
        DEFAULTS.put(SIMULATOR_PORT, "8090");
        DEFAULTS.put(DEMO_EVENTS, "true");
        DEFAULTS.put(QUERY_PORT, "8080");
        DEFAULTS.put(QUERY_ADVERTISED, "");
        DEFAULTS.put(POLL_MIN_MS, "2000");
        DEFAULTS.put(POLL_MAX_MS, "30000");
        DEFAULTS.put(PRECHECK_DEADLINE_MIN, "60");
        DEFAULTS.put(DR_DEADLINE_MIN, "360");
        DEFAULTS.put(CONFIRM_SECONDS, "90");
        DEFAULTS.put(RETENTION_HOURS, "24");
        DEFAULTS.put(STALL_MINUTES, "10");
        DEFAULTS.put(DEMO_STALL_SECONDS, "15");
        DEFAULTS.put(STANDBY_REPLICAS, "0");
        DEFAULTS.put(ROCKSDB_MEMORY_MB, "64");
        DEFAULTS.put(QUERY_INTERNAL_SECRET, "");
        DEFAULTS.put(ALERTMANAGER_URL, "");
        DEFAULTS.put(SLACK_WEBHOOK_URL, "");
        DEFAULTS.put(WEBHOOK_URL, "");
        DEFAULTS.put(WEBHOOK_SECRET, "");
        DEFAULTS.put(ALERTS_MIN_SEVERITY, "info");
        DEFAULTS.put(DASHBOARD_URL, "");
        DEFAULTS.put(ALERTMANAGER_RESEND_SECONDS, "60");
    }

    private final Map<String, String> values;

    private AppConfig(Map<String, String> values) {
        this.values = values;
        validate();
    }

    /** Defaults overridden by {@code file} (if given) and then by the environment. */
    public static AppConfig load(Optional<Path> file, Map<String, String> env) {
        Map<String, String> values = new TreeMap<>(DEFAULTS);
        if (file.isPresent()) {
            Properties properties = new Properties();
            try (Reader reader = Files.newBufferedReader(file.get())) {
                properties.load(reader);
            } catch (IOException e) {
                throw new ConfigError("config file", "cannot read " + file.get() + ": " + e.getMessage());
            }
            properties.stringPropertyNames().forEach(name -> values.put(name, properties.getProperty(name).trim()));
        }
        Set<String> known = knownEnvNames(values);
        env.forEach((name, value) -> {
            if (name.startsWith(ENV_PREFIX)) {
                String setting = name.substring(ENV_PREFIX.length()).toLowerCase(Locale.ROOT).replace('_', '.');
                if (!known.contains(name) && !isPassThrough(setting)) {
                    throw new ConfigError(name, "unknown setting (known: " + String.join(", ", DEFAULTS.keySet()) + ")");
                }
                values.put(setting, value.trim());
            }
        });
        // Then fallbacks, for settings still empty, under the names other tools use: DRS_AUTH_TOKEN, and Huawei's SDK's own AK/SK names.
        fallback(values, env, "DRS_AUTH_TOKEN", DRS_TOKEN);
        if (values.get(DRS_TOKEN).isBlank() && values.get(DRS_IAM_USER).isBlank()) {
            // The SDK's variables are often exported in a Huawei user's shell: they fill in AK/SK
            // only when no other way to authenticate was chosen.
            fallback(values, env, "HUAWEICLOUD_SDK_AK", DRS_AK);
            fallback(values, env, "HUAWEICLOUD_SDK_SK", DRS_SK);
            fallback(values, env, "HUAWEICLOUD_SDK_SECURITY_TOKEN", DRS_SECURITY_TOKEN);
        }
        return new AppConfig(values);
    }

    public static AppConfig of(Map<String, String> overrides) {
        Map<String, String> values = new TreeMap<>(DEFAULTS);
        values.putAll(overrides);
        return new AppConfig(values);
    }

    /** These settings with {@code overrides} applied. */
    public AppConfig with(Map<String, String> overrides) {
        Map<String, String> copy = new TreeMap<>(values);
        copy.putAll(overrides);
        return new AppConfig(copy);
    }

    private static void fallback(Map<String, String> values, Map<String, String> env, String envName, String setting) {
        String value = env.get(envName);
        if (value != null && !value.isBlank() && values.get(setting).isBlank()) {
            values.put(setting, value.trim());
        }
    }

    private static Set<String> knownEnvNames(Map<String, String> values) {
        Set<String> names = new java.util.HashSet<>();
        values.keySet().forEach(k -> names.add(ENV_PREFIX + k.toUpperCase(Locale.ROOT).replace('.', '_')));
        return names;
    }

    private static boolean isPassThrough(String name) {
        return name.startsWith(KAFKA_CLIENT_PREFIX) || name.startsWith(REGISTRY_CLIENT_PREFIX);
    }

    private void validate() {
        values.keySet().stream()
                .filter(name -> !DEFAULTS.containsKey(name) && !isPassThrough(name))
                .findFirst()
                .ifPresent(name -> {
                    throw new ConfigError(name, "unknown setting (known: " + String.join(", ", DEFAULTS.keySet())
                            + ", and " + KAFKA_CLIENT_PREFIX + "*, " + REGISTRY_CLIENT_PREFIX + "*)");
                });
        port(KAFKA_EMBEDDED_PORT);
        port(REGISTRY_EMBEDDED_PORT);
        port(SIMULATOR_PORT);
        port(QUERY_PORT);
        for (String positive : new String[] {DRS_BATCH_SIZE, DRS_CONCURRENCY, DRS_AUTH_RETRY_SECONDS, POLL_MIN_MS, POLL_MAX_MS,
                PRECHECK_DEADLINE_MIN, DR_DEADLINE_MIN, STALL_MINUTES, DEMO_STALL_SECONDS, CONFIRM_SECONDS, RETENTION_HOURS,
                ROCKSDB_MEMORY_MB, ALERTMANAGER_RESEND_SECONDS}) {
            if (intValue(positive) < 1) {
                throw new ConfigError(positive, "must be at least 1");
            }
        }
        if (intValue(CONFIRM_SECONDS) < 70) {
            // A new owner confirms a start this long after it was marked; the old owner's last attempt
            // may leave up to the DRS call deadline (60 s) later and take a request timeout (10 s).
            throw new ConfigError(CONFIRM_SECONDS, "must be at least 70 (the DRS call deadline of 60 s plus a request timeout)");
        }
        if (intValue(POLL_MIN_MS) > intValue(POLL_MAX_MS)) {
            throw new ConfigError(POLL_MIN_MS, "must not exceed " + POLL_MAX_MS);
        }
        if (intValue(STANDBY_REPLICAS) < 0) {
            throw new ConfigError(STANDBY_REPLICAS, "must be 0 or more");
        }
        if (!io.drsmonitor.drs.DrsRules.LANGUAGES.contains(values.get(DRS_LANGUAGE))) {
            throw new ConfigError(DRS_LANGUAGE, "must be en-us or zh-cn");
        }
        drsEndpoint(); // fails on a malformed URL or region
        regionEndpoints(); // fails on a malformed list
        if (!"true".equals(values.get(DEMO_EVENTS)) && !"false".equals(values.get(DEMO_EVENTS))) {
            throw new ConfigError(DEMO_EVENTS, "must be true or false");
        }
        authMode(); // fails on two modes, half a mode, or none for a real endpoint
        if (text(DRS_IAM_USER).isPresent() && (text(DRS_IAM_PASSWORD).isEmpty() || text(DRS_IAM_DOMAIN).isEmpty()
                || text(DRS_IAM_ENDPOINT).isEmpty())) {
            throw new ConfigError(DRS_IAM_USER, "IAM needs " + DRS_IAM_ENDPOINT + ", " + DRS_IAM_PASSWORD + " and " + DRS_IAM_DOMAIN);
        }
        if (intValue(TOPIC_PARTITIONS) < 1) {
            throw new ConfigError(TOPIC_PARTITIONS, "must be at least 1");
        }
        if (intValue(TOPIC_REPLICATION) < 1 || intValue(TOPIC_REPLICATION) > Short.MAX_VALUE) {
            throw new ConfigError(TOPIC_REPLICATION, "must be at least 1");
        }
        if (!io.drsmonitor.kafka.TopicNames.valid(values.get(DEPLOYMENT_NAME))) {
            throw new ConfigError(DEPLOYMENT_NAME, "1 to 32 lower-case letters, digits or '-', starting with a letter");
        }
        alertSinks(); // fails on a malformed URL (never echoed: webhook URLs hold tokens) or severity
        registryUrl().ifPresent(url -> {
            if (!url.startsWith("http://") && !url.startsWith("https://")) {
                throw new ConfigError(REGISTRY_URL, "must be an http:// or https:// URL");
            }
        });
    }

    /** How drs-monitor authenticates to DRS: exactly one mode. */
    public enum AuthMode { AK_SK, IAM_PASSWORD, STATIC_TOKEN, NONE }

    /**
     * The one configured auth mode. Two modes, an AK without its SK (or the reverse), a security
     * token without AK/SK, or none at all for a real endpoint stop start-up naming the settings.
     */
    public AuthMode authMode() {
        boolean akSk = text(DRS_AK).isPresent() || text(DRS_SK).isPresent();
        boolean iam = text(DRS_IAM_USER).isPresent();
        boolean token = text(DRS_TOKEN).isPresent();
        int modes = (akSk ? 1 : 0) + (iam ? 1 : 0) + (token ? 1 : 0);
        if (modes > 1) {
            throw new ConfigError(akSk ? DRS_AK : DRS_IAM_USER, "choose one way to authenticate to DRS, not "
                    + String.join(" and ", java.util.stream.Stream.of(
                            akSk ? DRS_AK + "/" + DRS_SK + " (or HUAWEICLOUD_SDK_AK/HUAWEICLOUD_SDK_SK)" : null,
                            iam ? DRS_IAM_USER : null, token ? DRS_TOKEN + " (or DRS_AUTH_TOKEN)" : null)
                    .filter(java.util.Objects::nonNull).toList()));
        }
        if (akSk && text(DRS_AK).isEmpty()) {
            throw new ConfigError(DRS_AK, "is empty while " + DRS_SK + " is set (or HUAWEICLOUD_SDK_AK)");
        }
        if (akSk && text(DRS_SK).isEmpty()) {
            throw new ConfigError(DRS_SK, "is empty while " + DRS_AK + " is set (or HUAWEICLOUD_SDK_SK)");
        }
        if (!akSk && text(DRS_SECURITY_TOKEN).isPresent()) {
            throw new ConfigError(DRS_SECURITY_TOKEN, "is the token of temporary AK/SK credentials: set " + DRS_AK
                    + " and " + DRS_SK + " too");
        }
        if (modes == 0 && drsEndpoint().isPresent()) {
            throw new ConfigError(DRS_AK, "a real DRS endpoint needs credentials: " + DRS_AK + "/" + DRS_SK
                    + " (or HUAWEICLOUD_SDK_AK/HUAWEICLOUD_SDK_SK), or " + DRS_IAM_USER + "/" + DRS_IAM_PASSWORD + "/"
                    + DRS_IAM_DOMAIN + ", or " + DRS_TOKEN + " (or DRS_AUTH_TOKEN)");
        }
        return akSk ? AuthMode.AK_SK : iam ? AuthMode.IAM_PASSWORD : token ? AuthMode.STATIC_TOKEN : AuthMode.NONE;
    }

    /**
     * The real DRS endpoint of the default region: {@code drs.endpoint}, else the public endpoint
     * of {@code drs.region}. Empty means the built-in simulator.
     */
    public Optional<java.net.URI> drsEndpoint() {
        if (text(DRS_REGION).isPresent() && !io.drsmonitor.drs.DrsRules.isRegion(text(DRS_REGION).get())) {
            throw new ConfigError(DRS_REGION, "not a Huawei Cloud region id such as ap-southeast-1");
        }
        if (text(DRS_ENDPOINT).isEmpty() && text(DRS_REGION).isPresent()) {
            return Optional.of(io.drsmonitor.drs.DrsRegions.publicEndpoint(text(DRS_REGION).get()).orElseThrow(
                    () -> new ConfigError(DRS_REGION, "has no public DRS endpoint in the region table; set "
                            + DRS_ENDPOINT + " to its endpoint")));
        }
        return text(DRS_ENDPOINT).map(url -> url(DRS_ENDPOINT, url));
    }

    /** {@code drs.region.endpoints}: {@code region=URL} pairs, comma-separated, overriding the region table. */
    public Map<String, java.net.URI> regionEndpoints() {
        Map<String, java.net.URI> endpoints = new TreeMap<>();
        for (String pair : values.get(DRS_REGION_ENDPOINTS).split(",")) {
            if (pair.isBlank()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String region = eq < 0 ? "" : pair.substring(0, eq).trim();
            if (!io.drsmonitor.drs.DrsRules.isRegion(region)) {
                throw new ConfigError(DRS_REGION_ENDPOINTS, "expected region=URL pairs separated by commas, e.g. "
                        + "eu-west-101=https://drs.eu-west-101.myhuaweicloud.eu");
            }
            endpoints.put(region, url(DRS_REGION_ENDPOINTS, pair.substring(eq + 1).trim()));
        }
        return endpoints;
    }

    private static java.net.URI url(String setting, String url) {
        try {
            java.net.URI uri = java.net.URI.create(url);
            if (uri.getHost() == null || !(url.startsWith("http://") || url.startsWith("https://"))) {
                throw new IllegalArgumentException();
            }
            return uri;
        } catch (IllegalArgumentException e) {
            throw new ConfigError(setting, "must be an http:// or https:// URL");
        }
    }

    /** The alert sinks: URLs checked, severity parsed; a secret without a webhook is a mistake worth stopping for. */
    public AlertSinks alertSinks() {
        String severity = values.get(ALERTS_MIN_SEVERITY).toUpperCase(Locale.ROOT);
        if (!java.util.Set.of("CRITICAL", "WARNING", "INFO").contains(severity)) {
            throw new ConfigError(ALERTS_MIN_SEVERITY, "must be critical, warning or info");
        }
        if (text(WEBHOOK_SECRET).isPresent() && text(WEBHOOK_URL).isEmpty()) {
            throw new ConfigError(WEBHOOK_SECRET, "is set but " + WEBHOOK_URL + " is not");
        }
        return new AlertSinks(text(ALERTMANAGER_URL).map(u -> url(ALERTMANAGER_URL, u)),
                text(SLACK_WEBHOOK_URL).map(u -> url(SLACK_WEBHOOK_URL, u)), text(WEBHOOK_URL).map(u -> url(WEBHOOK_URL, u)),
                text(WEBHOOK_SECRET), io.drsmonitor.model.AlertSeverity.valueOf(severity),
                text(DASHBOARD_URL).map(u -> url(DASHBOARD_URL, u)), java.time.Duration.ofSeconds(intValue(ALERTMANAGER_RESEND_SECONDS)));
    }

    /** What {@link #alertSinks()} read; {@code dashboard} empty means this instance's own address. */
    public record AlertSinks(Optional<java.net.URI> alertmanager, Optional<java.net.URI> slack, Optional<java.net.URI> webhook,
                             Optional<String> webhookSecret, io.drsmonitor.model.AlertSeverity minSeverity,
                             Optional<java.net.URI> dashboard, java.time.Duration alertmanagerResend) {
        @Override
        public String toString() {
            return "AlertSinks[...]"; // URLs embed tokens
        }
    }

    /** The deployment's topic names and application ids ({@code deployment.name}). */
    public io.drsmonitor.kafka.TopicNames topicNames() {
        return new io.drsmonitor.kafka.TopicNames(values.get(DEPLOYMENT_NAME));
    }

    /** A setting's text, empty when blank. */
    public Optional<String> text(String name) {
        return Optional.ofNullable(values.get(name)).filter(s -> !s.isBlank());
    }

    public int intSetting(String name) {
        return intValue(name);
    }

    public boolean demoEvents() {
        return Boolean.parseBoolean(values.get(DEMO_EVENTS));
    }

    public Optional<String> kafkaBootstrap() {
        return Optional.of(values.get(KAFKA_BOOTSTRAP)).filter(s -> !s.isBlank());
    }

    public Optional<String> registryUrl() {
        return Optional.of(values.get(REGISTRY_URL)).filter(s -> !s.isBlank());
    }

    public int kafkaEmbeddedPort() {
        return port(KAFKA_EMBEDDED_PORT);
    }

    public int registryEmbeddedPort() {
        return port(REGISTRY_EMBEDDED_PORT);
    }

    public Path dataDir() {
        return Path.of(values.get(DATA_DIR));
    }

    public String bindHost() {
        return values.get(BIND_HOST);
    }

    public int topicPartitions() {
        return intValue(TOPIC_PARTITIONS);
    }

    public short topicReplication() {
        return (short) intValue(TOPIC_REPLICATION);
    }

    /** Settings for every Kafka client: bootstrap plus the kafka.client.* pass-through. */
    public Map<String, Object> kafkaClientConfig(String bootstrapServers) {
        Map<String, Object> config = new HashMap<>();
        values.forEach((name, value) -> {
            if (name.startsWith(KAFKA_CLIENT_PREFIX)) {
                config.put(name.substring(KAFKA_CLIENT_PREFIX.length()), value);
            }
        });
        config.put("bootstrap.servers", bootstrapServers);
        config.put(io.drsmonitor.streams.BoundedRocksDbMemory.MEMORY_BYTES, intValue(ROCKSDB_MEMORY_MB) * 1024L * 1024);
        return config;
    }

    /** Settings for the registry client: URL plus the schema.registry.client.* pass-through. */
    public Map<String, Object> registryClientConfig(String url) {
        Map<String, Object> config = new HashMap<>();
        values.forEach((name, value) -> {
            if (name.startsWith(REGISTRY_CLIENT_PREFIX)) {
                config.put(name.substring(REGISTRY_CLIENT_PREFIX.length()), value);
            }
        });
        config.put(REGISTRY_URL, url);
        return config;
    }

    private int intValue(String name) {
        try {
            return Integer.parseInt(values.get(name));
        } catch (NumberFormatException e) {
            throw new ConfigError(name, "expected a whole number");
        }
    }

    private int port(String name) {
        int port = intValue(name);
        if (port < 0 || port > 65535) {
            throw new ConfigError(name, "must be a port number from 0 to 65535");
        }
        return port;
    }

    /** A setting that stops start-up; the message names the setting, never a secret value. */
    public static final class ConfigError extends RuntimeException {
        public ConfigError(String setting, String problem) {
            super("Invalid configuration: " + setting + ": " + problem);
        }
    }
}
