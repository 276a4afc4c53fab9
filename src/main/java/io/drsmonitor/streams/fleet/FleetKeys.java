package io.drsmonitor.streams.fleet;

import io.drsmonitor.model.JobDirection;

/**
 * Keys of the fleet's stores. A store key joins its parts with U+0000, which no item name (the API
 * refuses control characters), project or job id contains, so a range of one item reads only its entries.
 */
public final class FleetKeys {
    static final char SEPARATOR = '\u0000';

    private FleetKeys() {
    }

    /** fleet-item-jobs: one entry per job that has the item FAILED or ALARM, a job's entries ordered by job id. */
    public static String itemJob(String item, String jobId) {
        return item + SEPARATOR + jobId;
    }

    /** The first key of {@code item}'s jobs. */
    public static String itemJobsFrom(String item) {
        return item + SEPARATOR;
    }

    /** The first key after {@code item}'s jobs. */
    public static String itemJobsTo(String item) {
        return item + (char) (SEPARATOR + 1);
    }

    /** The job id of a fleet-item-jobs key. */
    public static String jobOf(String itemJobKey) {
        return itemJobKey.substring(itemJobKey.indexOf(SEPARATOR) + 1);
    }

    /**
     * A slice of the fleet: {@code region|engine|direction}, an unknown region or engine empty. The key
     * of drs.fleet.totals; the record names the parts.
     */
    public static String slice(String region, String engine, JobDirection direction) {
        return (region == null ? "" : region) + "|" + (engine == null ? "" : engine) + "|" + direction.name();
    }
}
