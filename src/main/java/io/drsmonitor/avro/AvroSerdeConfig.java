package io.drsmonitor.avro;

/**
 * Serde settings. The names are Confluent's, so a configuration written for Confluent's
 * KafkaAvroSerializer works unchanged; the registry settings are in {@link RegistryClientConfig}.
 */
public final class AvroSerdeConfig {
    public static final String AUTO_REGISTER_SCHEMAS = "auto.register.schemas";

    private AvroSerdeConfig() {
    }

    /** Topic name strategy: {@code <topic>-key} or {@code <topic>-value}. */
    static String subject(String topic, boolean isKey) {
        return topic + (isKey ? "-key" : "-value");
    }
}
