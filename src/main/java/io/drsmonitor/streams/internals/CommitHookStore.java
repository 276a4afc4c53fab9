package io.drsmonitor.streams.internals;

import io.drsmonitor.kafka.AsIsStore;
import io.drsmonitor.kafka.AsIsStoreBuilder;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.internals.InternalProcessorContext;
import org.apache.kafka.streams.processor.internals.ProcessorNode;
import org.apache.kafka.streams.processor.internals.ProcessorRecordContext;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.internals.CacheFlushListener;
import org.apache.kafka.streams.state.internals.CachedStateStore;

/**
 * A store that holds nothing and lets its processor forward records at every commit of its task,
 * before the transaction ends: Kafka Streams flushes the caches of a task's stores (its internal
 * {@link CachedStateStore#flushCache()}) as the first step of each commit, and that is how its own
 * record caches emit KTable updates. What is forwarded then is sent in the transaction that commits
 * the input behind it, so a processor may keep what it has not forwarded yet on the heap, without a
 * changelog: at every commit it holds nothing.
 *
 * <p>It relies on Kafka Streams internals ({@link InternalProcessorContext}, {@link CachedStateStore} and
 * the cache flush coming before the transaction ends; see this package's note): {@code CommitOrderPinTest}
 * pins that order on the Kafka version in the pom, and {@code SummaryKillIT} SIGKILLs a run mid-backlog and
 * compares every summary with an oracle, so an upgrade that breaks this fails both.
 */
public final class CommitHookStore extends AsIsStore implements CachedStateStore<Object, Object> {
    private Runnable beforeCommit = () -> { };

    private CommitHookStore(String name) {
        super(name);
    }

    /**
     * The store named {@code name}, built as is (Kafka Streams looks for {@link CachedStateStore} on the
     * store it registers): it holds nothing, so caching settings change nothing and a changelog is refused.
     */
    public static StoreBuilder<CommitHookStore> builder(String name) {
        return new AsIsStoreBuilder<>(name, CommitHookStore::new, "a commit hook holds nothing to log");
    }

    /**
     * Runs {@code action} at every commit of the task, as if it were a punctuation of the processor
     * calling this from its {@code init}: what it forwards goes to that processor's children.
     */
    public void beforeEachCommit(ProcessorContext<?, ?> processorContext, Runnable action) {
        InternalProcessorContext<?, ?> context = (InternalProcessorContext<?, ?>) processorContext;
        ProcessorNode<?, ?, ?, ?> node = context.currentNode();
        beforeCommit = () -> {
            ProcessorNode<?, ?, ?, ?> previousNode = context.currentNode();
            ProcessorRecordContext previousRecord = context.recordContext();
            context.setCurrentNode(node);
            // What a punctuation runs with: no input record behind what it forwards.
            context.setRecordContext(new ProcessorRecordContext(context.currentSystemTimeMs(), -1L, -1, null, new RecordHeaders()));
            try {
                action.run();
            } finally {
                context.setRecordContext(previousRecord);
                context.setCurrentNode(previousNode);
            }
        };
    }

    @Override
    public void flushCache() {
        beforeCommit.run();
    }

    @Override
    public void clearCache() {
        // nothing held
    }

    @Override
    public boolean setFlushListener(CacheFlushListener<Object, Object> listener, boolean sendOldValues) {
        return false;
    }

    @Override
    protected void closed() {
        beforeCommit = () -> { };
    }
}
