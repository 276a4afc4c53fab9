package io.drsmonitor.streams;

/** Pre-check runs of a project that finished in one hour, and how many passed. */
public record HourlyPassRate(int finished, int passed) {
    static HourlyPassRate empty() {
        return new HourlyPassRate(0, 0);
    }

    HourlyPassRate plus(boolean pass) {
        return new HourlyPassRate(finished + 1, passed + (pass ? 1 : 0));
    }
}
