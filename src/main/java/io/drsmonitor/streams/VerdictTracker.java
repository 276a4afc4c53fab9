package io.drsmonitor.streams;

import io.drsmonitor.model.ObservationOutcome;
import io.drsmonitor.model.PrecheckResult;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Emits (project, passed) once per finished pre-check run: when a job's pre-check turns complete,
 * not on every repeat of the final snapshot, so the hourly history counts each run once.
 */
final class VerdictTracker implements Processor<String, PrecheckResult, String, Boolean> {
    /** The last snapshot time seen for a job and whether it was a finished run. */
    public record State(long observedAt, boolean complete) {
    }

    private ProcessorContext<String, Boolean> context;
    private KeyValueStore<String, State> states;

    @Override
    public void init(ProcessorContext<String, Boolean> context) {
        this.context = context;
        this.states = context.getStateStore(SummaryTopology.VERDICT_STORE);
    }

    @Override
    public void process(Record<String, PrecheckResult> record) {
        PrecheckResult r = record.value();
        if (r == null || r.getOutcome() == ObservationOutcome.API_FAILURE) {
            return;
        }
        State before = states.get(record.key());
        long observedAt = r.getObservedAt().toEpochMilli();
        if (before != null && observedAt < before.observedAt()) {
            return;
        }
        boolean complete = r.getComplete() && r.getOutcome() == ObservationOutcome.OK;
        if (complete && (before == null || !before.complete())) {
            context.forward(new Record<>(r.getProjectId(), Boolean.TRUE.equals(r.getPassed()), record.timestamp()));
        }
        states.put(record.key(), new State(observedAt, complete));
    }
}
