package io.drsmonitor.streams;

import io.drsmonitor.model.CheckResult;
import io.drsmonitor.model.DirectionBreakdown;
import io.drsmonitor.model.FailingItemCount;
import io.drsmonitor.model.JobDirection;
import io.drsmonitor.model.ObjectTypeProgress;
import io.drsmonitor.model.ObservationOutcome;
import io.drsmonitor.model.PrecheckItem;
import io.drsmonitor.model.PrecheckResult;
import io.drsmonitor.model.ProjectDrInitSummary;
import io.drsmonitor.model.ProjectPrecheckSummary;
import io.drsmonitor.model.StructObjectState;
import io.drsmonitor.model.StructProcess;
import io.drsmonitor.model.StructProcessEntry;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * The README's summary contract, written from scratch for tests: replay the snapshots in delivery
 * order to each job's final state, then count. It shares no code with the topology.
 *
 * <p>Per job: a tombstone forgets the job; a snapshot no newer than the newest accepted is ignored;
 * an API failure marks the job "calls failing" and keeps its last DRS answer; a DRS answer replaces
 * the last one and clears "calls failing"; a snapshot under another project starts the job afresh
 * there. A project's region is the one most of its jobs name (each job: its newest snapshot that named
 * one), alphabetically first on a tie. Stalls are not modelled (callers use a stall time longer than the test). A DR job's ETA follows
 * the README's pace rule: steps are answers of a running job with more objects copied; EWMAs (0.3) of
 * the gap and of the objects per step; from the third step, ETA = step time + objects left / rate.
 */
final class SummaryOracle {
    private static final class Job<T> {
        String project;
        long newest;
        /** Region of the newest accepted snapshot that named one (since the job started afresh). */
        String region;
        T answer;
        boolean apiFailing;
        /** DR pace: baseline time and objects copied, steps, the two EWMAs, the ETA (epoch ms). */
        long stepAt;
        long stepDone;
        int steps;
        double gap;
        double perStep;
        Long eta;
    }

    private final Map<String, Job<PrecheckResult>> prechecks = new HashMap<>();
    private final Map<String, Job<StructProcess>> drs = new HashMap<>();
    private final Set<String> projects = new LinkedHashSet<>();

    void precheck(String jobId, PrecheckResult r) {
        if (r == null) {
            prechecks.remove(jobId);
            return;
        }
        projects.add(r.getProjectId());
        accept(prechecks, jobId, r.getProjectId(), r.getObservedAt(), r.getOutcome() == ObservationOutcome.API_FAILURE, r,
                r.getRegion());
    }

    void dr(String jobId, StructProcess s) {
        if (s == null) {
            drs.remove(jobId);
            return;
        }
        projects.add(s.getProjectId());
        Job<StructProcess> before = drs.get(jobId);
        long newest = before == null ? Long.MIN_VALUE : before.newest;
        accept(drs, jobId, s.getProjectId(), s.getObservedAt(), s.getOutcome() == ObservationOutcome.API_FAILURE, s, s.getRegion());
        Job<StructProcess> job = drs.get(jobId);
        boolean accepted = job != before || s.getObservedAt().toEpochMilli() > newest;
        if (accepted && s.getOutcome() == ObservationOutcome.OK && !s.getComplete()) {
            pace(job, s);
        } else if (accepted && s.getOutcome() != ObservationOutcome.API_FAILURE) {
            job.eta = null;
        }
    }

    private static void pace(Job<StructProcess> job, StructProcess s) {
        long at = s.getObservedAt().toEpochMilli();
        long done = 0;
        long left = 0;
        for (StructProcessEntry e : s.getEntries()) {
            long src = e.getSrcCount() == null ? 0 : e.getSrcCount();
            long dst = e.getDstCount() == null ? 0 : e.getDstCount();
            done += Math.min(src, dst);
            left += e.getState() == StructObjectState.COMPLETED ? 0 : Math.max(0, src - dst);
        }
        if (job.stepAt == 0 || done < job.stepDone) {
            job.stepAt = at;
            job.stepDone = done;
            return;
        }
        if (done == job.stepDone) {
            return;
        }
        double gapNow = at - job.stepAt;
        double objectsNow = done - job.stepDone;
        job.gap = job.steps == 0 ? gapNow : job.gap + 0.3 * (gapNow - job.gap);
        job.perStep = job.steps == 0 ? objectsNow : job.perStep + 0.3 * (objectsNow - job.perStep);
        job.steps++;
        job.stepAt = at;
        job.stepDone = done;
        if (job.steps >= 3) {
            double perMinute = job.perStep / job.gap * 60_000; // the README's rate, objects a minute
            job.eta = at + Math.round(left / perMinute * 60_000);
        }
    }

