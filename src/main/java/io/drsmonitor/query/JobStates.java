package io.drsmonitor.query;

import io.drsmonitor.streams.state.DrJobState;
import io.drsmonitor.streams.state.PrecheckJobState;

/**
 * What the summaries keep of one job, as a job list reads it: the project it lists under and its two
 * per-job states, either of which may be missing (a job seen only by its pre-check or only by its DR
 * initialization). Both live in the same task, so one instance reads them together.
 *
 * @param projectId the project the job lists under ({@code jobs-by-project})
 * @param precheck  its pre-check state, or null
 * @param dr        its DR initialization state, or null
 */
record JobStates(String jobId, String projectId, PrecheckJobState precheck, DrJobState dr) {
    /** The newest observedAt of the two states: when anything about the job last changed. */
    long updatedAt() {
        long precheckAt = precheck == null ? Long.MIN_VALUE : precheck.getObservedAt();
        long drAt = dr == null ? Long.MIN_VALUE : dr.getObservedAt();
        return Math.max(precheckAt, drAt);
    }

    /** total_passed_rate of the newest finished pre-check, or null. */
    Double passedRate() {
        return precheck == null ? null : precheck.getAnswer().getRatePercent();
    }

    /** Whether the newer state (the pre-check's on a tie, as {@code JobIndex} decides the project) is the DR one. */
    boolean drIsNewer() {
        return precheck == null || dr != null && dr.getObservedAt() > precheck.getObservedAt();
    }

    /** A row's sort keys, its JSON rendered only if the row makes the page. */
    JobRow row() {
        return new JobRow(jobId, updatedAt(), passedRate(), () -> JobRows.render(this));
    }
}
