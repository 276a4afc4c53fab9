package io.drsmonitor.streams.internals;

import java.util.List;
import org.apache.kafka.streams.processor.StateStore;
import org.apache.kafka.streams.state.QueryableStoreType;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.apache.kafka.streams.state.internals.StateStoreProvider;

/**
 * The instance's local copies of a key-value store, one per task, looked up once. Kafka Streams'
 * composite store looks the instance's tasks up anew on every {@code get} (tens of microseconds); a
 * query reading a thousand keys takes the copies once and reads each directly. Relies on
 * {@link StateStoreProvider}, an internal interface {@link QueryableStoreType} exposes: see the package note.
 */
public final class PartitionStores<K, V> implements QueryableStoreType<List<ReadOnlyKeyValueStore<K, V>>> {
    private final QueryableStoreType<ReadOnlyKeyValueStore<K, V>> keyValue = QueryableStoreTypes.keyValueStore();

    @Override
    public boolean accepts(StateStore stateStore) {
        return keyValue.accepts(stateStore);
    }

    @Override
    public List<ReadOnlyKeyValueStore<K, V>> create(StateStoreProvider storeProvider, String storeName) {
        return List.copyOf(storeProvider.stores(storeName, keyValue));
    }
}
