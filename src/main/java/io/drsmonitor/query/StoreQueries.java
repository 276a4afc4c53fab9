package io.drsmonitor.query;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyQueryMetadata;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.StreamsMetadata;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.HostInfo;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.apache.kafka.streams.state.ReadOnlyWindowStore;
import org.apache.kafka.streams.state.WindowStoreIterator;

/** Reads the summaries' state stores on this instance, and says which instance holds a key. */
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

    /** The instance whose active task holds {@code key} in {@code store}. */
    HostInfo ownerOf(String store, String key) {
        ready();
        KeyQueryMetadata metadata = streams.queryMetadataForKey(store, key, Serdes.String().serializer());
        if (metadata == null || metadata.equals(KeyQueryMetadata.NOT_AVAILABLE)) {
            throw new NotReadyException("no instance holds " + store + " yet");
        }
        return metadata.activeHost();
    }

    /** Every instance of the application (this one included). */
    Set<HostInfo> allInstances() {
        ready();
        return streams.metadataForAllStreamsClients().stream().map(StreamsMetadata::hostInfo).collect(Collectors.toSet());
    }

    <V> V get(String store, String key) {
        try {
            ReadOnlyKeyValueStore<String, V> kv = streams.store(StoreQueryParameters.fromNameAndType(store,
                    QueryableStoreTypes.<String, V>keyValueStore()));
            return kv.get(key);
        } catch (InvalidStateStoreException e) {
            throw new NotReadyException(store + " is not queryable now: " + e.getMessage());
        }
    }

    <V> List<KeyValue<String, V>> all(String store) {
        try {
            ReadOnlyKeyValueStore<String, V> kv = streams.store(StoreQueryParameters.fromNameAndType(store,
                    QueryableStoreTypes.<String, V>keyValueStore()));
            List<KeyValue<String, V>> entries = new ArrayList<>();
            try (KeyValueIterator<String, V> it = kv.all()) {
                it.forEachRemaining(entries::add);
            }
            return entries;
        } catch (InvalidStateStoreException e) {
            throw new NotReadyException(store + " is not queryable now: " + e.getMessage());
        }
    }

    <V> List<KeyValue<Long, V>> window(String store, String key, Instant from, Instant to) {
        try {
            ReadOnlyWindowStore<String, V> windows = streams.store(StoreQueryParameters.fromNameAndType(store,
                    QueryableStoreTypes.<String, V>windowStore()));
            List<KeyValue<Long, V>> entries = new ArrayList<>();
            try (WindowStoreIterator<V> it = windows.fetch(key, from, to)) {
                it.forEachRemaining(entries::add);
            }
            return entries;
        } catch (InvalidStateStoreException e) {
            throw new NotReadyException(store + " is not queryable now: " + e.getMessage());
        }
    }

    private void ready() {
        if (streams.state() != KafkaStreams.State.RUNNING) {
            throw new NotReadyException("the summaries are " + streams.state());
        }
    }
}
