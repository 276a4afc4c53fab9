package io.drsmonitor.drs;

import io.vertx.core.Future;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The DRS calls the collector and discovery make, per region and project, and what it needs to know about a
 * region before calling: whether it has an endpoint at all, and whether calls to it go out while
 * DRS refuses the credentials. {@link DrsClients} makes them over HTTP; a test can answer them
 * itself. Answers come back as futures completed on whatever thread the implementation uses.
 */
public interface DrsCalls {

    /** The region a job belongs to: its own ({@code JobEvent.region}), else the default one. */
    String regionOf(String jobRegion);

    /** True when {@code region} (as {@link #regionOf} names it) has a DRS endpoint. */
    boolean serves(String region);

    /**
     * False while calls to {@code region} are held back because DRS refused the credentials (they
     * would not be sent); true when calls go out, or the next one may, or the region has no endpoint.
     */
    boolean sendsCalls(String region);

    /** Regions whose DRS refused the credentials, with why; empty while all accept them. */
    Map<String, String> authProblems();

    /**
     * Starts pre-checks ({@code batch-precheck}), each job in its own mode. A job whose start may or
     * may not have reached DRS answers {@link DrsErrors#OUTCOME_UNKNOWN}; one that surely did not,
     * {@link DrsErrors#NOT_SENT}. Only a request that breaks DRS's rules, or a region without an
     * endpoint, fails the future.
     */
    Future<List<JobAnswer<PostPreCheckResp>>> batchPrecheck(String region, String projectId, List<PreCheckInfo> jobs);

    /**
     * Reads pre-check results ({@code batch-precheck-result}), each answer paired with its job by the
     * {@code precheck_id} {@code precheckIdOf} gives for it.
     */
    Future<List<JobAnswer<QueryPreCheckResp>>> batchPrecheckResult(String region, String projectId, List<String> jobIds,
                                                                  Function<String, String> precheckIdOf);

    /** Reads pre-check results paired by job id: what DRS has for a job whose precheck_id is unknown. */
    default Future<List<JobAnswer<QueryPreCheckResp>>> batchPrecheckResult(String region, String projectId,
                                                                          List<String> jobIds) {
        return batchPrecheckResult(region, projectId, jobIds, Function.identity());
    }

    /** One page of a project's jobs of one scenario (ShowJobList). */
    Future<JobListPage> listJobs(String region, String projectId, JobListQuery query);

    /** The status of each job (batch-status), at most {@code perCall} jobs a call. */
    Future<List<JobAnswer<JobStatusResp>>> batchJobStatus(String region, String projectId, List<String> jobIds, int perCall);

    /** Reads DR initialization progress ({@code batch-struct-process}). */
    Future<List<JobAnswer<StructProcessResp>>> batchStructProcess(String region, String projectId, List<String> jobIds);
}
