package io.drsmonitor.collector;

import io.drsmonitor.drs.DrsClients;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The collector application: {@link CollectorTopology} run by Kafka Streams with exactly-once. */
public final class Collector implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Collector.class);
    public static final String APPLICATION_ID = io.drsmonitor.kafka.TopicNames.DEFAULT.applicationId("collector");

    private final KafkaStreams streams;

    /**
     * @param kafkaConfig bootstrap servers and client security settings
     * @param serdeConfig schema registry settings
     * @param stateDir    where this instance keeps its state (one directory per instance)
     */
    public Collector(Map<String, Object> kafkaConfig, Map<String, Object> serdeConfig, Path stateDir,
                     short replicationFactor, DrsClients drs, CollectorSettings settings, CollectorMetrics metrics) {
        this(kafkaConfig, serdeConfig, stateDir, replicationFactor, drs, settings, metrics, io.drsmonitor.kafka.TopicNames.DEFAULT);
    }

    /** @param names the deployment's topics and application ids */
    public Collector(Map<String, Object> kafkaConfig, Map<String, Object> serdeConfig, Path stateDir,
                     short replicationFactor, DrsClients drs, CollectorSettings settings, CollectorMetrics metrics,
                     io.drsmonitor.kafka.TopicNames names) {
        Properties props = new Properties();
        props.put(StreamsConfig.ROCKSDB_CONFIG_SETTER_CLASS_CONFIG, io.drsmonitor.streams.BoundedRocksDbMemory.class);
        props.putAll(kafkaConfig);
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, names.applicationId("collector"));
        props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toAbsolutePath().toString());
        props.put(StreamsConfig.REPLICATION_FACTOR_CONFIG, (int) replicationFactor);
        props.put(StreamsConfig.NUM_STANDBY_REPLICAS_CONFIG, 0);
        io.drsmonitor.avro.RegistryClients.preRegister(serdeConfig, Map.of(
                names.precheckSubmissions(), io.drsmonitor.model.PrecheckSubmission.getClassSchema(),
                names.precheckResults(), io.drsmonitor.model.PrecheckResult.getClassSchema(),
                names.drStructProcess(), io.drsmonitor.model.StructProcess.getClassSchema(),
                names.jobEventsByProject(), io.drsmonitor.model.JobEvent.getClassSchema()));
        this.streams = new KafkaStreams(CollectorTopology.build(serdeConfig, drs, settings, metrics, names), props);
        streams.setUncaughtExceptionHandler(e -> {
            LOG.error("collector stream thread failed; replacing it", e);
            metrics.threadFailure();
            return org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.REPLACE_THREAD;
        });
    }

    public Collector start() {
        streams.start();
        return this;
    }

    public KafkaStreams streams() {
        return streams;
    }

    public KafkaStreams.State state() {
        return streams.state();
    }

    @Override
    public void close() {
        // Leave the group so the partitions move to the other instances at once, not after the session timeout.
        streams.close(org.apache.kafka.streams.CloseOptions.timeout(Duration.ofSeconds(30))
                .withGroupMembershipOperation(org.apache.kafka.streams.CloseOptions.GroupMembershipOperation.LEAVE_GROUP));
    }
}
