package io.drsmonitor.query;

import java.util.Collection;
import java.util.Objects;
import org.apache.kafka.streams.KafkaStreams;

/**
 * What one part of drs-monitor (Kafka, the summaries, alert delivery, DRS...) tells {@code /health}:
 * whether it works, and the text {@code /health} shows for it under {@code parts}.
 *
 * @param status what the part's state means for readiness
 * @param detail the text shown: a Kafka Streams state, {@code UP}, or why the part is down or not ready yet
 */
public record HealthState(Status status, String detail) {
    /** Also the instance's overall {@code status} in {@code /health}. */
    public enum Status {
        /** Works: the instance may take traffic as far as this part goes. */
        UP,
        /** Not ready, for no known fault: starting, rebalancing, restoring or stopping. */
        STARTING,
        /** Cannot work and says why (unreachable, credentials refused, a stopped worker). */
        DOWN
    }

    public HealthState {
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(detail, "detail");
    }

    public static HealthState up() {
        return new HealthState(Status.UP, "UP");
    }

    public static HealthState starting(String detail) {
        return new HealthState(Status.STARTING, detail);
    }

    public static HealthState down(String detail) {
        return new HealthState(Status.DOWN, detail);
    }

    /**
     * A Kafka Streams client's state, shown by name: RUNNING is up, an error state down, and any other
     * (created, rebalancing, shutting down) is not ready without being a fault.
     */
    public static HealthState of(KafkaStreams.State state) {
        Status status = switch (state) {
            case RUNNING -> Status.UP;
            case ERROR, PENDING_ERROR -> Status.DOWN;
            default -> Status.STARTING;
        };
        return new HealthState(status, state.name());
    }

    /**
     * Whether the query stores can be served: once the Streams client has been RUNNING (its stores
     * restored) it serves through rebalances, which move a few tasks and leave the rest readable;
     * before that it is restoring; a stopped or failed client serves nothing.
     */
    public static HealthState serving(boolean hasRun, KafkaStreams.State state) {
        return switch (state) {
            case ERROR, PENDING_ERROR, NOT_RUNNING, PENDING_SHUTDOWN -> down(state.name());
            default -> hasRun ? up() : starting(state.name());
        };
    }

    /** The instance's status: UP when every part is up, DOWN when any part is down, else STARTING. */
    public static Status overall(Collection<HealthState> parts) {
        Status overall = Status.UP;
        for (HealthState part : parts) {
            if (part.status() == Status.DOWN) {
                return Status.DOWN;
            }
            if (part.status() == Status.STARTING) {
                overall = Status.STARTING;
            }
        }
        return overall;
    }
}
