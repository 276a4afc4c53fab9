package io.drsmonitor.simulator;

import io.drsmonitor.drs.DrsErrors;
import io.drsmonitor.drs.DrsRules;
import io.drsmonitor.drs.Percent;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.util.Locale;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;

/**
 * The DRS side of the simulator: jobs, their pre-checks and DR initializations, and the per-job
 * answers of the three calls. Outcomes are drawn from a seeded random source per job and attempt,
 * so a run is reproducible; progress follows the clock.
 */
final class SimulatedDrs {
    /** The order DRS's example lists object types in. */
    static final List<String> OBJECT_TYPES = List.of("table", "view", "table_structure", "database", "function",
            "procedure", "table_indexs");
    /** The order initialization works through them. */
    private static final List<String> WORK_ORDER = List.of("database", "table_structure", "table", "view", "function",
            "procedure", "table_indexs");
    /** Simulator's own code for a failed DR initialization; DRS documents none. */
    static final String DR_INIT_FAILED = "DRS.M03500";

    private record PrecheckRun(long startedAt, int attempt) {
    }

    private final Clock clock;
    private final long seed;
    private final Map<String, JobSpec> jobs = new HashMap<>();
    private final Map<String, PrecheckRun> prechecks = new HashMap<>();
    private final Map<String, Long> drStarts = new HashMap<>();
    private final Set<String> deleted = new HashSet<>();
    /** Status changes since a job was added (a job started by its owner, say); else its spec's status. */
    private final Map<String, String> statuses = new HashMap<>();
    /** When each job was added: its create_time, and the origin of its steps. */
    private final Map<String, Long> addedAt = new HashMap<>();
    /** How many of each job's steps have happened. */
    private final Map<String, Integer> stepsTaken = new HashMap<>();
    /** Jobs not listed yet: their APPEAR step is still ahead. */
    private final Set<String> hidden = new HashSet<>();

    /** A job as the job list shows it now. */
    record Listed(JobSpec job, String status, long createdAt) {
    }

    SimulatedDrs(Clock clock, long seed) {
        this.clock = clock;
        this.seed = seed;
    }

    synchronized void add(JobSpec job) {
        jobs.put(job.jobId(), job);
        deleted.remove(job.jobId());
        statuses.remove(job.jobId());
        addedAt.put(job.jobId(), clock.millis());
        stepsTaken.put(job.jobId(), 0);
        if (job.steps().stream().anyMatch(step -> JobStep.APPEAR.equals(step.action()))) {
            hidden.add(job.jobId());
        }
    }

    /** Lets every job's steps that are due happen, in order; each answer sees the jobs as they are now. */
    private void advance() {
        long now = clock.millis();
        for (JobSpec job : List.copyOf(jobs.values())) {
            int taken = stepsTaken.getOrDefault(job.jobId(), 0);
            while (taken < job.steps().size() && now >= addedAt.get(job.jobId()) + (long) (job.steps().get(taken).atSeconds() * 1000)) {
                take(job, job.steps().get(taken));
                taken++;
            }
            stepsTaken.put(job.jobId(), taken);
        }
    }

    private void take(JobSpec job, JobStep step) {
        switch (step.action()) {
            case JobStep.APPEAR -> hidden.remove(job.jobId());
            case JobStep.CONSOLE_PRECHECK -> {
                PrecheckRun previous = prechecks.get(job.jobId());
                prechecks.put(job.jobId(), new PrecheckRun(clock.millis(), previous == null ? 1 : previous.attempt() + 1));
            }
            case JobStep.GONE -> {
                jobs.remove(job.jobId());
                hidden.remove(job.jobId());
            }
            case "DELETED" -> {
                deleted.add(job.jobId());
                statuses.put(job.jobId(), "DELETED");
            }
            default -> statuses.put(job.jobId(), step.action());
        }
    }

