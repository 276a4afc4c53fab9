package io.drsmonitor.simulator;

import io.drsmonitor.drs.DrsRules;
import java.util.List;
import java.util.Map;

/**
 * One simulated DRS job and how it behaves.
 *
 * @param engine           MYSQL or DDS: which check items its pre-check runs
 * @param direction        up, down or non-dbs (job_direction)
 * @param dr               a DR job: batch-struct-process answers for it
 * @param status           DRS job status; batch-precheck is only allowed in CONFIGURATION
 * @param alarmProbability chance that an unscripted item ends ALARM
 * @param failProbability  chance that an unscripted item ends FAILED
 * @param scriptedResults  item name to PASSED/ALARM/FAILED, overriding chance
 * @param precheckSeconds  time from start to process 100%
 * @param drScript         NORMAL, STALL (progress stops at drScriptAt) or FAIL (error at drScriptAt)
 * @param drScriptAt       fraction of DR initialization (0..1) where STALL or FAIL happens
 * @param drSeconds        time for DR initialization to complete
 * @param region           the region the job lives in: calls under another region's path prefix do not
 *                         find it; null for a job found in every region
 * @param drProgress       a DR progress model with a known end (steady, bursty, slowing...); null: linear over
 *                         drSeconds with drScript
 * @param name             the name the job list shows; null: {@code drs-} and the id's first group
 * @param steps            what happens to the job after it is added (statuses, a pre-check started in the
 *                         console, its disappearance), in time order
 * @param parentId         the dual-active DR task this job is a subtask of: listed under its {@code children}
 */
public record JobSpec(
        String projectId,
        String jobId,
        Engine engine,
        String direction,
        boolean dr,
        String status,
        String rdsInstanceId,
        double alarmProbability,
        double failProbability,
        Map<String, String> scriptedResults,
        double precheckSeconds,
        DrScript drScript,
        double drScriptAt,
        double drSeconds,
        String region,
        DrProgress drProgress,
        String name,
        List<JobStep> steps,
        String parentId) {

    public enum Engine { MYSQL, DDS }

    public enum DrScript { NORMAL, STALL, FAIL }

    public JobSpec {
        engine = engine == null ? Engine.MYSQL : engine;
        direction = direction == null ? "up" : direction;
        status = status == null ? "CONFIGURATION" : status;
        scriptedResults = scriptedResults == null ? Map.of() : Map.copyOf(scriptedResults);
        precheckSeconds = precheckSeconds <= 0 ? 10 : precheckSeconds;
        drScript = drScript == null ? DrScript.NORMAL : drScript;
        drSeconds = drSeconds <= 0 ? 30 : drSeconds;
        name = name == null ? "drs-" + jobId.substring(0, Math.min(8, jobId.length())) : name;
        steps = steps == null ? List.of() : List.copyOf(steps);
    }

    /** A job with default behaviour: passes unless chance says otherwise. */
    public static JobSpec of(String projectId, String jobId, Engine engine, boolean dr) {
        return new JobSpec(projectId, jobId, engine, "up", dr, null, null, 0, 0, null, 0, null, 0, 0, null, null, null, null, null);
    }

    public JobSpec withChances(double alarm, double fail) {
        return new JobSpec(projectId, jobId, engine, direction, dr, status, rdsInstanceId, alarm, fail,
                scriptedResults, precheckSeconds, drScript, drScriptAt, drSeconds, region, drProgress, name, steps, parentId);
    }

    public JobSpec withTimes(double precheck, double drInit) {
        return new JobSpec(projectId, jobId, engine, direction, dr, status, rdsInstanceId, alarmProbability,
                failProbability, scriptedResults, precheck, drScript, drScriptAt, drInit, region, drProgress, name, steps, parentId);
    }

    public JobSpec withDrScript(DrScript script, double at) {
        return new JobSpec(projectId, jobId, engine, direction, dr, status, rdsInstanceId, alarmProbability,
                failProbability, scriptedResults, precheckSeconds, script, at, drSeconds, region, drProgress, name, steps, parentId);
    }

    public JobSpec withScripted(Map<String, String> results) {
        return new JobSpec(projectId, jobId, engine, direction, dr, status, rdsInstanceId, alarmProbability,
                failProbability, results, precheckSeconds, drScript, drScriptAt, drSeconds, region, drProgress, name, steps, parentId);
    }

    public JobSpec withDirection(String dir) {
        return new JobSpec(projectId, jobId, engine, dir, dr, status, rdsInstanceId, alarmProbability,
                failProbability, scriptedResults, precheckSeconds, drScript, drScriptAt, drSeconds, region, drProgress, name, steps, parentId);
    }

    public JobSpec withStatus(String jobStatus) {
        return new JobSpec(projectId, jobId, engine, direction, dr, jobStatus, rdsInstanceId, alarmProbability,
                failProbability, scriptedResults, precheckSeconds, drScript, drScriptAt, drSeconds, region, drProgress, name, steps, parentId);
    }

    public JobSpec withRdsInstanceId(String id) {
        return new JobSpec(projectId, jobId, engine, direction, dr, status, id, alarmProbability,
                failProbability, scriptedResults, precheckSeconds, drScript, drScriptAt, drSeconds, region, drProgress, name, steps, parentId);
    }

    public JobSpec withRegion(String jobRegion) {
        return new JobSpec(projectId, jobId, engine, direction, dr, status, rdsInstanceId, alarmProbability,
                failProbability, scriptedResults, precheckSeconds, drScript, drScriptAt, drSeconds, jobRegion, drProgress, name, steps, parentId);
    }

    public JobSpec withName(String jobName) {
        return new JobSpec(projectId, jobId, engine, direction, dr, status, rdsInstanceId, alarmProbability, failProbability,
                scriptedResults, precheckSeconds, drScript, drScriptAt, drSeconds, region, drProgress, jobName, steps, parentId);
    }

    /** The same job living through {@code jobSteps} once added. */
    public JobSpec withSteps(List<JobStep> jobSteps) {
        return new JobSpec(projectId, jobId, engine, direction, dr, status, rdsInstanceId, alarmProbability, failProbability,
                scriptedResults, precheckSeconds, drScript, drScriptAt, drSeconds, region, drProgress, name, jobSteps, parentId);
    }

    /** The same job as a subtask of the dual-active DR task {@code parent}. */
    public JobSpec withParent(String parent) {
        return new JobSpec(projectId, jobId, engine, direction, dr, status, rdsInstanceId, alarmProbability, failProbability,
                scriptedResults, precheckSeconds, drScript, drScriptAt, drSeconds, region, drProgress, name, steps, parent);
    }

    /** ShowJobList's {@code db_use_type}: DR jobs are {@code cloudDataGuard}, the others {@code migration}. */
    public String dbUseType() {
        return dr ? DrsRules.CLOUD_DATA_GUARD : DrsRules.MIGRATION;
    }

    /** ShowJobList's {@code engine_type}, as DRS names the scenario's engine. */
    public String engineType() {
        return dr ? "cloudDataGuard-mysql" : engine == Engine.DDS ? "mongodb" : "mysql";
    }

    /** The same job copying by this progress model (DR initialization). */
    public JobSpec withDrProgress(DrProgress model) {
        return new JobSpec(projectId, jobId, engine, direction, dr, status, rdsInstanceId, alarmProbability,
                failProbability, scriptedResults, precheckSeconds, drScript, drScriptAt, drSeconds, region, model, name, steps, parentId);
    }
}
