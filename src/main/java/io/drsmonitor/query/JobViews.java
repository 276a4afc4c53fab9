package io.drsmonitor.query;

import io.drsmonitor.avro.RecordJson;
import io.drsmonitor.streams.DrPace;
import io.drsmonitor.streams.state.DrJobState;
import io.drsmonitor.streams.state.DrPart;
import io.drsmonitor.streams.state.ItemRef;
import io.drsmonitor.streams.state.PrecheckJobState;
import io.drsmonitor.streams.state.PrecheckPart;
import io.drsmonitor.model.PrecheckRun;
import io.drsmonitor.streams.state.TypePart;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** A job's state in the summaries' per-job stores as the JSON of {@code GET /api/jobs/{jobId}}, and its runs. */
final class JobViews {
    private JobViews() {
    }

    static JsonObject precheck(String jobId, PrecheckJobState s) {
        PrecheckPart p = s.getAnswer();
        return new JsonObject().put("jobId", jobId).put("projectId", s.getProjectId())
                .put("observedAt", Instant.ofEpochMilli(s.getObservedAt()).toString())
                .put("status", p.getStatus().name()).put("complete", s.getAnswerComplete()).put("apiFailing", p.getApiFailing())
                .put("precheckId", s.getPrecheckId()).put("processPercent", s.getProcessPercent())
                .put("totalPassedRatePercent", p.getRatePercent()).put("jobDirection", p.getDirection().name())
                .put("failedItems", items(p.getFailedItems(), s.getFailedReasons()))
                .put("alarmItems", items(p.getAlarmItems(), s.getFailedReasons()))
                .put("errorCode", s.getErrorCode()).put("errorMsg", s.getErrorMsg());
    }

    static JsonObject dr(String jobId, DrJobState s) {
        DrPart p = s.getAnswer();
        JsonArray types = new JsonArray();
        for (TypePart t : p.getTypes()) {
            types.add(new JsonObject().put("type", t.getType()).put("srcCount", t.getSrc()).put("dstCount", t.getDst())
                    .put("completed", t.getCompleted()));
        }
        return new JsonObject().put("jobId", jobId).put("projectId", s.getProjectId())
                .put("observedAt", Instant.ofEpochMilli(s.getObservedAt()).toString())
                .put("status", p.getStatus().name()).put("stalled", p.getStalled()).put("apiFailing", p.getApiFailing())
                .put("startedAt", p.getStartedAt() == null ? null : Instant.ofEpochMilli(p.getStartedAt()).toString())
                .put("lastProgressAt", s.getLastProgressAt() == 0 ? null : Instant.ofEpochMilli(s.getLastProgressAt()).toString())
                .put("ratePerMinute", DrPace.shownRatePerMinute(s)).put("etaSeconds", DrPace.etaSeconds(s))
                .put("estimatedCompletionAt", DrPace.shownCompletionAt(s))
                .put("objectTypes", types).put("errorCode", s.getErrorCode()).put("errorMessage", s.getErrorMessage());
    }

    /**
     * A job's kept runs, newest first, each its {@code PrecheckRun} as published on {@code drs.precheck.runs}
     * (timestamps ISO-8601): {@code {"projectId", "runs": [...]}}, the project the newest run finished in.
     */
    static JsonObject runs(List<PrecheckRun> kept) {
        JsonArray runs = new JsonArray();
        kept.forEach(run -> runs.add(RecordJson.toJson(run)));
        return new JsonObject().put("projectId", kept.isEmpty() ? null : kept.get(0).getProjectId()).put("runs", runs);
    }

    private static JsonArray items(List<ItemRef> refs, Map<String, String> reasons) {
        JsonArray items = new JsonArray();
        for (ItemRef ref : refs) {
            items.add(new JsonObject().put("item", ref.getItem()).put("group", ref.getGroup().isEmpty() ? null : ref.getGroup())
                    .put("failedReason", ref.getReason() != null ? ref.getReason() : reasons.get(ref.getItem())));
        }
        return items;
    }
}
