package io.drsmonitor.streams;

import io.drsmonitor.model.CheckResult;
import io.drsmonitor.model.ObservationOutcome;
import io.drsmonitor.model.PrecheckItem;
import io.drsmonitor.model.PrecheckResult;
import io.drsmonitor.model.PrecheckRun;
import io.drsmonitor.model.StructProcess;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The README's contract for finished runs and job lists, written from scratch for tests (it shares
 * no code with the topology): replay the snapshots in delivery order.
 *
 * <p>A pre-check snapshot is accepted when newer than the job's newest accepted one; a tombstone
 * forgets the job; a snapshot under another project starts the job afresh. An accepted, complete,
 * OK snapshot finishes a run when its request time differs from the last finished run's. Each
 * finished run is compared with the job's previous one: fixed = FAILED/ALARM before and neither
 * now (nor unknown); newly = in the verdict now and not before; still = in it both times. A job
 * lists under the project of its newest accepted snapshot, pre-check or DR (pre-check on a tie).
 */
final class RunsOracle {
    /** A finished run as a test compares it. */
    record Run(String project, Instant requestedAt, Instant finishedAt, boolean passed, Instant previous,
               List<String> fixed, List<String> newlyFailing, List<String> newlyAlarm, List<String> stillFailing,
               List<String> stillAlarm, Map<String, CheckResult> verdicts) {
    }

    /** A published or kept run, as {@link Run} compares it. */
    static Run of(PrecheckRun run) {
        Map<String, CheckResult> verdicts = new TreeMap<>();
        run.getItems().forEach(i -> verdicts.putIfAbsent(i.getItem(), i.getVerdict()));
        return new Run(run.getProjectId(), run.getRunRequestedAt(), run.getFinishedAt(), run.getPassed(),
                run.getDiff().getPreviousRunRequestedAt(), run.getDiff().getFixed(), run.getDiff().getNewlyFailing(),
                run.getDiff().getNewlyAlarm(), run.getDiff().getStillFailing(), run.getDiff().getStillAlarm(), verdicts);
    }

    private static final class Side {
        String project;
        long newest;
    }

    private static final class PrecheckJob {
        final Side side = new Side();
        Instant lastCounted;
        Instant firstRequested;
        Instant firstPassed;
        final List<Run> runs = new ArrayList<>(); // newest first, all of them
    }

    private final Map<String, PrecheckJob> prechecks = new HashMap<>();
    private final Map<String, Side> drs = new HashMap<>();
    private final Map<String, List<Run>> published = new LinkedHashMap<>();

    void precheck(String jobId, PrecheckResult r) {
        if (r == null) {
            prechecks.remove(jobId);
            return;
        }
        PrecheckJob job = prechecks.get(jobId);
        if (job != null && r.getObservedAt().toEpochMilli() <= job.side.newest) {
            return;
        }
        if (job == null || !job.side.project.equals(r.getProjectId())) {
            job = new PrecheckJob();
            prechecks.put(jobId, job);
        }
        job.side.project = r.getProjectId();
        job.side.newest = r.getObservedAt().toEpochMilli();
        if (r.getRunRequestedAt() != null && (job.firstRequested == null || r.getRunRequestedAt().isBefore(job.firstRequested))) {
            job.firstRequested = r.getRunRequestedAt();
        }
        if (r.getOutcome() != ObservationOutcome.OK || !r.getComplete() || r.getRunRequestedAt().equals(job.lastCounted)) {
            return;
        }
        job.lastCounted = r.getRunRequestedAt();
        Map<String, CheckResult> now = new TreeMap<>();
        for (PrecheckItem item : r.getItems()) {
            now.putIfAbsent(item.getItem(), item.getVerdict());
        }
        Run previous = job.runs.isEmpty() ? null : job.runs.get(0);
        Run run = previous == null
                ? new Run(r.getProjectId(), r.getRunRequestedAt(), r.getObservedAt(), Boolean.TRUE.equals(r.getPassed()), null,
                        List.of(), List.of(), List.of(), List.of(), List.of(), now)
                : compared(r, now, previous);
        job.runs.add(0, run);
        if (run.passed() && job.firstPassed == null) {
            job.firstPassed = run.finishedAt();
        }
        published.computeIfAbsent(jobId, k -> new ArrayList<>()).add(run);
    }

