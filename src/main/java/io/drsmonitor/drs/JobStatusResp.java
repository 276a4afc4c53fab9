package io.drsmonitor.drs;

/** One result of batch-status ({@code QueryJobStatusResp}): the job's status, or why DRS has none. */
public record JobStatusResp(String id, String status, String errorCode, String errorMessage) implements JobScoped {

    @Override
    public String jobKey() {
        return id;
    }

    static JobStatusResp missing(String jobId, String why) {
        return new JobStatusResp(jobId, null, DrsErrors.NO_RESULT, why);
    }
}
