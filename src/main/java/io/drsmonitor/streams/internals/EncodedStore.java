package io.drsmonitor.streams.internals;

import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.processor.StateStore;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.internals.CachingKeyValueStore;
import org.apache.kafka.streams.state.internals.MeteredKeyValueStore;
import org.apache.kafka.streams.state.internals.WrappedStateStore;

/**
 * A typed key-value store (string keys) that Kafka Streams built, written with values already encoded by
 * its own value serde: what a processor encoded once for a topic is also what the store entry holds, so
 * the store's serde does not encode it again. Its changelog and inner store take these bytes as they take
 * any; the typed store still serves reads and interactive queries, which decode them as usual.
 *
 * <p>Relies on the layering of a store from {@code Stores.keyValueStoreBuilder}: a {@link MeteredKeyValueStore}
 * (the serdes) around a {@code KeyValueStore<Bytes, byte[]>} (changelog, then the inner store). A record
 * cache between the two is refused: reads through the typed store would not see these writes until it
 * flushes. See this package's note.
 */
public final class EncodedStore {
    private final StringSerializer keys = new StringSerializer();
    private final String name;
    private final KeyValueStore<Bytes, byte[]> bytes;

    private EncodedStore(String name, KeyValueStore<Bytes, byte[]> bytes) {
        this.name = name;
        this.bytes = bytes;
    }

    /** The bytes under {@code typed}, as a processor's {@code getStateStore} hands it out (possibly decorated). */
    @SuppressWarnings("unchecked")
    public static EncodedStore under(KeyValueStore<String, ?> typed) {
        StateStore layer = typed;
        while (layer instanceof WrappedStateStore<?, ?, ?> wrapper) {
            StateStore inner = wrapper.wrapped();
            if (layer instanceof MeteredKeyValueStore<?, ?>) {
                if (inner instanceof CachingKeyValueStore || !(inner instanceof KeyValueStore<?, ?>)) {
                    throw new IllegalStateException("store " + typed.name() + ": expected the bytes store under its metering layer, found "
                            + inner.getClass().getSimpleName() + " (build it without a record cache)");
                }
                return new EncodedStore(typed.name(), (KeyValueStore<Bytes, byte[]>) inner);
            }
            layer = inner;
        }
        throw new IllegalStateException("store " + typed.name() + " has no metering layer: " + typed.getClass().getSimpleName());
    }

    /** {@code value}: what the store's value serde makes of the value (never null). */
    public void put(String key, byte[] value) {
        bytes.put(key(key), value);
    }

    /**
     * Deletes {@code key} as a put of null does: without reading the old value first, as the store's own
     * {@code delete} does to return it (a RocksDB read).
     */
    public void delete(String key) {
        bytes.put(key(key), null);
    }

    /** Deletes an entry by the key {@link #range} handed out, as {@link #delete(String)} does. */
    public void delete(Bytes key) {
        bytes.put(key, null);
    }

    /** Entries from {@code from} up to {@code to}, both included, in key order; keys are the string serde's bytes. */
    public KeyValueIterator<Bytes, byte[]> range(String from, String to) {
        return bytes.range(key(from), key(to));
    }

    private Bytes key(String key) {
        return Bytes.wrap(keys.serialize(name, key));
    }
}
