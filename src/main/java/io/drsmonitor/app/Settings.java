package io.drsmonitor.app;

import static io.drsmonitor.app.SettingValidators.atLeast;
import static io.drsmonitor.app.SettingValidators.between;
import static io.drsmonitor.app.SettingValidators.deploymentName;
import static io.drsmonitor.app.SettingValidators.oneOf;
import static io.drsmonitor.app.SettingValidators.oneOfIgnoringCase;
import static io.drsmonitor.app.SettingValidators.optionalUrl;
import static io.drsmonitor.app.SettingValidators.port;
import static io.drsmonitor.app.SettingValidators.projectNames;
import static io.drsmonitor.app.SettingValidators.region;
import static io.drsmonitor.app.SettingValidators.regionEndpoints;

import io.drsmonitor.drs.DrsRules;
import io.drsmonitor.kafka.TopicNames;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.types.Password;

/**
 * Every drs-monitor setting, defined once: name, type, default, validation, documentation, and
 * whether it is a secret ({@link Type#PASSWORD}: its value never shows in errors or {@code toString}).
 * Kafka's own {@link ConfigDef} holds the definitions; {@link AppConfig} reads values through it, and
 * the {@code settings} subcommand prints {@link #markdownTable()}, which the README's table must equal.
 * Checks that involve several settings (one DRS auth mode, poll min not above max) stay in {@link AppConfig}.
 *
 * <p>Over 300 lines: it is the list, one definition per setting with its documentation.
 */
public final class Settings {
    public static final String DEPLOYMENT_NAME = "deployment.name";
    public static final String KAFKA_BOOTSTRAP = "kafka.bootstrap.servers";
    public static final String KAFKA_EMBEDDED_PORT = "kafka.embedded.port";
    public static final String KAFKA_STARTUP_WAIT_SECONDS = "kafka.startup.wait.seconds";
    public static final String REGISTRY_URL = "schema.registry.url";
    public static final String REGISTRY_EMBEDDED_PORT = "schema.registry.embedded.port";
    public static final String DRS_AK = "drs.ak";
    public static final String DRS_SK = "drs.sk";
    public static final String DRS_SECURITY_TOKEN = "drs.security.token";
    public static final String DRS_REGION = "drs.region";
    public static final String DRS_ENDPOINT = "drs.endpoint";
    public static final String DRS_REGION_ENDPOINTS = "drs.region.endpoints";
    public static final String DRS_TOKEN = "drs.auth.token";
    public static final String DRS_IAM_ENDPOINT = "drs.iam.endpoint";
    public static final String DRS_IAM_USER = "drs.iam.username";
    public static final String DRS_IAM_PASSWORD = "drs.iam.password";
    public static final String DRS_IAM_DOMAIN = "drs.iam.domain";
    public static final String DRS_IAM_PROJECT = "drs.iam.project";
    public static final String DRS_AUTH_RETRY_SECONDS = "drs.auth.retry.seconds";
    public static final String DRS_LANGUAGE = "drs.language";
    public static final String DRS_BATCH_SIZE = "drs.batch.size";
    public static final String DRS_CONCURRENCY = "drs.max.concurrent.requests";
    public static final String POLL_MIN_MS = "collector.poll.min.ms";
    public static final String POLL_MAX_MS = "collector.poll.max.ms";
    public static final String PRECHECK_DEADLINE_MIN = "collector.precheck.deadline.minutes";
    public static final String DR_DEADLINE_MIN = "collector.dr.deadline.minutes";
    public static final String RETENTION_HOURS = "collector.retention.hours";
    public static final String CONFIRM_SECONDS = "collector.precheck.confirm.seconds";
    public static final String STALL_MINUTES = "alerts.dr.stall.minutes";
    public static final String STALL_FACTOR = "alerts.dr.stall.factor";
    public static final String SLOW_RATIO = "alerts.dr.slow.ratio";
    public static final String DR_DEADLINE_HOURS = "alerts.dr.init.deadline.hours";
    public static final String ALERTMANAGER_URL = "alerts.alertmanager.url";
    public static final String SLACK_WEBHOOK_URL = "alerts.slack.webhook.url";
    public static final String WEBHOOK_URL = "alerts.webhook.url";
    public static final String WEBHOOK_SECRET = "alerts.webhook.secret";
    public static final String ALERTS_MIN_SEVERITY = "alerts.min.severity";
    public static final String ALERTMANAGER_RESEND_SECONDS = "alerts.alertmanager.resend.seconds";
    public static final String DASHBOARD_URL = "alerts.dashboard.url";
    public static final String DEMO_STALL_SECONDS = "demo.dr.stall.seconds";
    public static final String HISTORY_RUNS_PER_JOB = "history.runs.per.job";
    public static final String HISTORY_RUNS_RETENTION_DAYS = "history.runs.retention.days";
    public static final String STANDBY_REPLICAS = "streams.standby.replicas";
    public static final String ROCKSDB_MEMORY_MB = "streams.rocksdb.memory.mb";
    public static final String QUERY_INTERNAL_SECRET = "query.internal.secret";
    public static final String QUERY_PORT = "query.port";
    public static final String QUERY_ADVERTISED = "query.advertised.host";
    public static final String SIMULATOR_PORT = "simulator.port";
    public static final String DEMO_EVENTS = "demo.events";
    public static final String DATA_DIR = "data.dir";
    public static final String BIND_HOST = "bind.host";
    public static final String TOPIC_PARTITIONS = "topics.partitions";
    public static final String TOPIC_REPLICATION = "topics.replication.factor";
    public static final String LOG_FORMAT = "log.format";
    public static final String PROJECT_NAMES = "projects.names";
    public static final String METRICS_FLEET_ITEMS = "metrics.fleet.items";
    public static final String DISCOVERY_PROJECTS = "discovery.projects";
    public static final String DISCOVERY_INTERVAL_SECONDS = "discovery.interval.seconds";
    public static final String DISCOVERY_STATUS_INTERVAL_SECONDS = "discovery.status.interval.seconds";
    public static final String DISCOVERY_PAGE_SIZE = "discovery.page.size";
    public static final String DISCOVERY_PRECHECK = "discovery.precheck";
    public static final String DISCOVERY_PRECHECK_POLL_MINUTES = "discovery.precheck.poll.minutes";

