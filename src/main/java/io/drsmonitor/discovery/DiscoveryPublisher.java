package io.drsmonitor.discovery;

import io.drsmonitor.avro.SpecificAvroSerializer;
import io.drsmonitor.model.JobDirection;
import io.drsmonitor.model.JobEvent;
import io.drsmonitor.model.JobType;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.OutOfOrderSequenceException;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes what one discovery round changed in a single Kafka transaction: the lifecycle events on
 * {@code drs.job-events} (keyed by job id) and the jobs' new states on {@code drs.discovery.jobs} (in the
 * project's partition; a tombstone for a job forgotten). Either both are committed or neither, so a
 * restart never finds an event published but not remembered. Kafka calls run on one worker thread of
 * their own, in order, never on an event loop.
 */
final class DiscoveryPublisher implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(DiscoveryPublisher.class);

    /** A round's output: the job states to write (null value: forget the job) and the events, in order. */
    record Round(ProjectRef project, int partition, List<JobChanges.Change> changes) {
    }

    private final Map<String, Object> producerConfig;
    private final SpecificAvroSerializer<JobEvent> serializer = new SpecificAvroSerializer<>();
    private final String eventsTopic;
    private final String stateTopic;
    private final DiscoveryMetrics metrics;
    private final WorkerExecutor worker;
    private KafkaProducer<byte[], byte[]> producer;

    DiscoveryPublisher(Vertx vertx, Map<String, Object> kafkaConfig, Map<String, Object> serdeConfig, String eventsTopic,
                       String stateTopic, String transactionalIdPrefix, DiscoveryMetrics metrics) {
        this.eventsTopic = eventsTopic;
        this.stateTopic = stateTopic;
        this.metrics = metrics;
        this.producerConfig = new HashMap<>(kafkaConfig);
        // One transactional id per process: double ownership is made harmless by the events' ids, not by fencing.
        producerConfig.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, transactionalIdPrefix + "-" + UUID.randomUUID());
        producerConfig.put(ProducerConfig.ACKS_CONFIG, "all");
        producerConfig.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        serializer.configure(serdeConfig, false);
        this.worker = vertx.createSharedWorkerExecutor("drs-discovery-publisher", 1);
    }

    /** Publishes {@code round} in one transaction; the future fails when nothing of it was committed. */
    Future<Void> publish(Round round) {
        return worker.executeBlocking(() -> {
            send(round);
            return null;
        }, true);
    }

    private void send(Round round) {
        KafkaProducer<byte[], byte[]> kafka = producer();
        try {
            kafka.beginTransaction();
            Instant now = Instant.now();
            for (JobChanges.Change change : round.changes()) {
                KnownJob job = change.next() != null ? change.next() : change.previous();
                for (JobChanges.Discovered event : change.events()) {
                    kafka.send(new ProducerRecord<>(eventsTopic, bytes(job.jobId()), serializer.serialize(eventsTopic, event(job, event, now))));
                }
                String key = round.project().key() + "/" + job.jobId();
                kafka.send(new ProducerRecord<>(stateTopic, round.partition(), bytes(key), change.next() == null ? null : change.next().toJson()));
            }
            kafka.commitTransaction();
            round.changes().forEach(change -> change.events().forEach(event -> metrics.published(event.type())));
        } catch (ProducerFencedException | OutOfOrderSequenceException | AuthorizationException fatal) {
            // The producer cannot go on: the next round gets a new one.
            LOG.warn("discovery's producer failed ({}); a new one publishes the next round", fatal.toString());
            dropProducer();
            throw fatal;
        } catch (RuntimeException e) {
            // A commit that timed out has an unknown outcome, and after it an abort throws too: whatever went
            // wrong, this producer is dropped and the next round starts clean. A round that did land is
            // published again with the same event ids, which the collector applies once.
            try {
                kafka.abortTransaction();
            } catch (RuntimeException abortFailed) {
                LOG.debug("discovery's transaction could not be aborted: {}", abortFailed.toString());
            }
            dropProducer();
            throw e;
        }
    }

    private KafkaProducer<byte[], byte[]> producer() {
        if (producer == null) {
            producer = new KafkaProducer<>(producerConfig, new ByteArraySerializer(), new ByteArraySerializer());
            producer.initTransactions();
        }
        return producer;
    }

    private static JobEvent event(KnownJob job, JobChanges.Discovered event, Instant at) {
        return JobEvent.newBuilder().setEventId(event.eventId()).setProjectId(job.projectId()).setJobId(job.jobId())
                .setEventType(event.type()).setJobType(JobType.valueOf(job.jobType())).setEngineType(job.engineType())
                .setJobDirection(direction(job.direction())).setRegion(job.region()).setJobName(job.name())
                .setOccurredAt(at).build();
    }

    /** DRS's up, down and non-dbs; anything else is UNKNOWN, absent is null. */
    private static JobDirection direction(String direction) {
        if (direction == null) {
            return null;
        }
        return switch (direction.toLowerCase(Locale.ROOT)) {
            case "up" -> JobDirection.UP;
            case "down" -> JobDirection.DOWN;
            case "non-dbs" -> JobDirection.NON_DBS;
            default -> JobDirection.UNKNOWN;
        };
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private void dropProducer() {
        if (producer != null) {
            producer.close(Duration.ofSeconds(5));
            producer = null;
        }
    }

    /** Closes the producer on its worker, after any round in flight, then the worker. */
    @Override
    public void close() throws Exception {
        worker.executeBlocking(() -> {
            dropProducer();
            return null;
        }, true).eventually(() -> worker.close()).await(15, TimeUnit.SECONDS);
    }
}
