package io.drsmonitor.streams;

import io.drsmonitor.streams.internals.PartitionStores;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * Many keys read from this instance's active copies of a store at once, for the query API's lists:
 * the copies are looked up once per call ({@link PartitionStores}), then each key is read directly.
 */
public final class LocalStores {
    private LocalStores() {
    }

    /**
     * The values under {@code keys}, in their order, null where no local active copy holds the key.
     * Throws Kafka Streams' {@code InvalidStateStoreException} while the store is not queryable.
     */
    public static <V> List<V> getAll(KafkaStreams streams, String store, List<String> keys) {
        List<ReadOnlyKeyValueStore<String, V>> copies = streams.store(
                StoreQueryParameters.fromNameAndType(store, new PartitionStores<String, V>()));
        List<V> values = new ArrayList<>(keys.size());
        for (String key : keys) {
            V value = null;
            for (ReadOnlyKeyValueStore<String, V> copy : copies) {
                value = copy.get(key);
                if (value != null) {
                    break;
                }
            }
            values.add(value);
        }
        return values;
    }
}
