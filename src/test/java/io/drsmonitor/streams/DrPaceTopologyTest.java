package io.drsmonitor.streams;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.drsmonitor.model.AlertKind;
import io.drsmonitor.model.AlertSeverity;
import io.drsmonitor.model.AlertState;
import io.drsmonitor.model.CheckAlert;
import io.drsmonitor.model.ProjectDrInitSummary;
import io.drsmonitor.simulator.DrProgress;
import io.drsmonitor.streams.DrProgressRun.Poll;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * DR initializations judged by their own pace: ETA, stalls and slow-downs, for the simulator's progress
 * models. The expected values come from the models (their true end), never from the code under test.
 */
class DrPaceTopologyTest {
    private static final Duration MINUTE = Duration.ofMinutes(1);
    private static final Duration TWO_HOURS = Duration.ofHours(2);

    private static List<String> sequence(List<Poll> polls) {
        return polls.stream().flatMap(p -> p.alerts().stream()).map(a -> a.getKind() + " " + a.getState()).toList();
    }

    @Test
    void aSteadyJobsEtaIsWithinTwentyPercentOfTheTruthPastThirtyPercent() {
        List<Poll> polls = DrProgressRun.run(DrProgress.steady(TWO_HOURS), MINUTE, MINUTE, Duration.ofHours(3));
        // First poll: the baseline; each later one a step. Three steps before an ETA.
        assertNull(polls.get(0).etaSeconds());
        assertNull(polls.get(2).etaSeconds(), "two steps are not a pace yet");
        assertNotNull(polls.get(3).etaSeconds(), "three steps are");
        int judged = 0;
        for (Poll p : polls) {
            if (p.fraction() >= 0.3 && p.fraction() < 1) {
                double truth = p.trueRemainingMs() / 1000.0;
                assertTrue(Math.abs(p.etaSeconds() - truth) <= 0.2 * truth,
                        "at " + p.fraction() + ": ETA " + p.etaSeconds() + " s, truly " + truth + " s");
                assertTrue(p.etaSeconds() >= 0);
                judged++;
            }
        }
        assertTrue(judged > 50);
        Poll last = polls.get(polls.size() - 1);
        assertEquals(DrProgressRun.OBJECTS, last.dst());
        assertNull(last.etaSeconds(), "a finished job has no ETA");
        assertNull(last.ratePerMinute());
        assertEquals(List.of(), sequence(polls), "a steady job raises nothing");
    }

    @Test
    void aJobThatStepsEveryTwelveMinutesIsNeverStalled() {
        // Picked up 5 minutes into its copy, as a monitor started on a running job would.
        List<Poll> polls = DrProgressRun.run(DrProgress.bursty(Duration.ofHours(4), Duration.ofMinutes(12)), Duration.ofMinutes(5),
                MINUTE, Duration.ofHours(5));
        assertEquals(DrProgressRun.OBJECTS, polls.get(polls.size() - 1).dst(), "it finished");
        assertTrue(polls.stream().noneMatch(Poll::stalled), "never stalled");
        assertEquals(List.of(), sequence(polls), "neither stalled nor slow: 12 minutes is its pace");
        for (Poll p : polls) {
            if (p.fraction() >= 0.3 && p.fraction() < 1) {
                double truth = p.trueRemainingMs() / 1000.0;
                assertTrue(Math.abs(p.etaSeconds() - truth) <= 0.2 * truth,
                        "at " + p.fraction() + ": ETA " + p.etaSeconds() + " s, truly " + truth + " s");
            }
        }
    }

    @Test
    void beforeItsPaceIsKnownAJobIsJudgedByTheFixedStallTimeOnlyOnce() {
        // Watched from its start, the bursty job's first 12-minute gap has no pace to go by: one stall,
        // resolved at the step, and the gap it teaches keeps every later one from stalling.
        List<Poll> polls = DrProgressRun.run(DrProgress.bursty(Duration.ofHours(4), Duration.ofMinutes(12)), MINUTE,
                MINUTE, Duration.ofHours(5));
        assertEquals(List.of("DR_INIT_STALLED FIRING", "DR_INIT_STALLED RESOLVED"), sequence(polls));
        assertTrue(polls.stream().filter(p -> p.elapsedMs() > Duration.ofMinutes(13).toMillis()).noneMatch(Poll::stalled));
    }

