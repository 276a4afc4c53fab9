package io.drsmonitor.drs;

import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * One {@link DrsClient} per region (each with its own circuit breakers, concurrency limit and
 * authentication gate), made when a region's first job arrives. The collector's calls go to the
 * client of the job's region; a region without an endpoint has none, and its calls fail.
 */
public final class DrsClients implements DrsCalls, AutoCloseable {
    private final RegionEndpoints endpoints;
    private final Predicate<String> served;
    private final Function<String, Optional<DrsClient>> make;
    private final boolean owned;
    private final Map<String, Optional<DrsClient>> clients = new ConcurrentHashMap<>();

    private DrsClients(RegionEndpoints endpoints, Predicate<String> served, Function<String, Optional<DrsClient>> make,
                       boolean owned) {
        this.endpoints = endpoints;
        this.served = served;
        this.make = make;
        this.owned = owned;
    }

    /**
     * A client per region at the endpoint {@code endpoints} gives it.
     *
     * @param template    settings for every region's client; its base URL is replaced by the region's endpoint
     * @param credentials each region's credentials (an IAM token is scoped to one region's project)
     */
    public static DrsClients perRegion(Vertx vertx, DrsClientConfig template, Function<String, DrsCredentials> credentials,
                                       MeterRegistry metrics, RegionEndpoints endpoints) {
        return new DrsClients(endpoints, region -> endpoints.endpoint(region).isPresent(), region -> endpoints.endpoint(region)
                .map(url -> new DrsClient(vertx, template.withBaseUrl(url), credentials.apply(region), metrics, region)), true);
    }

    /** Every region served by {@code client} (one endpoint for all jobs); closing this leaves it open. */
    public static DrsClients single(DrsClient client) {
        return new DrsClients(RegionEndpoints.real(null, null, Map.of()), region -> true, region -> Optional.of(client), false);
    }

    /** The region a job belongs to: its own, else the configured default. */
    @Override
    public String regionOf(String jobRegion) {
        return endpoints.regionOf(jobRegion);
    }

    /** The client for {@code region} (as {@link #regionOf} names it), empty when the region has no DRS endpoint. */
    public Optional<DrsClient> forRegion(String region) {
        return clients.computeIfAbsent(region, make);
    }

    /** True when {@code region} (as {@link #regionOf} names it) has a DRS endpoint; makes no client. */
    @Override
    public boolean serves(String region) {
        return served.test(region);
    }

    @Override
    public boolean sendsCalls(String region) {
        return forRegion(region).map(DrsClient::sendsCalls).orElse(true);
    }

    @Override
    public Future<List<JobAnswer<PostPreCheckResp>>> batchPrecheck(String region, String projectId, List<PreCheckInfo> jobs) {
        return forRegion(region).map(client -> client.batchPrecheck(projectId, jobs))
                .orElseGet(() -> Future.failedFuture(noEndpoint(region)));
    }

    @Override
    public Future<List<JobAnswer<QueryPreCheckResp>>> batchPrecheckResult(String region, String projectId, List<String> jobIds,
                                                                         Function<String, String> precheckIdOf) {
        return forRegion(region).map(client -> client.batchPrecheckResult(projectId, jobIds, precheckIdOf))
                .orElseGet(() -> Future.failedFuture(noEndpoint(region)));
    }

    @Override
    public Future<List<JobAnswer<StructProcessResp>>> batchStructProcess(String region, String projectId, List<String> jobIds) {
        return forRegion(region).map(client -> client.batchStructProcess(projectId, jobIds))
                .orElseGet(() -> Future.failedFuture(noEndpoint(region)));
    }

    @Override
    public Future<JobListPage> listJobs(String region, String projectId, JobListQuery query) {
        return forRegion(region).map(client -> client.listJobs(projectId, query))
                .orElseGet(() -> Future.failedFuture(noEndpoint(region)));
    }

    @Override
    public Future<List<JobAnswer<JobStatusResp>>> batchJobStatus(String region, String projectId, List<String> jobIds, int perCall) {
        return forRegion(region).map(client -> client.batchJobStatus(projectId, jobIds, perCall))
                .orElseGet(() -> Future.failedFuture(noEndpoint(region)));
    }

    private static IllegalStateException noEndpoint(String region) {
        return new IllegalStateException("no DRS endpoint for region " + region + " (set drs.region.endpoints)");
    }

    /** Regions whose DRS refused the credentials, with why; empty while all accept them. */
    @Override
    public Map<String, String> authProblems() {
        Map<String, String> problems = new TreeMap<>();
        clients.forEach((region, client) -> client.map(DrsClient::authProblem).ifPresent(p -> problems.put(region, p)));
        return problems;
    }

    @Override
    public void close() {
        if (owned) {
            clients.values().forEach(client -> client.ifPresent(DrsClient::close));
        }
        clients.clear();
    }
}
