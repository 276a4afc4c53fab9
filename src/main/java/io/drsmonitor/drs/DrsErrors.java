package io.drsmonitor.drs;

/** Error codes DRS documents, and the ones drs-monitor itself uses (DRSMON.*). */
public final class DrsErrors {
    /** "The %s parameter is empty." */
    public static final String PARAMETER_EMPTY = "DRS.M00201";
    /** "The value of %s is invalid." */
    public static final String PARAMETER_INVALID = "DRS.M00202";
    public static final String JOB_NOT_FOUND = "DRS.M00289";
    public static final String JOB_DELETED = "DRS.M05004";
    /** DRS answered the call but said nothing about this job. */
    public static final String NO_RESULT = "DRSMON.NO_RESULT";
    static final String NO_RESULT_MESSAGE = "DRS returned no result for this job";
    /** The calls for a job kept failing. */
    public static final String API_FAILURE = "DRSMON.API_FAILURE";

    private DrsErrors() {
    }
}