    /** Passed through, without the prefix, to every Kafka client. */
    public static final String KAFKA_CLIENT_PREFIX = "kafka.client.";
    /** Passed through, without the prefix, to the schema registry client. */
    public static final String REGISTRY_CLIENT_PREFIX = "schema.registry.client.";

    /**
     * A new owner confirms a start this long after it was marked; the old owner's last attempt may leave
     * up to the DRS call deadline (60 s) later and take a request timeout (10 s).
     */
    static final int MIN_CONFIRM_SECONDS = 70;

    private static final String NO_SECRET_ECHO = "(never logged)";

    static final ConfigDef DEFINITION = new ConfigDef()
            .define(DEPLOYMENT_NAME, Type.STRING, TopicNames.DEFAULT_DEPLOYMENT, deploymentName(), Importance.HIGH,
                    "prefix of every topic, application id and consumer group (see [Topics](#topics)); `submit` and `tail` "
                            + "read it too. Lower-case letters, digits, `-`")
            .define(KAFKA_BOOTSTRAP, Type.STRING, "", Importance.HIGH, "an external Kafka cluster; empty: the embedded broker")
            .define(KAFKA_STARTUP_WAIT_SECONDS, Type.INT, 12, between(1, 3600), Importance.LOW, "`run` with an external cluster "
                    + "stops, naming `kafka.bootstrap.servers`, unless a broker answers within this many seconds (raise it where "
                    + "Kafka may start after drs-monitor)")
            .define(KAFKA_EMBEDDED_PORT, Type.INT, 9092, port(), Importance.LOW, "port of the embedded broker")
            .define(REGISTRY_URL, Type.STRING, "", optionalUrl(), Importance.HIGH,
                    "Confluent SR, Karapace, or Apicurio's `/apis/ccompat/v7`; empty: the embedded registry. **Required** with "
                            + "`kafka.bootstrap.servers` (the embedded registry serves local mode only: each instance would "
                            + "allocate schema ids on its own)")
            .define(REGISTRY_EMBEDDED_PORT, Type.INT, 8081, port(), Importance.LOW, "port of the embedded registry")
            .define(DRS_AK, Type.STRING, "", Importance.HIGH, "**AK/SK credentials**: the access key (see "
                    + "[DRS authentication](#drs-authentication)); when empty, `$HUAWEICLOUD_SDK_AK`")
            .define(DRS_SK, Type.PASSWORD, "", Importance.HIGH, "the secret key of `drs.ak`; when empty, `$HUAWEICLOUD_SDK_SK`")
            .define(DRS_SECURITY_TOKEN, Type.PASSWORD, "", Importance.MEDIUM, "with temporary AK/SK: sent as "
                    + "`X-Security-Token` and signed; when empty, `$HUAWEICLOUD_SDK_SECURITY_TOKEN`")
            .define(DRS_REGION, Type.STRING, "", region(), Importance.HIGH, "the default region: jobs whose "
                    + "`JobEvent.region` is empty belong to it; with no `drs.endpoint`, its public endpoint from the region table")
            .define(DRS_ENDPOINT, Type.STRING, "", optionalUrl(), Importance.HIGH, "the default region's DRS base URL (a "
                    + "private or proxy endpoint); without `drs.region` it serves every region not in `drs.region.endpoints`; "
                    + "with neither: the built-in simulator")
            .define(DRS_REGION_ENDPOINTS, Type.STRING, "", regionEndpoints(), Importance.MEDIUM, "`region=URL` pairs, "
                    + "comma-separated, for regions outside the table or behind a proxy, e.g. `eu-west-101=https://drs.example/eu`")
            .define(DRS_TOKEN, Type.PASSWORD, "", Importance.MEDIUM,
                    "a static `X-Auth-Token` instead of AK/SK; when empty, `$DRS_AUTH_TOKEN`")
            .define(DRS_IAM_ENDPOINT, Type.STRING, "", optionalUrl(), Importance.MEDIUM,
                    "IAM password login instead of AK/SK: IAM's base URL; the token is renewed before it expires")
            .define(DRS_IAM_USER, Type.STRING, "", Importance.MEDIUM, "IAM password login: the user name")
            .define(DRS_IAM_PASSWORD, Type.PASSWORD, "", Importance.MEDIUM, "IAM password login: the password")
            .define(DRS_IAM_DOMAIN, Type.STRING, "", Importance.MEDIUM, "IAM password login: the account (domain) name")
            .define(DRS_IAM_PROJECT, Type.STRING, "", Importance.LOW, "IAM password login: the default region's project "
                    + "name; other regions use their region id, the name of a region's default project")
            .define(DRS_AUTH_RETRY_SECONDS, Type.INT, 60, atLeast(1), Importance.LOW, "after DRS refused the credentials "
                    + "(401), calls to that region are held back this long before one tries again")
            .define(DRS_LANGUAGE, Type.STRING, "en-us", oneOf(DrsRules.LANGUAGES), Importance.LOW,
                    "`X-Language`: `en-us` or `zh-cn`")
            .define(DRS_BATCH_SIZE, Type.INT, 20, atLeast(1), Importance.LOW, "jobs per `batch-precheck-result` / "
                    + "`batch-struct-process` call (no documented maximum); `batch-precheck` takes at most 10 whatever this says")
            .define(DRS_CONCURRENCY, Type.INT, 8, atLeast(1), Importance.LOW, "DRS requests in flight")
            .define(POLL_MIN_MS, Type.INT, 2000, atLeast(1), Importance.MEDIUM, "poll interval while progress moves")
            .define(POLL_MAX_MS, Type.INT, 30000, atLeast(1), Importance.MEDIUM, "poll interval after backing off")
            .define(PRECHECK_DEADLINE_MIN, Type.INT, 60, atLeast(1), Importance.MEDIUM,
                    "a pre-check unfinished after this is published as an API failure and polling stops")
            .define(DR_DEADLINE_MIN, Type.INT, 360, atLeast(1), Importance.MEDIUM,
                    "a DR initialization unfinished after this is published as an API failure and polling stops")
            .define(RETENTION_HOURS, Type.INT, 24, atLeast(1), Importance.LOW, "a finished job leaves the collector's store "
                    + "this long after its last change (its snapshots stay in the compacted topics); the tick reads only jobs "
                    + "with calls to make")
            .define(CONFIRM_SECONDS, Type.INT, 90, atLeast(MIN_CONFIRM_SECONDS), Importance.LOW, "a pre-check start that "
                    + "got no clean answer is confirmed with DRS (`batch-precheck-result`) this long after it left, never sent "
                    + "again blindly; at least 70 (the DRS call deadline of 60 s plus a request timeout)")
            .define(STALL_MINUTES, Type.INT, 10, atLeast(1), Importance.MEDIUM,
                    "a DR initialization whose last progress was observed this long ago is stalled (and longer than "
                    + "`alerts.dr.stall.factor` x its typical gap between progress steps)")
            .define(STALL_FACTOR, Type.DOUBLE, 3.0, ConfigDef.Range.atLeast(1), Importance.MEDIUM, "a DR initialization is "
                    + "stalled only once its progress has been still for this many times its typical gap between progress "
                    + "steps (an EWMA), so a job that reports progress every 12 minutes is not stalled between steps")
            .define(SLOW_RATIO, Type.DOUBLE, 0.2, ConfigDef.Range.between(0, 1), Importance.MEDIUM, "`DR_INIT_SLOW` fires "
                    + "when a DR initialization's smoothed rate stays below this fraction of its own peak rate for "
                    + "`alerts.dr.stall.minutes` (and the stall factor x its typical gap); 0: off")
            .define(DR_DEADLINE_HOURS, Type.INT, 0, atLeast(0), Importance.MEDIUM, "`DR_INIT_SLOW` also fires when a DR "
                    + "initialization's estimated completion is later than this many hours after its start; 0: off")
            .define(ALERTMANAGER_URL, Type.STRING, "", optionalUrl(), Importance.MEDIUM, "Prometheus Alertmanager's base URL, "
                    + "e.g. `http://alertmanager:9093` (see [Alerting](#alerting))")
            .define(SLACK_WEBHOOK_URL, Type.PASSWORD, "", optionalUrl(), Importance.MEDIUM, "a Slack (or Mattermost, "
                    + "Rocket.Chat...) incoming-webhook URL; it holds a token: secret")
            .define(WEBHOOK_URL, Type.PASSWORD, "", optionalUrl(), Importance.MEDIUM,
                    "a generic JSON webhook URL; it may hold a token: secret")
            .define(WEBHOOK_SECRET, Type.PASSWORD, "", Importance.MEDIUM,
                    "the key of the webhook's HMAC-SHA256 signature header; empty: bodies are unsigned")
            .define(ALERTS_MIN_SEVERITY, Type.STRING, "info", oneOfIgnoringCase(Set.of("critical", "warning", "info")),
                    Importance.MEDIUM, "`critical`, `warning` or `info`: less urgent alerts go to no sink (they stay on "
                            + "`drs.alerts` and the dashboard)")
            .define(ALERTMANAGER_RESEND_SECONDS, Type.INT, 60, atLeast(1), Importance.LOW, "firing alerts are re-posted to "
                    + "Alertmanager this often, with `endsAt` four periods ahead (Prometheus' resend delay)")
            .define(DASHBOARD_URL, Type.STRING, "", optionalUrl(), Importance.LOW, "the dashboard address people open, for "
                    + "links in alerts; empty: `http://<query.advertised.host>:<query.port>/`")
            .define(DEMO_STALL_SECONDS, Type.INT, 15, atLeast(1), Importance.LOW, "`alerts.dr.stall.minutes` for the local "
                    + "demo only (built-in simulator with demo events), so a stall shows within its first minute")
            .define(HISTORY_RUNS_PER_JOB, Type.INT, 20, atLeast(1), Importance.MEDIUM, "finished pre-check runs kept per "
                    + "job for `GET /api/jobs/{jobId}/runs` (older runs drop off; every run stays on `drs.precheck.runs`)")
            .define(HISTORY_RUNS_RETENTION_DAYS, Type.INT, 90, atLeast(1), Importance.MEDIUM, "retention of "
                    + "`drs.precheck.runs` when drs-monitor creates it (an existing topic keeps its own)")
            .define(STANDBY_REPLICAS, Type.INT, 0, atLeast(0), Importance.MEDIUM, "standby replicas of the summaries' stores; "
                    + "the query API answers from a standby while the active copy is unreachable")
            .define(ROCKSDB_MEMORY_MB, Type.INT, 64, atLeast(1), Importance.LOW, "off-heap memory of all RocksDB stores of "
                    + "the process (collector and summaries): one shared block cache, memtables counted against it. The "
                    + "summaries keep only `recent-alerts` and `precheck-runs` in RocksDB; their per-job and "
                    + "per-project states are kept on the Java heap (about 2 KiB per job, a few KiB per project), "
                    + "restored from their changelogs at start")
            .define(QUERY_INTERNAL_SECRET, Type.PASSWORD, "", Importance.HIGH, "shared by every instance: the "
                    + "`/api/internal/...` routes (one instance reading another's stores) answer only requests carrying it; "
                    + "empty: this instance answers no forwarded read")
            .define(QUERY_PORT, Type.INT, 8080, port(), Importance.HIGH, "query API and dashboard port")
            .define(QUERY_ADVERTISED, Type.STRING, "", Importance.HIGH,
                    "the host other instances use to reach this one's query API; empty: `bind.host`")
            .define(SIMULATOR_PORT, Type.INT, 8090, port(), Importance.LOW, "port of the local-mode DRS simulator")
            .define(DEMO_EVENTS, Type.BOOLEAN, true, Importance.LOW,
                    "whether local mode sends the demo's job events to the simulator's demo jobs")
            .define(DATA_DIR, Type.STRING, "./data", Importance.HIGH, "broker data and Kafka Streams state")
            .define(BIND_HOST, Type.STRING, "127.0.0.1", Importance.HIGH, "address the query API and dashboard listen on; `0.0.0.0` for "
                    + "every interface, the embedded broker and registry then staying on 127.0.0.1")
            .define(LOG_FORMAT, Type.STRING, LogFormat.TEXT, oneOf(Set.of(LogFormat.TEXT, LogFormat.JSON)), Importance.LOW,
                    "`text`, or `json`: one JSON object per line (logback's `JsonEncoder`: `timestamp`, `level`, "
                            + "`loggerName`, `threadName`, `formattedMessage`, `throwable`...) for log pipelines")
            .define(PROJECT_NAMES, Type.STRING, "", projectNames(), Importance.MEDIUM, "`projectId=name` pairs, "
                    + "comma-separated: the names the API and dashboard show beside project ids (DRS has no project names)")
            .define(METRICS_FLEET_ITEMS, Type.INT, 20, atLeast(0), Importance.LOW, "check items with a "
                    + "`drs_fleet_item_jobs` series per verdict, the most affecting first: bounds the metric's cardinality")
            .define(DISCOVERY_PROJECTS, Type.STRING, "", Importance.HIGH, "**Discovery** (see "
                    + "[Point it at your projects](#point-it-at-your-projects)): `region:projectId` pairs, comma-separated, e.g. "
                    + "`ap-southeast-1:0a1b...,eu-west-101:9f8e...`; their DRS jobs are listed and followed with no event "
                    + "producer to write. Empty: discovery off. Same credentials and region endpoints as the collector")
            .define(DISCOVERY_INTERVAL_SECONDS, Type.INT, 300, atLeast(1), Importance.MEDIUM, "each project's job list (ShowJobList, "
                    + "every page of each `db_use_type`) is read this often; a job missing from two complete listings in a row is deleted")
            .define(DISCOVERY_STATUS_INTERVAL_SECONDS, Type.INT, 30, atLeast(1), Importance.MEDIUM, "between listings, the "
                    + "status of the jobs discovery follows is read this often, `discovery.page.size` jobs per `batch-status` call")
            .define(DISCOVERY_PAGE_SIZE, Type.INT, DrsRules.MAX_LIST_PAGE, between(1, DrsRules.MAX_LIST_PAGE), Importance.LOW,
                    "jobs per ShowJobList page and per `batch-status` call: 1 to 100 (ShowJobList's documented maximum)")
            .define(DISCOVERY_PRECHECK, Type.STRING, "observe", oneOf(Set.of("observe", "start", "off")), Importance.MEDIUM,
                    "`observe`: the pre-check of a discovered job in CONFIGURATION is asked for (read-only) every "
                            + "`discovery.precheck.poll.minutes`, so one started in the console or by Terraform is followed; "
                            + "`start`: also request a pre-check for each new job in CONFIGURATION (a side effect in your "
                            + "account, started at most once); `off`")
            .define(DISCOVERY_PRECHECK_POLL_MINUTES, Type.DOUBLE, 5.0, ConfigDef.Range.atLeast(0.01), Importance.LOW,
                    "how often discovery asks DRS for the pre-checks of its jobs in CONFIGURATION (one `batch-precheck-result` "
                            + "per project); fractions allowed")
            .define(TOPIC_PARTITIONS, Type.INT, 3, atLeast(1), Importance.MEDIUM, "partitions of the topics drs-monitor creates")
            .define(TOPIC_REPLICATION, Type.INT, 1, ConfigDef.Range.between(1, Short.MAX_VALUE), Importance.MEDIUM,
                    "replication factor of the topics drs-monitor creates");

