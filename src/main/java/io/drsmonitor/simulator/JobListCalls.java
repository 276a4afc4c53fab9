package io.drsmonitor.simulator;

import io.drsmonitor.drs.DrsErrors;
import io.drsmonitor.drs.DrsRules;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * The simulator's ShowJobList ({@code POST /v3/{project_id}/jobs}) and BatchListJobStatus
 * ({@code POST /v3/{project_id}/jobs/batch-status}) answers, from the jobs {@link SimulatedDrs} lists now.
 * The list is the project's top-level jobs of the asked {@code db_use_type}, newest first (ties by id),
 * narrowed by the filters the SDK sends ({@code engine_type}, {@code status}, {@code name}: a name part or
 * up to 100 comma-separated ids), cut into pages; subtasks of a dual-active task show under its {@code children}.
 */
final class JobListCalls {
    /** An answer: HTTP status and body. */
    record Answer(int status, JsonObject body) {
    }

    private static final int MAX_IDS_IN_NAME = 100;
    private final SimulatedDrs drs;

    JobListCalls(SimulatedDrs drs) {
        this.drs = drs;
    }

    Answer list(String region, String projectId, JsonObject query) {
        Integer curPage = integer(query, "cur_page");
        Integer perPage = integer(query, "per_page");
        String dbUseType = query.getValue("db_use_type") instanceof String text ? text : null;
        if (curPage == null || perPage == null || dbUseType == null) {
            return error(DrsErrors.PARAMETER_EMPTY, "The " + (curPage == null ? "cur_page" : perPage == null ? "per_page" : "db_use_type")
                    + " parameter is empty.");
        }
        if (perPage < 0 || perPage > DrsRules.MAX_LIST_PAGE || curPage < 0 || perPage == 0 && curPage > 1) {
            return error(DrsErrors.PARAMETER_INVALID, "The value of " + (curPage < 0 || perPage == 0 ? "cur_page" : "per_page") + " is invalid.");
        }
        if (!DrsRules.DB_USE_TYPES.contains(dbUseType)) {
            return error(DrsErrors.PARAMETER_INVALID, "The value of db_use_type is invalid.");
        }
        List<SimulatedDrs.Listed> all = drs.listed(region, projectId);
        Map<String, List<SimulatedDrs.Listed>> children = all.stream().filter(l -> l.job().parentId() != null)
                .collect(Collectors.groupingBy(l -> l.job().parentId()));
        List<SimulatedDrs.Listed> matching = all.stream()
                .filter(l -> l.job().parentId() == null && l.job().dbUseType().equals(dbUseType))
                .filter(l -> matches(query.getString("engine_type"), l.job().engineType()))
                .filter(l -> matches(query.getString("status"), l.status()))
                .filter(nameFilter(query.getString("name")))
                .sorted(Comparator.comparingLong(SimulatedDrs.Listed::createdAt).reversed().thenComparing(l -> l.job().jobId()))
                .toList();
        // per_page 0 with cur_page 0 or 1: every job on one page, as the reference allows.
        int from = perPage == 0 ? 0 : Math.min(matching.size(), Math.max(0, curPage - 1) * perPage);
        int to = perPage == 0 ? matching.size() : Math.min(matching.size(), from + perPage);
        JsonArray jobs = new JsonArray();
        for (SimulatedDrs.Listed listed : matching.subList(from, to)) {
            JsonObject info = info(listed);
            JsonArray subtasks = new JsonArray();
            children.getOrDefault(listed.job().jobId(), List.of()).forEach(child -> subtasks.add(info(child)));
            if (!subtasks.isEmpty()) {
                info.put("children", subtasks);
            }
            jobs.add(info);
        }
        return new Answer(200, new JsonObject().put("total_record", matching.size()).put("jobs", jobs));
    }

    Answer status(String region, String projectId, List<String> jobIds, JsonObject pageReq) {
        Integer curPage = pageReq == null ? Integer.valueOf(1) : integer(pageReq, "cur_page");
        Integer perPage = pageReq == null ? Integer.valueOf(jobIds.size()) : integer(pageReq, "per_page");
        if (curPage == null || perPage == null || curPage < 1 || perPage < 1 || perPage > DrsRules.MAX_LIST_PAGE) {
            return error(DrsErrors.PARAMETER_INVALID, "The value of page_req is invalid.");
        }
        int from = Math.min(jobIds.size(), (curPage - 1) * perPage);
        JsonArray results = new JsonArray();
        jobIds.subList(from, Math.min(jobIds.size(), from + perPage)).forEach(id -> results.add(drs.jobStatus(region, projectId, id)));
        boolean allFailed = !results.isEmpty() && results.stream().allMatch(r -> ((JsonObject) r).getString("error_code") != null);
        return new Answer(allFailed ? 400 : 200, new JsonObject().put("results", results).put("count", jobIds.size()));
    }

    private static JsonObject info(SimulatedDrs.Listed listed) {
        JobSpec job = listed.job();
        return new JsonObject().put("id", job.jobId()).put("name", job.name()).put("status", listed.status())
                .put("description", "").put("create_time", String.valueOf(listed.createdAt()))
                .put("engine_type", job.engineType()).put("net_type", "vpc").put("billing_tag", false)
                .put("job_direction", job.direction()).put("db_use_type", job.dbUseType()).put("task_type", "FULL_INCR_TRANS");
    }

    /** The {@code name} filter: up to 100 comma-separated ids, or a part of the name. */
    private static Predicate<SimulatedDrs.Listed> nameFilter(String name) {
        if (name == null || name.isBlank()) {
            return listed -> true;
        }
        List<String> given = Arrays.asList(name.split(","));
        Set<String> ids = new HashSet<>(given.subList(0, Math.min(MAX_IDS_IN_NAME, given.size())));
        return listed -> ids.contains(listed.job().jobId()) || listed.job().name().contains(name);
    }

    private static boolean matches(String filter, String value) {
        return filter == null || filter.isBlank() || filter.equals(value);
    }

    private static Integer integer(JsonObject object, String field) {
        return object.getValue(field) instanceof Number number ? Integer.valueOf(number.intValue()) : null;
    }

    private static Answer error(String code, String message) {
        return new Answer(400, new JsonObject().put("error_code", code).put("error_msg", message));
    }
}
