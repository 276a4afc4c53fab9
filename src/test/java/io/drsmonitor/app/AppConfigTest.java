package io.drsmonitor.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.drsmonitor.discovery.DiscoverySettings;
import io.drsmonitor.discovery.ProjectRef;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import java.net.URI;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.function.Executable;

class AppConfigTest {

    @Test
    void defaultsAreLocalMode() {
        AppConfig config = AppConfig.load(Optional.empty(), Map.of());
        assertTrue(config.kafkaBootstrap().isEmpty());
        assertTrue(config.registryUrl().isEmpty());
        assertEquals(9092, config.kafkaEmbeddedPort());
        assertEquals(8081, config.registryEmbeddedPort());
        assertEquals("127.0.0.1", config.bindHost());
    }

    @Test
    void environmentOverridesTheFileWhichOverridesDefaults(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("drs.properties");
        Files.writeString(file, "kafka.bootstrap.servers=broker:9092\ntopics.partitions=6\n"
                + "kafka.client.security.protocol=SASL_SSL\n");
        AppConfig config = AppConfig.load(Optional.of(file), Map.of("DRSMON_TOPICS_PARTITIONS", "12", "PATH", "/bin"));
        assertEquals("broker:9092", config.kafkaBootstrap().orElseThrow());
        assertEquals(12, config.topicPartitions());
        assertEquals("SASL_SSL", config.kafkaClientConfig("b:1").get("security.protocol"));
        assertEquals("b:1", config.kafkaClientConfig("b:1").get("bootstrap.servers"));
    }

    @Test
    void unknownOrInvalidSettingsFailNamingTheSetting(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("drs.properties");
        Files.writeString(file, "kafka.bootstrap.server=typo:9092\n");
        assertMessage("kafka.bootstrap.server", () -> AppConfig.load(Optional.of(file), Map.of()));
        assertMessage("DRSMON_NO_SUCH", () -> AppConfig.load(Optional.empty(), Map.of("DRSMON_NO_SUCH", "1")));
        assertMessage("kafka.embedded.port", () -> AppConfig.of(Map.of("kafka.embedded.port", "99999")));
        assertMessage("topics.partitions", () -> AppConfig.of(Map.of("topics.partitions", "many")));
        assertMessage("schema.registry.url", () -> AppConfig.of(Map.of("schema.registry.url", "ftp://x")));
    }

    @Test
    void discoveryProjectsAreParsedOnceAndABadOneStopsStartUpNamingTheSetting() {
        AppConfig config = AppConfig.of(Map.of("discovery.projects", " ap-southeast-1:0a1b2c3d, eu-west-101:9f8e7d6c,,ap-southeast-1:0a1b2c3d ",
                "discovery.precheck", "start", "discovery.precheck.poll.minutes", "0.5"));
        DiscoverySettings discovery = config.discoverySettings();
        assertEquals(List.of(new ProjectRef("ap-southeast-1", "0a1b2c3d"), new ProjectRef("eu-west-101", "9f8e7d6c")), discovery.projects());
        assertEquals(Duration.ofSeconds(300), discovery.listEvery());
        assertEquals(Duration.ofSeconds(30), discovery.statusEvery());
        assertEquals(100, discovery.pageSize());
        assertEquals(DiscoverySettings.PrecheckMode.START, discovery.precheck());
        assertEquals(Duration.ofSeconds(30), discovery.precheckPollEvery());
        assertTrue(!AppConfig.of(Map.of()).discoverySettings().enabled(), "no projects: discovery off");

        assertMessage("discovery.projects", () -> AppConfig.of(Map.of("discovery.projects", "0a1b2c3d")));
        assertMessage("discovery.projects", () -> AppConfig.of(Map.of("discovery.projects", "Not A Region:0a1b2c3d")));
        assertMessage("discovery.projects", () -> AppConfig.of(Map.of("discovery.projects", "ap-southeast-1:has/slash")));
        assertMessage("discovery.page.size", () -> AppConfig.of(Map.of("discovery.page.size", "101")));
        assertMessage("discovery.precheck", () -> AppConfig.of(Map.of("discovery.precheck", "always")));
        // A real endpoint for the default region only: a project in a region without one is refused at start.
        assertMessage("discovery.projects", () -> AppConfig.of(Map.of("drs.endpoint", "https://drs.example", "drs.region", "ap-southeast-1",
                "drs.ak", "AK", "drs.sk", "SK", "discovery.projects", "xx-nowhere-9:0a1b2c3d")));
    }

