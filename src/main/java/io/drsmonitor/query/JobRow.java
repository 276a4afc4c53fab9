package io.drsmonitor.query;

import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.function.Supplier;

/**
 * One job in a job list, as far as ordering and paging need it: its id and sort keys, and its JSON
 * (built from the stores on the instance that holds the job, or as another instance sent it).
 *
 * @param updatedAt  epoch ms of the row's {@code updatedAt}
 * @param passedRate the row's {@code precheck.passedRate}, or null
 */
record JobRow(String jobId, long updatedAt, Double passedRate, Supplier<JsonObject> json) {
    /** A row as another instance's internal route sent it; its sort keys are read back from its fields. */
    static JobRow fromJson(JsonObject row) {
        JsonObject precheck = row.getJsonObject("precheck");
        Double passedRate = precheck == null ? null : precheck.getDouble("passedRate");
        return new JobRow(row.getString("jobId"), Instant.parse(row.getString("updatedAt")).toEpochMilli(), passedRate, () -> row);
    }
}
