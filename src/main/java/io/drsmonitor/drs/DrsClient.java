package io.drsmonitor.drs;

import com.fasterxml.jackson.core.type.TypeReference;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.circuitbreaker.CircuitBreakerState;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * A typed, asynchronous client for DRS's calls in one region: the three batch calls of pre-checks and DR
 * initialization, and the job list and batch status that discovery reads. Requests are checked
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

    /**
     * Starts pre-checks ({@code POST /v3/{project_id}/jobs/batch-precheck}), each job with its own
     * mode, at most {@value DrsRules#MAX_PRECHECK_JOBS} a call. Each chunk stands alone: a chunk that
     * fails leaves the others' answers as DRS gave them, and its own jobs get a per-job error saying
     * whether DRS may have acted ({@link DrsErrors#OUTCOME_UNKNOWN}: ask before starting again) or
     * cannot have ({@link DrsErrors#NOT_SENT}). Only a request that breaks the rules fails the future.
     */
    public Future<List<JobAnswer<PostPreCheckResp>>> batchPrecheck(String projectId, List<PreCheckInfo> jobs) {
        return checked(() -> {
            DrsRules.checkProject(projectId);
            DrsRules.checkJobs(jobs.stream().map(PreCheckInfo::jobId).toList());
            jobs.forEach(job -> DrsRules.checkPrecheckMode(job.precheckMode()));
        }).compose(v -> {
            List<Future<List<JobAnswer<PostPreCheckResp>>>> chunks = new ArrayList<>();
            int chunkSize = Math.min(config.batchSize(), DrsRules.MAX_PRECHECK_JOBS);
            for (int from = 0; from < jobs.size(); from += chunkSize) {
                List<PreCheckInfo> chunk = List.copyOf(jobs.subList(from, Math.min(jobs.size(), from + chunkSize)));
                List<String> ids = chunk.stream().map(PreCheckInfo::jobId).toList();
                chunks.add(transport.post(DrsEndpoint.BATCH_PRECHECK, projectId, Map.of("jobs", chunk),
                                new TypeReference<BatchResponse<PostPreCheckResp>>() { })
                        .map(response -> align(ids, ids, response.results(), PostPreCheckResp::missing))
                        .otherwise(failure -> ids.stream().map(id -> new JobAnswer<>(id, unanswered(id, failure))).toList()));
            }
            return Future.all(chunks).map(all -> merge(chunks));
        });
    }

    /** A chunk's failure as each of its jobs' answer: did DRS perhaps start the pre-check? */
    private static PostPreCheckResp unanswered(String jobId, Throwable failure) {
        if (failure instanceof DrsApiException api && api.kind() == DrsApiException.Kind.HTTP_ERROR && api.errorCode() != null
                && api.httpStatus() / 100 == 4 && api.httpStatus() != 401 && api.httpStatus() != 403) {
            // DRS read the request and refused all of it, with its own code: definite.
            return PostPreCheckResp.failed(jobId, api.errorCode(), api.errorMsg());
        }
        boolean mayHaveActed = failure instanceof DrsApiException api && api.kind() == DrsApiException.Kind.OUTCOME_UNKNOWN
                || !(failure instanceof DrsApiException);
        return PostPreCheckResp.failed(jobId, mayHaveActed ? DrsErrors.OUTCOME_UNKNOWN : DrsErrors.NOT_SENT,
                String.valueOf(failure.getMessage()));
    }

    /** Starts pre-checks of {@code jobIds}, all in {@code precheckMode}. */
    public Future<List<JobAnswer<PostPreCheckResp>>> batchPrecheck(String projectId, List<String> jobIds, String precheckMode) {
        return batchPrecheck(projectId, jobIds.stream().map(id -> new PreCheckInfo(id, precheckMode)).toList());
    }

    /** Reads pre-check results ({@code POST /v3/{project_id}/jobs/batch-precheck-result}), paired by job id. */
    public Future<List<JobAnswer<QueryPreCheckResp>>> batchPrecheckResult(String projectId, List<String> jobIds) {
        return batchPrecheckResult(projectId, jobIds, id -> id);
    }

    /**
     * Reads pre-check results, each answer paired with its job by the {@code precheck_id} that
     * batch-precheck returned for it ({@code precheckIdOf}; the job id where none is known).
     */
    public Future<List<JobAnswer<QueryPreCheckResp>>> batchPrecheckResult(String projectId, List<String> jobIds,
                                                                         Function<String, String> precheckIdOf) {
        return checked(() -> {
            DrsRules.checkProject(projectId);
            DrsRules.checkJobs(jobIds);
        }).compose(v -> batched(DrsEndpoint.BATCH_PRECHECK_RESULT, projectId, jobIds, precheckIdOf, config.batchSize(),
                chunk -> Map.of("jobs", chunk), new TypeReference<BatchResponse<QueryPreCheckResp>>() { },
                QueryPreCheckResp::missing));
    }

    /** Reads DR initialization progress ({@code POST /v3/{project_id}/jobs/batch-struct-process}). */
    public Future<List<JobAnswer<StructProcessResp>>> batchStructProcess(String projectId, List<String> jobIds) {
        return checked(() -> {
            DrsRules.checkProject(projectId);
            DrsRules.checkJobs(jobIds);
        }).compose(v -> batched(DrsEndpoint.BATCH_STRUCT_PROCESS, projectId, jobIds, id -> id, config.batchSize(),
                chunk -> Map.of("jobs", chunk), new TypeReference<BatchResponse<StructProcessResp>>() { },
                StructProcessResp::missing));
    }

    /** One page of the project's jobs of one scenario ({@code POST /v3/{project_id}/jobs}, ShowJobList). */
    public Future<JobListPage> listJobs(String projectId, JobListQuery query) {
        return checked(() -> {
            DrsRules.checkProject(projectId);
            DrsRules.checkListQuery(query);
        }).compose(v -> transport.post(DrsEndpoint.LIST_JOBS, projectId, query, new TypeReference<JobListPage>() { }));
    }

    /**
     * The status of each job ({@code POST /v3/{project_id}/jobs/batch-status}, BatchListJobStatus), at most
     * {@code perCall} jobs a call; each call asks for its one page of answers ({@code page_req}).
     */
    public Future<List<JobAnswer<JobStatusResp>>> batchJobStatus(String projectId, List<String> jobIds, int perCall) {
        return checked(() -> {
            DrsRules.checkProject(projectId);
            DrsRules.checkJobs(jobIds);
        }).compose(v -> batched(DrsEndpoint.BATCH_STATUS, projectId, jobIds, id -> id, Math.min(perCall, DrsRules.MAX_LIST_PAGE),
                chunk -> Map.of("jobs", chunk, "page_req", Map.of("cur_page", 1, "per_page", chunk.size())),
                new TypeReference<BatchResponse<JobStatusResp>>() { }, JobStatusResp::missing));
    }

    public CircuitBreakerState circuitState(DrsEndpoint endpoint) {
        return transport.circuitState(endpoint);
    }

    /**
     * False while calls are held back because DRS refused the credentials (they would not be sent);
     * true when calls go out, or the next one may, to see whether the credentials were fixed.
     */
    public boolean sendsCalls() {
        return transport.authGateOpen();
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
            DrsEndpoint endpoint, String projectId, List<String> jobIds, Function<String, String> keyOf, int chunkSize,
            Function<List<String>, Object> body, TypeReference<BatchResponse<T>> type, BiFunction<String, String, T> missing) {
        List<Future<List<JobAnswer<T>>>> chunks = new ArrayList<>();
        for (int from = 0; from < jobIds.size(); from += chunkSize) {
            List<String> chunk = List.copyOf(jobIds.subList(from, Math.min(jobIds.size(), from + chunkSize)));
            List<String> keys = chunk.stream().map(keyOf).toList();
            chunks.add(transport.post(endpoint, projectId, body.apply(chunk), type)
                    .map(response -> align(chunk, keys, response.results(), missing)));
        }
        return Future.all(chunks).map(all -> merge(chunks));
    }

    private static <T> List<JobAnswer<T>> merge(List<Future<List<JobAnswer<T>>>> chunks) {
        List<JobAnswer<T>> merged = new ArrayList<>();
        chunks.forEach(chunk -> merged.addAll(chunk.result()));
        return merged;
    }

    /**
     * Pairs each requested job with its result by the id DRS puts in it ({@code keys[i]} is the id
     * expected for {@code requested[i]}: the job id, or the precheck_id batch-precheck returned). By
     * position only when DRS names no id at all and the counts match; anything else is a
     * DRSMON.NO_RESULT answer saying why.
     */
    static <T extends JobScoped> List<JobAnswer<T>> align(List<String> requested, List<String> keys, List<T> results,
                                                          BiFunction<String, String, T> missing) {
        Map<String, T> byKey = new HashMap<>();
        boolean anyKey = false;
        for (T r : results) {
            if (r != null && r.jobKey() != null) {
                anyKey = true;
                byKey.putIfAbsent(r.jobKey(), r);
            }
        }
        boolean positional = !anyKey && results.size() == requested.size();
        List<JobAnswer<T>> answers = new ArrayList<>(requested.size());
        for (int i = 0; i < requested.size(); i++) {
            String id = requested.get(i);
            T result = positional ? results.get(i) : byKey.get(keys.get(i));
            String why = !anyKey && !results.isEmpty()
                    ? "DRS answered " + results.size() + " results without ids for " + requested.size() + " jobs: cannot tell which is whose"
                    : byKey.isEmpty() ? "DRS returned no result for this job"
                    : "DRS returned no result for id " + keys.get(i) + " (it answered about " + byKey.keySet() + ")";
            answers.add(new JobAnswer<>(id, result != null ? result : missing.apply(id, why)));
        }
        return answers;
    }

    @Override
    public void close() {
        transport.close();
    }
}
