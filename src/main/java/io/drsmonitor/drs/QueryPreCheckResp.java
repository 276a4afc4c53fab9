package io.drsmonitor.drs;

import java.util.List;

/** One result of batch-precheck-result ({@code QueryPreCheckResp}). */
public record QueryPreCheckResp(
        String precheckId,
        Boolean result,
        String process,
        String totalPassedRate,
        String rdsInstanceId,
        String jobDirection,
        List<PrecheckResultItem> precheckResult,
        String errorMsg,
        String errorCode) implements JobScoped {

    public QueryPreCheckResp {
        precheckResult = precheckResult == null ? List.of() : List.copyOf(precheckResult);
    }

    /** {@code process} as a number from 0 to 100, or null. */
    public Double processPercent() {
        return Percent.parse(process);
    }

    /** {@code total_passed_rate} as a number from 0 to 100, or null. */
    public Double totalPassedRatePercent() {
        return Percent.parse(totalPassedRate);
    }

    /** The verdict is final: progress is 100% and {@code result} is present. */
    public boolean isComplete() {
        Double progress = processPercent();
        return errorCode == null && result != null && progress != null && progress >= 100.0;
    }

    @Override
    public String jobKey() {
        return precheckId;
    }

    static QueryPreCheckResp missing(String jobId, String why) {
        return new QueryPreCheckResp(jobId, null, null, null, null, null, List.of(), why, DrsErrors.NO_RESULT);
    }
}
