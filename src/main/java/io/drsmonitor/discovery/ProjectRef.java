package io.drsmonitor.discovery;

import io.drsmonitor.drs.DrsRules;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** A project discovery follows: its region and id ({@code region:projectId} in {@code discovery.projects}). */
public record ProjectRef(String region, String projectId) {
    public ProjectRef {
        if (!DrsRules.isRegion(region) || !DrsRules.isProjectId(projectId)) {
            throw new IllegalArgumentException("expected region:projectId, e.g. ap-southeast-1:0a1b2c3d4e5f60718293a4b5c6d7e8f9");
        }
    }

    /**
     * {@code region:projectId} pairs, comma-separated (blank entries skipped, repeats once).
     *
     * @throws IllegalArgumentException naming what is wrong, never more than the offending entry
     */
    public static List<ProjectRef> parseAll(String value) {
        Set<ProjectRef> projects = new LinkedHashSet<>();
        for (String entry : value.split(",")) {
            if (entry.isBlank()) {
                continue;
            }
            int colon = entry.indexOf(':');
            if (colon < 0) {
                throw new IllegalArgumentException("'" + entry.trim() + "' is not region:projectId, e.g. "
                        + "ap-southeast-1:0a1b2c3d4e5f60718293a4b5c6d7e8f9");
            }
            projects.add(new ProjectRef(entry.substring(0, colon).trim(), entry.substring(colon + 1).trim()));
        }
        return new ArrayList<>(projects);
    }

    /** How the project is named in keys, logs and metrics. */
    public String key() {
        return region + ":" + projectId;
    }

    @Override
    public String toString() {
        return key();
    }
}
