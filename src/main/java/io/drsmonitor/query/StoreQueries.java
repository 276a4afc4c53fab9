package io.drsmonitor.query;

import io.drsmonitor.model.CheckAlert;
import io.drsmonitor.streams.AlertKeys;
import io.drsmonitor.streams.LocalStores;
import io.drsmonitor.streams.SummaryTopology;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyQueryMetadata;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.StreamsMetadata;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.errors.StreamsNotStartedException;
import org.apache.kafka.streams.state.HostInfo;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.QueryableStoreType;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.apache.kafka.streams.state.ReadOnlyWindowStore;
import org.apache.kafka.streams.state.WindowStoreIterator;

/**
 * Reads the summaries' state stores on this instance, and says which instances hold a key. Reads
 * touch RocksDB: call them off the event loop.
 */
final class StoreQueries {
    private final KafkaStreams streams;
    private final HostInfo self;

    StoreQueries(KafkaStreams streams, HostInfo self) {
        this.streams = streams;
        this.self = self;
    }

    HostInfo self() {
        return self;
    }

    /** Where {@code key} of {@code store} lives: its partition, the active instance and the standbys. */
    record KeyHosts(int partition, HostInfo active, Set<HostInfo> standbys) {
    }

    /** Answers while a rebalance is under way too, as long as Kafka Streams knows where the key is. */
    KeyHosts hostsOf(String store, String key) {
        KeyQueryMetadata metadata;
        try {
            metadata = streams.queryMetadataForKey(store, key, Serdes.String().serializer());
        } catch (IllegalStateException | StreamsNotStartedException notStarted) {
            throw new NotReadyException("the summaries are " + streams.state());
        }
        if (metadata == null || metadata.equals(KeyQueryMetadata.NOT_AVAILABLE)) {
            throw new NotReadyException("no instance holds " + store + " yet (the summaries are " + streams.state() + ")");
        }
        return new KeyHosts(metadata.partition(), metadata.activeHost(), metadata.standbyHosts());
    }

    /** Every instance of the application (this one included). */
    Set<HostInfo> allInstances() {
        if (streams.state() != KafkaStreams.State.RUNNING && streams.state() != KafkaStreams.State.REBALANCING) {
            throw new NotReadyException("the summaries are " + streams.state());
        }
        Set<HostInfo> hosts = streams.metadataForAllStreamsClients().stream().map(StreamsMetadata::hostInfo)
                .collect(Collectors.toSet());
        if (hosts.isEmpty()) {
            throw new NotReadyException("the summaries have no partitions assigned yet");
        }
        return hosts;
    }

    /**
     * The instances whose active tasks hold {@code store} (by the last assignment): those to ask for a
     * store spread over every partition. An instance with only other tasks, or only standbys, has no part.
     */
    Set<HostInfo> activeHolders(String store) {
        if (streams.state() != KafkaStreams.State.RUNNING && streams.state() != KafkaStreams.State.REBALANCING) {
            throw new NotReadyException("the summaries are " + streams.state());
        }
        Set<HostInfo> hosts = streams.streamsMetadataForStore(store).stream().filter(m -> m.stateStoreNames().contains(store))
                .map(StreamsMetadata::hostInfo).collect(Collectors.toSet());
        if (hosts.isEmpty()) {
            throw new NotReadyException("no instance holds " + store + " yet (the summaries are " + streams.state() + ")");
        }
        return hosts;
    }

    /** The value under {@code key} in this instance's copy of {@code partition}; a standby's or restoring copy when {@code stale}. */
    <V> V get(String store, String key, int partition, boolean stale) {
        try {
            // Kafka Streams finds the store at each call: it may be gone by now (a rebalance revoked it).
            return this.<V>keyValue(store, partition, stale).get(key);
        } catch (InvalidStateStoreException e) {
            throw notReady(store, e);
        }
    }

    /** Every entry of this instance's active copies of {@code store}. */
    <V> List<KeyValue<String, V>> all(String store) {
        List<KeyValue<String, V>> entries = new ArrayList<>();
        try (KeyValueIterator<String, V> it = this.<V>keyValue(store, null, false).all()) {
            it.forEachRemaining(entries::add);
        } catch (InvalidStateStoreException e) {
            throw notReady(store, e);
        }
        return entries;
    }

