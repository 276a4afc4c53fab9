package io.drsmonitor.discovery;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.drsmonitor.model.JobEventType;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Discovery's meters: DRS calls and their failures by call and region, lifecycle events published by
 * type, and the jobs each owned project has ({@code drs_discovery_jobs{project}}, registered when this
 * instance first owns the project, -1 once another instance owns it).
 */
public final class DiscoveryMetrics {
    /** The {@code call} tag: ShowJobList, batch-status, batch-precheck-result. */
    enum Call { LIST, STATUS, PRECHECK_RESULT }

    private final MeterRegistry registry;
    private final Map<String, AtomicInteger> jobsByProject = new ConcurrentHashMap<>();
    private final AtomicInteger owned = new AtomicInteger();

    public DiscoveryMetrics(MeterRegistry registry) {
        this.registry = registry;
        Gauge.builder("drs.discovery.projects.owned", owned, AtomicInteger::get)
                .description("Projects this instance discovers now (the partitions of drs.discovery.jobs it owns)").register(registry);
    }

    void call(Call call, String region) {
        Counter.builder("drs.discovery.calls").description("DRS calls made by discovery")
                .tags("call", tag(call), "region", region).register(registry).increment();
    }

    void failure(Call call, String region) {
        Counter.builder("drs.discovery.failures").description("Discovery's DRS calls that failed (after the client's retries)")
                .tags("call", tag(call), "region", region).register(registry).increment();
    }

    void published(JobEventType type) {
        Counter.builder("drs.discovery.events").description("Lifecycle events discovery published on drs.job-events")
                .tag("type", type.name()).register(registry).increment();
    }

    void jobs(ProjectRef project, int jobs) {
        jobsByProject.computeIfAbsent(project.key(), key -> {
            AtomicInteger count = new AtomicInteger();
            Gauge.builder("drs.discovery.jobs", count, AtomicInteger::get)
                    .description("Jobs discovery follows in a project this instance owns (-1: owned elsewhere now)")
                    .tag("project", key).register(registry);
            return count;
        }).set(jobs);
    }

    void owns(ProjectRef project, boolean owns) {
        owned.addAndGet(owns ? 1 : -1);
        if (!owns) {
            jobs(project, -1);
        }
    }

    private static String tag(Call call) {
        return call.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
