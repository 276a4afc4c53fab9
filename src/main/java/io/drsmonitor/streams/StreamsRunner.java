package io.drsmonitor.streams;

import io.drsmonitor.avro.SchemaRegistryException;
import io.drsmonitor.avro.RegistryClients;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.avro.Schema;
import org.apache.kafka.streams.CloseOptions;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one Kafka Streams application of drs-monitor (the collector, the summaries) the one way they
 * all run: exactly-once, state under the environment's directory, RocksDB within the process' memory
 * budget, value schemas registered before the first record, a failed stream thread replaced (and
 * counted), state changes logged and passed on to listeners, and a close that leaves the group so
 * partitions move at once.
 */
public final class StreamsRunner implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(StreamsRunner.class);
    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(30);

    private final String name;
    private final KafkaStreams streams;
    private final AtomicInteger threadFailures = new AtomicInteger();
    private final List<KafkaStreams.StateListener> listeners = new CopyOnWriteArrayList<>();
    private volatile boolean hasRun;

    private StreamsRunner(String name, KafkaStreams streams, Runnable onThreadFailure) {
        this.name = name;
        this.streams = streams;
        streams.setUncaughtExceptionHandler(e -> {
            Optional<SchemaRegistryException> outage = SchemaRegistryException.unavailable(e);
            if (outage.isPresent()) {
                // An outage, not a bug: one line each time, not Kafka's advice to skip unreadable records; and a
                // wait on the failed thread, so its replacement does not rebalance the group again at once.
                Duration wait = RegistryOutageBackoff.nextWait(System.currentTimeMillis());
                LOG.warn("{} stream thread stopped: the schema registry is unavailable ({}); replacing it in {} s to read the record again",
                        name, outage.get().getMessage(), wait.toSeconds());
                RegistryOutageBackoff.pause(wait);
            } else {
                LOG.error("{} stream thread failed; replacing it", name, e);
            }
            threadFailures.incrementAndGet();
            onThreadFailure.run();
            return StreamThreadExceptionResponse.REPLACE_THREAD;
        });
        streams.setStateListener((now, before) -> {
            LOG.info("{}: {} -> {}", name, before, now);
            hasRun |= now == KafkaStreams.State.RUNNING;
            listeners.forEach(listener -> listener.onChange(now, before));
        });
    }

    /** What one application brings to the runner. */
    public record App(String part, Topology topology, Map<String, Object> defaults, Map<String, Object> required,
                      Map<String, Schema> valueSchemas, Runnable onThreadFailure) {
        /**
         * @param part           the application's part of its id ({@code <deployment>-monitor-<part>}) and state directory
         * @param defaults       the application's own defaults, which the environment's client settings override
         * @param required       settings the application's correctness depends on, applied last
         * @param valueSchemas   value schema per output topic, registered at start
         * @param onThreadFailure told when a stream thread died and is being replaced
         */
        public App {
            defaults = Map.copyOf(defaults);
            required = Map.copyOf(required);
            valueSchemas = Map.copyOf(valueSchemas);
        }
    }

    /** Properties for {@code app} in {@code env}: its defaults, then the environment's clients, then what the runner requires. */
    private static Properties properties(StreamsEnvironment env, App app) {
        Properties props = new Properties();
        props.put(StreamsConfig.ROCKSDB_CONFIG_SETTER_CLASS_CONFIG, BoundedRocksDbMemory.class);
        // The processing exception handler (Kafka's default: log and fail) also handles global stores' processing,
        // as Kafka 5.0 will by default; without this Kafka 4.3 warns at every start of every client.
        props.put(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_GLOBAL_ENABLED_CONFIG, true);
        // Kafka's partition assignor reads a StreamsConfig of its own from the main consumer's settings, which carry
        // only consumer settings: without the flag there too, it warns once per stream thread.
        props.put(StreamsConfig.mainConsumerPrefix(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_GLOBAL_ENABLED_CONFIG), true);
        props.putAll(app.defaults());
        props.putAll(env.kafka());
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, env.names().applicationId(app.part()));
        props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        props.put(StreamsConfig.STATE_DIR_CONFIG, env.stateDir().resolve(app.part()).toAbsolutePath().toString());
        props.put(StreamsConfig.REPLICATION_FACTOR_CONFIG, (int) env.replicationFactor());
        props.put(StreamsConfig.NUM_STANDBY_REPLICAS_CONFIG, env.standbyReplicas());
        env.applicationServer().ifPresent(server -> props.put(StreamsConfig.APPLICATION_SERVER_CONFIG, server));
        props.putAll(app.required());
        return props;
    }

    /** Registers the app's schemas and creates (does not start) its Kafka Streams client. */
    public static StreamsRunner create(StreamsEnvironment env, App app) {
        RegistryClients.preRegister(env.serde(), app.valueSchemas());
        return new StreamsRunner(app.part(), new KafkaStreams(app.topology(), properties(env, app)), app.onThreadFailure());
    }

    public StreamsRunner start() {
        streams.start();
        return this;
    }

    public KafkaStreams streams() {
        return streams;
    }

    public KafkaStreams.State state() {
        return streams.state();
    }

    /** Also tells {@code listener} of every state change (Kafka Streams takes one listener: this runner's). Call before start. */
    public StreamsRunner addStateListener(KafkaStreams.StateListener listener) {
        listeners.add(listener);
        return this;
    }

    /** The client has been RUNNING since start: its stores were restored once. */
    public boolean hasRun() {
        return hasRun;
    }

    /** Stream threads that died and were replaced since start. */
    public int threadFailures() {
        return threadFailures.get();
    }

    @Override
    public void close() {
        // Leave the group so the partitions move to the other instances at once, not after the session timeout.
        streams.close(CloseOptions.timeout(CLOSE_TIMEOUT).withGroupMembershipOperation(CloseOptions.GroupMembershipOperation.LEAVE_GROUP));
        LOG.info("{} closed", name);
    }
}