    /** The keys with {@code prefix} in this instance's active copies of {@code store} (a store with ordered keys). */
    List<String> keysWithPrefix(String store, String prefix) {
        List<String> keys = new ArrayList<>();
        try (KeyValueIterator<String, Object> it = this.<Object>keyValue(store, null, false).prefixScan(prefix, new StringSerializer())) {
            it.forEachRemaining(kv -> keys.add(kv.key));
        } catch (InvalidStateStoreException e) {
            throw notReady(store, e);
        }
        return keys;
    }

    /**
     * The values under {@code keys} in this instance's active copies of {@code store}, in the same order;
     * null where it has none. The copies are looked up once ({@link LocalStores}), not once per key.
     */
    <V> List<V> getAll(String store, List<String> keys) {
        try {
            return LocalStores.getAll(streams, store, keys);
        } catch (InvalidStateStoreException e) {
            throw notReady(store, e);
        }
    }

    /** The values under keys starting with {@code prefix} in the copy of {@code store} for {@code partition}, in key order. */
    <V> List<V> valuesWithPrefix(String store, String prefix, int partition, boolean stale) {
        List<V> values = new ArrayList<>();
        try (KeyValueIterator<String, V> it = this.<V>keyValue(store, partition, stale).prefixScan(prefix, new StringSerializer())) {
            it.forEachRemaining(kv -> values.add(kv.value));
        } catch (InvalidStateStoreException e) {
            throw notReady(store, e);
        }
        return values;
    }

    /** A project's newest alerts, newest first (the store's keys sort so). */
    List<CheckAlert> projectAlerts(String projectId, int partition, boolean stale, int limit) {
        List<CheckAlert> alerts = new ArrayList<>();
        ReadOnlyKeyValueStore<String, CheckAlert> store = keyValue(SummaryTopology.RECENT_ALERTS_STORE, partition, stale);
        try (KeyValueIterator<String, CheckAlert> it = store.prefixScan(AlertKeys.prefix(projectId), new StringSerializer())) {
            while (alerts.size() < limit && it.hasNext()) {
                alerts.add(it.next().value);
            }
        } catch (InvalidStateStoreException e) {
            throw notReady(SummaryTopology.RECENT_ALERTS_STORE, e);
        }
        return alerts;
    }

    /** The newest {@code limit} alerts of every project this instance holds, newest first. */
    List<CheckAlert> newestAlerts(int limit) {
        Comparator<CheckAlert> newestFirst = Comparator.comparing(CheckAlert::getRaisedAt).reversed()
                .thenComparing(CheckAlert::getAlertId);
        PriorityQueue<CheckAlert> kept = new PriorityQueue<>(newestFirst.reversed());
        ReadOnlyKeyValueStore<String, CheckAlert> store = keyValue(SummaryTopology.RECENT_ALERTS_STORE, null, false);
        try (KeyValueIterator<String, CheckAlert> it = store.all()) {
            it.forEachRemaining(kv -> {
                kept.add(kv.value);
                if (kept.size() > limit) {
                    kept.poll();
                }
            });
        } catch (InvalidStateStoreException e) {
            throw notReady(SummaryTopology.RECENT_ALERTS_STORE, e);
        }
        List<CheckAlert> newest = new ArrayList<>(kept);
        newest.sort(newestFirst);
        return newest;
    }

    <V> List<KeyValue<Long, V>> window(String store, String key, int partition, Instant from, Instant to) {
        List<KeyValue<Long, V>> entries = new ArrayList<>();
        ReadOnlyWindowStore<String, V> windows = store(store, QueryableStoreTypes.windowStore(), partition, false);
        try (WindowStoreIterator<V> it = windows.fetch(key, from, to)) {
            it.forEachRemaining(entries::add);
        } catch (InvalidStateStoreException e) {
            throw notReady(store, e);
        }
        return entries;
    }

    private <V> ReadOnlyKeyValueStore<String, V> keyValue(String store, Integer partition, boolean stale) {
        return store(store, QueryableStoreTypes.keyValueStore(), partition, stale);
    }

    private <T> T store(String store, QueryableStoreType<T> type, Integer partition, boolean stale) {
        StoreQueryParameters<T> parameters = StoreQueryParameters.fromNameAndType(store, type);
        if (partition != null) {
            parameters = parameters.withPartition(partition);
        }
        if (stale) {
            parameters = parameters.enableStaleStores();
        }
        try {
            return streams.store(parameters);
        } catch (InvalidStateStoreException e) {
            throw notReady(store, e);
        }
    }

    private static NotReadyException notReady(String store, InvalidStateStoreException e) {
        return new NotReadyException(store + " is not queryable here now: " + e.getMessage());
    }
}
