package io.drsmonitor.collector;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** The collector's figures: calls and jobs per call by endpoint, jobs tracked, dead letters, snapshots. */
public final class CollectorMetrics {
    private final MeterRegistry registry;
    private final Map<Object, Integer> trackedByTask = new ConcurrentHashMap<>();

    public CollectorMetrics(MeterRegistry registry) {
        this.registry = registry;
        Gauge.builder("drs.collector.jobs.tracked", trackedByTask, m -> m.values().stream().mapToInt(Integer::intValue).sum())
                .description("Jobs the collector follows on this instance").register(registry);
    }

    void call(String endpoint, int jobs) {
        Counter.builder("drs.collector.calls").description("DRS calls made by poll rounds").tag("endpoint", endpoint)
                .register(registry).increment();
        DistributionSummary.builder("drs.collector.jobs.per.call").description("Jobs carried by one DRS call")
                .tag("endpoint", endpoint).register(registry).record(jobs);
    }

    void deadLetter(DeadLetters.Error error) {
        Counter.builder("drs.collector.dlq").description("Job events sent to the dead-letter topic")
                .tag("reason", error.name()).register(registry).increment();
    }

    void published(String topic) {
        Counter.builder("drs.collector.snapshots").description("Snapshots published").tag("topic", topic)
                .register(registry).increment();
    }

    void threadFailure() {
        Counter.builder("drs.collector.thread.failures").description("Collector stream threads that died and were replaced")
                .register(registry).increment();
    }

    void tracked(Object task, int jobs) {
        trackedByTask.put(task, jobs);
    }

    void untracked(Object task) {
        trackedByTask.remove(task);
    }
}
