package io.drsmonitor.collector;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.drsmonitor.model.DrInitPhase;
import io.drsmonitor.model.PrecheckPhase;
import io.drsmonitor.model.TrackedJob;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The moves a job's phases may make: exactly those the collector makes (so a new one is added here
 * on purpose), each accepted, every other one refused with an exception naming both phases.
 */
class JobPhasesTest {
    private static final Map<PrecheckPhase, Set<PrecheckPhase>> PRECHECK = Map.of(
            PrecheckPhase.NONE, EnumSet.of(PrecheckPhase.SUBMIT, PrecheckPhase.POLL),
            PrecheckPhase.SUBMIT, EnumSet.of(PrecheckPhase.SUBMIT, PrecheckPhase.STARTING, PrecheckPhase.DONE),
            PrecheckPhase.STARTING, EnumSet.of(PrecheckPhase.SUBMIT, PrecheckPhase.CONFIRM, PrecheckPhase.POLL,
                    PrecheckPhase.DONE),
            PrecheckPhase.CONFIRM, EnumSet.of(PrecheckPhase.SUBMIT, PrecheckPhase.POLL, PrecheckPhase.DONE),
            PrecheckPhase.POLL, EnumSet.of(PrecheckPhase.SUBMIT, PrecheckPhase.POLL, PrecheckPhase.DONE),
            PrecheckPhase.DONE, EnumSet.of(PrecheckPhase.SUBMIT, PrecheckPhase.POLL));
    private static final Map<DrInitPhase, Set<DrInitPhase>> DR_INIT = Map.of(
            DrInitPhase.NONE, EnumSet.of(DrInitPhase.POLL),
            DrInitPhase.POLL, EnumSet.of(DrInitPhase.DONE),
            DrInitPhase.DONE, EnumSet.of(DrInitPhase.POLL));

    private static TrackedJob job(PrecheckPhase precheck, DrInitPhase drInit) {
        return TrackedJob.newBuilder().setJobId("job-1").setProjectId("p").setPrecheck(precheck).setDrInit(drInit).build();
    }

    @Test
    void theTablesAreTheMovesTheCollectorMakes() {
        for (PrecheckPhase from : PrecheckPhase.values()) {
            assertEquals(PRECHECK.get(from), JobPhases.precheckMovesFrom(from), "pre-check moves from " + from);
        }
        for (DrInitPhase from : DrInitPhase.values()) {
            assertEquals(DR_INIT.get(from), JobPhases.drInitMovesFrom(from), "DR initialization moves from " + from);
        }
    }

    @Test
    void everyAllowedPrecheckMoveIsMadeAndEveryOtherRefused() {
        for (PrecheckPhase from : PrecheckPhase.values()) {
            for (PrecheckPhase to : PrecheckPhase.values()) {
                TrackedJob job = job(from, DrInitPhase.NONE);
                if (PRECHECK.get(from).contains(to)) {
                    JobPhases.movePrecheck(job, to);
                    assertEquals(to, job.getPrecheck());
                } else {
                    IllegalStateException refused = assertThrows(IllegalStateException.class, () -> JobPhases.movePrecheck(job, to));
                    assertTrue(refused.getMessage().contains("from " + from + " to " + to), refused.getMessage());
                    assertEquals(from, job.getPrecheck(), "a refused move leaves the phase alone");
                }
            }
        }
    }

    @Test
    void everyAllowedDrInitMoveIsMadeAndEveryOtherRefused() {
        for (DrInitPhase from : DrInitPhase.values()) {
            for (DrInitPhase to : DrInitPhase.values()) {
                TrackedJob job = job(PrecheckPhase.NONE, from);
                if (DR_INIT.get(from).contains(to)) {
                    JobPhases.moveDrInit(job, to);
                    assertEquals(to, job.getDrInit());
                } else {
                    IllegalStateException refused = assertThrows(IllegalStateException.class, () -> JobPhases.moveDrInit(job, to));
                    assertTrue(refused.getMessage().contains("from " + from + " to " + to), refused.getMessage());
                    assertEquals(from, job.getDrInit(), "a refused move leaves the phase alone");
                }
            }
        }
    }

    @Test
    void movesThatWouldSkipOrUndoAStartAreRefused() {
        // A pre-check is never started without being marked first, nor re-marked once DRS has it.
        assertThrows(IllegalStateException.class, () -> JobPhases.movePrecheck(job(PrecheckPhase.NONE, DrInitPhase.NONE),
                PrecheckPhase.STARTING));
        assertThrows(IllegalStateException.class, () -> JobPhases.movePrecheck(job(PrecheckPhase.SUBMIT, DrInitPhase.NONE),
                PrecheckPhase.POLL));
        assertThrows(IllegalStateException.class, () -> JobPhases.movePrecheck(job(PrecheckPhase.POLL, DrInitPhase.NONE),
                PrecheckPhase.STARTING));
        // (DONE to POLL is allowed: a re-check started elsewhere is followed, PRECHECK_STARTED; starting one is not.)
        assertThrows(IllegalStateException.class, () -> JobPhases.movePrecheck(job(PrecheckPhase.DONE, DrInitPhase.NONE),
                PrecheckPhase.STARTING));
        IllegalStateException refused = assertThrows(IllegalStateException.class,
                () -> JobPhases.moveDrInit(job(PrecheckPhase.NONE, DrInitPhase.NONE), DrInitPhase.DONE));
        assertEquals("job job-1: DR initialization may not move from NONE to DONE", refused.getMessage());
    }
}
