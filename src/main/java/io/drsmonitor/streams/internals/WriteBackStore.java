package io.drsmonitor.streams.internals;

import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.StateStore;
import org.apache.kafka.streams.processor.StateStoreContext;
import org.apache.kafka.streams.query.Position;
import org.apache.kafka.streams.query.PositionBound;
import org.apache.kafka.streams.query.Query;
import org.apache.kafka.streams.query.QueryConfig;
import org.apache.kafka.streams.query.QueryResult;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.internals.CacheFlushListener;
import org.apache.kafka.streams.state.internals.CachedStateStore;
import org.apache.kafka.streams.state.Stores;

/**
 * A key-value store that keeps the values it is given as objects and writes the changed ones to the
 * store beneath (changelogged) when Kafka Streams flushes its caches, which it does as part of every
 * commit, before the transaction ends (so it implements Kafka Streams' internal {@link CachedStateStore},
 * the only store hook a commit calls before then; see this package's note: {@code CommitOrderPinTest}
 * pins that order, {@code SummaryKillIT} kills a run to hold it to that). A
 * value changed many times between two commits is serialized and logged once, not once per change; a
 * crash before the commit loses the objects and the input behind them alike, so exactly-once holds.
 *
 * <p>For a small, hot store: the project totals, changed by every delta of a project.
 */
public final class WriteBackStore<V> implements KeyValueStore<String, V>, CachedStateStore<String, V> {
    private final KeyValueStore<String, V> inner;
    private final Map<String, V> objects = new HashMap<>();
    private final Set<String> dirty = new LinkedHashSet<>();
    /** Keys known to have no value below (looked for there, or deleted there): deleting one writes nothing. */
    private final Set<String> absentBelow = new HashSet<>();

    private WriteBackStore(KeyValueStore<String, V> inner) {
        this.inner = inner;
    }

    /**
     * A changelogged store named {@code name} over an in-memory one (a small store: its serialized
     * values are kept as well, restored from the changelog at start), without Kafka Streams' own byte
     * cache (this is the cache).
     */
    public static <V> StoreBuilder<WriteBackStore<V>> builder(String name, Serde<String> keys, Serde<V> values) {
        StoreBuilder<KeyValueStore<String, V>> inner = Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(name), keys, values);
        return new StoreBuilder<>() {
            @Override
            public StoreBuilder<WriteBackStore<V>> withCachingEnabled() {
                return this;
            }

            @Override
            public StoreBuilder<WriteBackStore<V>> withCachingDisabled() {
                return this;
            }

            @Override
            public StoreBuilder<WriteBackStore<V>> withLoggingEnabled(Map<String, String> config) {
                inner.withLoggingEnabled(config);
                return this;
            }

            @Override
            public StoreBuilder<WriteBackStore<V>> withLoggingDisabled() {
                inner.withLoggingDisabled();
                return this;
            }

            @Override
            public WriteBackStore<V> build() {
                return new WriteBackStore<>(inner.build());
            }

            @Override
            public Map<String, String> logConfig() {
                return inner.logConfig();
            }

            @Override
            public boolean loggingEnabled() {
                return inner.loggingEnabled();
            }

            @Override
            public String name() {
                return inner.name();
            }
        };
    }

    @Override
    public V get(String key) {
        V value = objects.get(key);
        if (value == null && !objects.containsKey(key)) {
            value = inner.get(key);
            if (value != null) {
                objects.put(key, value);
            } else {
                absentBelow.add(key);
            }
        }
        return value;
    }

    @Override
    public void put(String key, V value) {
        objects.put(key, value);
        dirty.add(key);
    }

    @Override
    public V putIfAbsent(String key, V value) {
        V old = get(key);
        if (old == null) {
            put(key, value);
        }
        return old;
    }

    @Override
    public void putAll(List<KeyValue<String, V>> entries) {
        entries.forEach(e -> put(e.key, e.value));
    }

    @Override
    public V delete(String key) {
        V old = get(key);
        objects.remove(key);
        dirty.remove(key);
        if (absentBelow.add(key)) {
            // A value that only ever was an object needs no tombstone: deleting it writes nothing.
            inner.delete(key);
        }
        return old;
    }

    /**
     * Called by Kafka Streams at every commit, before the transaction ends (it looks for
     * {@link CachedStateStore}s; a plain {@code flush()} comes only at checkpoints).
     */
    @Override
    public void flushCache() {
        writeDirty();
    }

    /** Called when a task's stores are recycled (after a commit); uncommitted objects die with close() or init(). */
    @Override
    public void clearCache() {
        objects.clear();
        dirty.clear();
        absentBelow.clear();
    }

    @Override
    public boolean setFlushListener(CacheFlushListener<String, V> listener, boolean sendOldValues) {
        return false;
    }

    @Override
    public void flush() {
        writeDirty();
        inner.flush();
    }

    private void writeDirty() {
        for (String key : dirty) {
            V value = objects.get(key);
            if (value == null) {
                inner.delete(key);
                absentBelow.add(key);
            } else {
                inner.put(key, value);
                absentBelow.remove(key);
            }
        }
        dirty.clear();
    }

    @Override
    public KeyValueIterator<String, V> range(String from, String to) {
        writeDirty();
        return inner.range(from, to);
    }

    @Override
    public KeyValueIterator<String, V> all() {
        writeDirty();
        return inner.all();
    }

    @Override
    public long approximateNumEntries() {
        return inner.approximateNumEntries() + dirty.size();
    }

    @Override
    public String name() {
        return inner.name();
    }

    @Override
    public void init(StateStoreContext context, StateStore root) {
        objects.clear();
        dirty.clear();
        absentBelow.clear();
        inner.init(context, root);
    }

    @Override
    public void close() {
        objects.clear();
        dirty.clear();
        absentBelow.clear();
        inner.close();
    }

    @Override
    public boolean persistent() {
        return inner.persistent();
    }

    @Override
    public boolean isOpen() {
        return inner.isOpen();
    }

    @Override
    public <R> QueryResult<R> query(Query<R> query, PositionBound positionBound, QueryConfig config) {
        return inner.query(query, positionBound, config);
    }

    @Override
    public Position getPosition() {
        return inner.getPosition();
    }
}
