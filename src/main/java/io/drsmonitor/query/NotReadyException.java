package io.drsmonitor.query;

/** The stores cannot answer yet (starting, rebalancing, restoring): answered with 503 and Retry-After. */
final class NotReadyException extends RuntimeException {
    NotReadyException(String message) {
        super(message, null, false, false);
    }
}
