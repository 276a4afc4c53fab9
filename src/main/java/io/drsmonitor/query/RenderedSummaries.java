package io.drsmonitor.query;

import io.drsmonitor.streams.SummaryListener;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.apache.kafka.streams.KafkaStreams;

/**
 * Project summaries already rendered as JSON, per store and project, valid while the store's
 * version of that project is unchanged. The summarizer bumps the version after each write
 * ({@link SummaryListener}); any change of the Streams state (a rebalance may bring a restored
 * copy) bumps them all. A rendering is tagged with the version read <em>before</em> the store was
 * read, so a write racing the rendering makes it stale, never wrongly fresh.
 */
public final class RenderedSummaries implements SummaryListener, KafkaStreams.StateListener {
    private record Rendering(long epoch, long version, String json) {
    }

    private final Map<String, AtomicLong> versions = new ConcurrentHashMap<>();
    private final Map<String, Rendering> renderings = new ConcurrentHashMap<>();
    private final AtomicLong epoch = new AtomicLong();

    @Override
    public void changed(String store, String projectId) {
        versions.computeIfAbsent(key(store, projectId), k -> new AtomicLong()).incrementAndGet();
    }

    @Override
    public void onChange(KafkaStreams.State newState, KafkaStreams.State oldState) {
        epoch.incrementAndGet();
        renderings.clear();
    }

    /** The cached rendering, or null when there is none or it may be stale. */
    String cached(String store, String projectId) {
        Rendering r = renderings.get(key(store, projectId));
        return r != null && r.epoch == epoch.get() && r.version == version(store, projectId) ? r.json : null;
    }

    /** Renders with {@code render} (which reads the store) and keeps the result; null results are not kept. */
    String render(String store, String projectId, Supplier<String> render) {
        long e = epoch.get();
        long v = version(store, projectId);
        String json = render.get();
        if (json != null) {
            renderings.put(key(store, projectId), new Rendering(e, v, json));
        }
        return json;
    }

    private long version(String store, String projectId) {
        AtomicLong v = versions.get(key(store, projectId));
        return v == null ? 0 : v.get();
    }

    private static String key(String store, String projectId) {
        return store + '/' + projectId;
    }
}
