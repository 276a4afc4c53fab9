package io.drsmonitor.streams;

import io.drsmonitor.model.CheckAlert;
import io.drsmonitor.streams.state.EncodedAlert;
import java.nio.ByteBuffer;
import java.util.function.Function;

/**
 * Encodes each alert transition once, on the job side (as the map-side combine folds it), with the value
 * serde of {@code drs.alerts}: those bytes cross the repartition, are published and kept in
 * {@code recent-alerts} as they are. An alert was encoded three times and decoded once on its way
 * (BENCHMARKS.md, benchmark 1), and the bench's flapping items raise about 230,000 transitions per
 * 1,000,000 snapshots.
 */
final class AlertEncoder {
    private final Function<CheckAlert, byte[]> alerts;

    /** @param alerts encodes an alert as {@code drs.alerts} carries it ({@link SummaryTopology#encoder}) */
    AlertEncoder(Function<CheckAlert, byte[]> alerts) {
        this.alerts = alerts;
    }

    EncodedAlert encode(CheckAlert alert) {
        return new EncodedAlert(AlertKeys.of(alert), alert.getRaisedAt().toEpochMilli(), ByteBuffer.wrap(alerts.apply(alert)));
    }

    /** The encoded alert's bytes, without a copy when they fill their buffer (as a decoded record's do). */
    static byte[] bytes(EncodedAlert alert) {
        ByteBuffer value = alert.getValue();
        if (value.hasArray() && value.arrayOffset() == 0 && value.position() == 0 && value.remaining() == value.array().length) {
            return value.array();
        }
        byte[] copy = new byte[value.remaining()];
        value.duplicate().get(copy);
        return copy;
    }
}
