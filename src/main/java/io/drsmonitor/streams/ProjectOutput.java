package io.drsmonitor.streams;

/**
 * What the project summarizer sends on, each to its own topic: a summary (null: the project has no such
 * jobs left), or an alert as the bytes of drs.alerts' value serde ({@link AlertEncoder}).
 */
record ProjectOutput(Kind kind, Object value) {
    enum Kind { PRECHECK_SUMMARY, DR_SUMMARY, ALERT }
}
