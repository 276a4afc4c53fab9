package io.drsmonitor.drs;

/** DRS's answer for one requested job. */
public record JobAnswer<T>(String jobId, T result) {
}
