package io.drsmonitor.streams;

import java.util.Properties;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import java.util.UUID;
import org.apache.kafka.streams.StreamsConfig;

/** Settings for Kafka's TopologyTestDriver in the topology tests. */
public final class TestDrivers {
    private TestDrivers() {
    }

    /** A per-job store of the summaries ({@code ObjectStore}) as interactive queries read it: decoded copies. */
    @SuppressWarnings("unchecked")
    public static <V> ReadOnlyKeyValueStore<String, V> jobStore(TopologyTestDriver driver, String name) {
        return (ReadOnlyKeyValueStore<String, V>) driver.getAllStateStores().get(name);
    }

    /** A driver's settings: {@code applicationId}, no broker, a state directory of its own under the temporary directory. */
    public static Properties properties(String applicationId) {
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, applicationId);
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        props.put(StreamsConfig.STATE_DIR_CONFIG, System.getProperty("java.io.tmpdir") + "/" + applicationId + "-" + UUID.randomUUID());
        return props;
    }
}
