package io.drsmonitor.streams;

import io.drsmonitor.model.ObservationOutcome;
import io.drsmonitor.model.StructObjectState;
import io.drsmonitor.model.StructProcess;
import io.drsmonitor.model.StructProcessEntry;
import java.util.List;

/**
 * One DR job as the summaries see it: its latest snapshot reduced to what they count, plus
 * whether it has stalled (no progress for the configured time by the wall clock).
 */
public record DrJobView(String jobId, String projectId, State state, boolean stalled, boolean apiFailure,
                        String errorCode, String errorMessage,
                        List<TypeProgress> types, Long startedAt, long observedAt, long lastProgressAt,
                        String progressKey) {

    public enum State { INITIALIZING, DONE, FAILED }

    public record TypeProgress(String type, long src, long dst, boolean completed) {
    }

    static DrJobView of(StructProcess s, long lastProgressAt, boolean stalled) {
        State state = s.getOutcome() != ObservationOutcome.OK ? State.FAILED : s.getComplete() ? State.DONE : State.INITIALIZING;
        List<TypeProgress> types = s.getEntries().stream().map(e -> new TypeProgress(e.getType(),
                e.getSrcCount() == null ? 0 : e.getSrcCount(), e.getDstCount() == null ? 0 : e.getDstCount(),
                e.getState() == StructObjectState.COMPLETED)).toList();
        Long started = s.getEntries().stream().map(StructProcessEntry::getStartTime).filter(t -> t != null)
                .map(t -> t.toEpochMilli()).min(Long::compare).orElse(null);
        return new DrJobView(s.getJobId(), s.getProjectId(), state, stalled && state == State.INITIALIZING,
                s.getOutcome() == ObservationOutcome.API_FAILURE, s.getErrorCode(), s.getErrorMessage(), types, started, s.getObservedAt().toEpochMilli(), lastProgressAt,
                progressKey(s));
    }

    /** What counts as progress: object states and destination counts (not the observation time). */
    static String progressKey(StructProcess s) {
        StringBuilder key = new StringBuilder(s.getOutcome().name()).append('|').append(s.getErrorCode());
        for (StructProcessEntry e : s.getEntries()) {
            key.append('|').append(e.getType()).append(':').append(e.getState()).append(':').append(e.getDstCount());
        }
        return key.toString();
    }

    DrJobView withStalled(boolean value) {
        return new DrJobView(jobId, projectId, state, value, apiFailure, errorCode, errorMessage, types, startedAt, observedAt,
                lastProgressAt, progressKey);
    }
}
