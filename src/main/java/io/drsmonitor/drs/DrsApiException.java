package io.drsmonitor.drs;

/** A DRS call that did not produce results, with DRS's {@code error_code} and {@code error_msg} where it sent them. */
public class DrsApiException extends RuntimeException {

    public enum Kind {
        /** DRS answered with an HTTP error that is not worth retrying (400, 401, 403, ...). */
        HTTP_ERROR,
        /** Retries ran out or the call's deadline passed. */
        GAVE_UP,
        /** The endpoint's circuit breaker is open: DRS was not called. */
        CIRCUIT_OPEN,
        /**
         * A call with a side effect (batch-precheck) was sent and no clean answer came back (5xx,
         * timeout, dropped connection, unreadable body): DRS may or may not have acted on it. It is
         * not sent again blindly; ask DRS what happened.
         */
        OUTCOME_UNKNOWN,
        /**
         * DRS refused the credentials (401) and a new attempt would carry the same ones: calls are
         * refused locally for a while instead of hammering DRS with requests it will refuse.
         */
        UNAUTHORIZED
    }

    private final Kind kind;
    private final String endpoint;
    private final int httpStatus;
    private final String errorCode;
    private final String errorMsg;
    private final int attempts;

    public DrsApiException(Kind kind, String endpoint, int httpStatus, String errorCode, String errorMsg, int attempts,
                           Throwable cause) {
        super(kind + " calling DRS " + endpoint + (httpStatus > 0 ? ": HTTP " + httpStatus : "")
                + (errorCode != null ? " " + errorCode : "") + (errorMsg != null ? " " + errorMsg : "")
                + " after " + attempts + " attempt" + (attempts == 1 ? "" : "s"), cause);
        this.kind = kind;
        this.endpoint = endpoint;
        this.httpStatus = httpStatus;
        this.errorCode = errorCode;
        this.errorMsg = errorMsg;
        this.attempts = attempts;
    }

    public Kind kind() {
        return kind;
    }

    public String endpoint() {
        return endpoint;
    }

    /** The last HTTP status seen, or 0 when none came (connect error, timeout). */
    public int httpStatus() {
        return httpStatus;
    }

    public String errorCode() {
        return errorCode;
    }

    public String errorMsg() {
        return errorMsg;
    }

    public int attempts() {
        return attempts;
    }
}
