package io.drsmonitor.collector;

import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.header.Headers;

/** The headers a dead-lettered event carries, so it can be found, understood and replayed. */
public final class DeadLetters {
    public static final String ERROR = "drs.dlq.error";
    public static final String REASON = "drs.dlq.reason";
    public static final String SOURCE_TOPIC = "drs.dlq.source.topic";
    public static final String SOURCE_PARTITION = "drs.dlq.source.partition";
    public static final String SOURCE_OFFSET = "drs.dlq.source.offset";

    /** Why an event was refused: the {@code drs.dlq.error} header and the metric tag. */
    public enum Error { UNDECODABLE, MISSING_FIELD, INVALID_ID, INVALID_FIELD, KEY_MISMATCH, UNKNOWN_EVENT_TYPE, NO_REGION_ENDPOINT }

    private DeadLetters() {
    }

    static void annotate(Headers headers, Error error, String reason, String topic, int partition, long offset) {
        annotate(headers, error.name(), reason, topic, partition, offset);
    }

    /** The same headers for a dead letter of another component, whose error names are its own. */
    public static void annotate(Headers headers, String error, String reason, String topic, int partition, long offset) {
        headers.add(ERROR, bytes(error));
        headers.add(REASON, bytes(reason));
        headers.add(SOURCE_TOPIC, bytes(topic));
        headers.add(SOURCE_PARTITION, bytes(String.valueOf(partition)));
        headers.add(SOURCE_OFFSET, bytes(String.valueOf(offset)));
    }

    /** A header's text, or null. */
    public static String header(Headers headers, String name) {
        var header = headers.lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
