package io.drsmonitor.streams;

import io.drsmonitor.kafka.TopicNames;
import io.drsmonitor.model.CheckAlert;
import io.drsmonitor.model.FleetItem;
import io.drsmonitor.model.FleetSlice;
import io.drsmonitor.model.ProjectDrInitSummary;
import io.drsmonitor.model.ProjectPrecheckSummary;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.LogAndFailProcessingExceptionHandler;

/**
 * The summaries application: {@link SummaryTopology}, run by a {@link StreamsRunner}. Records that
 * cannot be read or processed go to {@code drs.summaries.dlq} (Kafka Streams' own dead-letter support)
 * and processing goes on; a record read while the schema registry is unavailable is read again instead
 * ({@link DeadLetterUnlessRegistryDown}).
 */
public final class SummaryApp {
    /** The application id's part: {@code <deployment>-monitor-summaries}. */
    public static final String PART = "summaries";
    public static final String APPLICATION_ID = TopicNames.DEFAULT.applicationId(PART);

    private SummaryApp() {
    }

    /** The summaries of {@code env}, created, not started; {@code listener} hears each published summary. */
    public static StreamsRunner create(StreamsEnvironment env, SummarySettings settings, SummaryListener listener) {
        return create(env, settings, listener, PART);
    }

    /** With its own {@code part} of the application id: a benchmark round runs as a fresh application. */
    public static StreamsRunner create(StreamsEnvironment env, SummarySettings settings, SummaryListener listener, String part) {
        TopicNames names = env.names();
        return StreamsRunner.create(env, new StreamsRunner.App(part, SummaryTopology.build(env.serde(), settings, listener, names),
                defaults(), required(names),
                Map.of(names.alerts(), CheckAlert.getClassSchema(),
                        names.projectPrecheckSummary(), ProjectPrecheckSummary.getClassSchema(),
                        names.projectDrInitSummary(), ProjectDrInitSummary.getClassSchema(),
                        names.fleetItems(), FleetItem.getClassSchema(),
                        names.fleetTotals(), FleetSlice.getClassSchema()),
                () -> { }));
    }

    /** Defaults that a {@code kafka.client.*} setting may override. */
    private static Map<String, Object> defaults() {
        Map<String, Object> defaults = new HashMap<>();
        // A one-second commit lets the per-job stores and the project totals' write-back store serialize a job or
        // project changed many times once, and the delta combiner send one record per project and commit; two
        // threads use two cores.
        defaults.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, 1000);
        defaults.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, 2);
        // No store of the summaries uses Kafka Streams' record cache (the per-job stores and the project totals
        // keep objects and write each changed one once per commit themselves): none is reserved.
        defaults.put(StreamsConfig.STATESTORE_CACHE_MAX_BYTES_CONFIG, 0L);
        // The two inputs feed separate per-job processors: nothing depends on their relative order, so a
        // task never waits for one input while the other has records.
        defaults.put(StreamsConfig.MAX_TASK_IDLE_MS_CONFIG, -1L);
        // Each commit writes a changelog record per changed job (most of the jobs a task read since the last
        // one): 256 KiB batches (Kafka's default is 16 KiB) take the broker a sixteenth of the appends and
        // requests for the same records.
        defaults.put(StreamsConfig.producerPrefix(ProducerConfig.BATCH_SIZE_CONFIG), 256 * 1024);
        // Those changelog records are per-job states of a few hundred bytes of similar Avro: lz4 leaves the broker
        // (and a changelog's restore) fewer bytes, for less CPU than the broker saves (BENCHMARKS.md, benchmark 1).
        defaults.put(StreamsConfig.producerPrefix(ProducerConfig.COMPRESSION_TYPE_CONFIG), "lz4");
        defaults.putAll(quickStartSettings());
        return defaults;
    }

    /** What the summaries' exactness depends on, whatever the client settings say. */
    private static Map<String, Object> required(TopicNames names) {
        return Map.of(
                StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG, DeadLetterUnlessRegistryDown.class,
                // A processing failure must abort the transaction: a record half applied (its delta sent, its
                // job state not written) would leave the totals wrong for good. The thread is replaced and the
                // record retried from the last commit; unreadable input still goes to the dead-letter topic.
                StreamsConfig.PROCESSING_EXCEPTION_HANDLER_CLASS_CONFIG, LogAndFailProcessingExceptionHandler.class,
                StreamsConfig.ERRORS_DEAD_LETTER_QUEUE_TOPIC_NAME_CONFIG, names.summariesDlq());
    }

    /**
     * Client settings that shorten a start, a rebalance and a task's move, and leave processing alone (the
     * topology benchmark gives them to Kafka Streams' count floor too):
     * <ul>
     *   <li>Kafka Streams checks that the internal topics it created are ready every {@code retry.backoff.ms}
     *   (100 ms by default) as the main consumer's settings give it (its partition assignor creates them), and
     *   a new topic was found ready per check, so a first start waited 0.9 s for the summaries' eleven ("could
     *   not be made ready. Will retry in 100 milliseconds"): checked every 20 ms. The main consumer and the
     *   admin client retry their failed calls from 20 ms too, backing off exponentially to a second; the
     *   restore consumer keeps Kafka's 100 ms.</li>
     *   <li>A producer whose first send after a commit meets the previous transaction still completing
     *   ({@code CONCURRENT_TRANSACTIONS}) retries it after {@code retry.backoff.ms}, and every send behind it
     *   waits: from 20 ms (exponentially to a second) rather than 100 ms, which shortened the longest commit
     *   at 1,000,000 snapshots from 150–300 ms to 80–100 ms.</li>
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
                StreamsConfig.mainConsumerPrefix(CommonClientConfigs.RETRY_BACKOFF_MS_CONFIG), 20L,
                StreamsConfig.producerPrefix(CommonClientConfigs.RETRY_BACKOFF_MS_CONFIG), 20L,
                StreamsConfig.adminClientPrefix(CommonClientConfigs.RETRY_BACKOFF_MS_CONFIG), 20L,
                StreamsConfig.restoreConsumerPrefix(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG), 50,
                StreamsConfig.mainConsumerPrefix(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG), 1000);
    }
}
