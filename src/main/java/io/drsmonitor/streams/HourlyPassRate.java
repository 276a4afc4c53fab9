package io.drsmonitor.streams;

import java.nio.ByteBuffer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;

/** Pre-check runs of a project that finished in one hour, and how many passed. */
public record HourlyPassRate(int finished, int passed) {
    static HourlyPassRate empty() {
        return new HourlyPassRate(0, 0);
    }

    HourlyPassRate plus(int moreFinished, int morePassed) {
        return new HourlyPassRate(finished + moreFinished, passed + morePassed);
    }

    /** Two big-endian ints: the value is fixed forever, so no schema is needed. */
    static Serde<HourlyPassRate> serde() {
        Serializer<HourlyPassRate> serializer = (topic, rate) -> rate == null ? null
                : ByteBuffer.allocate(8).putInt(rate.finished).putInt(rate.passed).array();
        Deserializer<HourlyPassRate> deserializer = (topic, bytes) -> {
            if (bytes == null) {
                return null;
            }
            ByteBuffer buffer = ByteBuffer.wrap(bytes);
            return new HourlyPassRate(buffer.getInt(), buffer.getInt());
        };
        return Serdes.serdeFrom(serializer, deserializer);
    }
}
