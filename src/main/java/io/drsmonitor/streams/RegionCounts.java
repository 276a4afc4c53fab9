package io.drsmonitor.streams;

import java.util.Map;

/**
 * Jobs by region within a project's sums (the empty key: jobs whose snapshots name no region). A
 * Huawei Cloud project id belongs to one region, so a project's region is the one its jobs name.
 */
final class RegionCounts {
    private RegionCounts() {
    }

    static String key(String region) {
        return region == null ? "" : region;
    }

    /** Adds {@code jobs} (possibly negative) to the region's count; a count back at zero leaves the map. */
    static void add(Map<String, Integer> counts, String key, int jobs) {
        int now = counts.getOrDefault(key, 0) + jobs;
        if (now == 0) {
            counts.remove(key);
        } else {
            counts.put(key, now);
        }
    }

    /** The named region most jobs name, alphabetically first on a tie; null when none names one. */
    static String dominant(Map<String, Integer> counts) {
        String best = null;
        int bestJobs = 0;
        for (Map.Entry<String, Integer> e : counts.entrySet()) {
            boolean better = e.getValue() > bestJobs || e.getValue() == bestJobs && best != null && e.getKey().compareTo(best) < 0;
            if (!e.getKey().isEmpty() && e.getValue() > 0 && better) {
                best = e.getKey();
                bestJobs = e.getValue();
            }
        }
        return best;
    }
}