    /** A Service named drsmon makes Kubernetes inject these into every container of its namespace (service links). */
    @Test
    void kubernetesServiceLinkVariablesAreIgnored() {
        Map<String, String> env = new HashMap<>(Map.of(
                "DRSMON_PORT", "tcp://10.96.0.12:8080",
                "DRSMON_PORT_8080_TCP", "tcp://10.96.0.12:8080",
                "DRSMON_PORT_8080_TCP_ADDR", "10.96.0.12",
                "DRSMON_PORT_8080_TCP_PORT", "8080",
                "DRSMON_PORT_8080_TCP_PROTO", "tcp",
                "DRSMON_PORT_9093_UDP_ADDR", "10.96.0.12",
                "DRSMON_PORT_38412_SCTP", "sctp://10.96.0.12:38412",
                "DRSMON_SERVICE_HOST", "10.96.0.12",
                "DRSMON_SERVICE_PORT", "8080",
                "DRSMON_SERVICE_PORT_HTTP", "8080"));
        env.put("DRSMON_SERVICE_PORT_HTTP_METRICS", "9404");
        env.put("DRSMON_TOPICS_PARTITIONS", "6");
        AppConfig config = AppConfig.load(Optional.empty(), env);
        assertEquals(6, config.topicPartitions(), "the real settings beside them are read");
        assertEquals(8080, config.queryPort(), "DRSMON_SERVICE_PORT is not query.port");
        assertEquals("127.0.0.1", config.bindHost(), "DRSMON_SERVICE_HOST is not bind.host");
        assertTrue(ConfigSources.read(Optional.empty(), env).keySet().stream().noneMatch(s -> s.startsWith("port") || s.startsWith("service")),
                "none of them becomes a setting");
    }

    @Test
    void otherUnknownDrsmonNamesStillStopStartUpBesideServiceLinks() {
        for (String unknown : new String[] {"DRSMON_PORTS", "DRSMON_PORT_8080", "DRSMON_PORT_8080_TCP_HOST", "DRSMON_PORT_HTTP_TCP",
                "DRSMON_PORT_8080_ICMP", "DRSMON_SERVICE", "DRSMON_SERVICE_HOSTS", "DRSMON_SERVICE_PORT_", "DRSMON_QUERY_PORTS",
                "DRSMON_KAFKA_BOOTSTRAP_SERVER", "DRSMON_SERVICE_PORT_http"}) {
            assertMessage(unknown, () -> AppConfig.load(Optional.empty(), Map.of("DRSMON_SERVICE_HOST", "10.96.0.12", unknown, "1")));
        }
    }

    @Test
    void drsSettingsAreCheckedTogether() {
        AppConfig token = AppConfig.load(Optional.empty(), Map.of("DRSMON_DRS_REGION", "ap-southeast-1", "DRS_AUTH_TOKEN", "t0k"));
        assertEquals("https://drs.ap-southeast-1.myhuaweicloud.com", token.drsEndpoint().orElseThrow().toString());
        assertEquals("t0k", token.text(Settings.DRS_TOKEN).orElseThrow());
        assertTrue(AppConfig.of(Map.of()).drsEndpoint().isEmpty(), "no endpoint: the built-in simulator");
        assertMessage("drs.ak", () -> AppConfig.of(Map.of("drs.endpoint", "https://drs.example.test")));
        assertEquals("https://a.test", AppConfig.of(Map.of("drs.endpoint", "https://a.test", "drs.region", "ap-southeast-1",
                "drs.auth.token", "x")).drsEndpoint().orElseThrow().toString(), "drs.endpoint overrides the region's endpoint");
        assertMessage("drs.region", () -> AppConfig.of(Map.of("drs.region", "mars", "drs.auth.token", "x")));
        assertMessage("drs.iam.username", () -> AppConfig.of(Map.of("drs.region", "cn-north-4", "drs.iam.username", "ops")));
        assertMessage("drs.language", () -> AppConfig.of(Map.of("drs.language", "fr-fr")));
        assertMessage("collector.poll.min.ms", () -> AppConfig.of(Map.of("collector.poll.min.ms", "5000", "collector.poll.max.ms", "100")));
        AppConfig.ConfigError e = Assertions.assertThrows(AppConfig.ConfigError.class,
                () -> AppConfig.of(Map.of("drs.endpoint", "not a url", "drs.auth.token", "hunter2")));
        assertTrue(!e.getMessage().contains("hunter2"), "no secret in the error");
    }

