package io.drsmonitor.streams;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.StateStore;
import org.apache.kafka.streams.processor.StateStoreContext;
import org.apache.kafka.streams.query.Position;
import org.apache.kafka.streams.state.KeyValueBytesStoreSupplier;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * An in-memory key-value store on a hash map, for stores that are only ever read and written by key
 * (and scanned whole): the per-job states. Kafka Streams' own in-memory store keeps its keys sorted
 * (a tree, for range queries), which costs a few dozen byte-array comparisons per read and write; a
 * per-job store has no use for order. Kafka Streams adds the changelog, metrics and serdes around it
 * ({@link org.apache.kafka.streams.state.Stores#keyValueStoreBuilder}), as around its own stores.
 * Range queries are refused, and so is Kafka Streams' record cache: its flush merges the cache and the
 * store in key order, which this store does not keep. Interactive queries of the first version (by key)
 * work; version 2 queries ({@code KafkaStreams#query}) get "unknown query type" and no position.
 */
final class InMemoryHashStore implements KeyValueStore<Bytes, byte[]> {
    /**
     * The store keeps no position (see above), so it hands out one empty one: the changelog asks for it at
     * every write, and a new one is a new ConcurrentHashMap each time.
     */
    private final Position noPosition = Position.emptyPosition();
    private final String name;
    private final Map<Bytes, byte[]> map = new ConcurrentHashMap<>();
    private volatile boolean open;

    private InMemoryHashStore(String name) {
        this.name = name;
    }

    static KeyValueBytesStoreSupplier supplier(String name) {
        return new KeyValueBytesStoreSupplier() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public KeyValueStore<Bytes, byte[]> get() {
                return new InMemoryHashStore(name);
            }

            @Override
            public String metricsScope() {
                return "in-memory-hash";
            }
        };
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public void init(StateStoreContext context, StateStore root) {
        map.clear();
        context.register(root, (key, value) -> {
            if (value == null) {
                map.remove(Bytes.wrap(key));
            } else {
                map.put(Bytes.wrap(key), value);
            }
        });
        open = true;
    }

    @Override
    public byte[] get(Bytes key) {
        return map.get(key);
    }

    @Override
    public void put(Bytes key, byte[] value) {
        if (value == null) {
            map.remove(key);
        } else {
            map.put(key, value);
        }
    }

    @Override
    public byte[] putIfAbsent(Bytes key, byte[] value) {
        byte[] old = map.get(key);
        if (old == null) {
            put(key, value);
        }
        return old;
    }

    @Override
    public void putAll(List<KeyValue<Bytes, byte[]>> entries) {
        entries.forEach(e -> put(e.key, e.value));
    }

    @Override
    public byte[] delete(Bytes key) {
        return map.remove(key);
    }

    @Override
    public KeyValueIterator<Bytes, byte[]> range(Bytes from, Bytes to) {
        throw new UnsupportedOperationException("store " + name + " keeps no key order: no range queries");
    }

    @Override
    public KeyValueIterator<Bytes, byte[]> reverseRange(Bytes from, Bytes to) {
        throw new UnsupportedOperationException("store " + name + " keeps no key order: no range queries");
    }

    /** Every entry, in no order, as of the call (later writes are not seen). */
    @Override
    public KeyValueIterator<Bytes, byte[]> all() {
        List<KeyValue<Bytes, byte[]>> copy = new ArrayList<>(map.size());
        map.forEach((k, v) -> copy.add(KeyValue.pair(k, v)));
        Iterator<KeyValue<Bytes, byte[]>> entries = copy.iterator();
        return new KeyValueIterator<>() {
            private KeyValue<Bytes, byte[]> next;

            @Override
            public boolean hasNext() {
                return next != null || entries.hasNext();
            }

            @Override
            public KeyValue<Bytes, byte[]> next() {
                KeyValue<Bytes, byte[]> current = next != null ? next : entries.next();
                next = null;
                return current;
            }

            @Override
            public Bytes peekNextKey() {
                if (next == null) {
                    next = entries.next();
                }
                return next.key;
            }

            @Override
            public void close() {
            }
        };
    }

    @Override
    public long approximateNumEntries() {
        return map.size();
    }

    @Override
    public void flush() {
    }

    @Override
    public void close() {
        map.clear();
        open = false;
    }

    @Override
    public boolean persistent() {
        return false;
    }

    @Override
    public boolean isOpen() {
        return open;
    }

    @Override
    public Position getPosition() {
        return noPosition;
    }
}
