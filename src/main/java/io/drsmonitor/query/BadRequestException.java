package io.drsmonitor.query;

/** A malformed request: answered 400 with the message. */
final class BadRequestException extends RuntimeException {
    BadRequestException(String message) {
        super(message, null, false, false);
    }
}
