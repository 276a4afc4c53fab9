package io.drsmonitor.registry;

/**
 * One record of the {@code _schemas} topic, laid out as Confluent Schema Registry lays out its own
 * (JSON key with {@code keytype}, JSON value; a null value deletes), so either can read the other's.
 */
public record LogRecord(String key, String value) {
}
