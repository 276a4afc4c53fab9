package io.drsmonitor.app;

import static io.drsmonitor.app.Settings.*;

import io.drsmonitor.alerts.AlertSettings;
import io.drsmonitor.collector.CollectorSettings;
import io.drsmonitor.discovery.DiscoverySettings;
import io.drsmonitor.discovery.ProjectRef;
import io.drsmonitor.drs.DrsClient;
import io.drsmonitor.drs.DrsRegions;
import io.drsmonitor.drs.RegionEndpoints;
import io.drsmonitor.kafka.TopicNames;
import io.drsmonitor.model.AlertSeverity;
import io.drsmonitor.streams.BoundedRocksDbMemory;
import io.drsmonitor.streams.DrPaceRules;
import io.drsmonitor.streams.SummarySettings;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.types.Password;

/**
 * drs-monitor's settings as read: the defaults of {@link Settings}, then a properties file, then
 * environment variables ({@code DRSMON_} + the name upper-cased with dots as underscores). Unknown
 * names and bad values stop start-up with the setting's name, never a secret's value. Each subsystem's
 * settings are built here from typed values ({@link #collectorSettings()}, {@link #summarySettings()}...).
 *
 * <p>Over 300 lines: a typed accessor per setting and the checks that span settings (the one DRS auth
 * mode); reading sources is {@link ConfigSources}, single-setting rules are {@link Settings}'.
 */
public final class AppConfig {
    static final String ENV_PREFIX = "DRSMON_";
    private static final String LOOPBACK = "127.0.0.1";
    private static final Set<String> WILDCARDS = Set.of("0.0.0.0", "::", "[::]");

    /** As given (defaults excluded), for {@link #with}. */
    private final Map<String, String> given;
    /** Every defined setting, typed as {@link Settings#DEFINITION} says. */
    private final Map<String, Object> values = new HashMap<>();
    /** {@code discovery.projects}, parsed once. */
    private final List<ProjectRef> discoveryProjects;

    private AppConfig(Map<String, String> given) {
        this.given = given;
        given.keySet().stream().filter(name -> !Settings.isKnown(name)).findFirst().ifPresent(name -> {
            throw new ConfigError(name, "unknown setting (known: " + String.join(", ", DEFINITION.names())
                    + ", and " + KAFKA_CLIENT_PREFIX + "*, " + REGISTRY_CLIENT_PREFIX + "*)");
        });
        for (ConfigDef.ConfigKey key : DEFINITION.configKeys().values()) {
            values.put(key.name, Settings.parse(key, given.get(key.name)));
        }
        discoveryProjects = SettingValidators.parseDiscoveryProjects(DISCOVERY_PROJECTS, string(DISCOVERY_PROJECTS));
        checkTogether();
    }

    /** Defaults overridden by {@code file} (if given) and then by the environment ({@link ConfigSources}). */
    public static AppConfig load(Optional<Path> file, Map<String, String> env) {
        return new AppConfig(ConfigSources.read(file, env));
    }

    public static AppConfig of(Map<String, String> overrides) {
        return new AppConfig(new TreeMap<>(overrides));
    }

    /** These settings with {@code overrides} applied. */
    public AppConfig with(Map<String, String> overrides) {
        Map<String, String> copy = new TreeMap<>(given);
        copy.putAll(overrides);
        return new AppConfig(copy);
    }

    /** Checks that involve more than one setting. */
    private void checkTogether() {
        if (integer(POLL_MIN_MS) > integer(POLL_MAX_MS)) {
            throw new ConfigError(POLL_MIN_MS, "must not exceed " + POLL_MAX_MS);
        }
        drsEndpoint(); // fails on a region without a public endpoint
        authMode(); // fails on two modes, half a mode, or none for a real endpoint
        if (text(DRS_IAM_USER).isPresent() && (text(DRS_IAM_PASSWORD).isEmpty() || text(DRS_IAM_DOMAIN).isEmpty()
                || text(DRS_IAM_ENDPOINT).isEmpty())) {
            throw new ConfigError(DRS_IAM_USER, "IAM needs " + DRS_IAM_ENDPOINT + ", " + DRS_IAM_PASSWORD + " and " + DRS_IAM_DOMAIN);
        }
        if (text(WEBHOOK_SECRET).isPresent() && text(WEBHOOK_URL).isEmpty()) {
            throw new ConfigError(WEBHOOK_SECRET, "is set but " + WEBHOOK_URL + " is not");
        }
        if (drsEndpoint().isPresent()) {
            RegionEndpoints endpoints = RegionEndpoints.real(drsRegion().orElse(null), drsEndpoint().get(), regionEndpoints());
            discoveryProjects.stream().filter(project -> endpoints.endpoint(project.region()).isEmpty()).findFirst().ifPresent(project -> {
                throw new ConfigError(DISCOVERY_PROJECTS, "region " + project.region() + " has no DRS endpoint (not in the region "
                        + "table; set " + DRS_REGION_ENDPOINTS + ")");
            });
        }
    }

