package io.drsmonitor.avro;

import java.nio.ByteBuffer;
import java.util.function.Supplier;
import org.apache.kafka.common.errors.SerializationException;

/**
 * Confluent's framing of a serialized record: magic byte 0, the schema id as a 4-byte big-endian
 * int, then the Avro binary encoding of the record.
 */
public final class WireFormat {
    public static final byte MAGIC_BYTE = 0;
    public static final int HEADER_SIZE = 5;

    private WireFormat() {
    }

    /** The schema id a framed payload names; {@code where} describes the record for error messages. */
    public static int schemaId(byte[] payload, Supplier<String> where) {
        if (payload.length < HEADER_SIZE) {
            throw new SerializationException(
                    "Truncated Avro payload (" + payload.length + " bytes, the Confluent header alone is "
                            + HEADER_SIZE + ") in " + where.get());
        }
        if (payload[0] != MAGIC_BYTE) {
            throw new SerializationException(String.format(
                    "Unknown magic byte 0x%02x (expected 0x00, Confluent wire format) in %s", payload[0], where.get()));
        }
        return ByteBuffer.wrap(payload, 1, 4).getInt();
    }

}
