package io.drsmonitor.kafka;

import org.apache.kafka.streams.processor.StateStore;
import org.apache.kafka.streams.processor.StateStoreContext;
import org.apache.kafka.streams.query.Position;

/**
 * What every store {@link AsIsStoreBuilder} builds has in common: a name, open from {@code init} to
 * {@code close}, in memory, no changelog to restore and no position for interactive queries. A store adds
 * what it holds, and what it clears on {@link #opened()} and {@link #closed()}.
 */
public abstract class AsIsStore implements StateStore {
    private final String name;
    private final Position noPosition = Position.emptyPosition();
    private boolean open;

    protected AsIsStore(String name) {
        this.name = name;
    }

    /** When a task (re)opens the store, before its processors' {@code init}. */
    protected void opened() {
    }

    /** When the task closes the store. */
    protected void closed() {
    }

    @Override
    public final String name() {
        return name;
    }

    @Override
    public final void init(StateStoreContext context, StateStore root) {
        context.register(root, (key, value) -> {
            throw new IllegalStateException("store " + name + " keeps no changelog: nothing to restore");
        });
        opened();
        open = true;
    }

    @Override
    public final void close() {
        closed();
        open = false;
    }

    @Override
    public final boolean persistent() {
        return false;
    }

    @Override
    public final boolean isOpen() {
        return open;
    }

    @Override
    public final Position getPosition() {
        return noPosition;
    }
}