    /** The pass-through prefixes, documented beside the settings. */
    private static final List<String[]> PREFIX_ROWS = List.of(
            new String[] {KAFKA_CLIENT_PREFIX + "*", "passed to every Kafka client, e.g. `kafka.client.security.protocol=SASL_SSL`, "
                    + "`kafka.client.sasl.mechanism`, `kafka.client.sasl.jaas.config`, `kafka.client.ssl.truststore.location`"},
            new String[] {REGISTRY_CLIENT_PREFIX + "*", "Confluent's client settings, e.g. "
                    + "`schema.registry.client.basic.auth.credentials.source=USER_INFO`, "
                    + "`schema.registry.client.basic.auth.user.info=user:secret`, "
                    + "`schema.registry.client.schema.registry.ssl.truststore.location`"});

    private Settings() {
    }

    /** True for a defined setting or a name under a pass-through prefix. */
    static boolean isKnown(String name) {
        return DEFINITION.names().contains(name) || isPassThrough(name);
    }

    static boolean isPassThrough(String name) {
        return name.startsWith(KAFKA_CLIENT_PREFIX) || name.startsWith(REGISTRY_CLIENT_PREFIX);
    }

    /** {@code DRSMON_} + the name upper-cased with dots as underscores. */
    static String environmentName(String setting) {
        return AppConfig.ENV_PREFIX + setting.toUpperCase(Locale.ROOT).replace('.', '_');
    }

