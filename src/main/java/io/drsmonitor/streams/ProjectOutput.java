package io.drsmonitor.streams;

import org.apache.avro.specific.SpecificRecord;

/**
 * What the project summarizer sends on: a summary (null: the project has no such jobs left) or an
 * alert, each to its own topic.
 */
record ProjectOutput(Kind kind, SpecificRecord value) {
    enum Kind { PRECHECK_SUMMARY, DR_SUMMARY, ALERT }
}
