package io.drsmonitor.avro;

import java.util.Optional;

/** An answer of the registry that is an error, with Confluent's {@code error_code} when it sent one. */
public class SchemaRegistryException extends RuntimeException {
    private final int httpStatus;
    private final int errorCode;

    public SchemaRegistryException(int httpStatus, int errorCode, String message) {
        super(message + " (HTTP " + httpStatus + ", error_code " + errorCode + ")");
        this.httpStatus = httpStatus;
        this.errorCode = errorCode;
    }

    public SchemaRegistryException(String message, Throwable cause) {
        super(message, cause);
        this.httpStatus = -1;
        this.errorCode = -1;
    }

    /** HTTP status, or -1 when no answer came. */
    public int httpStatus() {
        return httpStatus;
    }

    /** Confluent error code such as 40403, or -1. */
    public int errorCode() {
        return errorCode;
    }

    /**
     * Whether {@code e} (or a cause) says the registry is down or failing (no answer, 5xx after the
     * client's retries), as opposed to an id it does not know or bytes that are not Avro: the record is
     * fine and must be read again later, never dead-lettered.
     */
    public static boolean registryUnavailable(Throwable e) {
        return unavailable(e).isPresent();
    }

    /** The registry's own account (which registry, which call) when {@code e} says it is unavailable, else empty. */
    public static Optional<SchemaRegistryException> unavailable(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SchemaRegistryException registry) {
                return registry.httpStatus() < 0 || registry.httpStatus() >= 500 ? Optional.of(registry) : Optional.empty();
            }
        }
        return Optional.empty();
    }
}
