package io.drsmonitor.avro;

import java.io.IOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import java.util.function.Supplier;

/**
 * Reads Confluent-framed Avro into {@code T}, resolving the writer's schema (fetched once per id)
 * against {@code T}'s, so records written with an older compatible schema read fine.
 */
public class SpecificAvroDeserializer<T extends SpecificRecord> implements Deserializer<T> {
    /** One decoder per thread, re-pointed at each record: Kafka Streams shares a serde between its threads. */
    private static final ThreadLocal<BinaryDecoder> DECODERS = new ThreadLocal<>();
    private final Class<T> type;
    private final Schema readerSchema;
    private SchemaRegistryClient registry;
    private final Map<Integer, SpecificDatumReader<T>> readers = new ConcurrentHashMap<>();

    public SpecificAvroDeserializer(Class<T> type) {
        this(type, null);
    }

    public SpecificAvroDeserializer(Class<T> type, SchemaRegistryClient registry) {
        this.type = type;
        this.readerSchema = SpecificData.get().getSchema(type);
        this.registry = registry;
    }

    @Override
    public void configure(Map<String, ?> configs, boolean isKey) {
        if (registry == null) {
            registry = RegistryClients.forUrl(configs);
        }
    }

    @Override
    public T deserialize(String topic, byte[] data) {
        return decode(topic, -1, -1, data);
    }

    /**
     * Decodes one record; partition and offset, when known (pass -1 otherwise), go into the error
     * message so a bad record can be found.
     */
    public T decode(String topic, int partition, long offset, byte[] data) {
        if (data == null) {
            return null;
        }
        // Where the record came from is spelled out only for an error message, not for every record.
        Supplier<String> where = () -> describe(topic, partition, offset);
        int id = WireFormat.schemaId(data, where);
        SpecificDatumReader<T> reader;
        try {
            reader = readers.computeIfAbsent(id, k -> new SpecificDatumReader<>(registry.schemaById(k), readerSchema,
                    GeneratedCoders.modelFor(readerSchema)));
        } catch (RuntimeException e) {
            throw new SerializationException("Unknown or unreadable schema id " + id + " in " + where.get() + ": "
                    + e.getMessage(), e);
        }
        try {
            BinaryDecoder decoder = DecoderFactory.get().binaryDecoder(data, WireFormat.HEADER_SIZE,
                    data.length - WireFormat.HEADER_SIZE, DECODERS.get());
            DECODERS.set(decoder);
            T record = reader.read(null, decoder);
            if (!decoder.isEnd()) {
                throw new IOException((data.length - WireFormat.HEADER_SIZE) + "-byte body has bytes left after the record");
            }
            return record;
        } catch (IOException | RuntimeException e) {
            throw new SerializationException("Corrupt or truncated Avro body (schema id " + id + ", reading as "
                    + type.getSimpleName() + ") in " + where.get() + ": " + e, e);
        }
    }

    static String describe(String topic, int partition, long offset) {
        StringBuilder s = new StringBuilder("topic ").append(topic);
        if (partition >= 0) {
            s.append(", partition ").append(partition);
        }
        if (offset >= 0) {
            s.append(", offset ").append(offset);
        }
        return s.toString();
    }
}
