package io.drsmonitor.simulator;

import io.vertx.core.json.JsonObject;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/** What the simulator was asked: calls per endpoint and project, and jobs carried. */
public final class SimulatorStats {
    private final Map<String, Map<String, AtomicLong>> calls = new ConcurrentHashMap<>();
    private final Map<String, AtomicLong> jobs = new ConcurrentHashMap<>();
    private final Map<String, AtomicLong> jobsByProject = new ConcurrentHashMap<>();
    private final Map<String, AtomicLong> callsByRegion = new ConcurrentHashMap<>();
    private final AtomicLong refused = new AtomicLong();
    private final Map<String, AtomicLong> arrived = new ConcurrentHashMap<>();

    void arrival(String endpoint) {
        arrived.computeIfAbsent(endpoint, k -> new AtomicLong()).incrementAndGet();
    }

    /** Requests that reached {@code endpoint}, counted on arrival: before faults, latency and authentication. */
    public long arrived(String endpoint) {
        AtomicLong count = arrived.get(endpoint);
        return count == null ? 0 : count.get();
    }

    void refused() {
        refused.incrementAndGet();
    }

    /** Requests the gateway refused (401: bad signature, stale date, unknown token...); they reach no call. */
    public long refusedRequests() {
        return refused.get();
    }

    /** @param region the call's region path prefix, or null for a call without one */
    void record(String endpoint, String region, String projectId, int jobCount) {
        callsByRegion.computeIfAbsent(endpoint + ' ' + region, k -> new AtomicLong()).incrementAndGet();
        calls.computeIfAbsent(endpoint, k -> new ConcurrentHashMap<>())
                .computeIfAbsent(projectId, k -> new AtomicLong()).incrementAndGet();
        jobs.computeIfAbsent(endpoint, k -> new AtomicLong()).addAndGet(jobCount);
        jobsByProject.computeIfAbsent(endpoint + ' ' + projectId, k -> new AtomicLong()).addAndGet(jobCount);
    }

    /** Calls received on {@code endpoint} (e.g. batch-precheck-result), all projects. */
    public long calls(String endpoint) {
        return calls.getOrDefault(endpoint, Map.of()).values().stream().mapToLong(AtomicLong::get).sum();
    }

    public long calls(String endpoint, String projectId) {
        AtomicLong count = calls.getOrDefault(endpoint, Map.of()).get(projectId);
        return count == null ? 0 : count.get();
    }

    /** Job ids carried by calls on {@code endpoint}. */
    public long jobs(String endpoint) {
        AtomicLong count = jobs.get(endpoint);
        return count == null ? 0 : count.get();
    }

    /** Job ids carried by calls on {@code endpoint} for {@code projectId}. */
    public long jobs(String endpoint, String projectId) {
        AtomicLong count = jobsByProject.get(endpoint + ' ' + projectId);
        return count == null ? 0 : count.get();
    }

    /** Calls received on {@code endpoint} under {@code region}'s path prefix (null: calls without one). */
    public long callsInRegion(String endpoint, String region) {
        AtomicLong count = callsByRegion.get(endpoint + ' ' + region);
        return count == null ? 0 : count.get();
    }

    public void reset() {
        refused.set(0);
        arrived.clear();
        callsByRegion.clear();
        calls.clear();
        jobs.clear();
        jobsByProject.clear();
    }

    JsonObject toJson() {
        JsonObject json = new JsonObject().put("refused", refused.get());
        calls.forEach((endpoint, byProject) -> {
            JsonObject projects = new JsonObject();
            byProject.forEach((project, count) -> projects.put(project, count.get()));
            JsonObject regions = new JsonObject();
            callsByRegion.forEach((key, count) -> {
                if (key.startsWith(endpoint + ' ')) {
                    regions.put(key.substring(endpoint.length() + 1), count.get());
                }
            });
            json.put(endpoint, new JsonObject().put("calls", calls(endpoint)).put("jobs", jobs(endpoint))
                    .put("byProject", projects).put("byRegion", regions));
        });
        return json;
    }
}
