package io.drsmonitor.drs;

import com.fasterxml.jackson.core.type.TypeReference;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.circuitbreaker.CircuitBreakerState;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * A typed, asynchronous client for DRS's three batch calls in one region. Requests are checked
 * against the documented rules before anything is sent, split into chunks (at most
 * {@value DrsRules#MAX_PRECHECK_JOBS} jobs for {@code batch-precheck}, the batch size for the two
 * reads) and merged back in request order. {@link DrsTransport} does the HTTP.
 */
public final class DrsClient implements AutoCloseable {
    public static final String ATTEMPTS_METRIC = "drs.client.attempts";
    /** The region tag of a client made without one (a single endpoint). */
    public static final String DEFAULT_REGION = "default";

    /** How an attempt ended, the {@code outcome} tag of {@link #ATTEMPTS_METRIC}. */
    public enum Outcome { SUCCESS, RETRY, GIVE_UP, CLIENT_ERROR, REJECTED }

    private final DrsClientConfig config;
    private final DrsTransport transport;
    private final String region;

    public DrsClient(Vertx vertx, DrsClientConfig config, DrsCredentials credentials, MeterRegistry metrics) {
        this(vertx, config, credentials, metrics, DEFAULT_REGION);
    }

    public DrsClient(Vertx vertx, DrsClientConfig config, DrsCredentials credentials, MeterRegistry metrics, String region) {
        this.config = config;
        this.region = region;
        this.transport = new DrsTransport(vertx, config, credentials, metrics, region);
    }

    /** Starts pre-checks ({@code POST /v3/{project_id}/jobs/batch-precheck}), each job with its own mode. */
    public Future<List<JobAnswer<PostPreCheckResp>>> batchPrecheck(String projectId, List<PreCheckInfo> jobs) {
        return checked(() -> {
            DrsRules.checkProject(projectId);
            DrsRules.checkJobs(jobs.stream().map(PreCheckInfo::jobId).toList());
            jobs.forEach(job -> DrsRules.checkPrecheckMode(job.precheckMode()));
        }).compose(v -> {
            Map<String, PreCheckInfo> byId = new HashMap<>();
            jobs.forEach(job -> byId.put(job.jobId(), job));
            return batched(DrsEndpoint.BATCH_PRECHECK, projectId, jobs.stream().map(PreCheckInfo::jobId).toList(),
                    Math.min(config.batchSize(), DrsRules.MAX_PRECHECK_JOBS),
                    chunk -> Map.of("jobs", chunk.stream().map(byId::get).toList()),
                    new TypeReference<BatchResponse<PostPreCheckResp>>() { }, PostPreCheckResp::missing);
        });
    }

    /** Starts pre-checks of {@code jobIds}, all in {@code precheckMode}. */
    public Future<List<JobAnswer<PostPreCheckResp>>> batchPrecheck(String projectId, List<String> jobIds, String precheckMode) {
        return batchPrecheck(projectId, jobIds.stream().map(id -> new PreCheckInfo(id, precheckMode)).toList());
    }

    /** Reads pre-check results ({@code POST /v3/{project_id}/jobs/batch-precheck-result}). */
    public Future<List<JobAnswer<QueryPreCheckResp>>> batchPrecheckResult(String projectId, List<String> jobIds) {
        return checked(() -> {
            DrsRules.checkProject(projectId);
            DrsRules.checkJobs(jobIds);
        }).compose(v -> batched(DrsEndpoint.BATCH_PRECHECK_RESULT, projectId, jobIds, config.batchSize(),
                chunk -> Map.of("jobs", chunk), new TypeReference<BatchResponse<QueryPreCheckResp>>() { },
                QueryPreCheckResp::missing));
    }

    /** Reads DR initialization progress ({@code POST /v3/{project_id}/jobs/batch-struct-process}). */
    public Future<List<JobAnswer<StructProcessResp>>> batchStructProcess(String projectId, List<String> jobIds) {
        return checked(() -> {
            DrsRules.checkProject(projectId);
            DrsRules.checkJobs(jobIds);
        }).compose(v -> batched(DrsEndpoint.BATCH_STRUCT_PROCESS, projectId, jobIds, config.batchSize(),
                chunk -> Map.of("jobs", chunk), new TypeReference<BatchResponse<StructProcessResp>>() { },
                StructProcessResp::missing));
    }

    public CircuitBreakerState circuitState(DrsEndpoint endpoint) {
        return transport.circuitState(endpoint);
    }

    /** Null while DRS accepts the credentials; else why it refused them (for health and logs). */
    public String authProblem() {
        return transport.authProblem();
    }

    private static Future<Void> checked(Runnable rules) {
        try {
            rules.run();
            return Future.succeededFuture();
        } catch (DrsRequestException e) {
            return Future.failedFuture(e);
        }
    }

    private <T extends JobScoped> Future<List<JobAnswer<T>>> batched(
            DrsEndpoint endpoint, String projectId, List<String> jobIds, int chunkSize, Function<List<String>, Object> body,
            TypeReference<BatchResponse<T>> type, Function<String, T> missing) {
        List<Future<List<JobAnswer<T>>>> chunks = new ArrayList<>();
        for (int from = 0; from < jobIds.size(); from += chunkSize) {
            List<String> chunk = List.copyOf(jobIds.subList(from, Math.min(jobIds.size(), from + chunkSize)));
            chunks.add(transport.post(endpoint, projectId, body.apply(chunk), type)
                    .map(response -> align(chunk, response.results(), missing)));
        }
        return Future.all(chunks).map(all -> {
            List<JobAnswer<T>> merged = new ArrayList<>(jobIds.size());
            for (int i = 0; i < chunks.size(); i++) {
                merged.addAll(all.<List<JobAnswer<T>>>resultAt(i));
            }
            return merged;
        });
    }

    /**
     * Pairs each requested id with its result: by the id DRS puts in the result, else by position
     * (precheck-result answers carry only precheck_id), else a DRSMON.NO_RESULT error.
     */
    static <T extends JobScoped> List<JobAnswer<T>> align(List<String> requested, List<T> results, Function<String, T> missing) {
        Map<String, T> byKey = new HashMap<>();
        results.forEach(r -> {
            if (r != null && r.jobKey() != null) {
                byKey.putIfAbsent(r.jobKey(), r);
            }
        });
        Set<Integer> used = new HashSet<>();
        for (int i = 0; i < results.size(); i++) {
            T r = results.get(i);
            if (r != null && r.jobKey() != null && requested.contains(r.jobKey())) {
                used.add(i);
            }
        }
        List<JobAnswer<T>> answers = new ArrayList<>(requested.size());
        for (int i = 0; i < requested.size(); i++) {
            String id = requested.get(i);
            T result = byKey.get(id);
            if (result == null && i < results.size() && !used.contains(i) && results.size() == requested.size()) {
                result = results.get(i);
            }
            answers.add(new JobAnswer<>(id, result != null ? result : missing.apply(id)));
        }
        return answers;
    }

    @Override
    public void close() {
        transport.close();
    }
}
