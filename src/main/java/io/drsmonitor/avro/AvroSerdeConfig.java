package io.drsmonitor.avro;

import java.util.Map;

/**
 * Serde settings. The names are Confluent's, so a configuration written for Confluent's
 * KafkaAvroSerializer works unchanged.
 */
public record AvroSerdeConfig(RegistryClientConfig registry, boolean autoRegister) {
    public static final String AUTO_REGISTER_SCHEMAS = "auto.register.schemas";

    public static AvroSerdeConfig from(Map<String, ?> configs) {
        Object auto = configs.get(AUTO_REGISTER_SCHEMAS);
        boolean autoRegister = auto == null || Boolean.parseBoolean(auto.toString().trim());
        return new AvroSerdeConfig(RegistryClientConfig.from(configs), autoRegister);
    }

    /** Topic name strategy: {@code <topic>-key} or {@code <topic>-value}. */
    static String subject(String topic, boolean isKey) {
        return topic + (isKey ? "-key" : "-value");
    }
}