    private static <T> void accept(Map<String, Job<T>> jobs, String jobId, String project, Instant observedAt, boolean apiFailure,
                                   T snapshot, String region) {
        Job<T> job = jobs.get(jobId);
        if (job != null && observedAt.toEpochMilli() <= job.newest) {
            return;
        }
        if (job == null || !job.project.equals(project)) {
            job = new Job<>();
            job.project = project;
            jobs.put(jobId, job);
        }
        job.newest = observedAt.toEpochMilli();
        job.region = region != null ? region : job.region;
        job.apiFailing = apiFailure;
        if (!apiFailure) {
            job.answer = snapshot;
        }
    }

    Set<String> projects() {
        return projects;
    }

    Set<String> precheckJobs() {
        return prechecks.keySet();
    }

    Set<String> drJobs() {
        return drs.keySet();
    }

    /**
     * The summary the contract gives, updatedAt set to the epoch (callers compare without it); null: no job.
     * {@code timeToPass} gives a job's time from first request to first passing run (null: none).
     */
    ProjectPrecheckSummary precheckSummary(String project, int topItems, Function<String, Long> timeToPass) {
        List<Long> passTimes = new ArrayList<>();
        int known = 0, finished = 0, passed = 0, failed = 0, running = 0, errors = 0, apiFailing = 0, rated = 0;
        double rateSum = 0;
        long failedItems = 0, alarmItems = 0;
        Map<String, int[]> items = new TreeMap<>();
        Map<String, String> groups = new HashMap<>();
        Map<JobDirection, int[]> directions = new TreeMap<>();
        for (Map.Entry<String, Job<PrecheckResult>> entry : prechecks.entrySet()) {
            Job<PrecheckResult> job = entry.getValue();
            if (!job.project.equals(project)) {
                continue;
            }
            known++;
            Long seconds = timeToPass.apply(entry.getKey());
            if (seconds != null) {
                passTimes.add(seconds);
            }
            apiFailing += job.apiFailing ? 1 : 0;
            PrecheckResult r = job.answer;
            if (r == null) {
                continue;
            }
            boolean error = r.getOutcome() != ObservationOutcome.OK;
            boolean done = !error && r.getComplete();
            boolean pass = done && Boolean.TRUE.equals(r.getPassed());
            errors += error ? 1 : 0;
            running += !error && !done ? 1 : 0;
            finished += done ? 1 : 0;
            passed += pass ? 1 : 0;
            failed += done && !pass ? 1 : 0;
            if (done && r.getTotalPassedRatePercent() != null) {
                rated++;
                rateSum += r.getTotalPassedRatePercent();
            }
            Set<String> jobFailed = new TreeSet<>();
            Set<String> jobAlarm = new TreeSet<>();
            for (PrecheckItem item : r.getItems()) {
                if (item.getVerdict() == CheckResult.FAILED && !jobAlarm.contains(item.getItem())) {
                    jobFailed.add(item.getItem());
                } else if (item.getVerdict() == CheckResult.ALARM && !jobFailed.contains(item.getItem())) {
                    jobAlarm.add(item.getItem());
                }
                groups.putIfAbsent(item.getItem(), item.getGroup());
            }
            failedItems += jobFailed.size();
            alarmItems += jobAlarm.size();
            jobFailed.forEach(i -> items.computeIfAbsent(i, k -> new int[2])[0]++);
            jobAlarm.forEach(i -> items.computeIfAbsent(i, k -> new int[2])[1]++);
            JobDirection direction = r.getJobDirection() == null ? JobDirection.UNKNOWN : r.getJobDirection();
            int[] d = directions.computeIfAbsent(direction, k -> new int[4]);
            d[0]++;
            d[1] += pass ? 1 : 0;
            d[2] += done && !pass ? 1 : 0;
            d[3] += !error && !done ? 1 : 0;
        }
        if (known == 0) {
            return null;
        }
        List<FailingItemCount> top = new ArrayList<>();
        items.forEach((item, c) -> top.add(new FailingItemCount(item, groups.get(item), c[0], c[1])));
        top.sort(Comparator.comparing((FailingItemCount c) -> -c.getFailed()).thenComparing(c -> -c.getAlarm())
                .thenComparing(FailingItemCount::getItem));
        List<DirectionBreakdown> byDirection = new ArrayList<>();
        directions.forEach((direction, d) -> byDirection.add(new DirectionBreakdown(direction, d[0], d[1], d[2], d[3])));
        return ProjectPrecheckSummary.newBuilder().setProjectId(project).setJobsKnown(known).setJobsFinished(finished)
                .setJobsPassed(passed).setJobsFailed(failed).setJobsInProgress(running).setJobsWithErrors(errors)
                .setJobsApiFailing(apiFailing).setPassRate(finished == 0 ? null : (double) passed / finished)
                .setMeanTotalPassedRate(rated == 0 ? null : rateSum / rated).setAlarmItems(alarmItems).setFailedItems(failedItems)
                .setTopFailingItems(top.subList(0, Math.min(topItems, top.size()))).setByDirection(byDirection)
                .setTimeToPassJobs(passTimes.size()).setTimeToPassMedianSeconds(nearestRank(passTimes, 50))
                .setTimeToPassP90Seconds(nearestRank(passTimes, 90)).setRegion(region(prechecks, project))
                .setUpdatedAt(Instant.EPOCH).build();
    }

