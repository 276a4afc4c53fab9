package io.drsmonitor.query;

import io.drsmonitor.model.JobDirection;
import io.drsmonitor.streams.state.DrJobState;
import io.drsmonitor.streams.state.DrPart;
import io.drsmonitor.streams.state.DrStatus;
import io.drsmonitor.streams.state.ItemRef;
import io.drsmonitor.streams.state.PrecheckJobState;
import io.drsmonitor.streams.state.PrecheckPart;
import io.drsmonitor.streams.state.PrecheckStatus;
import io.drsmonitor.streams.state.TypePart;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Per-job states as the summaries keep them, built field by field for the job list tests. */
final class JobFixtures {
    private JobFixtures() {
    }

    static String jobId(int n) {
        return String.format("%08d-0000-4000-8000-%012d", n, n);
    }

    /** A pre-check state: {@code rate} only matters for a finished one; items are FAILED and ALARM item names. */
    static PrecheckJobState.Builder precheck(String projectId, long observedAt, PrecheckStatus status, Double rate,
                                             List<String> failed, List<String> alarm) {
        PrecheckPart part = PrecheckPart.newBuilder().setStatus(status).setRatePercent(rate).setDirection(JobDirection.UP)
                .setFailedItems(failed.stream().map(i -> new ItemRef(i, "db_params", null, 0L)).toList())
                .setAlarmItems(alarm.stream().map(i -> new ItemRef(i, "", null, 0L)).toList()).build();
        return PrecheckJobState.newBuilder().setProjectId(projectId).setObservedAt(observedAt).setAnswer(part)
                .setFailedReasons(Map.of()).setFiringFailedItems(List.of()).setFiringAlarmItems(List.of());
    }

    /** A DR state with one object type per {@code {src, dst}} pair. */
    static DrJobState.Builder dr(String jobId, String projectId, long observedAt, DrStatus status, boolean stalled, long[]... types) {
        List<TypePart> parts = new ArrayList<>();
        for (int i = 0; i < types.length; i++) {
            parts.add(new TypePart("type" + i, types[i][0], types[i][1], types[i][0] == types[i][1]));
        }
        DrPart part = DrPart.newBuilder().setJobId(jobId).setStatus(status).setStalled(stalled).setTypes(parts).build();
        return DrJobState.newBuilder().setProjectId(projectId).setObservedAt(observedAt).setAnswer(part);
    }
}
