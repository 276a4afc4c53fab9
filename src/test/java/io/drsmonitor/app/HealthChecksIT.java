package io.drsmonitor.app;

import io.drsmonitor.TestSupport;
import io.drsmonitor.kafka.KafkaFixture;
import io.drsmonitor.registry.RegistryHarness;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

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
                    () -> "UP".equals(up.kafka()) && "UP".equals(up.schemaRegistry()));
            TestSupport.awaitTrue("kafka and registry DOWN", Duration.ofSeconds(30),
                    () -> down.kafka().startsWith("DOWN") && down.schemaRegistry().startsWith("DOWN"));
            org.junit.jupiter.api.Assertions.assertTrue(down.kafka().contains(deadKafka), down.kafka());
            org.junit.jupiter.api.Assertions.assertTrue(down.schemaRegistry().contains(":" + deadRegistryPort), down.schemaRegistry());
            System.out.printf("health parts measured: kafka %s / %s; registry %s / %s%n", up.kafka(), down.kafka(),
                    up.schemaRegistry(), down.schemaRegistry());
        } finally {
            vertx.close().await(10, TimeUnit.SECONDS);
        }
    }
}
