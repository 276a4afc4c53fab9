package io.drsmonitor.collector;

import io.drsmonitor.model.DrInitPhase;
import io.drsmonitor.model.PrecheckPhase;
import io.drsmonitor.model.TrackedJob;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/**
 * The phases a followed job goes through, and the only place they change: its pre-check
 * ({@link PrecheckPhase}) and its DR initialization ({@link DrInitPhase}), each with the moves
 * allowed from every phase. The phases are Avro enums (the job's stored state, whose schema must
 * stay compatible), so the moves are declared here rather than in them; as with Kafka's
 * {@code StreamThread.State}, a move not declared is a bug and fails loudly instead of leaving a
 * job in a phase no code expects.
 */
final class JobPhases {

    /**
     * Pre-check moves. A request moves any phase but STARTING and CONFIRM (which wait for the start
     * under way) to SUBMIT; a deadline moves any phase with calls to make to DONE.
     */
    private static final Map<PrecheckPhase, Set<PrecheckPhase>> PRECHECK_MOVES = Map.of(
            // To POLL: a pre-check started elsewhere (PRECHECK_STARTED) is followed.
            PrecheckPhase.NONE, EnumSet.of(PrecheckPhase.SUBMIT, PrecheckPhase.POLL),
            // SUBMIT to SUBMIT: a second request before the start left joins the first.
            PrecheckPhase.SUBMIT, EnumSet.of(PrecheckPhase.SUBMIT, PrecheckPhase.STARTING, PrecheckPhase.DONE),
            // To SUBMIT: the start was not sent, or was refused while another request waited.
            PrecheckPhase.STARTING, EnumSet.of(PrecheckPhase.SUBMIT, PrecheckPhase.CONFIRM, PrecheckPhase.POLL,
                    PrecheckPhase.DONE),
            // To SUBMIT: DRS has no such pre-check, so it is started again.
            PrecheckPhase.CONFIRM, EnumSet.of(PrecheckPhase.SUBMIT, PrecheckPhase.POLL, PrecheckPhase.DONE),
            PrecheckPhase.POLL, EnumSet.of(PrecheckPhase.SUBMIT, PrecheckPhase.POLL, PrecheckPhase.DONE),
            PrecheckPhase.DONE, EnumSet.of(PrecheckPhase.SUBMIT, PrecheckPhase.POLL));

    /** DR initialization moves: a job started again is followed again. */
    private static final Map<DrInitPhase, Set<DrInitPhase>> DR_INIT_MOVES = Map.of(
            DrInitPhase.NONE, EnumSet.of(DrInitPhase.POLL),
            DrInitPhase.POLL, EnumSet.of(DrInitPhase.DONE),
            DrInitPhase.DONE, EnumSet.of(DrInitPhase.POLL));

    private JobPhases() {
    }

    /** Moves the job's pre-check to {@code to}; throws {@link IllegalStateException} when that move is not allowed. */
    static void movePrecheck(TrackedJob job, PrecheckPhase to) {
        check(job, "pre-check", PRECHECK_MOVES, job.getPrecheck(), to);
        job.setPrecheck(to);
    }

    /** Moves the job's DR initialization to {@code to}; throws {@link IllegalStateException} when that move is not allowed. */
    static void moveDrInit(TrackedJob job, DrInitPhase to) {
        check(job, "DR initialization", DR_INIT_MOVES, job.getDrInit(), to);
        job.setDrInit(to);
    }

    /** The phases a pre-check in {@code from} may move to. */
    static Set<PrecheckPhase> precheckMovesFrom(PrecheckPhase from) {
        return Set.copyOf(PRECHECK_MOVES.getOrDefault(from, Set.of()));
    }

    /** The phases a DR initialization in {@code from} may move to. */
    static Set<DrInitPhase> drInitMovesFrom(DrInitPhase from) {
        return Set.copyOf(DR_INIT_MOVES.getOrDefault(from, Set.of()));
    }

    private static <P extends Enum<P>> void check(TrackedJob job, String what, Map<P, Set<P>> moves, P from, P to) {
        if (!moves.getOrDefault(from, Set.of()).contains(to)) {
            throw new IllegalStateException("job " + job.getJobId() + ": " + what + " may not move from " + from + " to " + to);
        }
    }
}
