package io.drsmonitor.streams.fleet;

import io.drsmonitor.model.JobDirection;

/** Keys of the fleet's slices. */
public final class FleetKeys {
    private FleetKeys() {
    }

    /**
     * A slice of the fleet: {@code region|engine|direction}, an unknown region or engine empty. The key
     * of drs.fleet.totals; the record names the parts.
     */
    public static String slice(String region, String engine, JobDirection direction) {
        return (region == null ? "" : region) + "|" + (engine == null ? "" : engine) + "|" + direction.name();
    }
}
