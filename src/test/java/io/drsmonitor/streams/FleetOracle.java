package io.drsmonitor.streams;

import io.drsmonitor.model.CheckResult;
import io.drsmonitor.model.FleetDrCounts;
import io.drsmonitor.model.FleetItem;
import io.drsmonitor.model.FleetPrecheckCounts;
import io.drsmonitor.model.FleetSlice;
import io.drsmonitor.model.ItemRegionCount;
import io.drsmonitor.model.ItemVerdictCount;
import io.drsmonitor.model.JobDirection;
import io.drsmonitor.model.ObservationOutcome;
import io.drsmonitor.model.PrecheckItem;
import io.drsmonitor.model.PrecheckResult;
import io.drsmonitor.model.ReasonCount;
import io.drsmonitor.model.StructProcess;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;

/**
 * The README's fleet contract, written from scratch for tests (no code shared with the topology):
 * replay the snapshots to each job's final state, then count every slice (region, engine, direction)
 * and every check item over all projects.
 *
 * <p>Per job, as for the summaries: a tombstone forgets it, an older snapshot changes nothing, an API
 * failure keeps the last DRS answer, another project starts it afresh. A job's region and engine are
 * those of its newest snapshot that named one. An item is "since" the first answer in a row that had
 * it in the same verdict. A DR job counts under the direction of its newest DR snapshot that named one
 * (the collector copies it from the job's events).
 */
final class FleetOracle {
    /** One job's membership of one item, as the fleet-item-jobs store should hold it. */
    record Membership(String projectId, String region, CheckResult verdict, String reason, long since) {
    }

    private static final class Job {
        String project;
        long newest;
        String region;
        String engine;
        boolean apiFailing;
        PrecheckResult precheck;
        StructProcess dr;
        JobDirection drDirection;
        Map<String, Long> failedSince = new HashMap<>();
        Map<String, Long> alarmSince = new HashMap<>();
    }

    private final Map<String, Job> prechecks = new HashMap<>();
    private final Map<String, Job> drs = new HashMap<>();

    void precheck(String jobId, PrecheckResult r) {
        if (r == null) {
            prechecks.remove(jobId);
            return;
        }
        Job job = accepted(prechecks, jobId, r.getProjectId(), r.getObservedAt(), r.getRegion(), r.getEngineType());
        if (job == null) {
            return;
        }
        job.apiFailing = r.getOutcome() == ObservationOutcome.API_FAILURE;
        if (job.apiFailing) {
            return;
        }
        Map<String, Long> failed = new HashMap<>();
        Map<String, Long> alarm = new HashMap<>();
        long at = r.getObservedAt().toEpochMilli();
        for (PrecheckItem item : r.getItems()) {
            if (item.getVerdict() == CheckResult.FAILED) {
                failed.put(item.getItem(), job.failedSince.getOrDefault(item.getItem(), at));
            } else if (item.getVerdict() == CheckResult.ALARM) {
                alarm.put(item.getItem(), job.alarmSince.getOrDefault(item.getItem(), at));
            }
        }
        job.failedSince = failed;
        job.alarmSince = alarm;
        job.precheck = r;
    }

    void dr(String jobId, StructProcess s) {
        if (s == null) {
            drs.remove(jobId);
            return;
        }
        Job job = accepted(drs, jobId, s.getProjectId(), s.getObservedAt(), s.getRegion(), s.getEngineType());
        if (job == null) {
            return;
        }
        job.apiFailing = s.getOutcome() == ObservationOutcome.API_FAILURE;
        if (!job.apiFailing) {
            job.dr = s;
        }
        if (s.getJobDirection() != null && s.getJobDirection() != JobDirection.UNKNOWN) {
            job.drDirection = s.getJobDirection();
        }
    }

    /** The job if the snapshot is accepted (newer), started afresh in a new project; null if ignored. */
    private static Job accepted(Map<String, Job> jobs, String jobId, String project, Instant observedAt, String region, String engine) {
        Job job = jobs.get(jobId);
        if (job != null && observedAt.toEpochMilli() <= job.newest) {
            return null;
        }
        if (job == null || !job.project.equals(project)) {
            job = new Job();
            job.project = project;
            jobs.put(jobId, job);
        }
        job.newest = observedAt.toEpochMilli();
        job.region = region != null ? region : job.region;
        job.engine = engine != null ? engine : job.engine;
        return job;
    }

