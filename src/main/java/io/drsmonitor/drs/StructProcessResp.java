package io.drsmonitor.drs;

/** One result of batch-struct-process. Note DRS spells the message {@code error_message} here. */
public record StructProcessResp(String jobId, String errorCode, String errorMessage, StructProcessInfo structProcess)
        implements JobScoped {

    @Override
    public String jobKey() {
        return jobId;
    }

    static StructProcessResp missing(String jobId, String why) {
        return new StructProcessResp(jobId, DrsErrors.NO_RESULT, why, null);
    }
}
