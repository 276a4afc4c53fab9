package io.drsmonitor.avro;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Serializer;

/** Writes a SpecificRecord in Confluent's wire format, naming its schema by TopicNameStrategy. */
public class SpecificAvroSerializer<T extends SpecificRecord> implements Serializer<T> {
    private static final ThreadLocal<Buffer> BUFFERS = ThreadLocal.withInitial(Buffer::new);
    private final Map<Schema, SpecificDatumWriter<?>> writers = new ConcurrentHashMap<>();
    private SchemaRegistryClient registry;
    private boolean autoRegister = true;
    private boolean isKey;
    /** Ids by subject and schema; Schema caches its hash, so a hit costs no schema-to-JSON rendering. */
    private final Map<SubjectSchema, Integer> ids = new ConcurrentHashMap<>();
    /**
     * The id last used for each topic, with its schema: the usual case (one schema per topic) is one
     * lookup by the topic's name, which Kafka passes as the same String every time (hash cached),
     * instead of building and hashing the subject's name for every record.
     */
    private final Map<String, TopicSchemaId> lastByTopic = new ConcurrentHashMap<>();

    private record SubjectSchema(String subject, Schema schema) {
    }

    private record TopicSchemaId(Schema schema, int id) {
    }

    /** For Kafka's reflective construction; {@link #configure} supplies the registry. */
    public SpecificAvroSerializer() {
    }

    public SpecificAvroSerializer(SchemaRegistryClient registry, boolean autoRegister) {
        this.registry = registry;
        this.autoRegister = autoRegister;
    }

    @Override
    public void configure(Map<String, ?> configs, boolean isKey) {
        this.isKey = isKey;
        lastByTopic.clear();
        if (registry == null) {
            this.registry = RegistryClients.forUrl(configs);
            Object auto = configs.get(AvroSerdeConfig.AUTO_REGISTER_SCHEMAS);
            this.autoRegister = auto == null || Boolean.parseBoolean(auto.toString().trim());
        } else if (configs.containsKey(AvroSerdeConfig.AUTO_REGISTER_SCHEMAS)) {
            this.autoRegister = Boolean.parseBoolean(configs.get(AvroSerdeConfig.AUTO_REGISTER_SCHEMAS).toString().trim());
        }
    }

    @Override
    public byte[] serialize(String topic, T record) {
        if (record == null) {
            return null;
        }
        if (registry == null) {
            throw new IllegalStateException("serializer used before configure(): no schema registry");
        }
        Schema schema = record.getSchema();
        TopicSchemaId last = lastByTopic.get(topic);
        int id;
        if (last != null && last.schema() == schema) {
            id = last.id();
        } else {
            id = idOf(topic, schema);
            lastByTopic.put(topic, new TopicSchemaId(schema, id));
        }
        try {
            // One buffer and encoder per thread: Kafka Streams shares a serde between its threads.
            Buffer buffer = BUFFERS.get();
            buffer.out.reset();
            buffer.out.write(WireFormat.MAGIC_BYTE);
            buffer.out.write(id >>> 24);
            buffer.out.write(id >>> 16);
            buffer.out.write(id >>> 8);
            buffer.out.write(id);
            buffer.encoder = EncoderFactory.get().binaryEncoder(buffer.out, buffer.encoder);
            writer(schema).write(record, buffer.encoder);
            buffer.encoder.flush();
            return buffer.out.toByteArray();
        } catch (IOException | RuntimeException e) {
            throw new SerializationException("Cannot write " + schema.getFullName() + " to topic " + topic + ": " + e, e);
        }
    }

    private int idOf(String topic, Schema schema) {
        String subject = AvroSerdeConfig.subject(topic, isKey);
        try {
            return ids.computeIfAbsent(new SubjectSchema(subject, schema),
                    k -> autoRegister ? registry.register(subject, schema) : registry.idOf(subject, schema));
        } catch (RuntimeException e) {
            throw new SerializationException("Cannot get a schema id for subject " + subject + " (topic " + topic
                    + "): " + e.getMessage(), e);
        }
    }

    @SuppressWarnings("unchecked")
    private SpecificDatumWriter<T> writer(Schema schema) {
        // A datum writer holds no state between writes: one per schema serves every thread.
        return (SpecificDatumWriter<T>) writers.computeIfAbsent(schema, s -> new SpecificDatumWriter<>(s, GeneratedCoders.modelFor(s)));
    }

    private static final class Buffer {
        final ByteArrayOutputStream out = new ByteArrayOutputStream(512);
        BinaryEncoder encoder;
    }
}
