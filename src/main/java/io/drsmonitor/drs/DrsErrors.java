package io.drsmonitor.drs;

/** Error codes DRS documents, and the ones drs-monitor itself uses (DRSMON.*). */
public final class DrsErrors {
    /** "The %s parameter is empty." */
    public static final String PARAMETER_EMPTY = "DRS.M00201";
    /** "The value of %s is invalid." */
    public static final String PARAMETER_INVALID = "DRS.M00202";
    public static final String JOB_NOT_FOUND = "DRS.M00289";
    public static final String JOB_DELETED = "DRS.M05004";
    /** DRS answered the call but said nothing usable about this job (none, or about another id). */
    public static final String NO_RESULT = "DRSMON.NO_RESULT";
    /** batch-precheck was sent and no clean answer came: DRS may or may not have started the pre-check. */
    public static final String OUTCOME_UNKNOWN = "DRSMON.OUTCOME_UNKNOWN";
    /** batch-precheck was not sent (circuit open, credentials refused, throttled to the deadline...). */
    public static final String NOT_SENT = "DRSMON.NOT_SENT";
    /** The calls for a job kept failing. */
    public static final String API_FAILURE = "DRSMON.API_FAILURE";

    private DrsErrors() {
    }
}
