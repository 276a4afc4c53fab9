package io.drsmonitor.simulator;

/**
 * Something that happens to a simulated job {@code atSeconds} after it was added: it moves to a DRS status
 * (e.g. {@code FULL_TRANSFER_STARTED}, {@code DELETED}), or one of the actions below.
 */
public record JobStep(double atSeconds, String action) {
    /** The job shows in the job list from this step on (before it, it is not listed). */
    public static final String APPEAR = "APPEAR";
    /** Someone starts a pre-check outside drs-monitor (the console, Terraform). */
    public static final String CONSOLE_PRECHECK = "CONSOLE_PRECHECK";
    /** The job leaves DRS altogether: no longer listed, unknown to every call. */
    public static final String GONE = "GONE";

    public static JobStep status(double atSeconds, String status) {
        return new JobStep(atSeconds, status);
    }

    public static JobStep of(double atSeconds, String action) {
        return new JobStep(atSeconds, action);
    }
}
