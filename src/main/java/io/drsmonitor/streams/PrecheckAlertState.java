package io.drsmonitor.streams;

import java.util.Set;

/** Which conditions of one job's pre-check are firing, as of the snapshot observed at {@code observedAt}. */
public record PrecheckAlertState(long observedAt, Set<String> failedItems, Set<String> alarmItems,
                                 boolean precheckFailed, boolean apiFailing) {
    static PrecheckAlertState none() {
        return new PrecheckAlertState(Long.MIN_VALUE, Set.of(), Set.of(), false, false);
    }
}
