package io.drsmonitor.query;

import io.vertx.ext.web.RoutingContext;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Set;

/**
 * A job list request, checked: which jobs ({@code projectId}, {@code state}, {@code region}), in which
 * order ({@code sort}), which page ({@code cursor}, {@code limit}). The same on the public routes and
 * on the internal route that asks each instance for its part.
 *
 * @param projectId null: every project
 * @param states    empty: every state
 * @param region    null: every region
 * @param cursor    null: the first page
 */
record JobQuery(String projectId, Set<JobStateFilter> states, String region, JobOrder order, int limit, JobCursor cursor) {
    static final int DEFAULT_LIMIT = 100;
    static final int MAX_LIMIT = 500;

    /**
     * The request's parameters, checked.
     *
     * @param projectId the path's project, or null to read it from the {@code projectId} parameter (absent: every project)
     * @throws BadRequestException naming the first parameter that is wrong
     */
    static JobQuery of(RoutingContext ctx, String projectId) {
        String project = projectId;
        if (project == null && ctx.request().getParam("projectId") != null) {
            project = RequestChecks.checkedProjectId(ctx.request().getParam("projectId"));
        }
        String region = RequestChecks.region(ctx);
        JobOrder order = JobOrder.parse(ctx.request().getParam("sort"));
        int limit = RequestChecks.intParam(ctx, "limit", DEFAULT_LIMIT, 1, MAX_LIMIT);
        String cursor = ctx.request().getParam("cursor");
        return new JobQuery(project, JobStateFilter.parse(ctx.request().params().getAll("state")), region, order, limit,
                cursor == null || cursor.isEmpty() ? null : JobCursor.decode(cursor, order));
    }

    /** Whether {@code job} is one this query lists (its project is the one the index lists it under). */
    boolean selects(JobStates job) {
        return (projectId == null || projectId.equals(job.projectId()))
                && (region == null || region.equals(JobRows.region(job)))
                && JobStateFilter.anySelects(states, job);
    }

    /** The same query as another instance's internal route takes it. */
    String internalPath() {
        StringBuilder path = new StringBuilder(InternalRoutes.JOBS_PATH).append("?sort=").append(order.parameter())
                .append("&limit=").append(limit);
        append(path, "projectId", projectId);
        append(path, "state", states.isEmpty() ? null : JobStateFilter.joined(states));
        append(path, "region", region);
        append(path, "cursor", cursor == null ? null : cursor.encode());
        return path.toString();
    }

    private static void append(StringBuilder path, String name, String value) {
        if (value != null) {
            path.append('&').append(name).append('=').append(URLEncoder.encode(value, StandardCharsets.UTF_8));
        }
    }
}