    /**
     * The project's jobs the job list shows now (in {@code region} when the call names one), top-level
     * and subtasks alike; deleted ones with status DELETED.
     */
    synchronized List<Listed> listed(String region, String projectId) {
        advance();
        return jobs.values().stream()
                .filter(job -> job.projectId().equals(projectId) && !hidden.contains(job.jobId()))
                .filter(job -> region == null || job.region() == null || job.region().equals(region))
                .map(job -> new Listed(job, status(job), addedAt.get(job.jobId()))).toList();
    }

    /** One QueryJobStatusResp: the job's status (DELETED for a deleted one), or DRS.M00289 for a job it does not have. */
    synchronized JsonObject jobStatus(String region, String projectId, String jobId) {
        advance();
        JobSpec job = jobs.get(jobId);
        boolean elsewhere = job != null && region != null && job.region() != null && !job.region().equals(region);
        if (job == null || !job.projectId().equals(projectId) || elsewhere || hidden.contains(jobId)) {
            return new JsonObject().put("id", jobId).put("error_code", DrsErrors.JOB_NOT_FOUND)
                    .put("error_message", "The job does not exist.");
        }
        return new JsonObject().put("id", jobId).put("status", deleted.contains(jobId) ? "DELETED" : status(job));
    }

    /** Moves a job to another DRS status, e.g. INCRE_TRANSFER_STARTED once its owner started it; false if unknown. */
    synchronized boolean setStatus(String jobId, String status) {
        advance();
        if (!jobs.containsKey(jobId)) {
            return false;
        }
        statuses.put(jobId, status);
        return true;
    }

    /** True once a pre-check of the job has been started. */
    synchronized boolean precheckStarted(String jobId) {
        advance();
        return prechecks.containsKey(jobId);
    }

    /** How many times a pre-check of the job was started. */
    synchronized int precheckStarts(String jobId) {
        advance();
        PrecheckRun run = prechecks.get(jobId);
        return run == null ? 0 : run.attempt();
    }

    private String status(JobSpec job) {
        return statuses.getOrDefault(job.jobId(), job.status());
    }

    synchronized void delete(String jobId) {
        if (jobs.containsKey(jobId)) {
            deleted.add(jobId);
        }
    }

    synchronized List<JobSpec> jobs(Optional<String> projectId) {
        return jobs.values().stream().filter(j -> projectId.map(j.projectId()::equals).orElse(true)).toList();
    }

    /**
     * One PostPreCheckResp. The mode must fit the job's status, as the reference documents:
     * forStartJob in CONFIGURATION, forRetryJob in the incremental phase or after a failure.
     */
    synchronized JsonObject startPrecheck(String region, String projectId, String jobId, String mode) {
        advance();
        Optional<JsonObject> missing = missing(region, projectId, jobId, "id", "error_msg");
        if (missing.isPresent()) {
            return missing.get().put("status", "failed");
        }
        JobSpec job = jobs.get(jobId);
        String status = status(job);
        String fits = DrsRules.STATUS_CONFIGURATION.equals(status) ? DrsRules.FOR_START_JOB
                : DrsRules.RETRY_STATUSES.contains(status) ? DrsRules.FOR_RETRY_JOB : null;
        if (fits == null) {
            return new JsonObject().put("id", jobId).put("status", "failed")
                    .put("error_code", DrsErrors.PARAMETER_INVALID)
                    .put("error_msg", "The job status " + status + " does not allow a pre-check; it must be CONFIGURATION,"
                            + " in its incremental phase, or failed.");
        }
        if (!fits.equals(mode)) {
            return new JsonObject().put("id", jobId).put("status", "failed")
                    .put("error_code", DrsErrors.PARAMETER_INVALID)
                    .put("error_msg", "The value of precheck_mode is invalid: a job in status " + status + " takes " + fits + ".");
        }
        PrecheckRun previous = prechecks.get(jobId);
        prechecks.put(jobId, new PrecheckRun(clock.millis(), previous == null ? 1 : previous.attempt() + 1));
        return new JsonObject().put("id", jobId).put("status", "success").put("precheck_id", jobId);
    }

