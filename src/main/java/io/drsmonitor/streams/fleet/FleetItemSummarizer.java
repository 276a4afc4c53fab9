package io.drsmonitor.streams.fleet;

import io.drsmonitor.model.FleetItem;
import io.drsmonitor.streams.state.FleetItemState;
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
 * One check item across the fleet, on the task that owns the item: adds the combined changes of every
 * task (signed sums, exact as the project totals are) to its counts ({@code fleet-item-totals}, written
 * once per commit), and publishes the items that changed once per {@code publishEvery}, a tombstone once
 * no job has the item. Which items await publishing is kept in their counts ({@code dirty}), so a crash
 * before publishing still publishes.
 */
final class FleetItemSummarizer implements Processor<String, FleetItemState, String, FleetItem> {
    private final Duration publishEvery;
    private final Set<String> dirty = new LinkedHashSet<>();
    private ProcessorContext<String, FleetItem> context;
    private KeyValueStore<String, FleetItemState> totals;

    FleetItemSummarizer(Duration publishEvery) {
        this.publishEvery = publishEvery;
    }

    @Override
    public void init(ProcessorContext<String, FleetItem> context) {
        this.context = context;
        totals = context.getStateStore(FleetTopology.ITEM_TOTALS_STORE);
        dirty.clear();
        try (KeyValueIterator<String, FleetItemState> all = totals.all()) {
            all.forEachRemaining(kv -> {
                if (kv.value.getDirty()) {
                    dirty.add(kv.key);
                }
            });
        }
        context.schedule(publishEvery, PunctuationType.WALL_CLOCK_TIME, now -> publish());
    }

    @Override
    public void process(Record<String, FleetItemState> record) {
        String item = record.key();
        FleetItemState change = record.value();
        FleetItemState found = totals.get(item);
        FleetItemState counts = found != null ? found : FleetItems.empty();
        if (!change.getGroup().isEmpty()) {
            counts.setGroup(change.getGroup());
        }
        FleetItems.add(counts, change);
        counts.setDirty(true);
        dirty.add(item);
        totals.put(item, counts);
    }

    private void publish() {
        for (String item : dirty) {
            FleetItemState counts = totals.get(item);
            if (counts == null) {
                continue;
            }
            boolean empty = FleetItems.isEmpty(counts);
            context.forward(new Record<>(item, empty ? null : FleetItems.published(item, counts), context.currentSystemTimeMs()));
            if (empty) {
                totals.delete(item);
            } else {
                counts.setDirty(false);
                totals.put(item, counts);
            }
        }
        dirty.clear();
    }
}