    @Test
    void aJobThatSlowsToOneTwoHundredthOfItsPaceRaisesDrInitSlowAndResolvesWhenItRecovers() {
        DrProgress model = DrProgress.slowing(TWO_HOURS, 0.4, 0.005);
        try (DrProgressRun run = new DrProgressRun(DrProgressRun.settings())) {
            List<Poll> polls = run.follow(model, MINUTE, MINUTE, Duration.ofMinutes(48 + 60));
            List<CheckAlert> raised = polls.stream().flatMap(p -> p.alerts().stream()).toList();
            assertEquals(List.of("DR_INIT_SLOW FIRING"), sequence(polls), "slow, not stalled: it still moves");
            assertEquals(AlertSeverity.WARNING, raised.get(0).getSeverity());
            long slowedAt = Math.round(0.4 * TWO_HOURS.toMillis());
            long firedAt = polls.stream().filter(p -> !p.alerts().isEmpty()).findFirst().orElseThrow().elapsedMs();
            assertTrue(firedAt > slowedAt + Duration.ofMinutes(10).toMillis(), "not before the window (10 minutes of slow steps)");
            assertTrue(firedAt < slowedAt + Duration.ofMinutes(40).toMillis(), "but within 40 minutes: fired at " + firedAt);

            // Back to 100 tables a minute: the rate recovers past 0.2 of its peak.
            long dst = polls.get(polls.size() - 1).dst();
            List<CheckAlert> after = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                run.advance(MINUTE);
                dst += 100;
                after.addAll(run.poll(dst, false, -1).alerts());
            }
            assertEquals(1, after.size());
            assertEquals(AlertKind.DR_INIT_SLOW, after.get(0).getKind());
            assertEquals(AlertState.RESOLVED, after.get(0).getState());
            assertEquals(raised.get(0).getAlertId(), after.get(0).getAlertId());
        }
    }

    @Test
    void aStalledJobRaisesDrInitStalledThatResolvesWhenProgressResumes() {
        List<Poll> polls = DrProgressRun.run(DrProgress.stalled(TWO_HOURS, 0.5, Duration.ofMinutes(45)), MINUTE, MINUTE,
                Duration.ofHours(4));
        assertEquals(List.of("DR_INIT_STALLED FIRING", "DR_INIT_STALLED RESOLVED"), sequence(polls));
        long stoppedAt = Duration.ofMinutes(60).toMillis();
        long firedAt = polls.stream().filter(p -> !p.alerts().isEmpty()).findFirst().orElseThrow().elapsedMs();
        // Its typical gap is one minute: the fixed 10 minutes apply (found on the wall clock, shown at the next poll).
        assertTrue(firedAt >= stoppedAt + Duration.ofMinutes(10).toMillis() && firedAt <= stoppedAt + Duration.ofMinutes(12).toMillis(),
                "fired at " + firedAt);
        long resolvedAt = polls.stream().filter(p -> p.alerts().stream().anyMatch(a -> a.getState() == AlertState.RESOLVED))
                .findFirst().orElseThrow().elapsedMs();
        assertEquals(stoppedAt + Duration.ofMinutes(46).toMillis(), resolvedAt, "resolved by the first snapshot that moved");
        assertEquals(DrProgressRun.OBJECTS, polls.get(polls.size() - 1).dst());
    }

    @Test
    void aFailedJobRaisesDrInitFailedAndHasNoEta() {
        List<Poll> polls = DrProgressRun.run(DrProgress.failed(TWO_HOURS, 0.6), MINUTE, MINUTE, Duration.ofHours(3));
        assertEquals(List.of("DR_INIT_FAILED FIRING"), sequence(polls));
        Poll last = polls.get(polls.size() - 1);
        assertNull(last.etaSeconds());
        assertFalse(last.stalled());
    }

    @Test
    void aDeadlineRaisesDrInitSlowWhenTheEtaPassesIt() {
        SummarySettings settings = DrProgressRun.settings().withDrPace(new DrPaceRules(3, 0.2, Duration.ofHours(1)));
        try (DrProgressRun run = new DrProgressRun(settings)) {
            // A steady 2-hour copy against a 1-hour deadline: late from its first ETA on, and until it ends.
            List<Poll> polls = run.follow(DrProgress.steady(TWO_HOURS), MINUTE, MINUTE, Duration.ofHours(3));
            assertEquals(List.of("DR_INIT_SLOW FIRING", "DR_INIT_SLOW RESOLVED"), sequence(polls));
            assertEquals(Duration.ofMinutes(4).toMillis(), polls.stream().filter(p -> !p.alerts().isEmpty()).findFirst()
                    .orElseThrow().elapsedMs(), "with the first ETA");
            assertTrue(polls.get(polls.size() - 1).alerts().stream().anyMatch(a -> a.getState() == AlertState.RESOLVED),
                    "resolved when it finished");
        }
    }

    @Test
    void theProjectSummaryShowsTheLatestEtaOfItsRunningInitializations() {
        try (DrProgressRun run = new DrProgressRun(DrProgressRun.settings())) {
            run.follow(DrProgress.steady(TWO_HOURS), MINUTE, MINUTE, Duration.ofMinutes(60));
            ProjectDrInitSummary half = run.summary();
            // Steady: it ends two hours after its start.
            assertEquals(DrProgressRun.T0.plus(TWO_HOURS), half.getLatestEstimatedCompletionAt());
            assertEquals(DrProgressRun.JOB, half.getLatestEtaJobId());
            run.poll(DrProgressRun.OBJECTS, false, 0);
            ProjectDrInitSummary done = run.summary();
            assertNull(done.getLatestEstimatedCompletionAt(), "a finished job has no ETA");
            assertNull(done.getLatestEtaJobId());
        }
    }
}
