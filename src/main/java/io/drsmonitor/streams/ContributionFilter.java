package io.drsmonitor.streams;

import io.drsmonitor.model.PrecheckResult;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Passes on a job's contribution only when it changes; late snapshots older than one already seen
 * are dropped, so they cannot roll a job back.
 */
final class ContributionFilter implements Processor<String, PrecheckResult, String, PrecheckContribution> {
    private ProcessorContext<String, PrecheckContribution> context;
    private KeyValueStore<String, PrecheckContribution> latest;

    @Override
    public void init(ProcessorContext<String, PrecheckContribution> context) {
        this.context = context;
        this.latest = context.getStateStore(SummaryTopology.CONTRIBUTION_STATE_STORE);
    }

    @Override
    public void process(Record<String, PrecheckResult> record) {
        if (record.value() == null) {
            return;
        }
        PrecheckContribution next = PrecheckContribution.of(record.value());
        PrecheckContribution before = latest.get(record.key());
        if (before != null && next.observedAt() < before.observedAt()) {
            return;
        }
        if (next.sameEffect(before)) {
            latest.put(record.key(), before.observedAt(next.observedAt()));
            return;
        }
        latest.put(record.key(), next);
        context.forward(record.withValue(next));
    }
}