    /** Discovery's projects, intervals, page size and pre-check mode; no projects: discovery off. */
    public DiscoverySettings discoverySettings() {
        return new DiscoverySettings(discoveryProjects, Duration.ofSeconds(integer(DISCOVERY_INTERVAL_SECONDS)),
                Duration.ofSeconds(integer(DISCOVERY_STATUS_INTERVAL_SECONDS)), integer(DISCOVERY_PAGE_SIZE),
                DiscoverySettings.PrecheckMode.valueOf(string(DISCOVERY_PRECHECK).toUpperCase(Locale.ROOT)),
                Duration.ofMillis(Math.round((Double) values.get(DISCOVERY_PRECHECK_POLL_MINUTES) * 60_000)));
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
                    + String.join(" and ", Stream.of(
                            akSk ? DRS_AK + "/" + DRS_SK + " (or HUAWEICLOUD_SDK_AK/HUAWEICLOUD_SDK_SK)" : null,
                            iam ? DRS_IAM_USER : null, token ? DRS_TOKEN + " (or DRS_AUTH_TOKEN)" : null)
                    .filter(Objects::nonNull).toList()));
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
    public Optional<URI> drsEndpoint() {
        if (text(DRS_ENDPOINT).isEmpty() && drsRegion().isPresent()) {
            return Optional.of(DrsRegions.publicEndpoint(drsRegion().get()).orElseThrow(
                    () -> new ConfigError(DRS_REGION, "has no public DRS endpoint in the region table; set "
                            + DRS_ENDPOINT + " to its endpoint")));
        }
        return text(DRS_ENDPOINT).map(url -> SettingValidators.httpUrl(DRS_ENDPOINT, url));
    }

    /** {@code drs.region}: the default region, if set. */
    public Optional<String> drsRegion() {
        return text(DRS_REGION);
    }

    /** The region of jobs that name none: {@code drs.region}, else the client's default. */
    public String defaultRegion() {
        return drsRegion().orElse(DrsClient.DEFAULT_REGION);
    }

    /** {@code projects.names}: display names by project id. */
    public Map<String, String> projectNames() {
        return SettingValidators.parseProjectNames(PROJECT_NAMES, string(PROJECT_NAMES));
    }

    /** {@code metrics.fleet.items}: items with a {@code drs_fleet_item_jobs} series per verdict. */
    public int metricsFleetItems() {
        return integer(METRICS_FLEET_ITEMS);
    }

    /** {@code drs.region.endpoints}: {@code region=URL} pairs, comma-separated, overriding the region table. */
    public Map<String, URI> regionEndpoints() {
        return SettingValidators.parseRegionEndpoints(DRS_REGION_ENDPOINTS, string(DRS_REGION_ENDPOINTS));
    }

    /** Alert delivery's settings; links point at {@code alerts.dashboard.url}, else this instance's query API. */
    public AlertSettings alertSettings() {
        return AlertSettings.of(url(ALERTMANAGER_URL), url(SLACK_WEBHOOK_URL), url(WEBHOOK_URL), text(WEBHOOK_SECRET),
                AlertSeverity.valueOf(string(ALERTS_MIN_SEVERITY).toUpperCase(Locale.ROOT)),
                url(DASHBOARD_URL).orElse(URI.create("http://" + advertisedHost() + ":" + queryPort() + "/")),
                Duration.ofSeconds(integer(ALERTMANAGER_RESEND_SECONDS)));
    }

    /** The collector's polling, deadlines, start confirmation and retention. */
    public CollectorSettings collectorSettings() {
        return CollectorSettings.of(Duration.ofMillis(integer(POLL_MIN_MS)), Duration.ofMillis(integer(POLL_MAX_MS)),
                Duration.ofMinutes(integer(PRECHECK_DEADLINE_MIN)), Duration.ofMinutes(integer(DR_DEADLINE_MIN)),
                Duration.ofSeconds(integer(CONFIRM_SECONDS)), Duration.ofHours(integer(RETENTION_HOURS)));
    }

    /**
     * The summaries' settings. The local demo (built-in simulator with demo events) judges stalls after
     * {@code demo.dr.stall.seconds}, so one shows within its first minute; real DRS after {@code alerts.dr.stall.minutes}.
     */
    public SummarySettings summarySettings() {
        SummarySettings settings = localDemo()
                ? SummarySettings.withStallAfter(Duration.ofSeconds(integer(DEMO_STALL_SECONDS)), Duration.ofSeconds(5))
                : SummarySettings.withStallAfter(Duration.ofMinutes(integer(STALL_MINUTES)), Duration.ofSeconds(10));
        return settings.withRunsPerJob(integer(HISTORY_RUNS_PER_JOB)).withDrPace(new DrPaceRules(
                (Double) values.get(STALL_FACTOR), (Double) values.get(SLOW_RATIO), Duration.ofHours(integer(DR_DEADLINE_HOURS))));
    }

    /** The built-in simulator with its demo events: no DRS endpoint and {@code demo.events}. */
    public boolean localDemo() {
        return drsEndpoint().isEmpty() && demoEvents();
    }

    /** The deployment's topic names and application ids ({@code deployment.name}). */
    public TopicNames topicNames() {
        return new TopicNames(string(DEPLOYMENT_NAME));
    }

