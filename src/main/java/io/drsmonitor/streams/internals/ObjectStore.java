package io.drsmonitor.streams.internals;

import io.drsmonitor.kafka.AsIsStoreBuilder;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiConsumer;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.errors.StreamsException;
import org.apache.kafka.streams.processor.StateStore;
import org.apache.kafka.streams.processor.StateStoreContext;
import org.apache.kafka.streams.processor.internals.InternalProcessorContext;
import org.apache.kafka.streams.query.Position;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.internals.CacheFlushListener;
import org.apache.kafka.streams.state.internals.CachedStateStore;

/**
 * A changelogged in-memory store of one processor's values kept as the objects it works on, each
 * beside the bytes it was last logged as: one hash-map entry per key. A value is read once per record;
 * a changed value is encoded and logged once per commit, however often it changed since the last one
 * (Kafka Streams calls {@link #flushCache()} in every commit, before its transaction ends: see this
 * package's note). Through Kafka Streams' own layers a read was a lookup in a cache of decoded objects,
 * then in the store's byte map, and every change an encode and a changelog send (BENCHMARKS.md, benchmark 1).
 *
 * <p>The processor that owns the store ({@link #live}, {@link #write}, {@link #remove}) gets the live
 * objects and changes them in place; it writes every value it changes before its {@code process} returns
 * (a processing failure fails the task, whose store is emptied and restored from the changelog when it
 * opens again; a crash before a commit loses the changed objects and the input behind them alike, so
 * exactly-once holds). Any other thread reads through {@link ReadOnlyKeyValueStore} (interactive queries,
 * standbys' too), which decodes its own copy from the entry's bytes: queries see each value as it was
 * logged at the task's last commit (a key written since, and never logged before, is not there yet; a
 * removed key is gone at once). The changelog records are the same as those of {@code Stores.keyValueStoreBuilder}
 * with the same serdes: string keys, the value serde's bytes, and this store restores from them and from
 * the changelogs such stores wrote. Range queries are refused: the keys have no order. Built without a
 * changelog (for a test's {@code MockProcessorContext}, which never commits), it encodes each write at
 * once and logs nothing.
 *
 * <p>Relies on Kafka Streams internals ({@link InternalProcessorContext#logChange}, what Kafka's own
 * changelogging layer calls, and {@link CachedStateStore#flushCache()}): see this package's note.
 */
public final class ObjectStore<V> implements StateStore, CachedStateStore<String, V>, ReadOnlyKeyValueStore<String, V> {
    private final String name;
    private final Serde<V> values;
    private final StringSerializer keySerializer = new StringSerializer();
    private final StringDeserializer keyDeserializer = new StringDeserializer();
    private final Map<String, Entry<V>> entries = new ConcurrentHashMap<>();
    private final Position noPosition = Position.emptyPosition();
    private final boolean logged;
    /** Kafka Streams' own context, which logs the writes; null when the store is built without a changelog. */
    private InternalProcessorContext<?, ?> context;
    /** The topic name the value serde is given, as Kafka's metering layer gives it: the changelog's. */
    private String topic;
    /** Entries written since the last commit, each once: encoded and logged at the next one. */
    private final List<Entry<V>> changed = new ArrayList<>();
    /** Keys removed since the last commit whose earlier values were logged, each with the removal's timestamp. */
    private final Map<String, Long> removed = new HashMap<>();
    /** The entry {@link #live} found last: {@link #write} of the same key uses it without a second lookup. */
    private String lastKey;
    private Entry<V> lastEntry;
    /** Changelog records restored since the store opened (by the restoring thread). */
    private volatile long restored;
    private volatile boolean open;

    /**
     * A value and the bytes it was last logged as (null until its first commit); the object is decoded on
     * first use after a restore.
     */
    private static final class Entry<V> {
        private final String key;
        private V object;
        private volatile byte[] bytes;
        private Object memo;
        /** Written since the last commit: in {@code changed}, with the timestamp of the record that wrote it last. */
        private boolean pending;
        private long timestamp;
        /** Removed from the store: not logged, even when pending. */
        private boolean gone;

