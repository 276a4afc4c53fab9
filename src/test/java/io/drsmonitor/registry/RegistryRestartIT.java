package io.drsmonitor.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.drsmonitor.avro.RestSchemaRegistryClient;
import io.drsmonitor.avro.RegistryClientConfig;
import io.drsmonitor.kafka.EmbeddedKafkaBroker;
import io.drsmonitor.kafka.KafkaFixture;
import io.drsmonitor.model.CheckAlert;
import io.drsmonitor.model.JobEvent;
import io.drsmonitor.model.PrecheckResult;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * Ids and versions live in Kafka: after the broker and the registry both restart on the same data
 * directory, every id is what it was and numbering continues.
 */
class RegistryRestartIT {

    @Test
    void idsAndVersionsSurviveARestartOfBrokerAndRegistry() throws Exception {
        Path dir = KafkaFixture.tempDir("drs-monitor-restart");
        int jobEventId;
        int resultId;
        try {
            try (EmbeddedKafkaBroker broker = new EmbeddedKafkaBroker(dir, "127.0.0.1", 0).start();
                 RegistryHarness registry = RegistryHarness.start(broker.bootstrapServers(), "_schemas")) {
                RestSchemaRegistryClient client = new RestSchemaRegistryClient(RegistryClientConfig.of(registry.url()));
                jobEventId = client.register("drs.job-events-value", JobEvent.getClassSchema());
                resultId = client.register("drs.precheck.results-value", PrecheckResult.getClassSchema());
                client.register("drs.precheck.results-value", PrecheckResult.getClassSchema());
            }
            try (EmbeddedKafkaBroker broker = new EmbeddedKafkaBroker(dir, "127.0.0.1", 0).start();
                 RegistryHarness registry = RegistryHarness.start(broker.bootstrapServers(), "_schemas")) {
                RestSchemaRegistryClient client = new RestSchemaRegistryClient(RegistryClientConfig.of(registry.url()));
                assertEquals(JobEvent.getClassSchema(), client.schemaById(jobEventId));
                assertEquals(PrecheckResult.getClassSchema(), client.schemaById(resultId));
                assertEquals(jobEventId, client.register("drs.job-events-value", JobEvent.getClassSchema()),
                        "re-registering after restart returns the old id");
                assertEquals(resultId, client.idOf("drs.precheck.results-value", PrecheckResult.getClassSchema()));
                int next = client.register("drs.alerts-value", CheckAlert.getClassSchema());
                assertEquals(Math.max(jobEventId, resultId) + 1, next, "new ids continue after the old ones");
            }
        } finally {
            KafkaFixture.deleteRecursively(dir);
        }
    }
}