    /** A setting's text, empty when blank; a secret's value too (read it only to use it). */
    public Optional<String> text(String name) {
        Object value = values.get(name);
        String text = value instanceof Password password ? password.value() : (String) value;
        return Optional.ofNullable(text).filter(s -> !s.isBlank());
    }

    private String string(String name) {
        return (String) values.get(name);
    }

    private int integer(String name) {
        return (Integer) values.get(name);
    }

    private Optional<URI> url(String name) {
        return text(name).map(u -> SettingValidators.httpUrl(name, u));
    }

    public boolean demoEvents() {
        return (Boolean) values.get(DEMO_EVENTS);
    }

    public Optional<String> kafkaBootstrap() {
        return text(KAFKA_BOOTSTRAP);
    }

    public Optional<String> registryUrl() {
        return text(REGISTRY_URL);
    }

    public int kafkaEmbeddedPort() {
        return integer(KAFKA_EMBEDDED_PORT);
    }

    public int registryEmbeddedPort() {
        return integer(REGISTRY_EMBEDDED_PORT);
    }

    public int queryPort() {
        return integer(QUERY_PORT);
    }

    public int simulatorPort() {
        return integer(SIMULATOR_PORT);
    }

    /**
     * The host other instances reach this one's query API at: {@code query.advertised.host}, else
     * {@code bind.host}, else (listening on every interface) 127.0.0.1, which only this host reaches.
     */
    public String advertisedHost() {
        return text(QUERY_ADVERTISED).orElse(listensEverywhere() ? LOOPBACK : bindHost());
    }

    /**
     * Where the embedded broker and registry listen: {@code bind.host}, or 127.0.0.1 when that is every
     * interface. A broker cannot advertise 0.0.0.0, and local-mode infrastructure serves this process.
     */
    public String infrastructureHost() {
        return listensEverywhere() ? LOOPBACK : bindHost();
    }

    /** {@code bind.host} is a wildcard address: the HTTP servers listen on every interface. */
    public boolean listensEverywhere() {
        return WILDCARDS.contains(bindHost());
    }

    /** {@code query.internal.secret}; empty: this instance answers no forwarded read. */
    public String internalSecret() {
        return text(QUERY_INTERNAL_SECRET).orElse("");
    }

    public int standbyReplicas() {
        return integer(STANDBY_REPLICAS);
    }

    public Path dataDir() {
        return Path.of(string(DATA_DIR));
    }

    public String bindHost() {
        return string(BIND_HOST);
    }

    /** How long {@code drs.precheck.runs} keeps a run, when drs-monitor creates the topic. */
    public Duration runsRetention() {
        return Duration.ofDays(integer(HISTORY_RUNS_RETENTION_DAYS));
    }

    public int topicPartitions() {
        return integer(TOPIC_PARTITIONS);
    }

    public short topicReplication() {
        return (short) integer(TOPIC_REPLICATION);
    }

    public String logFormat() {
        return string(LOG_FORMAT);
    }

    public String drsLanguage() {
        return string(DRS_LANGUAGE);
    }

    public int drsBatchSize() {
        return integer(DRS_BATCH_SIZE);
    }

    public int drsMaxConcurrentRequests() {
        return integer(DRS_CONCURRENCY);
    }

    public Duration drsAuthRetry() {
        return Duration.ofSeconds(integer(DRS_AUTH_RETRY_SECONDS));
    }

    /** How long {@code run} waits for an external Kafka cluster to answer before it stops. */
    public Duration kafkaStartupWait() {
        return Duration.ofSeconds(integer(KAFKA_STARTUP_WAIT_SECONDS));
    }

    /** Settings for every Kafka client: bootstrap plus the kafka.client.* pass-through. */
    public Map<String, Object> kafkaClientConfig(String bootstrapServers) {
        Map<String, Object> config = new HashMap<>(passThrough(KAFKA_CLIENT_PREFIX));
        config.put("bootstrap.servers", bootstrapServers);
        config.put(BoundedRocksDbMemory.MEMORY_BYTES, integer(ROCKSDB_MEMORY_MB) * 1024L * 1024);
        return config;
    }

    /** Settings for the registry client: URL plus the schema.registry.client.* pass-through. */
    public Map<String, Object> registryClientConfig(String url) {
        Map<String, Object> config = new HashMap<>(passThrough(REGISTRY_CLIENT_PREFIX));
        config.put(REGISTRY_URL, url);
        return config;
    }

    private Map<String, String> passThrough(String prefix) {
        Map<String, String> config = new HashMap<>();
        given.forEach((name, value) -> {
            if (name.startsWith(prefix)) {
                config.put(name.substring(prefix.length()), value);
            }
        });
        return config;
    }

    @Override
    public String toString() {
        return "AppConfig[" + given.size() + " settings given]"; // values may be secrets
    }

    /** A setting that stops start-up; the message names the setting, never a secret value. */
    public static final class ConfigError extends RuntimeException {
        public ConfigError(String setting, String problem) {
            super("Invalid configuration: " + setting + ": " + problem);
        }
    }
}