        private Entry(String key, V object, byte[] bytes) {
            this.key = key;
            this.object = object;
            this.bytes = bytes;
        }
    }

    private ObjectStore(String name, Serde<V> values, boolean logged) {
        this.name = name;
        this.values = values;
        this.logged = logged;
    }

    /**
     * A store named {@code name} whose values {@code values} encodes (a configured serde), built as is (no
     * metering, cache or changelog layer around it: it logs its own writes), with a changelog unless
     * {@code withLoggingDisabled()} (a test's mock context).
     */
    public static <V> StoreBuilder<ObjectStore<V>> builder(String name, Serde<V> values) {
        return AsIsStoreBuilder.selfLogging(name, (storeName, logged) -> new ObjectStore<>(storeName, values, logged));
    }

    // ---- the owning processor, on its stream thread

    /** The live value of {@code key}, the object the processor changes in place (queries: {@link #get}), or null. */
    public V live(String key) {
        Entry<V> entry = entries.get(key);
        lastKey = key;
        lastEntry = entry;
        if (entry == null) {
            return null;
        }
        if (entry.object == null) {
            entry.object = values.deserializer().deserialize(topic, entry.bytes);
        }
        return entry.object;
    }

    /**
     * Keeps {@code value} (not null) as the value of {@code key}, to be logged at the next commit with the
     * timestamp of the record being processed (so only from {@code process} or a punctuation).
     */
    public void write(String key, V value) {
        Entry<V> entry = entry(key);
        if (entry == null) {
            entry = new Entry<>(key, value, null);
            entries.put(key, entry);
            lastKey = key;
            lastEntry = entry;
        } else if (entry.object != value) { // the same object, changed in place, is not written again
            entry.object = value;
        }
        if (context == null) {
            entry.bytes = values.serializer().serialize(topic, value);
            return;
        }
        entry.timestamp = context.recordContext().timestamp();
        if (!entry.pending) {
            entry.pending = true;
            changed.add(entry);
        }
    }

    /** Removes {@code key}: its tombstone goes to the changelog at the next commit, if a value of it was logged. */
    public void remove(String key) {
        Entry<V> entry = entries.remove(key);
        lastKey = null;
        lastEntry = null;
        if (entry == null) {
            return;
        }
        entry.gone = true;
        // A tombstone is due if a value of the key was logged: this one, or one removed earlier since the last commit.
        if (context != null && (entry.bytes != null || removed.containsKey(key))) {
            removed.put(key, context.recordContext().timestamp());
        }
    }

    /**
     * What the owning processors keep beside {@code key}'s value ({@link #memo(String, Object)}), or null: none, or
     * none since the value was restored. Cheap right after {@link #live} or {@link #write} of the same key.
     */
    public Object memo(String key) {
        Entry<V> entry = entry(key);
        return entry == null ? null : entry.memo;
    }

    /**
     * Keeps {@code memo} beside {@code key}'s value until the value is removed or the store restored (it is
     * not logged: something the processors can derive again); nothing when {@code key} has no value.
     */
    public void memo(String key, Object memo) {
        Entry<V> entry = entry(key);
        if (entry != null) {
            entry.memo = memo;
        }
    }

    /**
     * Changelog records restored into the store since it opened: what processors derive from the values
     * (and keep as memos) is stale once this moves, as it does while a task is a standby between two
     * active periods, when Kafka Streams keeps its stores open.
     */
    public long restored() {
        return restored;
    }

    /** Every key and live value, for a processor rebuilding what it derives from them when its task starts. */
    public void forEachLive(BiConsumer<String, V> action) {
        entries.keySet().forEach(key -> action.accept(key, live(key)));
    }

    /** {@code key}'s entry: the one {@link #live} found last when it is that key's, without a second lookup. */
    private Entry<V> entry(String key) {
        return key.equals(lastKey) ? lastEntry : entries.get(key);
    }

