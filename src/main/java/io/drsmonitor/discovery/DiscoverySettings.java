package io.drsmonitor.discovery;

import java.time.Duration;
import java.util.List;

/**
 * What discovery follows and how often: each project's job list every {@code listEvery}, the statuses of
 * its jobs between listings every {@code statusEvery}, pages of {@code pageSize} jobs; pre-checks as
 * {@code precheck} says, asked about every {@code precheckPollEvery}.
 */
public record DiscoverySettings(List<ProjectRef> projects, Duration listEvery, Duration statusEvery, int pageSize,
                                PrecheckMode precheck, Duration precheckPollEvery) {

    /** {@code discovery.precheck}: what discovery does about pre-checks of jobs in CONFIGURATION. */
    public enum PrecheckMode {
        /** Read-only: a pre-check started elsewhere (console, Terraform) is followed. */
        OBSERVE,
        /** Also requests a pre-check for each new job in CONFIGURATION (a side effect in the account). */
        START,
        OFF
    }

    public DiscoverySettings {
        projects = List.copyOf(projects);
    }

    public boolean enabled() {
        return !projects.isEmpty();
    }
}
