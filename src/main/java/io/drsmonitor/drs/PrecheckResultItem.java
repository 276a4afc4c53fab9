package io.drsmonitor.drs;

import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import java.util.List;

/** One check item of a pre-check result ({@code PrecheckResult} in the DRS reference). */
public record PrecheckResultItem(
        String item,
        String result,
        String failedReason,
        @JsonDeserialize(using = DrsJson.OpaqueText.class) String data,
        String rawErrorMsg,
        String group,
        List<PrecheckFailSubJob> failedSubJobs) {

    public static final String PASSED = "PASSED";
    public static final String ALARM = "ALARM";
    public static final String FAILED = "FAILED";

    public PrecheckResultItem {
        failedSubJobs = failedSubJobs == null ? List.of() : List.copyOf(failedSubJobs);
    }
}
