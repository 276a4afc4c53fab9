package io.drsmonitor.streams;

import io.drsmonitor.kafka.TopicNames;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.streams.CloseOptions;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.LogAndContinueExceptionHandler;
import org.apache.kafka.streams.errors.LogAndFailProcessingExceptionHandler;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs {@link SummaryTopology} with exactly-once. Records that cannot be read or processed go to
 * {@code drs.summaries.dlq} (Kafka Streams' own dead-letter support) and processing goes on.
 */
public final class SummaryApp implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SummaryApp.class);
    public static final String APPLICATION_ID = TopicNames.DEFAULT.applicationId("summaries");

    private final KafkaStreams streams;
    private final java.util.concurrent.atomic.AtomicInteger threadFailures = new java.util.concurrent.atomic.AtomicInteger();

    /**
     * @param advertisedServer host:port of this instance's query API ({@code application.server}), so
     *                         other instances can forward queries for keys this one holds
     */
    public SummaryApp(Map<String, Object> kafkaConfig, Map<String, Object> serdeConfig, SummarySettings settings,
                      Path stateDir, short replicationFactor, int standbyReplicas, String advertisedServer) {
        this(kafkaConfig, serdeConfig, settings, stateDir, replicationFactor, standbyReplicas, advertisedServer, SummaryListener.NONE);
    }

    public SummaryApp(Map<String, Object> kafkaConfig, Map<String, Object> serdeConfig, SummarySettings settings,
                      Path stateDir, short replicationFactor, int standbyReplicas, String advertisedServer,
                      SummaryListener listener) {
        this(kafkaConfig, serdeConfig, settings, stateDir, replicationFactor, standbyReplicas, advertisedServer, listener,
                TopicNames.DEFAULT, APPLICATION_ID);
    }

    /**
     * @param names         the deployment's topics
     * @param applicationId the Kafka Streams application id (consumer group, internal topic prefix)
     */
    public SummaryApp(Map<String, Object> kafkaConfig, Map<String, Object> serdeConfig, SummarySettings settings,
                      Path stateDir, short replicationFactor, int standbyReplicas, String advertisedServer,
                      SummaryListener listener, TopicNames names, String applicationId) {
        Properties props = new Properties();
        // Defaults that a setting may override: a one-second commit lets the project totals' write-back
        // store serialize a project changed many times once, and the delta combiner send one record per
        // project and commit; two threads use two cores.
        props.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, 1000);
        props.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, 2);
        props.put(StreamsConfig.ROCKSDB_CONFIG_SETTER_CLASS_CONFIG, BoundedRocksDbMemory.class);
        // No store of the summaries uses Kafka Streams' record cache (per-job stores fold nothing within a
        // commit; the project totals keep objects in their WriteBackStore): none is reserved.
        props.put(StreamsConfig.STATESTORE_CACHE_MAX_BYTES_CONFIG, 0L);
        // The two inputs feed separate per-job processors: nothing depends on their relative order, so a
        // task never waits for one input while the other has records.
        props.put(StreamsConfig.MAX_TASK_IDLE_MS_CONFIG, -1L);
        // Every snapshot writes a changelog record: 256 KiB batches (Kafka's default is 16 KiB) take the
        // broker a sixteenth of the appends and requests for the same records.
        props.put(StreamsConfig.producerPrefix(org.apache.kafka.clients.producer.ProducerConfig.BATCH_SIZE_CONFIG), 256 * 1024);
        props.putAll(quickStartSettings());
        props.putAll(kafkaConfig);
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, applicationId);
        props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toAbsolutePath().toString());
        props.put(StreamsConfig.REPLICATION_FACTOR_CONFIG, (int) replicationFactor);
        props.put(StreamsConfig.NUM_STANDBY_REPLICAS_CONFIG, standbyReplicas);
        props.put(StreamsConfig.APPLICATION_SERVER_CONFIG, advertisedServer);
        props.put(StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG, LogAndContinueExceptionHandler.class);
        // A processing failure must abort the transaction: a record half applied (its delta sent, its
        // job state not written) would leave the totals wrong for good. The thread is replaced and the
        // record retried from the last commit; unreadable input still goes to the dead-letter topic.
        props.put(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_CLASS_CONFIG, LogAndFailProcessingExceptionHandler.class);
        props.put(StreamsConfig.ERRORS_DEAD_LETTER_QUEUE_TOPIC_NAME_CONFIG, names.summariesDlq());
        io.drsmonitor.avro.RegistryClients.preRegister(serdeConfig, Map.of(
                names.alerts(), io.drsmonitor.model.CheckAlert.getClassSchema(),
                names.projectPrecheckSummary(), io.drsmonitor.model.ProjectPrecheckSummary.getClassSchema(),
                names.projectDrInitSummary(), io.drsmonitor.model.ProjectDrInitSummary.getClassSchema()));
        streams = new KafkaStreams(SummaryTopology.build(serdeConfig, settings, listener, names), props);
        streams.setUncaughtExceptionHandler(e -> {
            LOG.error("summaries stream thread failed; replacing it", e);
            threadFailures.incrementAndGet();
            return StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.REPLACE_THREAD;
        });
    }

    /**
     * Client settings that shorten a start, a rebalance and a task's move, and leave processing alone (the
     * topology benchmark gives them to Kafka Streams' count floor too):
     * <ul>
     *   <li>Kafka Streams checks that the internal topics it created are ready every {@code retry.backoff.ms}
     *   (100 ms by default), and a new topic was found ready per check, so a first start waited 0.6 s for
     *   the summaries' eight: checked every 20 ms (which also retries its failed admin calls every 20 ms). Its
     *   clients keep Kafka's 100 ms (and exponential backoff).</li>
     *   <li>A task restores while the restore consumer's fetch for other changelogs may wait up to
     *   {@code fetch.max.wait.ms} (500 ms) for records that never come: 50 ms. The same consumer keeps standby
     *   replicas up to date, so an idle one now asks the broker every 50 ms.</li>
     *   <li>A stream thread learns of a rebalance another thread started at its next heartbeat (every 3 s by
     *   default, and a new repartition topic's metadata starts one): every second.</li>
     * </ul>
     */
    public static Map<String, Object> quickStartSettings() {
        return Map.of(
                StreamsConfig.RETRY_BACKOFF_MS_CONFIG, 20L,
                StreamsConfig.consumerPrefix(CommonClientConfigs.RETRY_BACKOFF_MS_CONFIG), 100L,
                StreamsConfig.producerPrefix(CommonClientConfigs.RETRY_BACKOFF_MS_CONFIG), 100L,
                StreamsConfig.adminClientPrefix(CommonClientConfigs.RETRY_BACKOFF_MS_CONFIG), 100L,
                StreamsConfig.restoreConsumerPrefix(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG), 50,
                StreamsConfig.mainConsumerPrefix(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG), 1000);
    }

    public SummaryApp start() {
        streams.start();
        return this;
    }

    /** Stream threads that died and were replaced since start. */
    public int threadFailures() {
        return threadFailures.get();
    }

    public KafkaStreams streams() {
        return streams;
    }

    @Override
    public void close() {
        streams.close(CloseOptions.timeout(Duration.ofSeconds(30))
                .withGroupMembershipOperation(CloseOptions.GroupMembershipOperation.LEAVE_GROUP));
    }
}
