package io.drsmonitor.streams;

/** Which DR initialization conditions of one job are firing. */
public record DrAlertState(boolean failed, boolean stalled, boolean apiFailing) {
}
