package io.drsmonitor.collector;

import io.drsmonitor.drs.DrsEndpoint;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;

/**
 * When each project's calls are due: one schedule per call type, region and project, with an
 * interval that starts short, doubles while answers bring nothing new (to the maximum) and
 * shortens again when something moved; one call in flight per schedule. In memory only: a new
 * owner starts every schedule afresh.
 */
final class PollScheduler {

    /** The calls the collector makes. START sends batch-precheck; CONFIRM asks batch-precheck-result about uncertain starts. */
    enum Call {
        SUBMIT(DrsEndpoint.BATCH_PRECHECK), START(DrsEndpoint.BATCH_PRECHECK), CONFIRM(DrsEndpoint.BATCH_PRECHECK_RESULT),
        RESULT(DrsEndpoint.BATCH_PRECHECK_RESULT), STRUCT(DrsEndpoint.BATCH_STRUCT_PROCESS);

        final DrsEndpoint endpoint;

        Call(DrsEndpoint endpoint) {
            this.endpoint = endpoint;
        }
    }

    /** One call a tick may start: a call type for one project, at its region's endpoint. */
    record Due(Call call, String region, String projectId) {
    }

    private static final class Schedule {
        long dueAt;
        long interval;
        boolean inFlight;
    }

    private final long minInterval;
    private final long maxInterval;
    private final Random jitter = new Random();
    private final Map<Due, Schedule> schedules = new HashMap<>();

    PollScheduler(long minIntervalMillis, long maxIntervalMillis) {
        this.minInterval = minIntervalMillis;
        this.maxInterval = maxIntervalMillis;
    }

    /** Makes {@code due} due no later than {@code at}. */
    void dueBy(Due due, long at, long now) {
        Schedule schedule = schedule(due, now);
        schedule.dueAt = Math.min(schedule.dueAt, at);
    }

    /** True when {@code due} may start now: its time has come and no call of it is in flight. */
    boolean ready(Due due, long now) {
        Schedule schedule = schedule(due, now);
        return !schedule.inFlight && now >= schedule.dueAt;
    }

    boolean inFlight(Due due) {
        Schedule schedule = schedules.get(due);
        return schedule != null && schedule.inFlight;
    }

    void started(Due due, long now) {
        schedule(due, now).inFlight = true;
    }

    /** A call of {@code due} ended; {@code changed}: it brought something new, so poll again soon. */
    void finished(Due due, boolean changed, long now) {
        Schedule schedule = schedule(due, now);
        schedule.inFlight = false;
        schedule.interval = changed ? minInterval : Math.min(maxInterval, schedule.interval * 2);
        schedule.dueAt = now + (long) (schedule.interval * (0.8 + 0.4 * jitter.nextDouble()));
    }

    /** Polls {@code due} again soon: the minimum interval from now. */
    void soon(Due due, long now) {
        Schedule schedule = schedule(due, now);
        schedule.interval = minInterval;
        schedule.dueAt = Math.min(schedule.dueAt, now + minInterval);
    }

    /** Forgets every schedule and in-flight mark (the task was closed; its calls' answers are dropped). */
    void clear() {
        schedules.clear();
    }

    private Schedule schedule(Due due, long now) {
        return schedules.computeIfAbsent(due, k -> {
            Schedule s = new Schedule();
            s.interval = minInterval;
            // Spread projects first polled together over the first interval.
            s.dueAt = due.call() == Call.SUBMIT ? now + s.interval : now + (long) (jitter.nextDouble() * s.interval / 2);
            return s;
        });
    }
}
