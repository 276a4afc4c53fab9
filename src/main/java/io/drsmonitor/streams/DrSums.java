package io.drsmonitor.streams;

import io.drsmonitor.model.ObjectTypeProgress;
import io.drsmonitor.model.ProjectDrInitSummary;
import io.drsmonitor.streams.state.DrPart;
import io.drsmonitor.streams.state.DrStatus;
import io.drsmonitor.streams.state.DrTotals;
import io.drsmonitor.streams.state.TypePart;
import io.drsmonitor.streams.state.TypeTotals;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Adds and subtracts one DR job's {@link DrPart} to its project's {@link DrTotals}, and renders them. */
final class DrSums {
    private DrSums() {
    }

    static DrTotals empty() {
        return DrTotals.newBuilder().setTypes(new HashMap<>()).setRunningSince(new HashMap<>()).build();
    }

    static void apply(DrTotals t, DrPart p, int sign) {
        DrStatus s = p.getStatus();
        boolean initializing = s == DrStatus.INITIALIZING;
        t.setJobs(t.getJobs() + sign);
        t.setInitializing(t.getInitializing() + (initializing ? sign : 0));
        t.setDone(t.getDone() + (s == DrStatus.DONE ? sign : 0));
        t.setFailed(t.getFailed() + (s == DrStatus.FAILED ? sign : 0));
        t.setStalled(t.getStalled() + (p.getStalled() ? sign : 0));
        t.setApiFailing(t.getApiFailing() + (p.getApiFailing() ? sign : 0));
        for (TypePart type : p.getTypes()) {
            TypeTotals c = t.getTypes().computeIfAbsent(type.getType(), k -> new TypeTotals(0L, 0L, 0, 0));
            c.setSrc(c.getSrc() + sign * type.getSrc());
            c.setDst(c.getDst() + sign * type.getDst());
            c.setCompleted(c.getCompleted() + (type.getCompleted() ? sign : 0));
            c.setTotal(c.getTotal() + sign);
            if (c.getTotal() == 0) {
                t.getTypes().remove(type.getType());
            }
        }
        if (initializing && p.getStartedAt() != null) {
            if (sign > 0) {
                t.getRunningSince().put(p.getJobId(), p.getStartedAt());
            } else {
                t.getRunningSince().remove(p.getJobId());
            }
        }
    }

    static ProjectDrInitSummary toSummary(String projectId, DrTotals t) {
        List<ObjectTypeProgress> progress = new ArrayList<>();
        new TreeMap<>(t.getTypes()).forEach((type, c) -> progress.add(new ObjectTypeProgress(type, c.getSrc(), c.getDst(),
                c.getSrc() == 0 ? null : Math.min(1.0, (double) c.getDst() / c.getSrc()), c.getCompleted(), c.getTotal())));
        Map.Entry<String, Long> oldest = t.getRunningSince().entrySet().stream()
                .min(Map.Entry.<String, Long>comparingByValue().thenComparing(Map.Entry.comparingByKey())).orElse(null);
        return ProjectDrInitSummary.newBuilder().setProjectId(projectId).setDrJobs(t.getJobs())
                .setInitializing(t.getInitializing()).setDone(t.getDone()).setFailed(t.getFailed()).setStalled(t.getStalled())
                .setApiFailing(t.getApiFailing()).setObjectTypes(progress)
                .setOldestRunningStartedAt(oldest == null ? null : Instant.ofEpochMilli(oldest.getValue()))
                .setOldestRunningJobId(oldest == null ? null : oldest.getKey())
                .setUpdatedAt(Instant.ofEpochMilli(t.getUpdatedAt())).build();
    }
}
