package io.drsmonitor.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.net.URI;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import io.drsmonitor.TestSupport;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Base64;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.StreamSupport;

/**
 * docker-compose.yml cannot run here (no Docker engine), so it is checked against what the
 * application reads: every DRSMON_* variable is a setting drs-monitor accepts, and the addresses
 * it names are the services and ports the file defines.
 */
class ComposeFileTest {
    private static final JsonNode COMPOSE = read();

    private static JsonNode read() {
        try {
            return new ObjectMapper(new YAMLFactory()).readTree(Path.of("docker-compose.yml").toFile());
        } catch (Exception e) {
            throw new IllegalStateException("docker-compose.yml is unreadable", e);
        }
    }

    private static Map<String, String> environment(String service) {
        Map<String, String> env = new HashMap<>();
        COMPOSE.path("services").path(service).path("environment").fields()
                .forEachRemaining(e -> env.put(e.getKey(), e.getValue().asText()));
        return env;
    }

    private static List<String> ports(String service) {
        return StreamSupport.stream(COMPOSE.path("services").path(service).path("ports").spliterator(), false)
                .map(JsonNode::asText).toList();
    }

    @Test
    void definesTheFourServices() {
        List<String> services = new ArrayList<>();
        COMPOSE.path("services").fieldNames().forEachRemaining(services::add);
        assertEquals(List.of("kafka", "schema-registry", "simulator", "drs-monitor"), services);
        assertEquals("broker,controller", environment("kafka").get("KAFKA_PROCESS_ROLES"), "Kafka runs in KRaft mode");
        assertTrue(COMPOSE.path("services").path("schema-registry").path("image").asText().startsWith("confluentinc/cp-schema-registry"));
        assertEquals(".", COMPOSE.path("services").path("drs-monitor").path("build").asText(), "drs-monitor is built from the repository");
    }

    @Test
    void theApplicationAcceptsEveryVariableAndItsAddressesPointAtTheServices() {
        Map<String, String> env = environment("drs-monitor");
        AppConfig config = AppConfig.load(Optional.empty(), env);

        String bootstrap = config.kafkaBootstrap().orElseThrow();
        String kafkaListeners = environment("kafka").get("KAFKA_ADVERTISED_LISTENERS");
        assertTrue(kafkaListeners.contains("//" + bootstrap), bootstrap + " is an advertised listener: " + kafkaListeners);

        URI registry = URI.create(config.registryUrl().orElseThrow());
        assertEquals("schema-registry", registry.getHost());
        assertTrue(ports("schema-registry").contains(registry.getPort() + ":" + registry.getPort()));
        assertTrue(environment("schema-registry").get("SCHEMA_REGISTRY_LISTENERS").endsWith(":" + registry.getPort()));
        assertTrue(environment("schema-registry").get("SCHEMA_REGISTRY_KAFKASTORE_BOOTSTRAP_SERVERS").endsWith(bootstrap));

        URI drs = config.drsEndpoint().orElseThrow();
        assertEquals("simulator", drs.getHost());
        List<String> simulatorCommand = StreamSupport.stream(
                COMPOSE.path("services").path("simulator").path("command").spliterator(), false).map(JsonNode::asText).toList();
        assertEquals(String.valueOf(drs.getPort()), simulatorCommand.get(simulatorCommand.indexOf("--port") + 1));
        assertEquals(AppConfig.AuthMode.AK_SK, config.authMode(), "drs-monitor signs with AK/SK from the SDK's variables");
        assertEquals(environment("simulator").get("DRS_SIM_AK"), config.text(Settings.DRS_AK).orElseThrow(), "one access key");
        assertEquals(environment("simulator").get("DRS_SIM_SK"), config.text(Settings.DRS_SK).orElseThrow(), "one secret key");

        int queryPort = config.queryPort();
        assertTrue(ports("drs-monitor").contains(queryPort + ":" + queryPort));
        assertEquals("0.0.0.0", config.bindHost(), "reachable from outside the container");
        assertEquals("drs-monitor", config.text(Settings.QUERY_ADVERTISED).orElseThrow(), "other instances reach it by service name");
    }

