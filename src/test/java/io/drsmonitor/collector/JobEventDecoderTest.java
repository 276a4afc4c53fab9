package io.drsmonitor.collector;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.drsmonitor.TestSupport;
import io.drsmonitor.avro.RegistryClientConfig;
import io.drsmonitor.avro.SpecificAvroDeserializer;
import io.drsmonitor.model.JobEvent;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.Map;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * An event the collector cannot decode goes to the dead-letter topic, unless the schema registry is what
 * failed: then the task fails, and the event is read again rather than lost.
 */
class JobEventDecoderTest {
    private MockProcessorContext<Object, Object> context;
    private JobEventDecoder decoder;

    @BeforeEach
    void start() {
        // Nothing listens there: every schema lookup finds the registry unavailable.
        SpecificAvroDeserializer<JobEvent> events = new SpecificAvroDeserializer<>(JobEvent.class);
        events.configure(Map.of(RegistryClientConfig.URL, "http://127.0.0.1:" + TestSupport.freePort(), RegistryClientConfig.MAX_RETRIES, 1,
                RegistryClientConfig.RETRY_BACKOFF_MS, 10), false);
        decoder = new JobEventDecoder(events, null, new CollectorMetrics(new SimpleMeterRegistry()), Duration.ofHours(1));
        context = new MockProcessorContext<>();
        KeyValueStore<String, String> owners = Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(CollectorTopology.JOB_OWNERS_STORE),
                Serdes.String(), Serdes.String()).withLoggingDisabled().build();
        owners.init(context.getStateStoreContext(), owners);
        context.addStateStore(owners);
        decoder.init(context);
        context.setRecordMetadata("drs.job-events", 0, 7);
    }

    @Test
    void anEventWhoseSchemaTheRegistryCannotBeAskedForFailsTheTaskAndIsNotDeadLettered() {
        byte[] framed = {0, 0, 0, 0, 42, 2, 'x'}; // Confluent framing, schema id 42
        SerializationException failed = assertThrows(SerializationException.class,
                () -> decoder.process(new Record<>("job".getBytes(), framed, 0L)));
        assertTrue(failed.getMessage().contains("schema id 42"), failed.getMessage());
        assertEquals(0, context.forwarded().size(), "nothing dead-lettered");
    }

    @Test
    void bytesThatAreNotAnEventAreDeadLettered() {
        decoder.process(new Record<>("job".getBytes(), new byte[] {'n', 'o', 't'}, 0L));
        assertEquals(1, context.forwarded().size());
        assertEquals(CollectorTopology.DLQ_SINK, context.forwarded().get(0).childName().orElseThrow());
    }
}