    /** One QueryPreCheckResp. */
    synchronized JsonObject precheckResult(String region, String projectId, String jobId) {
        advance();
        Optional<JsonObject> missing = missing(region, projectId, jobId, "precheck_id", "error_msg");
        if (missing.isPresent()) {
            return missing.get();
        }
        PrecheckRun run = prechecks.get(jobId);
        if (run == null) {
            return new JsonObject().put("precheck_id", jobId).put("error_code", DrsErrors.PARAMETER_INVALID)
                    .put("error_msg", "The value of jobs is invalid: no pre-check was started for " + jobId + ".");
        }
        JobSpec job = jobs.get(jobId);
        List<CheckCatalog.CheckItem> catalog = CheckCatalog.items(job.engine());
        double fraction = Math.min(1.0, (clock.millis() - run.startedAt()) / (job.precheckSeconds() * 1000));
        boolean done = fraction >= 1.0;
        int revealed = done ? catalog.size() : (int) Math.floor(catalog.size() * fraction);
        Random random = new Random(seed ^ (jobId.hashCode() * 31L + run.attempt()));
        JsonArray items = new JsonArray();
        int passed = 0;
        boolean anyFailed = false;
        for (int i = 0; i < catalog.size(); i++) {
            CheckCatalog.CheckItem check = catalog.get(i);
            String verdict = verdict(job, check.item(), random.nextDouble());
            if (i >= revealed) {
                continue;
            }
            items.add(item(job, check, verdict));
            if (!"FAILED".equals(verdict)) {
                passed++;
            } else {
                anyFailed = true;
            }
        }
        return new JsonObject()
                .put("result", done && !anyFailed)
                .put("process", Percent.format(Math.floor(fraction * 100)))
                .put("precheck_id", jobId)
                .put("total_passed_rate", revealed == 0 ? "0%" : Percent.format(100.0 * passed / revealed))
                .put("rds_instance_id", Optional.ofNullable(job.rdsInstanceId()).orElse(jobId.replace("-", "").substring(0, 32) + "in01"))
                .put("job_direction", job.direction())
                .put("precheck_result", items);
    }

    /** One struct-process result; DR initialization starts when it is first asked about. */
    synchronized JsonObject structProcess(String region, String projectId, String jobId) {
        advance();
        Optional<JsonObject> missing = missing(region, projectId, jobId, "job_id", "error_message");
        if (missing.isPresent()) {
            return missing.get();
        }
        JobSpec job = jobs.get(jobId);
        if (!job.dr()) {
            return new JsonObject().put("job_id", jobId).put("error_code", DrsErrors.PARAMETER_INVALID)
                    .put("error_message", "The value of jobs is invalid: " + jobId + " is not a DR task.");
        }
        long now = clock.millis();
        long start = drStarts.computeIfAbsent(jobId, k -> now);
        double fraction = Math.min(1.0, (now - start) / (job.drSeconds() * 1000));
        boolean failed = job.drScript() == JobSpec.DrScript.FAIL && fraction >= job.drScriptAt();
        if (job.drScript() != JobSpec.DrScript.NORMAL) {
            fraction = Math.min(fraction, job.drScriptAt());
        }
        if (job.drProgress() != null) {
            fraction = job.drProgress().fraction(now - start);
            failed = job.drProgress().failed(now - start);
        }
        Random random = new Random(seed ^ jobId.hashCode());
        Map<String, Long> sourceCounts = new HashMap<>();
        long tables = 10 + random.nextInt(500);
        sourceCounts.put("database", 1L + random.nextInt(4));
        sourceCounts.put("table", tables);
        sourceCounts.put("table_structure", tables);
        sourceCounts.put("view", (long) random.nextInt(30));
        sourceCounts.put("function", (long) random.nextInt(10));
        sourceCounts.put("procedure", (long) random.nextInt(10));
        sourceCounts.put("table_indexs", tables + random.nextInt((int) tables + 1));
        JsonArray objects = new JsonArray();
        double slice = job.drSeconds() * 1000 / WORK_ORDER.size();
        for (String type : OBJECT_TYPES) {
            int position = WORK_ORDER.indexOf(type);
            double from = (double) position / WORK_ORDER.size();
            double to = (double) (position + 1) / WORK_ORDER.size();
            long src = sourceCounts.get(type);
            JsonObject object = new JsonObject().put("type", type).put("src_count", src);
            if (fraction >= to) {
                object.put("status", 2).put("dst_count", src)
                        .put("start_time", start + (long) (position * slice)).put("end_time", start + (long) ((position + 1) * slice));
            } else if (fraction > from) {
                object.put("status", 1).put("dst_count", (long) Math.floor(src * (fraction - from) / (to - from)))
                        .put("start_time", start + (long) (position * slice));
            } else {
                object.put("status", 1).put("dst_count", 0L);
            }
            objects.add(object);
        }
        JsonObject answer = new JsonObject().put("job_id", jobId)
                .put("struct_process", new JsonObject().put("result", objects).put("create_time", String.valueOf(now)));
        if (failed) {
            answer.put("error_code", DR_INIT_FAILED)
                    .put("error_message", "DR initialization failed while comparing table_structure: target refused DDL");
        }
        return answer;
    }

