package io.drsmonitor.avro;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;

/**
 * One client per registry configuration in a JVM, so every serde instance Kafka creates (Streams
 * makes many) shares one cache.
 */
public final class RegistryClients {
    private static final Map<RegistryClientConfig, SchemaRegistryClient> SHARED = new ConcurrentHashMap<>();
    private static final Map<String, SchemaRegistryClient> IN_MEMORY = new ConcurrentHashMap<>();

    private RegistryClients() {
    }

    public static SchemaRegistryClient shared(RegistryClientConfig config) {
        return SHARED.computeIfAbsent(config, RestSchemaRegistryClient::new);
    }

    /** The registry for {@code schema.registry.url} as configured, including Confluent-style {@code mock://scope}. */
    public static SchemaRegistryClient forUrl(Map<String, ?> configs) {
        Object url = configs.get(RegistryClientConfig.URL);
        if (url != null && url.toString().startsWith(MOCK_SCHEME)) {
            return IN_MEMORY.computeIfAbsent(url.toString(), k -> new InMemorySchemaRegistryClient());
        }
        return shared(RegistryClientConfig.from(configs));
    }

    public static final String MOCK_SCHEME = "mock://";

    /**
     * Registers the value schemas of {@code topics} now, so the serializers find their ids in the
     * shared cache and a registry that is slow or away later does not fail a record.
     */
    public static void preRegister(Map<String, ?> configs, Map<String, Schema> valueSchemaByTopic) {
        SchemaRegistryClient client = forUrl(configs);
        valueSchemaByTopic.forEach((topic, schema) -> client.register(AvroSerdeConfig.subject(topic, false), schema));
    }
}
