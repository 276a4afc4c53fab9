package io.drsmonitor.streams.fleet;

import io.drsmonitor.model.FleetSlice;
import io.drsmonitor.model.JobDirection;
import org.apache.kafka.streams.state.KeyValueStore;
import io.drsmonitor.streams.state.SliceTotals;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.Set;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;

/**
 * One slice of the fleet (region, engine, direction): adds the combined count changes of every task
 * and publishes the slices that changed once per {@code publishEvery} (a tombstone once a slice has no
 * job). A handful of slices take every change of the fleet, but each task sends at most one change per
 * slice and commit, so they stay a few records per second.
 */
final class FleetSliceSummarizer implements Processor<String, SliceTotals, String, FleetSlice> {
    private final Duration publishEvery;
    private final Set<String> dirty = new LinkedHashSet<>();
    private ProcessorContext<String, FleetSlice> context;
    private KeyValueStore<String, SliceTotals> totals;

    FleetSliceSummarizer(Duration publishEvery) {
        this.publishEvery = publishEvery;
    }

    @Override
    public void init(ProcessorContext<String, FleetSlice> context) {
        this.context = context;
        totals = context.getStateStore(FleetTopology.SLICE_TOTALS_STORE);
        dirty.clear();
        try (KeyValueIterator<String, SliceTotals> all = totals.all()) {
            all.forEachRemaining(kv -> {
                if (kv.value.getDirty()) {
                    dirty.add(kv.key);
                }
            });
        }
        context.schedule(publishEvery, PunctuationType.WALL_CLOCK_TIME, now -> publish());
    }

    @Override
    public void process(Record<String, SliceTotals> record) {
        SliceTotals found = totals.get(record.key());
        SliceTotals t = found != null ? found : FleetCounts.empty();
        FleetCounts.add(t, record.value());
        t.setDirty(true);
        totals.put(record.key(), t);
        dirty.add(record.key());
    }

    private void publish() {
        for (String slice : dirty) {
            SliceTotals t = totals.get(slice);
            if (t == null) {
                continue;
            }
            boolean empty = t.getPrecheck().getJobs() == 0 && t.getDrInit().getJobs() == 0;
            context.forward(new Record<>(slice, empty ? null : published(slice, t), context.currentSystemTimeMs()));
            if (empty) {
                totals.delete(slice);
            } else {
                t.setDirty(false);
                totals.put(slice, t);
            }
        }
        dirty.clear();
    }

    private static FleetSlice published(String slice, SliceTotals t) {
        String[] parts = slice.split("\\|", -1);
        String direction = parts[parts.length - 1];
        String region = parts[0];
        String engine = slice.substring(region.length() + 1, slice.length() - direction.length() - 1);
        return FleetSlice.newBuilder().setRegion(region.isEmpty() ? null : region).setEngine(engine.isEmpty() ? null : engine)
                .setDirection(JobDirection.valueOf(direction)).setPrecheck(t.getPrecheck()).setDrInit(t.getDrInit())
                .setUpdatedAt(Instant.ofEpochMilli(t.getUpdatedAt())).build();
    }
}
