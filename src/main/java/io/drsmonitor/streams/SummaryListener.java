package io.drsmonitor.streams;

/**
 * Told when the summarizer has written a project's summary to its store, so a reader holding a
 * rendering of it (the query API) knows it is stale. Called on a stream thread: must not block.
 */
@FunctionalInterface
public interface SummaryListener {
    SummaryListener NONE = (store, projectId) -> { };

    void changed(String store, String projectId);
}
