package io.drsmonitor.drs;

/**
 * One result of batch-precheck ({@code PostPreCheckResp}): whether the pre-check of task {@code id}
 * was started, and its {@code precheck_id}.
 */
public record PostPreCheckResp(String id, String precheckId, String status, String errorCode, String errorMsg)
        implements JobScoped {

    public static final String SUCCESS = "success";
    public static final String FAILED = "failed";

    public boolean succeeded() {
        return SUCCESS.equals(status) && errorCode == null;
    }

    @Override
    public String jobKey() {
        return id;
    }

    /** DRS said nothing usable about this job; {@code why} says what went wrong. */
    static PostPreCheckResp missing(String jobId, String why) {
        return failed(jobId, DrsErrors.NO_RESULT, why);
    }

    /** No answer from DRS for this job: {@code code} is one of drs-monitor's own (DRSMON.*). */
    static PostPreCheckResp failed(String jobId, String code, String why) {
        return new PostPreCheckResp(jobId, null, FAILED, code, why);
    }
}