    /**
     * An error answer for a job that does not exist here (in this project and, when the call names
     * one, this region) or was deleted; empty when it is fine.
     */
    private Optional<JsonObject> missing(String region, String projectId, String jobId, String idField, String messageField) {
        JobSpec job = jobs.get(jobId);
        boolean elsewhere = job != null && region != null && job.region() != null && !job.region().equals(region);
        if (job == null || !job.projectId().equals(projectId) || elsewhere) {
            return Optional.of(new JsonObject().put(idField, jobId).put("error_code", DrsErrors.JOB_NOT_FOUND)
                    .put(messageField, "The job does not exist."));
        }
        if (deleted.contains(jobId)) {
            return Optional.of(new JsonObject().put(idField, jobId).put("error_code", DrsErrors.JOB_DELETED)
                    .put(messageField, "The job has been deleted."));
        }
        return Optional.empty();
    }

    private static String verdict(JobSpec job, String item, double chance) {
        String scripted = job.scriptedResults().get(item);
        if (scripted != null) {
            return scripted;
        }
        if (chance < job.failProbability()) {
            return "FAILED";
        }
        return chance < job.failProbability() + job.alarmProbability() ? "ALARM" : "PASSED";
    }

    private static JsonObject item(JobSpec job, CheckCatalog.CheckItem check, String verdict) {
        JsonObject item = new JsonObject().put("item", check.item()).put("result", verdict).put("group", check.group());
        if ("PASSED".equals(verdict)) {
            if (check.passedData() != null) {
                item.put("data", check.passedData());
            }
            if (check.passedFailedReason() != null) {
                item.put("failed_reason", check.passedFailedReason());
            }
            return item;
        }
        item.put("failed_reason", check.problemReason() != null ? check.problemReason() : reasonCode(check.item(), verdict));
        // DRS's data is not always JSON (the DDS example uses Python-dict syntax); keep it opaque.
        item.put("data", check.problemData() != null ? check.problemData() : "{'item': '" + check.item() + "'}");
        if ("FAILED".equals(verdict)) {
            item.put("raw_error_msg", "check " + check.item() + " failed on the " + (check.item().startsWith("dst") ? "destination" : "source") + " database");
            if (job.dr()) {
                item.put("failed_sub_jobs", new JsonArray().add(new JsonObject()
                        .put("id", job.jobId().substring(0, 31) + "sub01").put("name", "dr-forward-" + job.jobId().substring(0, 8))
                        .put("check_result", "FAILED")));
            }
        }
        return item;
    }

    private static String reasonCode(String item, String verdict) {
        return item.replaceAll("([a-z])([A-Z])", "$1_$2").toUpperCase(Locale.ROOT) + ("FAILED".equals(verdict) ? "_FAILED" : "_WARNING");
    }
}
