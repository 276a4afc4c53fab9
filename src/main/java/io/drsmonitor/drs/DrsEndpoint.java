package io.drsmonitor.drs;

/** The DRS calls drs-monitor makes, all {@code POST /v3/{project_id}/jobs[/...]}. */
public enum DrsEndpoint {
    BATCH_PRECHECK("batch-precheck"),
    BATCH_PRECHECK_RESULT("batch-precheck-result"),
    BATCH_STRUCT_PROCESS("batch-struct-process"),
    /** ShowJobList: the project's jobs, a page at a time, at {@code /v3/{project_id}/jobs} itself. */
    LIST_JOBS("jobs"),
    /** BatchListJobStatus. */
    BATCH_STATUS("batch-status");

    private final String pathSuffix;

    DrsEndpoint(String pathSuffix) {
        this.pathSuffix = pathSuffix;
    }

    /** Last path segment, also the metric tag. */
    public String pathSuffix() {
        return pathSuffix;
    }

    /** The call has a side effect in DRS (it starts pre-checks): never sent twice blindly. */
    public boolean startsSomething() {
        return this == BATCH_PRECHECK;
    }

    public String path(String projectId) {
        return this == LIST_JOBS ? "/v3/" + projectId + "/jobs" : "/v3/" + projectId + "/jobs/" + pathSuffix;
    }
}
