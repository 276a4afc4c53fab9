package io.drsmonitor.drs;

/** A subtask that failed a check item ({@code PrecheckFailSubJobVO}). */
public record PrecheckFailSubJob(String id, String name, String checkResult) {
}
