package io.drsmonitor.app;

import io.drsmonitor.TestSupport;
import io.drsmonitor.kafka.KafkaFixture;
import io.drsmonitor.query.HealthState;
import io.drsmonitor.registry.RegistryHarness;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.Assertions;

/** /health's kafka and schemaRegistry parts are measured: UP against the real ones, DOWN naming the address when nothing answers. */
@ExtendWith(KafkaFixture.class)
class HealthChecksIT {
    @Test
    void partsAreUpAgainstRealServersAndDownNamingTheAddressWhenNothingAnswers() throws Exception {
        Vertx vertx = Vertx.vertx();
        String registry = RegistryHarness.shared(KafkaFixture.bootstrapServers()).url();
        String deadKafka = "127.0.0.1:" + TestSupport.freePort();
        int deadRegistryPort = TestSupport.freePort();
        try (HealthChecks up = new HealthChecks(vertx, Map.of("bootstrap.servers", KafkaFixture.bootstrapServers()),
                KafkaFixture.bootstrapServers(), registry);
             HealthChecks down = new HealthChecks(vertx, Map.of("bootstrap.servers", deadKafka), deadKafka,
                     "http://127.0.0.1:" + deadRegistryPort)) {
            TestSupport.awaitTrue("kafka and registry UP", Duration.ofSeconds(30),
                    () -> HealthState.up().equals(up.kafka()) && HealthState.up().equals(up.schemaRegistry()));
            TestSupport.awaitTrue("kafka and registry DOWN", Duration.ofSeconds(30),
                    () -> isDown(down.kafka()) && isDown(down.schemaRegistry()));
            Assertions.assertTrue(down.kafka().detail().contains(deadKafka), down.kafka().detail());
            Assertions.assertTrue(down.schemaRegistry().detail().contains(":" + deadRegistryPort),
                    down.schemaRegistry().detail());
            System.out.printf("health parts measured: kafka %s / %s; registry %s / %s%n", up.kafka().detail(), down.kafka().detail(),
                    up.schemaRegistry().detail(), down.schemaRegistry().detail());
        } finally {
            vertx.close().await(10, TimeUnit.SECONDS);
        }
    }

    /** Down, and shown as such under {@code parts}. */
    private static boolean isDown(HealthState state) {
        return state.status() == HealthState.Status.DOWN && state.detail().startsWith("DOWN");
    }
}
