package io.drsmonitor.avro;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.drsmonitor.kafka.KafkaFixture;
import io.drsmonitor.kafka.TopicSpec;
import io.drsmonitor.kafka.TopicAdmin;
import io.drsmonitor.model.JobDirection;
import io.drsmonitor.model.JobEvent;
import io.drsmonitor.model.JobEventType;
import io.drsmonitor.model.JobType;
import io.drsmonitor.registry.RegistryHarness;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.RecordDeserializationException;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import java.util.Arrays;
import org.apache.kafka.common.serialization.Deserializer;

/** The serde against a real broker and the embedded registry over HTTP. */
@ExtendWith(KafkaFixture.class)
class SerdeIT {
    /** JobEvent as it might have been before region and jobDirection were added. */
    private static final Schema OLDER_JOB_EVENT = new Schema.Parser().parse("""
            {"type":"record","name":"JobEvent","namespace":"io.drsmonitor.model","fields":[
             {"name":"eventId","type":"string"},{"name":"projectId","type":"string"},{"name":"jobId","type":"string"},
             {"name":"eventType","type":{"type":"enum","name":"JobEventType","symbols":["JOB_CREATED","PRECHECK_REQUESTED",
               "JOB_STARTED","DR_INIT_STARTED","JOB_STOPPED","JOB_DELETED","UNKNOWN"],"default":"UNKNOWN"}},
             {"name":"occurredAt","type":{"type":"long","logicalType":"timestamp-millis"}}]}""");

    private static RegistryHarness registry;
    private static Map<String, Object> serdeConfig;

    @BeforeAll
    static void start() {
        registry = RegistryHarness.start(KafkaFixture.bootstrapServers());
        serdeConfig = Map.of(RegistryClientConfig.URL, registry.url());
    }

    @AfterAll
    static void stop() throws Exception {
        registry.close();
    }

