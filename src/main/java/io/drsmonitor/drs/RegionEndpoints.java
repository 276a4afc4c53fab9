package io.drsmonitor.drs;

import java.net.URI;
import java.util.Map;
import java.util.Optional;

/**
 * Where each region's DRS answers. A job names its region ({@code JobEvent.region}); a job without
 * one belongs to the default region. For real DRS: the default region's endpoint is
 * {@code drs.endpoint} when set, per-region overrides come next ({@code drs.region.endpoints}),
 * then the public endpoint from {@link DrsRegions}; with {@code drs.endpoint} but no default
 * region, that one endpoint serves every region without an override (a single private endpoint,
 * and no credentials sent anywhere else). For the simulator: every region is a path prefix of the
 * one simulator ({@code http://127.0.0.1:8090/eu-west-101}).
 */
public final class RegionEndpoints {
    private final String defaultRegion;
    private final URI defaultEndpoint;
    private final Map<String, URI> overrides;
    private final URI simulator;

    private RegionEndpoints(String defaultRegion, URI defaultEndpoint, Map<String, URI> overrides, URI simulator) {
        this.defaultRegion = defaultRegion;
        this.defaultEndpoint = defaultEndpoint;
        this.overrides = Map.copyOf(overrides);
        this.simulator = simulator;
    }

    /**
     * @param defaultRegion   the region of jobs that name none; may be null when {@code defaultEndpoint} is set
     * @param defaultEndpoint overrides the default region's endpoint; may be null
     */
    public static RegionEndpoints real(String defaultRegion, URI defaultEndpoint, Map<String, URI> overrides) {
        return new RegionEndpoints(blankToNull(defaultRegion), defaultEndpoint, overrides, null);
    }

    /** Every region served by the simulator at {@code base}, under a path prefix named after the region. */
    public static RegionEndpoints simulated(URI base) {
        return new RegionEndpoints(null, base, Map.of(), base);
    }

    /** The region a job belongs to: its own, else the default; {@link DrsClient#DEFAULT_REGION} when neither is known. */
    public String regionOf(String jobRegion) {
        String region = blankToNull(jobRegion);
        if (region != null) {
            return region;
        }
        return defaultRegion != null ? defaultRegion : DrsClient.DEFAULT_REGION;
    }

    /** The endpoint serving {@code region} (as {@link #regionOf} names it); empty when there is none. */
    public Optional<URI> endpoint(String region) {
        boolean isDefault = region.equals(defaultRegion) || DrsClient.DEFAULT_REGION.equals(region) && defaultRegion == null;
        if (isDefault && defaultEndpoint != null) {
            return Optional.of(defaultEndpoint);
        }
        if (simulator != null) {
            return Optional.of(URI.create(simulator.toString().replaceAll("/+$", "") + "/" + region));
        }
        if (overrides.containsKey(region)) {
            return Optional.of(overrides.get(region));
        }
        if (defaultRegion == null && defaultEndpoint != null) {
            return Optional.of(defaultEndpoint);
        }
        return DrsRegions.publicEndpoint(region);
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }
}
