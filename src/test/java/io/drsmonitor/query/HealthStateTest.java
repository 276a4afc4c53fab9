package io.drsmonitor.query;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.drsmonitor.query.HealthState.Status;
import java.util.List;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.Test;

/** Which parts' states make the instance UP, STARTING or DOWN: what /health and /health/ready answer 200 or 503 by. */
class HealthStateTest {
    @Test
    void onlyRunningStreamsAreUpAndOnlyErrorStatesDown() {
        for (KafkaStreams.State state : KafkaStreams.State.values()) {
            Status expected = switch (state) {
                case RUNNING -> Status.UP;
                case ERROR, PENDING_ERROR -> Status.DOWN;
                case CREATED, REBALANCING, PENDING_SHUTDOWN, NOT_RUNNING -> Status.STARTING;
            };
            assertEquals(new HealthState(expected, state.name()), HealthState.of(state), state.name());
        }
    }

    @Test
    void theInstanceIsUpWhenEveryPartIsDownWhenAnyIsElseStarting() {
        HealthState up = HealthState.up();
        HealthState starting = HealthState.starting("STARTING (slack)");
        HealthState down = HealthState.down("UNAUTHORIZED: DRS refused the credentials");
        assertEquals(Status.UP, HealthState.overall(List.of()));
        assertEquals(Status.UP, HealthState.overall(List.of(up, HealthState.of(KafkaStreams.State.RUNNING))));
        assertEquals(Status.STARTING, HealthState.overall(List.of(up, starting)));
        assertEquals(Status.STARTING, HealthState.overall(List.of(HealthState.of(KafkaStreams.State.REBALANCING), up)));
        assertEquals(Status.DOWN, HealthState.overall(List.of(up, down)));
        assertEquals(Status.DOWN, HealthState.overall(List.of(down, starting)));
        assertEquals(Status.DOWN, HealthState.overall(List.of(starting, down)));
    }
}