    private static String newTopic() {
        String topic = "serde-" + UUID.randomUUID();
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", KafkaFixture.bootstrapServers()))) {
            TopicAdmin.ensure(admin, List.of(TopicSpec.deleted(topic, 1, (short) 1)));
        }
        return topic;
    }

    private static JobEvent event(int n) {
        return JobEvent.newBuilder()
                .setEventId("ev-" + n).setProjectId("054ba152d480d55b2f5dc0069e7ddef0")
                .setJobId("140b5236-88ad-43c8-811c-1268453jb" + String.format("%03d", n % 1000))
                .setEventType(JobEventType.PRECHECK_REQUESTED).setJobType(JobType.DR).setEngineType("mysql")
                .setJobDirection(JobDirection.UP).setRegion("ap-southeast-1")
                .setOccurredAt(Instant.ofEpochMilli(1_700_000_000_000L + n)).build();
    }

    @Test
    void recordsWrittenByOurSerializerReadBackThroughTheRegistryWithCachedLookups() {
        String topic = newTopic();
        long requestsBefore = registry.registry.requestsServed();
        try (KafkaProducer<String, JobEvent> producer = new KafkaProducer<>(producerConfig(),
                new StringSerializer(), serializer())) {
            for (int i = 0; i < 500; i++) {
                producer.send(new ProducerRecord<>(topic, "job-" + i, event(i)));
            }
            producer.flush();
        }
        List<ConsumerRecord<String, byte[]>> raw = readAll(topic, new StringDeserializer(), new ByteArrayDeserializer(), 500);
        SpecificAvroDeserializer<JobEvent> deserializer = new SpecificAvroDeserializer<>(JobEvent.class);
        deserializer.configure(serdeConfig, false);
        int id = RegistryClients.shared(RegistryClientConfig.of(registry.url())).idOf(topic + "-value", JobEvent.getClassSchema());
        for (int i = 0; i < raw.size(); i++) {
            byte[] bytes = raw.get(i).value();
            assertEquals(0, bytes[0], "magic byte");
            assertEquals(id, ByteBuffer.wrap(bytes, 1, 4).getInt(), "schema id of subject <topic>-value");
            assertEquals(event(i), deserializer.deserialize(topic, bytes));
        }
        long requests = registry.registry.requestsServed() - requestsBefore;
        assertTrue(requests <= 3, "500 records written and read cost " + requests + " registry calls; the cache allows 3");
    }

    @Test
    void aNewerReaderSchemaReadsRecordsWrittenWithAnOlderVersion() throws Exception {
        String topic = newTopic();
        SchemaRegistryClient client = RegistryClients.shared(RegistryClientConfig.of(registry.url()));
        int oldId = client.register(topic + "-value", OLDER_JOB_EVENT);
        GenericRecord old = new GenericData.Record(OLDER_JOB_EVENT);
        old.put("eventId", "ev-old");
        old.put("projectId", "p1");
        old.put("jobId", "0ea5c5a0-e1b5-4421-80a9-7c9ff27jb502");
        old.put("eventType", new GenericData.EnumSymbol(OLDER_JOB_EVENT.getField("eventType").schema(), "DR_INIT_STARTED"));
        old.put("occurredAt", 1_608_097_599_000L);
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(producerConfig(),
                new StringSerializer(), new ByteArraySerializer())) {
            producer.send(new ProducerRecord<>(topic, "k", frame(oldId, OLDER_JOB_EVENT, old))).get();
        }
        // The current schema registers as version 2 under BACKWARD: the registry agrees it can read v1.
        int newId = client.register(topic + "-value", JobEvent.getClassSchema());
        assertTrue(newId != oldId);

        try (KafkaConsumer<String, JobEvent> consumer = new KafkaConsumer<>(consumerConfig(),
                new StringDeserializer(), new SpecificAvroDeserializer<>(JobEvent.class, client))) {
            JobEvent read = pollOne(consumer, topic).value();
            assertEquals("ev-old", read.getEventId());
            assertEquals(JobEventType.DR_INIT_STARTED, read.getEventType());
            assertEquals(Instant.ofEpochMilli(1_608_097_599_000L), read.getOccurredAt());
            assertNull(read.getRegion(), "a field the writer did not know takes its default");
            assertNull(read.getJobDirection());
        }
    }

    @Test
    void corruptPayloadsFailWithTheTopicPartitionAndOffset() throws Exception {
        String topic = newTopic();
        byte[] good = serializer().serialize(topic, event(1));
        byte[] wrongMagic = good.clone();
        wrongMagic[0] = 7;
        byte[] unknownId = good.clone();
        ByteBuffer.wrap(unknownId, 1, 4).putInt(987_654);
        byte[] truncatedHeader = {0, 0, 1};
        byte[] truncatedBody = Arrays.copyOf(good, good.length - 6);
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(producerConfig(),
                new StringSerializer(), new ByteArraySerializer())) {
            for (byte[] payload : List.of(wrongMagic, unknownId, truncatedHeader, truncatedBody, good)) {
                producer.send(new ProducerRecord<>(topic, 0, "k", payload)).get();
            }
        }
        SpecificAvroDeserializer<JobEvent> deserializer = new SpecificAvroDeserializer<>(JobEvent.class);
        deserializer.configure(serdeConfig, false);
        List<ConsumerRecord<String, byte[]>> raw = readAll(topic, new StringDeserializer(), new ByteArrayDeserializer(), 5);
        List<String> expected = List.of("Unknown magic byte 0x07", "Unknown or unreadable schema id 987654",
                "Truncated Avro payload (3 bytes", "Corrupt or truncated Avro body");
        for (int offset = 0; offset < 4; offset++) {
            ConsumerRecord<String, byte[]> record = raw.get(offset);
            SerializationException e = assertThrows(SerializationException.class,
                    () -> deserializer.decode(record.topic(), record.partition(), record.offset(), record.value()));
            assertTrue(e.getMessage().contains(expected.get(offset)), e.getMessage());
            assertTrue(e.getMessage().contains("topic " + topic + ", partition 0, offset " + offset), e.getMessage());
        }
        assertEquals(event(1), deserializer.decode(topic, 0, 4, raw.get(4).value()));

        // A plain consumer using the deserializer gets Kafka's exception, which carries partition and offset too.
        try (KafkaConsumer<String, JobEvent> consumer = new KafkaConsumer<>(consumerConfig(),
                new StringDeserializer(), deserializer)) {
            consumer.subscribe(List.of(topic));
            RecordDeserializationException e = assertThrows(RecordDeserializationException.class,
                    () -> { for (int i = 0; i < 100; i++) { consumer.poll(Duration.ofMillis(200)); } });
            assertEquals(0, e.offset());
            assertTrue(e.getCause().getMessage().contains("Unknown magic byte"), e.getCause().getMessage());
        }
    }

    @Test
    void withoutAutoRegisterAnUnregisteredSchemaIsRefused() {
        String topic = newTopic();
        SpecificAvroSerializer<JobEvent> serializer = new SpecificAvroSerializer<>();
        serializer.configure(Map.of(RegistryClientConfig.URL, registry.url(), AvroSerdeConfig.AUTO_REGISTER_SCHEMAS, "false"), false);
        SerializationException e = assertThrows(SerializationException.class, () -> serializer.serialize(topic, event(1)));
        assertTrue(e.getMessage().contains(topic + "-value"), e.getMessage());
        serializer().serialize(topic, event(1));
        assertEquals(0, serializer.serialize(topic, event(2))[0], "once registered, lookup finds it");
    }

    private static SpecificAvroSerializer<JobEvent> serializer() {
        SpecificAvroSerializer<JobEvent> serializer = new SpecificAvroSerializer<>();
        serializer.configure(serdeConfig, false);
        return serializer;
    }

    private static byte[] frame(int id, Schema schema, GenericRecord record) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(ByteBuffer.allocate(5).put((byte) 0).putInt(id).array());
        BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
        new GenericDatumWriter<GenericRecord>(schema).write(record, encoder);
        encoder.flush();
        return out.toByteArray();
    }

    private static Map<String, Object> producerConfig() {
        return Map.of("bootstrap.servers", KafkaFixture.bootstrapServers(), "acks", "all");
    }

    private static Map<String, Object> consumerConfig() {
        return Map.of("bootstrap.servers", KafkaFixture.bootstrapServers(), "group.id", "serde-it-" + UUID.randomUUID(),
                "auto.offset.reset", "earliest");
    }

    private static <K, V> ConsumerRecord<K, V> pollOne(KafkaConsumer<K, V> consumer, String topic) {
        consumer.subscribe(List.of(topic));
        long deadline = System.currentTimeMillis() + 30_000;
        while (System.currentTimeMillis() < deadline) {
            for (ConsumerRecord<K, V> record : consumer.poll(Duration.ofMillis(200))) {
                return record;
            }
        }
        throw new AssertionError("no record on " + topic + " within 30 s");
    }

    private static <K, V> List<ConsumerRecord<K, V>> readAll(String topic,
            Deserializer<K> keys,
            Deserializer<V> values, int expected) {
        List<ConsumerRecord<K, V>> records = new ArrayList<>();
        try (KafkaConsumer<K, V> consumer = new KafkaConsumer<>(consumerConfig(), keys, values)) {
            consumer.subscribe(List.of(topic));
            long deadline = System.currentTimeMillis() + 30_000;
            while (records.size() < expected && System.currentTimeMillis() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
            }
        }
        assertEquals(expected, records.size(), "records read from " + topic);
        return records;
    }
}