    private static Run compared(PrecheckResult r, Map<String, CheckResult> now, Run previous) {
        List<String> fixed = new ArrayList<>();
        List<String> newlyFailing = new ArrayList<>();
        List<String> newlyAlarm = new ArrayList<>();
        List<String> stillFailing = new ArrayList<>();
        List<String> stillAlarm = new ArrayList<>();
        TreeSet<String> names = new TreeSet<>(now.keySet());
        names.addAll(previous.verdicts().keySet());
        for (String name : names) {
            CheckResult before = previous.verdicts().get(name);
            CheckResult after = now.get(name);
            boolean wasBad = before == CheckResult.FAILED || before == CheckResult.ALARM;
            if (wasBad && (after == null || after == CheckResult.PASSED)) {
                fixed.add(name);
            }
            if (after == CheckResult.FAILED) {
                (before == CheckResult.FAILED ? stillFailing : newlyFailing).add(name);
            }
            if (after == CheckResult.ALARM) {
                (before == CheckResult.ALARM ? stillAlarm : newlyAlarm).add(name);
            }
        }
        return new Run(r.getProjectId(), r.getRunRequestedAt(), r.getObservedAt(), Boolean.TRUE.equals(r.getPassed()),
                previous.requestedAt(), fixed, newlyFailing, newlyAlarm, stillFailing, stillAlarm, now);
    }

    void dr(String jobId, StructProcess s) {
        if (s == null) {
            drs.remove(jobId);
            return;
        }
        Side side = drs.computeIfAbsent(jobId, k -> new Side());
        if (side.project != null && s.getObservedAt().toEpochMilli() <= side.newest) {
            return;
        }
        side.project = s.getProjectId();
        side.newest = s.getObservedAt().toEpochMilli();
    }

    /** The kept runs of a live job, newest first, at most {@code keep}; empty for a job without runs. */
    List<Run> kept(String jobId, int keep) {
        PrecheckJob job = prechecks.get(jobId);
        return job == null ? List.of() : job.runs.subList(0, Math.min(keep, job.runs.size()));
    }

    /** Every run published, by job, in order. */
    Map<String, List<Run>> published() {
        return published;
    }

    /** Seconds from the job's first request to its first passing run; null when it has not passed. */
    Long timeToPassSeconds(String jobId) {
        PrecheckJob job = prechecks.get(jobId);
        if (job == null || job.firstPassed == null || job.firstRequested == null) {
            return null;
        }
        return Math.max(0, Duration.between(job.firstRequested, job.firstPassed).toMillis() / 1000);
    }

    /** The live pre-check jobs. */
    Set<String> precheckJobs() {
        return prechecks.keySet();
    }

    /** Project to the jobs listed under it, each sorted. */
    Map<String, List<String>> listed() {
        Map<String, TreeSet<String>> byProject = new TreeMap<>();
        TreeSet<String> jobs = new TreeSet<>(prechecks.keySet());
        jobs.addAll(drs.keySet());
        for (String jobId : jobs) {
            PrecheckJob p = prechecks.get(jobId);
            Side d = drs.get(jobId);
            String project = p == null ? d.project : d == null || p.side.newest >= d.newest ? p.side.project : d.project;
            byProject.computeIfAbsent(project, k -> new TreeSet<>()).add(jobId);
        }
        Map<String, List<String>> out = new TreeMap<>();
        byProject.forEach((project, set) -> out.put(project, List.copyOf(set)));
        return out;
    }
}