    /** Every slice with a job, keyed as drs.fleet.totals is, updatedAt at the epoch. */
    Map<String, FleetSlice> slices() {
        Map<String, FleetSlice> slices = new TreeMap<>();
        prechecks.forEach((jobId, job) -> {
            JobDirection direction = job.precheck == null || job.precheck.getJobDirection() == null ? JobDirection.UNKNOWN
                    : job.precheck.getJobDirection();
            FleetPrecheckCounts c = slice(slices, job, direction).getPrecheck();
            c.setJobs(c.getJobs() + 1);
            c.setApiFailing(c.getApiFailing() + (job.apiFailing ? 1 : 0));
            PrecheckResult r = job.precheck;
            if (r != null) {
                boolean ok = r.getOutcome() == ObservationOutcome.OK;
                boolean finished = ok && r.getComplete();
                c.setError(c.getError() + (ok ? 0 : 1));
                c.setRunning(c.getRunning() + (ok && !finished ? 1 : 0));
                c.setFinished(c.getFinished() + (finished ? 1 : 0));
                c.setPassed(c.getPassed() + (finished && Boolean.TRUE.equals(r.getPassed()) ? 1 : 0));
                c.setFailed(c.getFailed() + (finished && !Boolean.TRUE.equals(r.getPassed()) ? 1 : 0));
            }
        });
        drs.forEach((jobId, job) -> {
            FleetDrCounts c = slice(slices, job, job.drDirection == null ? JobDirection.UNKNOWN : job.drDirection).getDrInit();
            c.setJobs(c.getJobs() + 1);
            c.setApiFailing(c.getApiFailing() + (job.apiFailing ? 1 : 0));
            StructProcess s = job.dr;
            if (s != null) {
                boolean error = s.getOutcome() != ObservationOutcome.OK;
                c.setFailed(c.getFailed() + (error ? 1 : 0));
                c.setDone(c.getDone() + (!error && s.getComplete() ? 1 : 0));
                c.setInitializing(c.getInitializing() + (!error && !s.getComplete() ? 1 : 0));
            }
        });
        return slices;
    }

    private static FleetSlice slice(Map<String, FleetSlice> slices, Job job, JobDirection direction) {
        String key = (job.region == null ? "" : job.region) + "|" + (job.engine == null ? "" : job.engine) + "|" + direction;
        return slices.computeIfAbsent(key, k -> FleetSlice.newBuilder().setRegion(job.region).setEngine(job.engine)
                .setDirection(direction).setPrecheck(FleetPrecheckCounts.newBuilder().build())
                .setDrInit(FleetDrCounts.newBuilder().build()).setUpdatedAt(Instant.EPOCH).build());
    }

    /** Memberships by item, then job id. */
    Map<String, Map<String, Membership>> memberships() {
        Map<String, Map<String, Membership>> items = new TreeMap<>();
        prechecks.forEach((jobId, job) -> {
            if (job.precheck == null) {
                return;
            }
            for (PrecheckItem item : job.precheck.getItems()) {
                Long since = item.getVerdict() == CheckResult.FAILED ? job.failedSince.get(item.getItem())
                        : item.getVerdict() == CheckResult.ALARM ? job.alarmSince.get(item.getItem()) : null;
                if (since != null) {
                    items.computeIfAbsent(item.getItem(), k -> new TreeMap<>()).put(jobId,
                            new Membership(job.project, job.region, item.getVerdict(), item.getFailedReason(), since));
                }
            }
        });
        return items;
    }

    /** Every item some job has FAILED or ALARM, as drs.fleet.items should publish it, updatedAt at the epoch. */
    Map<String, FleetItem> items(Map<String, String> groups) {
        Map<String, FleetItem> items = new TreeMap<>();
        memberships().forEach((item, jobs) -> {
            Map<String, List<Membership>> byRegion = new TreeMap<>();
            jobs.values().forEach(m -> byRegion.computeIfAbsent(m.region() == null ? "" : m.region(), r -> new ArrayList<>()).add(m));
            List<ItemRegionCount> regions = new ArrayList<>();
            byRegion.forEach((region, members) -> regions.add(new ItemRegionCount(region.isEmpty() ? null : region,
                    count(members, CheckResult.FAILED), count(members, CheckResult.ALARM))));
            List<Membership> all = new ArrayList<>(jobs.values());
            items.put(item, FleetItem.newBuilder().setItem(item).setGroup(groups.get(item))
                    .setFailed(count(all, CheckResult.FAILED)).setAlarm(count(all, CheckResult.ALARM)).setRegions(regions)
                    .setUpdatedAt(Instant.EPOCH).build());
        });
        return items;
    }

    private static ItemVerdictCount count(List<Membership> members, CheckResult verdict) {
        int jobs = 0;
        Set<String> projects = new HashSet<>();
        Map<String, Integer> reasons = new HashMap<>();
        for (Membership m : members) {
            if (m.verdict() == verdict) {
                jobs++;
                projects.add(m.projectId());
                if (m.reason() != null) {
                    reasons.merge(m.reason(), 1, Integer::sum);
                }
            }
        }
        List<ReasonCount> top = reasons.entrySet().stream()
                .sorted((a, b) -> !Objects.equals(a.getValue(), b.getValue()) ? b.getValue() - a.getValue() : a.getKey().compareTo(b.getKey()))
                .limit(3).map(e -> new ReasonCount(e.getKey(), e.getValue())).toList();
        return new ItemVerdictCount(jobs, projects.size(), new ArrayList<>(top));
    }
}
