package io.drsmonitor.streams;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.drsmonitor.streams.state.DrJobState;
import io.drsmonitor.streams.state.DrPart;
import io.drsmonitor.streams.state.DrStatus;
import io.drsmonitor.streams.state.TypePart;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@link DrPace}'s edges: what is a step, what resets the baseline, how far an ETA may go. */
class DrPaceTest {
    private static final long MINUTE = 60_000;

    private static DrPart part(long src, long dst) {
        return DrPart.newBuilder().setJobId("j").setStatus(DrStatus.INITIALIZING)
                .setTypes(List.of(new TypePart("table", src, dst, false))).build();
    }

    private static DrJobState state() {
        return DrJobState.newBuilder().setProjectId("p").setObservedAt(0).setAnswer(part(0, 0)).build();
    }

    private static void observe(DrJobState s, long minute, long src, long dst) {
        DrPart p = part(src, dst);
        s.setAnswer(p);
        s.setObservedAt(minute * MINUTE);
        DrPace.observe(s, p, minute * MINUTE, DrPaceRules.defaults());
    }

    @Test
    void sameCountsAreNoStepAndLowerCountsOnlyMoveTheBaseline() {
        DrJobState s = state();
        observe(s, 1, 1000, 100);
        observe(s, 2, 1000, 100);
        assertEquals(0, s.getPaceSteps(), "the same count is not a step");
        observe(s, 3, 1000, 50);
        assertEquals(0, s.getPaceSteps(), "a count that went down only sets the baseline");
        assertEquals(50, s.getPaceDone());
        observe(s, 4, 1000, 60);
        observe(s, 5, 1000, 70);
        observe(s, 6, 1000, 80);
        // 10 objects a minute, 920 left: 92 minutes after minute 6.
        assertEquals(10.0, DrPace.ratePerMinute(s), 1e-9);
        assertEquals(92 * 60L, DrPace.etaSeconds(s));
        assertEquals(MINUTE, s.getPaceGapMs(), 1e-9);
    }

    @Test
    void aCrawlingJobsEtaIsCappedAndAFinishedJobHasNone() {
        DrJobState s = state();
        observe(s, 1, Long.MAX_VALUE / 4, 0);
        for (int m = 1; m <= 3; m++) {
            observe(s, m * 100_000L, Long.MAX_VALUE / 4, m);
        }
        assertEquals(Duration.ofDays(3650).toSeconds(), DrPace.etaSeconds(s), "ten years at most, no overflow");
        DrPart done = DrPart.newBuilder(part(10, 10)).setStatus(DrStatus.DONE).build();
        s.setAnswer(done);
        DrPace.observe(s, done, s.getObservedAt() + MINUTE, DrPaceRules.defaults());
        assertNull(DrPace.etaSeconds(s));
        assertNull(s.getEstimatedCompletionAt());
    }
}
