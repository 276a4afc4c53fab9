package io.drsmonitor.query;

import io.drsmonitor.streams.DrPace;
import io.drsmonitor.streams.state.DrJobState;
import io.drsmonitor.streams.state.DrPart;
import io.drsmonitor.streams.state.ItemRef;
import io.drsmonitor.streams.state.PrecheckJobState;
import io.drsmonitor.streams.state.PrecheckPart;
import io.drsmonitor.streams.state.PrecheckStatus;
import io.drsmonitor.streams.state.TypePart;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.List;
import java.util.function.Function;

/**
 * A job's row in {@code GET /api/projects/{projectId}/jobs} and {@code GET /api/jobs}: names, pre-check
 * and DR initialization at a glance, how long it took to pass. Read from the per-job states as they
 * are; nothing is recomputed from snapshots.
 */
final class JobRows {
    private JobRows() {
    }

    static JsonObject render(JobStates job) {
        PrecheckJobState precheck = job.precheck();
        DrJobState dr = job.dr();
        return new JsonObject().put("jobId", job.jobId())
                .put("name", newestKnown(job, PrecheckJobState::getJobName, DrJobState::getJobName))
                .put("projectId", job.projectId())
                .put("region", region(job))
                .put("jobType", newestKnown(job, PrecheckJobState::getJobType, DrJobState::getJobType))
                .put("direction", precheck == null ? null : precheck.getAnswer().getDirection().name())
                .put("precheck", precheck == null ? null : precheck(precheck))
                .put("drInit", dr == null ? null : drInit(dr))
                .put("timeToPassSeconds", timeToPassSeconds(precheck))
                .put("runsToPass", precheck == null ? null : precheck.getRunsToPass())
                .put("updatedAt", Instant.ofEpochMilli(job.updatedAt()).toString());
    }

    /** The job's region, as its newer state that names one says. */
    static String region(JobStates job) {
        return newestKnown(job, PrecheckJobState::getRegion, DrJobState::getRegion);
    }

    /** The row's pre-check state name: DRS's IN_PROGRESS reads RUNNING; the others keep their names. */
    static String precheckState(PrecheckStatus status) {
        return status == PrecheckStatus.IN_PROGRESS ? "RUNNING" : status.name();
    }

    /**
     * Objects copied over objects to copy, over every object type of the job, capped at 1 (DRS's
     * counts may overshoot while a type finishes); null while DRS reports no source objects. The same
     * rule as a project's per-type {@code completionRatio}.
     */
    static Double completionRatio(DrPart part) {
        long src = 0;
        long dst = 0;
        for (TypePart type : part.getTypes()) {
            src += type.getSrc();
            dst += type.getDst();
        }
        return src == 0 ? null : Math.min(1.0, (double) dst / src);
    }

    /** Seconds from the first request of a pre-check to the first run that passed; null until one passed. */
    static Long timeToPassSeconds(PrecheckJobState precheck) {
        if (precheck == null || precheck.getFirstPassedAt() == null || precheck.getFirstRequestedAt() == null) {
            return null;
        }
        // Requested and finished are dated on different hosts: a negative difference is clock skew.
        return Math.max(0, (precheck.getFirstPassedAt() - precheck.getFirstRequestedAt()) / 1000);
    }

    private static JsonObject precheck(PrecheckJobState s) {
        PrecheckPart p = s.getAnswer();
        return new JsonObject().put("state", precheckState(p.getStatus())).put("passedRate", p.getRatePercent())
                .put("failedItems", names(p.getFailedItems())).put("alarmItems", names(p.getAlarmItems()))
                .put("runs", s.getKeptRuns().size())
                .put("lastRunRequestedAt", iso(s.getLastRunRequestedAt())).put("lastFinishedAt", iso(s.getLastFinishedAt()))
                .put("apiFailing", p.getApiFailing());
    }

    private static JsonObject drInit(DrJobState s) {
        DrPart p = s.getAnswer();
        return new JsonObject().put("state", p.getStatus().name()).put("stalled", p.getStalled())
                .put("completionRatio", completionRatio(p)).put("apiFailing", p.getApiFailing())
                .put("ratePerMinute", DrPace.shownRatePerMinute(s)).put("etaSeconds", DrPace.etaSeconds(s))
                .put("estimatedCompletionAt", DrPace.shownCompletionAt(s));
    }

    /** A name, region or type from the newer state that knows it, else from the other one. */
    private static String newestKnown(JobStates job, Function<PrecheckJobState, String> ofPrecheck, Function<DrJobState, String> ofDr) {
        String precheck = job.precheck() == null ? null : ofPrecheck.apply(job.precheck());
        String dr = job.dr() == null ? null : ofDr.apply(job.dr());
        if (job.drIsNewer()) {
            return dr != null ? dr : precheck;
        }
        return precheck != null ? precheck : dr;
    }

    private static JsonArray names(List<ItemRef> items) {
        JsonArray names = new JsonArray();
        items.forEach(item -> names.add(item.getItem()));
        return names;
    }

    private static String iso(Long epochMillis) {
        return epochMillis == null ? null : Instant.ofEpochMilli(epochMillis).toString();
    }
}
