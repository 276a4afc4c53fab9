package io.drsmonitor.avro;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One client per registry configuration in a JVM, so every serde instance Kafka creates (Streams
 * makes many) shares one cache.
 */
public final class RegistryClients {
    private static final Map<RegistryClientConfig, SchemaRegistryClient> SHARED = new ConcurrentHashMap<>();

    private RegistryClients() {
    }

    public static SchemaRegistryClient shared(RegistryClientConfig config) {
        return SHARED.computeIfAbsent(config, RestSchemaRegistryClient::new);
    }
}
