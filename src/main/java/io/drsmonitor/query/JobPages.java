package io.drsmonitor.query;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;

/**
 * Pages of a job list across instances. Each instance cuts its own part ({@link #local}): the rows it
 * holds that the query selects, in order, after the cursor, at most {@code limit}, with how many it has
 * in all and after the cursor. The instance that was asked merges the parts ({@link #merge}): the page
 * is the first {@code limit} rows of the merged parts (each part holds its instance's first
 * {@code limit}, so none of the page's rows can be missing); there is a next page when the instances
 * hold more rows after the cursor than the page.
 */
final class JobPages {
    private JobPages() {
    }

    /** This instance's part: {@code {"total": n, "after": m, "jobs": [...]}}. */
    static JsonObject local(List<JobStates> held, JobQuery query) {
        List<JobRow> selected = new ArrayList<>();
        for (JobStates job : held) {
            if (query.selects(job)) {
                selected.add(job.row());
            }
        }
        List<JobRow> after = query.cursor() == null ? selected
                : selected.stream().filter(row -> query.cursor().before(row)).toList();
        JsonArray jobs = new JsonArray();
        after.stream().sorted(query.order().comparator()).limit(query.limit()).forEach(row -> jobs.add(row.json().get()));
        return new JsonObject().put("total", selected.size()).put("after", after.size()).put("jobs", jobs);
    }

    /**
     * The public answer from the parts of the instances that answered; {@code unavailable} names those
     * that did not ({@code host:port}), whose jobs are missing from the page and from {@code total}.
     */
    static JsonObject merge(JobQuery query, List<JsonObject> parts, List<String> unavailable) {
        long total = 0;
        long after = 0;
        List<JobRow> rows = new ArrayList<>();
        for (JsonObject part : parts) {
            total += part.getLong("total");
            after += part.getLong("after");
            part.getJsonArray("jobs").forEach(row -> rows.add(JobRow.fromJson((JsonObject) row)));
        }
        rows.sort(query.order().comparator());
        List<JobRow> page = rows.subList(0, Math.min(query.limit(), rows.size()));
        JsonArray jobs = new JsonArray();
        page.forEach(row -> jobs.add(row.json().get()));
        String next = after > page.size() && !page.isEmpty() ? JobCursor.after(query.order(), page.get(page.size() - 1)).encode() : null;
        return new JsonObject().put("projectId", query.projectId()).put("total", total).put("jobs", jobs)
                .put("nextCursor", next).put("partial", !unavailable.isEmpty()).put("unavailable", new JsonArray(unavailable));
    }
}
