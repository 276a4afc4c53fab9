package io.drsmonitor.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
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
        return java.util.stream.StreamSupport.stream(COMPOSE.path("services").path(service).path("ports").spliterator(), false)
                .map(JsonNode::asText).toList();
    }

    @Test
    void definesTheFourServices() {
        List<String> services = new java.util.ArrayList<>();
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
        List<String> simulatorCommand = java.util.stream.StreamSupport.stream(
                COMPOSE.path("services").path("simulator").path("command").spliterator(), false).map(JsonNode::asText).toList();
        assertEquals(String.valueOf(drs.getPort()), simulatorCommand.get(simulatorCommand.indexOf("--port") + 1));
        assertEquals(AppConfig.AuthMode.AK_SK, config.authMode(), "drs-monitor signs with AK/SK from the SDK's variables");
        assertEquals(environment("simulator").get("DRS_SIM_AK"), config.text(AppConfig.DRS_AK).orElseThrow(), "one access key");
        assertEquals(environment("simulator").get("DRS_SIM_SK"), config.text(AppConfig.DRS_SK).orElseThrow(), "one secret key");

        int queryPort = config.intSetting(AppConfig.QUERY_PORT);
        assertTrue(ports("drs-monitor").contains(queryPort + ":" + queryPort));
        assertEquals("0.0.0.0", config.bindHost(), "reachable from outside the container");
        assertEquals("drs-monitor", config.text(AppConfig.QUERY_ADVERTISED).orElseThrow(), "other instances reach it by service name");
    }
}
