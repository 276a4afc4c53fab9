package io.drsmonitor.avro;

import java.util.HashMap;
import java.util.Map;
import org.apache.avro.Schema;

/**
 * A registry held in memory, for {@code mock://scope} URLs as in Confluent's serdes: lets
 * TopologyTestDriver tests use the real serde without a registry server. Never used for real data.
 */
final class InMemorySchemaRegistryClient implements SchemaRegistryClient {
    private final Map<String, Integer> ids = new HashMap<>();
    private final Map<Integer, Schema> schemas = new HashMap<>();
    private final Map<String, Integer> registered = new HashMap<>();

    @Override
    public synchronized int register(String subject, Schema schema) {
        int id = ids.computeIfAbsent(schema.toString(), k -> ids.size() + 1);
        schemas.put(id, schema);
        registered.put(subject + '\u0000' + schema, id);
        return id;
    }

    @Override
    public synchronized int idOf(String subject, Schema schema) {
        Integer id = registered.get(subject + '\u0000' + schema);
        if (id == null) {
            throw new SchemaRegistryException(404, 40403, "Schema not found");
        }
        return id;
    }

    @Override
    public synchronized Schema schemaById(int id) {
        Schema schema = schemas.get(id);
        if (schema == null) {
            throw new SchemaRegistryException(404, 40403, "Schema " + id + " not found");
        }
        return schema;
    }
}
