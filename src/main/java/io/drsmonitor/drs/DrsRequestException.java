package io.drsmonitor.drs;

/** A request that breaks a documented rule; raised before any HTTP call is made. */
public class DrsRequestException extends IllegalArgumentException {
    public DrsRequestException(String message) {
        super(message);
    }
}
