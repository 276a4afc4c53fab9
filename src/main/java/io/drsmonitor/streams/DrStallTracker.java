package io.drsmonitor.streams;

import io.drsmonitor.model.StructProcess;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Keeps each DR job's latest snapshot (older ones arriving late are ignored) and notices, on a
 * wall-clock punctuation, initializations that made no progress for {@code stallAfter}. Emits the
 * job's view whenever it changes, including when it stalls or moves again.
 */
final class DrStallTracker implements Processor<String, StructProcess, String, DrJobView> {
    private final Duration stallAfter;
    private final Duration checkEvery;
    private ProcessorContext<String, DrJobView> context;
    private KeyValueStore<String, DrJobView> views;

    DrStallTracker(Duration stallAfter, Duration checkEvery) {
        this.stallAfter = stallAfter;
        this.checkEvery = checkEvery;
    }

    @Override
    public void init(ProcessorContext<String, DrJobView> context) {
        this.context = context;
        this.views = context.getStateStore(SummaryTopology.DR_JOB_STATE_STORE);
        context.schedule(checkEvery, PunctuationType.WALL_CLOCK_TIME, this::checkStalls);
    }

    @Override
    public void process(Record<String, StructProcess> record) {
        StructProcess snapshot = record.value();
        if (snapshot == null) {
            return;
        }
        DrJobView previous = views.get(record.key());
        long observedAt = snapshot.getObservedAt().toEpochMilli();
        if (previous != null && observedAt < previous.observedAt()) {
            return;
        }
        String progress = DrJobView.progressKey(snapshot);
        boolean moved = previous == null || !progress.equals(previous.progressKey());
        long lastProgressAt = moved ? context.currentSystemTimeMs() : previous.lastProgressAt();
        DrJobView view = DrJobView.of(snapshot, lastProgressAt, !moved && previous.stalled());
        if (view.equals(previous)) {
            return;
        }
        views.put(record.key(), view);
        context.forward(new Record<>(record.key(), view, record.timestamp()));
    }

    private void checkStalls(long now) {
        List<KeyValue<String, DrJobView>> stalled = new ArrayList<>();
        try (KeyValueIterator<String, DrJobView> all = views.all()) {
            all.forEachRemaining(kv -> {
                DrJobView view = kv.value;
                if (view.state() == DrJobView.State.INITIALIZING && !view.stalled()
                        && now - view.lastProgressAt() >= stallAfter.toMillis()) {
                    stalled.add(KeyValue.pair(kv.key, view.withStalled(true)));
                }
            });
        }
        for (KeyValue<String, DrJobView> kv : stalled) {
            views.put(kv.key, kv.value);
            context.forward(new Record<>(kv.key, kv.value, now));
        }
    }
}