    /**
     * Called by Kafka Streams in every commit, before its transaction ends: encodes and logs every value
     * written since the last commit, once, and the tombstones of the keys removed since.
     */
    @Override
    public void flushCache() {
        for (Entry<V> entry : changed) {
            entry.pending = false;
            if (!entry.gone) {
                byte[] bytes;
                try {
                    bytes = values.serializer().serialize(topic, entry.object);
                } catch (RuntimeException e) {
                    throw new StreamsException("store " + name + ": cannot encode the value of key " + entry.key, e);
                }
                entry.bytes = bytes;
                log(entry.key, bytes, entry.timestamp);
            }
        }
        changed.clear();
        removed.forEach((key, timestamp) -> {
            if (!entries.containsKey(key)) { // else written again since: its new value is logged above
                log(key, null, timestamp);
            }
        });
        removed.clear();
    }

    /** Called when a task's stores are recycled, after a commit: nothing is pending then. */
    @Override
    public void clearCache() {
        forgetPending();
    }

    @Override
    public boolean setFlushListener(CacheFlushListener<String, V> listener, boolean sendOldValues) {
        return false;
    }

    private void forgetPending() {
        changed.forEach(entry -> entry.pending = false);
        changed.clear();
        removed.clear();
    }

    /** Every entry and what was pending: the task (re)opens or closes the store. */
    private void forgetAll() {
        entries.clear();
        forgetPending();
        lastKey = null;
        lastEntry = null;
    }

    private void log(String key, byte[] bytes, long timestamp) {
        // What Kafka's ChangeLoggingKeyValueBytesStore sends: the writing record's timestamp, fresh headers (the context may add to them).
        context.logChange(name, Bytes.wrap(keySerializer.serialize(topic, key)), bytes, timestamp, new RecordHeaders(), noPosition);
    }

    // ---- any thread: interactive queries read copies

    @Override
    public V get(String key) {
        Entry<V> entry = entries.get(key);
        byte[] bytes = entry == null ? null : entry.bytes;
        return bytes == null ? null : values.deserializer().deserialize(topic, bytes);
    }

    @Override
    public KeyValueIterator<String, V> range(String from, String to) {
        throw new UnsupportedOperationException("store " + name + " keeps no key order: no range queries");
    }

    /** Every entry logged by the call, in no order, each decoded from its bytes. */
    @Override
    public KeyValueIterator<String, V> all() {
        List<KeyValue<String, byte[]>> copy = new ArrayList<>(entries.size());
        entries.forEach((key, entry) -> {
            byte[] bytes = entry.bytes;
            if (bytes != null) {
                copy.add(KeyValue.pair(key, bytes));
            }
        });
        Iterator<KeyValue<String, byte[]>> it = copy.iterator();
        return new KeyValueIterator<>() {
            private KeyValue<String, byte[]> next;

            @Override
            public boolean hasNext() {
                return next != null || it.hasNext();
            }

            @Override
            public KeyValue<String, V> next() {
                KeyValue<String, byte[]> current = next != null ? next : it.next();
                next = null;
                return KeyValue.pair(current.key, values.deserializer().deserialize(topic, current.value));
            }

            @Override
            public String peekNextKey() {
                if (next == null) {
                    next = it.next();
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
        return entries.size();
    }

    // ---- Kafka Streams

    @Override
    public String name() {
        return name;
    }

    @Override
    public void init(StateStoreContext stateStoreContext, StateStore root) {
        context = logged ? (InternalProcessorContext<?, ?>) stateStoreContext : null;
        topic = logged ? context.changelogFor(name) : name;
        forgetAll();
        restored = 0;
        stateStoreContext.register(root, (key, value) -> {
            String restoredKey = keyDeserializer.deserialize(topic, key);
            Entry<V> replaced = value == null ? entries.remove(restoredKey) : entries.put(restoredKey, new Entry<>(restoredKey, null, value));
            if (replaced != null) {
                replaced.gone = true; // never logged by a commit after this, should one still hold it
            }
            // A standby's store is restored while no processor uses it: the entry found last may be replaced.
            lastKey = null;
            lastEntry = null;
            restored++;
        });
        open = true;
    }

    @Override
    public void flush() {
        // a checkpoint, after the commit's flushCache(): nothing is pending
    }

    @Override
    public void close() {
        forgetAll();
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