    /** Parsed and validated; a type error names the expected type, and echoes no secret. */
    static Object parse(ConfigDef.ConfigKey key, String given) {
        Object value;
        if (given == null) {
            value = key.defaultValue;
        } else {
            try {
                value = ConfigDef.parseType(key.name, given.trim(), key.type);
            } catch (ConfigException e) {
                throw new AppConfig.ConfigError(key.name, switch (key.type) {
                    case INT, LONG, SHORT -> "expected a whole number";
                    case BOOLEAN -> "must be true or false";
                    default -> "expected a " + key.type.name().toLowerCase(Locale.ROOT);
                });
            }
        }
        if (key.validator != null) {
            try {
                key.validator.ensureValid(key.name, value);
            } catch (ConfigException e) {
                throw new AppConfig.ConfigError(key.name, key.type == ConfigDef.Type.PASSWORD ? "invalid value" : e.getMessage());
            }
        }
        return value;
    }

    /** Every setting as the README's Markdown table, in definition order, then the pass-through prefixes. */
    public static String markdownTable() {
        List<String> lines = new ArrayList<>();
        lines.add("| setting | type | default | meaning |");
        lines.add("|---|---|---|---|");
        for (ConfigDef.ConfigKey key : DEFINITION.configKeys().values()) {
            String type = key.type == Type.PASSWORD ? "secret" : key.type.name().toLowerCase(Locale.ROOT);
            Object def = key.defaultValue instanceof Password ? "" : key.defaultValue;
            String shown = def == null || def.toString().isEmpty() ? "(empty)" : "`" + def + "`";
            String doc = key.type == Type.PASSWORD ? key.documentation + " " + NO_SECRET_ECHO : key.documentation;
            lines.add("| `" + key.name + "` | " + type + " | " + shown + " | " + doc + " |");
        }
        for (String[] row : PREFIX_ROWS) {
            lines.add("| `" + row[0] + "` | prefix | | " + row[1] + " |");
        }
        return String.join("\n", lines) + "\n";
    }
}
