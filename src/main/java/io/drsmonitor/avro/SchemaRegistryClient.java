package io.drsmonitor.avro;

import org.apache.avro.Schema;

/**
 * The part of Confluent's Schema Registry API that serializers need. Implementations cache: a
 * serializer calls these per record.
 */
public interface SchemaRegistryClient extends AutoCloseable {

    /** Registers {@code schema} under {@code subject} (or finds it there) and returns its global id. */
    int register(String subject, Schema schema);

    /** The id {@code schema} already has under {@code subject}; fails when it is not registered. */
    int idOf(String subject, Schema schema);

    /** The schema with global id {@code id}. */
    Schema schemaById(int id);

    @Override
    default void close() {
    }
}
