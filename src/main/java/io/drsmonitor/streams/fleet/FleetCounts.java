package io.drsmonitor.streams.fleet;

import io.drsmonitor.model.FleetDrCounts;
import io.drsmonitor.model.FleetPrecheckCounts;
import io.drsmonitor.model.FleetSlice;
import io.drsmonitor.model.JobDirection;
import io.drsmonitor.streams.state.DrPart;
import io.drsmonitor.streams.state.DrStatus;
import io.drsmonitor.streams.state.PrecheckPart;
import io.drsmonitor.streams.state.PrecheckStatus;
import io.drsmonitor.streams.state.SliceTotals;
import java.time.Instant;

/**
 * One job's part counted in a slice's {@link SliceTotals}: integer sums, so a part removed exactly undoes
 * the part added, and the counts mean what a project summary's do.
 */
public final class FleetCounts {
    private FleetCounts() {
    }

    public static SliceTotals empty() {
        return SliceTotals.newBuilder().setPrecheck(FleetPrecheckCounts.newBuilder().build())
                .setDrInit(FleetDrCounts.newBuilder().build()).build();
    }

    /** Adds ({@code sign} 1) or removes (-1) a pre-check part, in place. */
    static void apply(SliceTotals t, PrecheckPart p, int sign) {
        FleetPrecheckCounts c = t.getPrecheck();
        PrecheckStatus s = p.getStatus();
        boolean passed = s == PrecheckStatus.PASSED;
        boolean failed = s == PrecheckStatus.FAILED;
        c.setJobs(c.getJobs() + sign);
        c.setFinished(c.getFinished() + (passed || failed ? sign : 0));
        c.setPassed(c.getPassed() + (passed ? sign : 0));
        c.setFailed(c.getFailed() + (failed ? sign : 0));
        c.setRunning(c.getRunning() + (s == PrecheckStatus.IN_PROGRESS ? sign : 0));
        c.setError(c.getError() + (s == PrecheckStatus.ERROR ? sign : 0));
        c.setApiFailing(c.getApiFailing() + (p.getApiFailing() ? sign : 0));
    }

    /** Adds ({@code sign} 1) or removes (-1) a DR part, in place. */
    static void apply(SliceTotals t, DrPart p, int sign) {
        FleetDrCounts c = t.getDrInit();
        DrStatus s = p.getStatus();
        c.setJobs(c.getJobs() + sign);
        c.setInitializing(c.getInitializing() + (s == DrStatus.INITIALIZING ? sign : 0));
        c.setDone(c.getDone() + (s == DrStatus.DONE ? sign : 0));
        c.setFailed(c.getFailed() + (s == DrStatus.FAILED ? sign : 0));
        c.setStalled(c.getStalled() + (p.getStalled() ? sign : 0));
        c.setApiFailing(c.getApiFailing() + (p.getApiFailing() ? sign : 0));
    }

    /** The summarizer's rules for a slice's counts. */
    static final FleetSummarizer.Counts<SliceTotals, FleetSlice> SLICES = new FleetSummarizer.Counts<>() {
        @Override
        public SliceTotals empty() {
            return FleetCounts.empty();
        }

        @Override
        public void add(SliceTotals counts, SliceTotals change) {
            FleetCounts.add(counts, change);
        }

        @Override
        public boolean isEmpty(SliceTotals counts) {
            return counts.getPrecheck().getJobs() == 0 && counts.getDrInit().getJobs() == 0;
        }

        @Override
        public boolean dirty(SliceTotals counts) {
            return counts.getDirty();
        }

        @Override
        public void setDirty(SliceTotals counts, boolean dirty) {
            counts.setDirty(dirty);
        }

        @Override
        public FleetSlice published(String slice, SliceTotals counts) {
            return FleetCounts.published(slice, counts);
        }
    };

    /** The slice {@code region|engine|direction} ({@link FleetKeys#slice}) as published. */
    static FleetSlice published(String slice, SliceTotals t) {
        String[] parts = slice.split("\\|", -1);
        String direction = parts[parts.length - 1];
        String region = parts[0];
        String engine = slice.substring(region.length() + 1, slice.length() - direction.length() - 1);
        return FleetSlice.newBuilder().setRegion(region.isEmpty() ? null : region).setEngine(engine.isEmpty() ? null : engine)
                .setDirection(JobDirection.valueOf(direction)).setPrecheck(t.getPrecheck()).setDrInit(t.getDrInit())
                .setUpdatedAt(Instant.ofEpochMilli(t.getUpdatedAt())).build();
    }

    /** Adds a change (counts possibly negative) to {@code t}, in place. */
    static void add(SliceTotals t, SliceTotals change) {
        add(t.getPrecheck(), change.getPrecheck());
        add(t.getDrInit(), change.getDrInit());
        t.setUpdatedAt(Math.max(t.getUpdatedAt(), change.getUpdatedAt()));
    }

    public static void add(FleetPrecheckCounts t, FleetPrecheckCounts c) {
        t.setJobs(t.getJobs() + c.getJobs());
        t.setFinished(t.getFinished() + c.getFinished());
        t.setPassed(t.getPassed() + c.getPassed());
        t.setFailed(t.getFailed() + c.getFailed());
        t.setRunning(t.getRunning() + c.getRunning());
        t.setError(t.getError() + c.getError());
        t.setApiFailing(t.getApiFailing() + c.getApiFailing());
    }

    public static void add(FleetDrCounts t, FleetDrCounts c) {
        t.setJobs(t.getJobs() + c.getJobs());
        t.setInitializing(t.getInitializing() + c.getInitializing());
        t.setDone(t.getDone() + c.getDone());
        t.setFailed(t.getFailed() + c.getFailed());
        t.setStalled(t.getStalled() + c.getStalled());
        t.setApiFailing(t.getApiFailing() + c.getApiFailing());
    }

    /** No count: a change that cancelled out, or a slice without jobs. */
    static boolean isZero(SliceTotals t) {
        FleetPrecheckCounts p = t.getPrecheck();
        FleetDrCounts d = t.getDrInit();
        return p.getJobs() == 0 && p.getFinished() == 0 && p.getPassed() == 0 && p.getFailed() == 0 && p.getRunning() == 0
                && p.getError() == 0 && p.getApiFailing() == 0 && d.getJobs() == 0 && d.getInitializing() == 0
                && d.getDone() == 0 && d.getFailed() == 0 && d.getStalled() == 0 && d.getApiFailing() == 0;
    }
}
