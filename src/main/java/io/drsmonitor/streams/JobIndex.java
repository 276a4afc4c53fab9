package io.drsmonitor.streams;

import io.drsmonitor.streams.internals.ObjectStore;
import io.drsmonitor.streams.state.DrJobState;
import io.drsmonitor.streams.state.PrecheckJobState;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.Supplier;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Which project each job of a task lists under, so the query API finds a project's jobs without
 * reading every job, in two stores without changelogs (derived from the per-job stores, rebuilt from
 * them when a task starts): {@value SummaryTopology#JOBS_BY_PROJECT_STORE}, sorted, keys
 * {@code p:<project>/<job>} (scanned by prefix for a project's jobs), and {@value
 * SummaryTopology#JOB_PROJECTS_STORE} ({@link JobProjectsStore}), a hash map of Java strings from job to the
 * project it lists under, also kept beside each of the job's states (their memo in the per-job stores),
 * so the usual snapshot does not look the job up again.
 *
 * <p>A job lists under the project of its newest snapshot, pre-check or DR (the two may name different
 * projects while a moved job's second snapshot is on its way), and under that project only. Both job
 * processors of a task share the stores.
 */
public final class JobIndex {
    /** Prefix of the keys naming a project's jobs: {@code p:<project>/<job>}. */
    public static final String BY_PROJECT = "p:";

    private final KeyValueStore<String, String> index;
    private final JobProjectsStore projects;
    private final ObjectStore<PrecheckJobState> prechecks;
    private final ObjectStore<DrJobState> drs;

    private JobIndex(KeyValueStore<String, String> index, JobProjectsStore projects,
                     ObjectStore<PrecheckJobState> prechecks, ObjectStore<DrJobState> drs) {
        this.index = index;
        this.projects = projects;
        this.prechecks = prechecks;
        this.drs = drs;
    }

    /**
     * The task's index, rebuilt from its job stores unless it was built on what they hold now: when a task
     * starts (the index stores have no changelog), and when it is active again after a standby period, in
     * which Kafka Streams kept its stores and restored the job stores' changes into them.
     */
    static JobIndex attach(ProcessorContext<?, ?> context) {
        JobIndex index = new JobIndex(context.getStateStore(SummaryTopology.JOBS_BY_PROJECT_STORE),
                context.getStateStore(SummaryTopology.JOB_PROJECTS_STORE), context.getStateStore(SummaryTopology.PRECHECK_JOBS_STORE),
                context.getStateStore(SummaryTopology.DR_JOBS_STORE));
        long restored = index.prechecks.restored() + index.drs.restored();
        if (!index.projects.builtAt(restored)) {
            index.rebuild(restored);
        }
        return index;
    }

    /** The key under which a project's job is listed. */
    public static String projectKey(String projectId, String jobId) {
        return BY_PROJECT + projectId + "/" + jobId;
    }

    /** The prefix of the keys of a project's jobs. */
    public static String projectPrefix(String projectId) {
        return BY_PROJECT + projectId + "/";
    }

    /** The job id of a {@link #projectKey}. */
    public static String jobOf(String projectKey) {
        return projectKey.substring(projectKey.indexOf('/') + 1);
    }

    /** The project id of a {@link #projectKey}. */
    public static String projectOf(String projectKey) {
        return projectKey.substring(BY_PROJECT.length(), projectKey.indexOf('/'));
    }

    private void rebuild(long restored) {
        List<String> listed = new ArrayList<>();
        try (KeyValueIterator<String, String> all = index.all()) {
            all.forEachRemaining(kv -> listed.add(kv.key));
        }
        listed.forEach(index::delete);
        projects.rebuilding(restored);
        Set<String> jobs = new HashSet<>();
        prechecks.forEachLive((job, state) -> jobs.add(job));
        drs.forEachLive((job, state) -> jobs.add(job));
        for (String job : jobs) {
            String project = rowProject(prechecks.live(job), drs.live(job));
            list(job, null, project);
            prechecks.memo(job, project);
            drs.memo(job, project);
        }
    }

    /** After the pre-check processor changed a job's state from {@code before} to {@code after} (null: removed). */
    void precheckChanged(String jobId, PrecheckJobState before, PrecheckJobState after) {
        changed(jobId, prechecks, drs, before == null ? null : before.getProjectId(), after == null ? null : after.getProjectId(),
                () -> rowProject(after, drs.live(jobId)));
    }

    /** After the DR processor changed a job's state from {@code before} to {@code after} (null: removed). */
    void drChanged(String jobId, DrJobState before, DrJobState after) {
        changed(jobId, drs, prechecks, before == null ? null : before.getProjectId(), after == null ? null : after.getProjectId(),
                () -> rowProject(prechecks.live(jobId), after));
    }

    /**
     * Lists the job anew unless it is the usual snapshot: same project before and after, already listed there.
     * Each of the job's state entries keeps the project it is listed under as its memo, so the usual snapshot
     * reads it from the entry its processor just wrote instead of looking the job up again; a memo is either
     * absent (none yet, or the store was restored) or equal to {@code job-projects}.
     */
    private void changed(String jobId, ObjectStore<?> own, ObjectStore<?> other, String projectBefore, String projectAfter,
                         Supplier<String> rowProject) {
        String listed = (String) own.memo(jobId);
        if (listed == null) {
            listed = projects.get(jobId);
        }
        if (projectBefore != null && projectBefore.equals(projectAfter) && projectAfter.equals(listed)) {
            return;
        }
        String project = rowProject.get();
        list(jobId, listed, project);
        own.memo(jobId, project);
        other.memo(jobId, project);
    }

    private void list(String jobId, String listed, String project) {
        if (Objects.equals(listed, project)) {
            return;
        }
        if (listed != null) {
            index.delete(projectKey(listed, jobId));
        }
        if (project == null) {
            projects.delete(jobId);
        } else {
            index.put(projectKey(project, jobId), "");
            projects.put(jobId, project);
        }
    }

    /** The project of the newer of the two states (the pre-check's on a tie), or null when the job has neither. */
    static String rowProject(PrecheckJobState precheck, DrJobState dr) {
        if (precheck == null) {
            return dr == null ? null : dr.getProjectId();
        }
        if (dr == null || precheck.getObservedAt() >= dr.getObservedAt()) {
            return precheck.getProjectId();
        }
        return dr.getProjectId();
    }
}
