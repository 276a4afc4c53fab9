package io.drsmonitor.drs;

/** One entry of the batch-precheck request body ({@code PreCheckInfo}). */
public record PreCheckInfo(String jobId, String precheckMode) {
}