    /** The p-th percentile by nearest rank: the smallest value with at least p % of the values at or below it. */
    private static Long nearestRank(List<Long> values, int p) {
        if (values.isEmpty()) {
            return null;
        }
        List<Long> sorted = values.stream().sorted().toList();
        int rank = (p * sorted.size() + 99) / 100; // ceil(p/100 * n)
        return sorted.get(Math.max(rank, 1) - 1);
    }

    ProjectDrInitSummary drSummary(String project) {
        int jobs = 0, initializing = 0, done = 0, failed = 0, apiFailing = 0;
        Map<String, long[]> types = new TreeMap<>();
        String oldestJob = null;
        Instant oldestStart = null;
        String latestJob = null;
        Long latestEta = null;
        for (Map.Entry<String, Job<StructProcess>> e : drs.entrySet()) {
            Job<StructProcess> job = e.getValue();
            if (!job.project.equals(project)) {
                continue;
            }
            jobs++;
            apiFailing += job.apiFailing ? 1 : 0;
            StructProcess s = job.answer;
            if (s == null) {
                continue;
            }
            boolean error = s.getOutcome() != ObservationOutcome.OK;
            failed += error ? 1 : 0;
            done += !error && s.getComplete() ? 1 : 0;
            boolean running = !error && !s.getComplete();
            initializing += running ? 1 : 0;
            if (running && job.eta != null && (latestEta == null || job.eta > latestEta
                    || job.eta.equals(latestEta) && e.getKey().compareTo(latestJob) > 0)) {
                latestEta = job.eta;
                latestJob = e.getKey();
            }
            for (StructProcessEntry entry : s.getEntries()) {
                long[] t = types.computeIfAbsent(entry.getType(), k -> new long[4]);
                t[0] += entry.getSrcCount() == null ? 0 : entry.getSrcCount();
                t[1] += entry.getDstCount() == null ? 0 : entry.getDstCount();
                t[2] += entry.getState() == StructObjectState.COMPLETED ? 1 : 0;
                t[3]++;
                if (running && entry.getStartTime() != null && (oldestStart == null || entry.getStartTime().isBefore(oldestStart)
                        || entry.getStartTime().equals(oldestStart) && e.getKey().compareTo(oldestJob) < 0)) {
                    oldestStart = entry.getStartTime();
                    oldestJob = e.getKey();
                }
            }
        }
        if (jobs == 0) {
            return null;
        }
        List<ObjectTypeProgress> progress = new ArrayList<>();
        types.forEach((type, t) -> progress.add(new ObjectTypeProgress(type, t[0], t[1],
                t[0] == 0 ? null : Math.min(1.0, (double) t[1] / t[0]), (int) t[2], (int) t[3])));
        return ProjectDrInitSummary.newBuilder().setProjectId(project).setDrJobs(jobs).setInitializing(initializing)
                .setDone(done).setFailed(failed).setStalled(0).setApiFailing(apiFailing).setObjectTypes(progress)
                .setOldestRunningStartedAt(oldestStart).setOldestRunningJobId(oldestJob)
                .setLatestEstimatedCompletionAt(latestEta == null ? null : Instant.ofEpochMilli(latestEta)).setLatestEtaJobId(latestJob)
                .setRegion(region(drs, project)).setUpdatedAt(Instant.EPOCH).build();
    }

    /** The region most of the project's jobs name, alphabetically first on a tie; null when none names one. */
    private static <T> String region(Map<String, Job<T>> jobs, String project) {
        Map<String, Integer> counts = new TreeMap<>();
        jobs.values().stream().filter(j -> j.project.equals(project) && j.region != null).forEach(j -> counts.merge(j.region, 1, Integer::sum));
        return counts.entrySet().stream().max(Map.Entry.<String, Integer>comparingByValue()
                .thenComparing(Map.Entry.comparingByKey(Comparator.reverseOrder()))).map(Map.Entry::getKey).orElse(null);
    }

    static ProjectPrecheckSummary withoutTime(ProjectPrecheckSummary s) {
        return s == null ? null : ProjectPrecheckSummary.newBuilder(s).setUpdatedAt(Instant.EPOCH).build();
    }

    static ProjectDrInitSummary withoutTime(ProjectDrInitSummary s) {
        return s == null ? null : ProjectDrInitSummary.newBuilder(s).setUpdatedAt(Instant.EPOCH).build();
    }
}
