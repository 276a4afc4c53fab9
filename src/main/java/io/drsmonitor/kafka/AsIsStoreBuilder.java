package io.drsmonitor.kafka;

import java.util.Map;
import java.util.function.BiFunction;
import java.util.function.Function;
import org.apache.kafka.streams.processor.StateStore;
import org.apache.kafka.streams.state.StoreBuilder;

/**
 * Builds a store of our own as it is: Kafka Streams registers what {@code build()} returns without a
 * metering, caching or changelog layer around it, so a processor gets the store's own type and methods.
 * Caching settings change nothing. Either the store keeps nothing to restore (a changelog is refused), or
 * it logs its own writes ({@link #selfLogging}): Kafka Streams then creates its changelog and restores it
 * through the callback the store registers.
 */
public final class AsIsStoreBuilder<S extends StateStore> implements StoreBuilder<S> {
    private final String name;
    private final BiFunction<String, Boolean, S> store;
    /** Why a changelog is refused; null for a store that logs its own writes. */
    private final String whyNoChangelog;
    private boolean logging;
    private Map<String, String> logConfig = Map.of();

    /**
     * A store without changelog.
     *
     * @param store          makes the store named {@code name}, once per task
     * @param whyNoChangelog the message of the error {@link #withLoggingEnabled} throws
     */
    public AsIsStoreBuilder(String name, Function<String, S> store, String whyNoChangelog) {
        this(name, (storeName, logged) -> store.apply(storeName), whyNoChangelog, false);
    }

    private AsIsStoreBuilder(String name, BiFunction<String, Boolean, S> store, String whyNoChangelog, boolean logging) {
        this.name = name;
        this.store = store;
        this.whyNoChangelog = whyNoChangelog;
        this.logging = logging;
    }

    /**
     * A store that logs its own writes, with a changelog unless {@code withLoggingDisabled()} (a test's mock
     * context, which has none).
     *
     * @param store makes the store named {@code name}, once per task, told whether it has a changelog
     */
    public static <S extends StateStore> AsIsStoreBuilder<S> selfLogging(String name, BiFunction<String, Boolean, S> store) {
        return new AsIsStoreBuilder<>(name, store, null, true);
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
        if (whyNoChangelog != null) {
            throw new UnsupportedOperationException(whyNoChangelog);
        }
        logConfig = Map.copyOf(config);
        logging = true;
        return this;
    }

    @Override
    public StoreBuilder<S> withLoggingDisabled() {
        logging = false;
        return this;
    }

    @Override
    public S build() {
        return store.apply(name, logging);
    }

    @Override
    public Map<String, String> logConfig() {
        return logConfig;
    }

    @Override
    public boolean loggingEnabled() {
        return logging;
    }

    @Override
    public String name() {
        return name;
    }
}
