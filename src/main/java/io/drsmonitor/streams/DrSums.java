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
        return DrTotals.newBuilder().setTypes(new HashMap<>()).setRunningSince(new HashMap<>()).setCompletionAt(new HashMap<>())
                .setRegions(new HashMap<>()).build();
    }

    /**
     * Adds ({@code sign} 1) or subtracts (-1) one job's part to the counts of {@code t}; its running
     * initialization (see {@link #running}) is not counted here: a combined delta carries those by job.
     */
    static void applyCounts(DrTotals t, DrPart p, int sign) {
        DrStatus s = p.getStatus();
        boolean initializing = s == DrStatus.INITIALIZING;
        t.setJobs(t.getJobs() + sign);
        RegionCounts.add(t.getRegions(), RegionCounts.key(p.getRegion()), sign);
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
            dropIfZero(t, type.getType(), c);
        }
    }

    /** Whether {@code p} is an initialization that counts as running since its start (for the oldest running). */
    static boolean running(DrPart p) {
        return p.getStatus() == DrStatus.INITIALIZING && p.getStartedAt() != null;
    }

    /** Whether {@code p} is an initialization with an ETA (for the project's latest). */
    static boolean hasEta(DrPart p) {
        return p.getStatus() == DrStatus.INITIALIZING && p.getEstimatedCompletionAt() != null;
    }

    /** Adds a combined delta's sums (each possibly negative) to {@code t}, in place; runningSince apart. */
    static void add(DrTotals t, DrTotals delta) {
        t.setJobs(t.getJobs() + delta.getJobs());
        t.setInitializing(t.getInitializing() + delta.getInitializing());
        t.setDone(t.getDone() + delta.getDone());
        t.setFailed(t.getFailed() + delta.getFailed());
        t.setStalled(t.getStalled() + delta.getStalled());
        t.setApiFailing(t.getApiFailing() + delta.getApiFailing());
        delta.getRegions().forEach((region, jobs) -> RegionCounts.add(t.getRegions(), region, jobs));
        delta.getTypes().forEach((type, d) -> {
            TypeTotals c = t.getTypes().computeIfAbsent(type, k -> new TypeTotals(0L, 0L, 0, 0));
            c.setSrc(c.getSrc() + d.getSrc());
            c.setDst(c.getDst() + d.getDst());
            c.setCompleted(c.getCompleted() + d.getCompleted());
            c.setTotal(c.getTotal() + d.getTotal());
            dropIfZero(t, type, c);
        });
        t.setUpdatedAt(Math.max(t.getUpdatedAt(), delta.getUpdatedAt()));
    }

    /** An object type's counts all zero: no job has it (in a combined delta, nothing of it changed). */
    private static void dropIfZero(DrTotals t, String type, TypeTotals c) {
        if (c.getTotal() == 0 && c.getSrc() == 0 && c.getDst() == 0 && c.getCompleted() == 0) {
            t.getTypes().remove(type);
        }
    }

    static ProjectDrInitSummary toSummary(String projectId, DrTotals t) {
        List<ObjectTypeProgress> progress = new ArrayList<>();
        new TreeMap<>(t.getTypes()).forEach((type, c) -> progress.add(new ObjectTypeProgress(type, c.getSrc(), c.getDst(),
                c.getSrc() == 0 ? null : Math.min(1.0, (double) c.getDst() / c.getSrc()), c.getCompleted(), c.getTotal())));
        Map.Entry<String, Long> oldest = t.getRunningSince().entrySet().stream()
                .min(Map.Entry.<String, Long>comparingByValue().thenComparing(Map.Entry.comparingByKey())).orElse(null);
        Map.Entry<String, Long> latest = t.getCompletionAt().entrySet().stream()
                .max(Map.Entry.<String, Long>comparingByValue().thenComparing(Map.Entry.comparingByKey())).orElse(null);
        return ProjectDrInitSummary.newBuilder().setProjectId(projectId).setDrJobs(t.getJobs())
                .setInitializing(t.getInitializing()).setDone(t.getDone()).setFailed(t.getFailed()).setStalled(t.getStalled())
                .setApiFailing(t.getApiFailing()).setObjectTypes(progress)
                .setOldestRunningStartedAt(oldest == null ? null : Instant.ofEpochMilli(oldest.getValue()))
                .setOldestRunningJobId(oldest == null ? null : oldest.getKey())
                .setLatestEstimatedCompletionAt(latest == null ? null : Instant.ofEpochMilli(latest.getValue()))
                .setLatestEtaJobId(latest == null ? null : latest.getKey())
                .setUpdatedAt(Instant.ofEpochMilli(t.getUpdatedAt())).setRegion(RegionCounts.dominant(t.getRegions())).build();
    }
}
