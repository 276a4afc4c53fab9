package io.drsmonitor.streams.fleet;

import io.drsmonitor.avro.SpecificAvroSerde;
import io.drsmonitor.kafka.TopicNames;
import io.drsmonitor.model.FleetItem;
import io.drsmonitor.model.FleetSlice;
import io.drsmonitor.streams.StreamsEnvironment;
import io.drsmonitor.streams.StreamsRunner;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.state.Stores;

/**
 * The fleet read back whole on every instance: a Kafka Streams client of its own whose topology is
 * only two global stores, over {@code drs.fleet.items} and {@code drs.fleet.totals} (a few hundred
 * items, a few dozen slices), so the fleet's totals and rankings are answered locally and alike by
 * every instance. It has no stream thread and joins no consumer group.
 *
 * <p>Apart from the summaries, which publish those topics: a client with global stores starts its
 * stream threads only once they are read to the end (0.3 s per start of the summaries, BENCHMARKS.md
 * benchmark 1), and a failing global thread stops the whole client.
 */
public final class FleetViewApp {
    /** The application id's part: {@code <deployment>-monitor-fleet-view}. */
    public static final String PART = "fleet-view";
    /** Every published item. */
    public static final String ITEMS_STORE = "fleet-items";
    /** Every published slice. */
    public static final String TOTALS_STORE = "fleet-totals";

    private FleetViewApp() {
    }

    /** The view's topology: the two global stores. */
    public static Topology topology(Map<String, Object> serdeConfig, TopicNames names) {
        StreamsBuilder builder = new StreamsBuilder();
        builder.globalTable(names.fleetItems(), Consumed.with(Serdes.String(), SpecificAvroSerde.forValues(FleetItem.class, serdeConfig))
                        .withName("fleet-items-global-source"),
                Materialized.<String, FleetItem>as(Stores.inMemoryKeyValueStore(ITEMS_STORE)).withCachingDisabled());
        builder.globalTable(names.fleetTotals(), Consumed.with(Serdes.String(), SpecificAvroSerde.forValues(FleetSlice.class, serdeConfig))
                        .withName("fleet-totals-global-source"),
                Materialized.<String, FleetSlice>as(Stores.inMemoryKeyValueStore(TOTALS_STORE)).withCachingDisabled());
        return builder.build();
    }

    /** The view of {@code env}'s fleet topics, created, not started. */
    public static StreamsRunner create(StreamsEnvironment env) {
        // A fetch of a topic with nothing new waits fetch.max.wait.ms (500 ms by default) at each start and
        // before each change is seen: 50 ms.
        return StreamsRunner.create(env, new StreamsRunner.App(PART, topology(env.serde(), env.names()),
                Map.of(StreamsConfig.globalConsumerPrefix(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG), 50), Map.of(), Map.of(), () -> { }));
    }
}
