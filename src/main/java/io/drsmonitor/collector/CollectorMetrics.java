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

    /** A batch-precheck whose outcome is unknown (or a start found in flight after a restart): DRS is asked. */
    void precheckUnconfirmed() {
        Counter.builder("drs.collector.precheck.unconfirmed")
                .description("Pre-check starts whose outcome was unknown, resolved by asking batch-precheck-result")
                .register(registry).increment();
    }

    /** DRS said an unconfirmed start never happened: the pre-check is started again. */
    void precheckRestarted() {
        Counter.builder("drs.collector.precheck.restarted")
                .description("Pre-checks started again after DRS said an unconfirmed start had not happened")
                .register(registry).increment();
    }

    void duplicateEvent() {
        Counter.builder("drs.collector.events.duplicate")
                .description("Job events skipped because the job's last applied event had the same eventId").register(registry).increment();
    }

    void jobEnded(String why) {
        Counter.builder("drs.collector.jobs.ended").description("Jobs ended: tombstones published, state dropped")
                .tag("reason", why).register(registry).increment();
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
