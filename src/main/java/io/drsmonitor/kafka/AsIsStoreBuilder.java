package io.drsmonitor.kafka;

import java.util.Map;
import java.util.function.Function;
import org.apache.kafka.streams.processor.StateStore;
import org.apache.kafka.streams.state.StoreBuilder;

/**
 * Builds a store of our own as it is: Kafka Streams registers what {@code build()} returns without a
 * metering, caching or changelog layer around it, so a processor gets the store's own type and methods.
 * For stores that keep nothing to restore: a changelog is refused, caching settings change nothing.
 */
public final class AsIsStoreBuilder<S extends StateStore> implements StoreBuilder<S> {
    private final String name;
    private final Function<String, S> store;
    private final String whyNoChangelog;

    /**
     * @param store          makes the store named {@code name}, once per task
     * @param whyNoChangelog the message of the error {@link #withLoggingEnabled} throws
     */
    public AsIsStoreBuilder(String name, Function<String, S> store, String whyNoChangelog) {
        this.name = name;
        this.store = store;
        this.whyNoChangelog = whyNoChangelog;
    }

    @Override
    public StoreBuilder<S> withCachingEnabled() {
        return this;
    }

    @Override
    public StoreBuilder<S> withCachingDisabled() {
        return this;
    }

    @Override
    public StoreBuilder<S> withLoggingEnabled(Map<String, String> config) {
        throw new UnsupportedOperationException(whyNoChangelog);
    }

    @Override
    public StoreBuilder<S> withLoggingDisabled() {
        return this;
    }

    @Override
    public S build() {
        return store.apply(name);
    }

    @Override
    public Map<String, String> logConfig() {
        return Map.of();
    }

    @Override
    public boolean loggingEnabled() {
        return false;
    }

    @Override
    public String name() {
        return name;
    }
}