    @Test
    void exactlyOneAuthModeIsChosenWithTheSdksEnvironmentNamesAsFallbacks() {
        AppConfig sdkEnv = AppConfig.load(Optional.empty(), Map.of("DRSMON_DRS_REGION", "eu-west-101",
                "HUAWEICLOUD_SDK_AK", "AKFROMTHEENVIRONMENT", "HUAWEICLOUD_SDK_SK", "sk-from-env",
                "HUAWEICLOUD_SDK_SECURITY_TOKEN", "sts-token"));
        assertEquals(AppConfig.AuthMode.AK_SK, sdkEnv.authMode());
        assertEquals("AKFROMTHEENVIRONMENT", sdkEnv.text(Settings.DRS_AK).orElseThrow());
        assertEquals("sts-token", sdkEnv.text(Settings.DRS_SECURITY_TOKEN).orElseThrow());
        assertEquals("https://drs.eu-west-101.myhuaweicloud.eu", sdkEnv.drsEndpoint().orElseThrow().toString(),
                "the region table, not .com for every region");
        AppConfig explicit = AppConfig.load(Optional.empty(), Map.of("DRSMON_DRS_AK", "AKEXPLICIT", "DRSMON_DRS_SK", "sk",
                "HUAWEICLOUD_SDK_AK", "AKFROMTHEENVIRONMENT"));
        assertEquals("AKEXPLICIT", explicit.text(Settings.DRS_AK).orElseThrow(), "a drs.* setting wins over the fallback");
        AppConfig tokenUser = AppConfig.load(Optional.empty(), Map.of("DRSMON_DRS_REGION", "ap-southeast-1",
                "DRSMON_DRS_AUTH_TOKEN", "t0k", "HUAWEICLOUD_SDK_AK", "AKINTHESHELL", "HUAWEICLOUD_SDK_SK", "sk-in-the-shell"));
        assertEquals(AppConfig.AuthMode.STATIC_TOKEN, tokenUser.authMode(), "the SDK's variables only fill in when no mode was chosen");

        assertMessage("drs.ak", () -> AppConfig.of(Map.of("drs.ak", "AK", "drs.sk", "SK", "drs.auth.token", "t")));
        AppConfig.ConfigError two = assertThrows(AppConfig.ConfigError.class, () -> AppConfig.of(Map.of("drs.ak", "AK",
                "drs.sk", "very-secret", "drs.iam.username", "ops", "drs.iam.password", "pw", "drs.iam.domain", "d",
                "drs.iam.endpoint", "https://iam.example")));
        assertTrue(two.getMessage().contains("drs.ak") && two.getMessage().contains("drs.iam.username"), two.getMessage());
        assertTrue(!two.getMessage().contains("very-secret"), "no secret in the error");
        assertMessage("drs.sk", () -> AppConfig.of(Map.of("drs.region", "ap-southeast-1", "drs.ak", "AK")));
        assertMessage("drs.ak", () -> AppConfig.of(Map.of("drs.region", "ap-southeast-1", "drs.sk", "SK")));
        assertMessage("drs.security.token", () -> AppConfig.of(Map.of("drs.region", "ap-southeast-1", "drs.auth.token", "t",
                "drs.security.token", "sts")));
        assertMessage("drs.region", () -> AppConfig.of(Map.of("drs.region", "xx-nowhere-9", "drs.ak", "A", "drs.sk", "S")));
        assertMessage("drs.region.endpoints", () -> AppConfig.of(Map.of("drs.region.endpoints", "eu-west-101")));
        assertEquals(Map.of("eu-west-101", URI.create("https://proxy.example/eu")), AppConfig.of(Map.of(
                "drs.region.endpoints", "eu-west-101=https://proxy.example/eu")).regionEndpoints());
        assertEquals(AppConfig.AuthMode.NONE, AppConfig.of(Map.of()).authMode(), "local mode needs none: it makes its own");
    }

    private static void assertMessage(String setting, Executable load) {
        AppConfig.ConfigError e = assertThrows(AppConfig.ConfigError.class, load);
        assertTrue(e.getMessage().contains(setting), e.getMessage());
    }
}
