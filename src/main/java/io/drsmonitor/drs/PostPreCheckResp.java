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

    static PostPreCheckResp missing(String jobId) {
        return new PostPreCheckResp(jobId, null, FAILED, DrsErrors.NO_RESULT, DrsErrors.NO_RESULT_MESSAGE);
    }
}