    @Test
    void everyServiceIsHealthCheckedRestartedAndStartedAfterWhatItNeeds() {
        for (String service : List.of("kafka", "schema-registry", "simulator", "drs-monitor")) {
            JsonNode node = COMPOSE.path("services").path(service);
            assertEquals("unless-stopped", node.path("restart").asText(), service + " restarts");
            assertTrue(node.path("healthcheck").path("test").size() > 0, service + " has a healthcheck");
            node.path("depends_on").fields().forEachRemaining(dependency -> assertEquals("service_healthy",
                    dependency.getValue().path("condition").asText(), service + " waits for " + dependency.getKey() + " to be healthy"));
        }
        assertEquals(List.of("kafka", "schema-registry", "simulator"), names(COMPOSE.path("services").path("drs-monitor").path("depends_on")));
        String probe = COMPOSE.path("services").path("drs-monitor").path("healthcheck").path("test").toString();
        assertTrue(probe.contains("/health/ready") && probe.contains(":8080"), probe);
    }

    @Test
    void kafkaIsTheClientsVersionWithAClusterIdAndItsDataOnAVolume() throws Exception {
        String pom = Files.readString(Path.of("pom.xml"));
        Matcher version = Pattern.compile("<kafka.version>([^<]+)</kafka.version>").matcher(pom);
        assertTrue(version.find());
        JsonNode kafka = COMPOSE.path("services").path("kafka");
        assertEquals("apache/kafka:" + version.group(1), kafka.path("image").asText(), "the broker runs the clients' version");
        Map<String, String> env = environment("kafka");
        assertEquals(16, Base64.getUrlDecoder().decode(env.get("CLUSTER_ID")).length, "CLUSTER_ID is a Kafka Uuid");
        String logDirs = env.get("KAFKA_LOG_DIRS");
        assertTrue(StreamSupport.stream(kafka.path("volumes").spliterator(), false).map(JsonNode::asText)
                .anyMatch(v -> v.endsWith(":" + logDirs) && COMPOSE.path("volumes").has(v.substring(0, v.indexOf(':')))),
                "the log directory " + logDirs + " is a named volume");
    }

    @Test
    void theSimulatorSendsTheDemoEventsToTheKafkaAndRegistryDrsMonitorUses() {
        AppConfig config = AppConfig.load(Optional.empty(), environment("drs-monitor"));
        List<String> command = StreamSupport.stream(
                COMPOSE.path("services").path("simulator").path("command").spliterator(), false).map(JsonNode::asText).toList();
        assertEquals("demo", command.get(command.indexOf("--scenario") + 1));
        assertEquals(config.kafkaBootstrap().orElseThrow(), command.get(command.indexOf("--kafka") + 1));
        assertEquals(config.registryUrl().orElseThrow(), command.get(command.indexOf("--schema-registry") + 1));
    }

    @Test
    void theImageCachesDependenciesRunsAsAUserAndBoundsItsMemory() throws Exception {
        List<String> lines = Files.readAllLines(Path.of("Dockerfile")).stream().map(String::strip)
                .filter(l -> !l.isEmpty() && !l.startsWith("#")).toList();
        int pom = indexOf(lines, "COPY pom.xml");
        int offline = indexOf(lines, "RUN mvn -B -q dependency:go-offline");
        int sources = indexOf(lines, "COPY src/main");
        assertTrue(pom < offline && offline < sources, "dependencies are fetched in a layer before the sources are copied");
        String user = lines.stream().filter(l -> l.startsWith("USER ")).reduce((a, b) -> b).orElseThrow();
        assertFalse(user.contains("root") || user.equals("USER 0") || user.startsWith("USER 0:"), "runs as a user: " + user);
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("HEALTHCHECK") && l.contains("/health/live")));
        String entrypoint = lines.stream().filter(l -> l.startsWith("ENTRYPOINT")).findFirst().orElseThrow();
        assertTrue(entrypoint.contains("-XX:MaxRAMPercentage=") && entrypoint.contains("-XX:+ExitOnOutOfMemoryError"), entrypoint);
    }

    /** Docker Compose's own validation, where Debian's docker-compose is installed (.ci/run installs it). */
    @Test
    void dockerComposeAcceptsTheFile() throws Exception {
        Path binary = Path.of("/usr/bin/docker-compose");
        TestSupport.requireTool(binary, "docker-compose");
        Process process = new ProcessBuilder(binary.toString(), "-f", "docker-compose.yml", "config", "-q").redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, process.exitValue(), "docker-compose config: " + output);
    }

    private static List<String> names(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    private static int indexOf(List<String> lines, String prefix) {
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).startsWith(prefix)) {
                return i;
            }
        }
        throw new AssertionError("no line starting with " + prefix);
    }
}
