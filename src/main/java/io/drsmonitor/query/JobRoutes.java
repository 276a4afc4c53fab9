package io.drsmonitor.query;

import static io.drsmonitor.query.JsonAnswers.error;
import static io.drsmonitor.query.JsonAnswers.json;
import static io.drsmonitor.query.RequestChecks.get;

import io.drsmonitor.streams.SummaryTopology;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * Job lists and a job's runs: {@code GET /api/projects/{projectId}/jobs} and {@code GET /api/jobs}
 * (every instance lists the jobs it holds, this one merges the parts into a page), and
 * {@code GET /api/jobs/{jobId}/runs} (from the instance holding the job).
 */
final class JobRoutes {
    static final int DEFAULT_RUNS = 20;
    static final int MAX_RUNS = 500;

    private final StoreQueries queries;
    private final StoreJson stores;
    private final ClusterReads cluster;
    /** Whole answers (every instance answered), encoded, kept {@link StoreJson#JOB_PAGE_TTL}: a page asked again is written as it is. */
    private final RecentValues<Buffer> answers = new RecentValues<>(StoreJson.JOB_PAGE_TTL);

    JobRoutes(StoreQueries queries, ClusterReads cluster) {
        this.queries = queries;
        this.stores = new StoreJson(queries);
        this.cluster = cluster;
    }

    void mount(Router router) {
        get(router, "/api/projects/:projectId/jobs", ctx -> jobs(ctx, JobQuery.of(ctx, RequestChecks.projectId(ctx))));
        get(router, "/api/jobs", ctx -> jobs(ctx, JobQuery.of(ctx, null)));
        get(router, "/api/jobs/:jobId/runs", this::runs);
    }

    /**
     * A page of the jobs every instance holds: each instance whose active tasks hold the job index is
     * asked for its part. One that does not answer (stopped, or its partitions moving) is named in
     * {@code unavailable} and its jobs are missing ({@code partial}); this instance not being ready is a
     * 503, as for every other route.
     */
    private void jobs(RoutingContext ctx, JobQuery query) {
        String key = query.internalPath();
        long now = System.nanoTime();
        Buffer kept = answers.get(key, now);
        if (kept != null) {
            ctx.response().putHeader("Content-Type", "application/json").end(kept);
            return;
        }
        cluster.gather(queries.activeHolders(SummaryTopology.JOBS_BY_PROJECT_STORE), () -> stores.jobPage(query), key)
                .onSuccess(parts -> {
                    JsonObject answer = JobPages.merge(query, parts.answers(), parts.unavailable());
                    Buffer body = answer.toBuffer();
                    if (parts.unavailable().isEmpty()) {
                        answers.put(key, body, now);
                    }
                    ctx.response().putHeader("Content-Type", "application/json").end(body);
                })
                .onFailure(ctx::fail);
    }

    /** The job's kept runs, newest first; a job with a pre-check state but no finished run yet has none (200). */
    private void runs(RoutingContext ctx) {
        String jobId = RequestChecks.checkedJobId(ctx.pathParam("jobId"));
        int limit = RequestChecks.intParam(ctx, "limit", DEFAULT_RUNS, 1, MAX_RUNS);
        String runsStore = SummaryTopology.PRECHECK_RUNS_STORE;
        String jobsStore = SummaryTopology.PRECHECK_JOBS_STORE;
        cluster.byKey(runsStore, jobId, (partition, stale) -> stores.runs(jobId, partition, stale),
                        InternalRoutes.keyValuePath(runsStore, jobId))
                .compose(history -> history != null ? Future.succeededFuture(history)
                        : cluster.byKey(jobsStore, jobId, (partition, stale) -> stores.job(jobsStore, jobId, partition, stale),
                                InternalRoutes.keyValuePath(jobsStore, jobId))
                        .map(state -> state == null ? null : new JsonObject().put("projectId", state.getString("projectId"))
                                .put("runs", new JsonArray())))
                .onSuccess(history -> {
                    if (history == null) {
                        error(ctx, 404, "unknown job " + jobId);
                    } else {
                        json(ctx, 200, runList(jobId, history, limit));
                    }
                }).onFailure(ctx::fail);
    }

    /** The answer: {@code {"jobId", "projectId", "runs"}}, the newest {@code limit} of the runs kept ({@link JobViews#runs}). */
    static JsonObject runList(String jobId, JsonObject kept, int limit) {
        JsonArray runs = kept.getJsonArray("runs");
        return new JsonObject().put("jobId", jobId).put("projectId", kept.getString("projectId"))
                .put("runs", new JsonArray(runs.getList().subList(0, Math.min(limit, runs.size()))));
    }
}
