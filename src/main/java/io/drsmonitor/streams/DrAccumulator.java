package io.drsmonitor.streams;

import io.drsmonitor.model.ObjectTypeProgress;
import io.drsmonitor.model.ProjectDrInitSummary;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** The sums behind a project's {@link ProjectDrInitSummary}; each job view added and subtracted alike. */
public record DrAccumulator(int jobs, int initializing, int done, int failed, int stalled,
                            Map<String, TypeCounts> types, Map<String, Long> runningSince, long updatedAt) {

    public record TypeCounts(long src, long dst, int completed, int total) {
    }

    public static DrAccumulator empty() {
        return new DrAccumulator(0, 0, 0, 0, 0, new TreeMap<>(), new TreeMap<>(), 0);
    }

    public DrAccumulator with(DrJobView view, int sign) {
        Map<String, TypeCounts> newTypes = new TreeMap<>(types);
        for (DrJobView.TypeProgress t : view.types()) {
            TypeCounts c = newTypes.getOrDefault(t.type(), new TypeCounts(0, 0, 0, 0));
            TypeCounts next = new TypeCounts(c.src() + sign * t.src(), c.dst() + sign * t.dst(),
                    c.completed() + (t.completed() ? sign : 0), c.total() + sign);
            if (next.total() == 0) {
                newTypes.remove(t.type());
            } else {
                newTypes.put(t.type(), next);
            }
        }
        Map<String, Long> running = new TreeMap<>(runningSince);
        boolean initializing = view.state() == DrJobView.State.INITIALIZING;
        if (initializing && view.startedAt() != null) {
            if (sign > 0) {
                running.put(view.jobId(), view.startedAt());
            } else {
                running.remove(view.jobId());
            }
        }
        return new DrAccumulator(jobs + sign, this.initializing + (initializing ? sign : 0),
                done + (view.state() == DrJobView.State.DONE ? sign : 0),
                failed + (view.state() == DrJobView.State.FAILED ? sign : 0),
                stalled + (view.stalled() ? sign : 0), newTypes, running, Math.max(updatedAt, view.observedAt()));
    }

    public ProjectDrInitSummary toSummary(String projectId) {
        List<ObjectTypeProgress> progress = new ArrayList<>();
        types.forEach((type, c) -> progress.add(new ObjectTypeProgress(type, c.src(), c.dst(),
                c.src() == 0 ? null : Math.min(1.0, (double) c.dst() / c.src()), c.completed(), c.total())));
        Map.Entry<String, Long> oldest = runningSince.entrySet().stream().min(Map.Entry.comparingByValue()).orElse(null);
        return ProjectDrInitSummary.newBuilder().setProjectId(projectId).setDrJobs(jobs).setInitializing(initializing)
                .setDone(done).setFailed(failed).setStalled(stalled).setObjectTypes(progress)
                .setOldestRunningStartedAt(oldest == null ? null : Instant.ofEpochMilli(oldest.getValue()))
                .setOldestRunningJobId(oldest == null ? null : oldest.getKey())
                .setUpdatedAt(Instant.ofEpochMilli(updatedAt)).build();
    }
}
