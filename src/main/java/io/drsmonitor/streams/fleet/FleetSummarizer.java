package io.drsmonitor.streams.fleet;

import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.Set;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * One key of the fleet (an item, or a slice) on the task that owns it: adds the combined changes of
 * every task (signed sums) to its counts, written once per commit, and publishes the keys that changed
 * once per {@code publishEvery}, a tombstone once the counts hold no job. Which keys await publishing is
 * kept in the counts themselves ({@link Counts#dirty}), so a crash before publishing still publishes.
 *
 * @param <C> the counts, in the store and as a change on the repartition topic
 * @param <P> the record published
 */
final class FleetSummarizer<C, P> implements Processor<String, C, String, P> {
    /** What the summarizer does with one kind of counts. */
    interface Counts<C, P> {
        C empty();

        /** Adds {@code change} to {@code counts}, in place. */
        void add(C counts, C change);

        /** No job left: published as a tombstone, and dropped. */
        boolean isEmpty(C counts);

        boolean dirty(C counts);

        void setDirty(C counts, boolean dirty);

        P published(String key, C counts);
    }

    private final String store;
    private final Duration publishEvery;
    private final Counts<C, P> kind;
    private final Set<String> dirty = new LinkedHashSet<>();
    private ProcessorContext<String, P> context;
    private KeyValueStore<String, C> totals;

    FleetSummarizer(String store, Duration publishEvery, Counts<C, P> kind) {
        this.store = store;
        this.publishEvery = publishEvery;
        this.kind = kind;
    }

    @Override
    public void init(ProcessorContext<String, P> context) {
        this.context = context;
        totals = context.getStateStore(store);
        dirty.clear();
        try (KeyValueIterator<String, C> all = totals.all()) {
            all.forEachRemaining(kv -> {
                if (kind.dirty(kv.value)) {
                    dirty.add(kv.key);
                }
            });
        }
        context.schedule(publishEvery, PunctuationType.WALL_CLOCK_TIME, now -> publish());
    }

    @Override
    public void process(Record<String, C> record) {
        C found = totals.get(record.key());
        C counts = found != null ? found : kind.empty();
        kind.add(counts, record.value());
        kind.setDirty(counts, true);
        totals.put(record.key(), counts);
        dirty.add(record.key());
    }

    private void publish() {
        for (String key : dirty) {
            C counts = totals.get(key);
            if (counts == null) {
                continue;
            }
            boolean empty = kind.isEmpty(counts);
            context.forward(new Record<>(key, empty ? null : kind.published(key, counts), context.currentSystemTimeMs()));
            if (empty) {
                totals.delete(key);
            } else {
                kind.setDirty(counts, false);
                totals.put(key, counts);
            }
        }
        dirty.clear();
    }
}
