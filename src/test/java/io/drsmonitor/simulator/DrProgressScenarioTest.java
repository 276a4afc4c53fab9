package io.drsmonitor.simulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The simulator answers struct-process by the progress models of {@link Scenario#drProgress()}, on its clock. */
class DrProgressScenarioTest {
    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-23T10:00:00Z"));
    private final SimulatedDrs drs = new SimulatedDrs(clock, 7);

    DrProgressScenarioTest() {
        Scenario.drProgress().jobs().forEach(drs::add);
    }

    private long copied(DrProgress.Kind kind) {
        JsonObject answer = drs.structProcess(null, Scenario.PROGRESS_PROJECT, Scenario.progressJobId(kind));
        long dst = 0;
        for (Object o : answer.getJsonObject("struct_process").getJsonArray("result")) {
            dst += ((JsonObject) o).getLong("dst_count");
        }
        return dst;
    }

    @Test
    void eachModelsProgressFollowsItsShape() {
        for (DrProgress.Kind kind : DrProgress.Kind.values()) {
            assertEquals(0, copied(kind), kind + " starts when first asked about");
        }
        clock.advance(Duration.ofMinutes(11));
        long steady = copied(DrProgress.Kind.STEADY);
        assertTrue(steady > 0);
        clock.advance(Duration.ofMinutes(1));
        assertTrue(copied(DrProgress.Kind.STEADY) > steady);
        // The bursty job moves only at multiples of 12 minutes (the simulator spreads a fraction over its
        // object types, so a small type may show a step later), and gets somewhere.
        long bursty = copied(DrProgress.Kind.BURSTY);
        for (int minute = 13; minute < 60; minute++) {
            clock.advance(Duration.ofMinutes(1));
            long now = copied(DrProgress.Kind.BURSTY);
            if (minute % 12 != 0) {
                assertEquals(bursty, now, "no step at minute " + minute);
            }
            bursty = now;
        }
        assertTrue(bursty > 0);
        clock.advance(Duration.ofMinutes(1)); // one hour: the stalled job reaches 50 %
        long stalledAtHalf = copied(DrProgress.Kind.STALLED);
        clock.advance(Duration.ofMinutes(30));
        assertEquals(stalledAtHalf, copied(DrProgress.Kind.STALLED), "stands still 45 minutes from 50 %");
        clock.advance(Duration.ofMinutes(16));
        assertTrue(copied(DrProgress.Kind.STALLED) > stalledAtHalf, "then moves again");

        JsonObject failed = drs.structProcess(null, Scenario.PROGRESS_PROJECT, Scenario.progressJobId(DrProgress.Kind.FAILED));
        assertEquals("DRS.M03500", failed.getString("error_code"), "failed at 60 %");
        assertNull(drs.structProcess(null, Scenario.PROGRESS_PROJECT, Scenario.progressJobId(DrProgress.Kind.STEADY))
                .getString("error_code"));
    }

    @Test
    void theModelsKnowTheirTrueEnd() {
        assertEquals(Duration.ofHours(2).toMillis(), DrProgress.steady(Duration.ofHours(2)).endMs());
        assertEquals(Duration.ofMinutes(120 + 45).toMillis(), DrProgress.stalled(Duration.ofHours(2), 0.5, Duration.ofMinutes(45)).endMs());
        // 40 % in 48 minutes, the other 60 % at 1/200 of the speed: 72 minutes x 200.
        assertEquals(Duration.ofMinutes(48 + 72 * 200).toMillis(), DrProgress.slowing(Duration.ofHours(2), 0.4, 0.005).endMs());
        assertEquals(1.0, DrProgress.bursty(Duration.ofHours(4), Duration.ofMinutes(12)).fraction(Duration.ofHours(4).toMillis()));
        assertEquals(-1, DrProgress.failed(Duration.ofHours(2), 0.6).endMs());
    }
}
