package io.drsmonitor.drs;

/**
 * One object type of DR initialization. {@code status}: 1 in progress, 2 completed, others
 * undocumented. Times are epoch milliseconds; {@code end_time} is absent while running.
 */
public record StructProcessObject(String type, Integer status, Long srcCount, Long dstCount, Long startTime, Long endTime) {
    public static final int IN_PROGRESS = 1;
    public static final int COMPLETED = 2;
}
