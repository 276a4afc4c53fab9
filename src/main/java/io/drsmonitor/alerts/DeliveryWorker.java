package io.drsmonitor.alerts;

import io.drsmonitor.avro.SchemaRegistryException;
import io.drsmonitor.avro.SpecificAvroDeserializer;
import io.drsmonitor.collector.DeadLetters;
import io.drsmonitor.kafka.TopicNames;
import io.drsmonitor.model.CheckAlert;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.CommitFailedException;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.RebalanceInProgressException;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import java.util.HashMap;
import java.util.concurrent.TimeoutException;

/**
 * Reads {@value TopicNames#ALERTS} in a consumer group of its own and hands each transition to one sink,
 * at least once: a record's offset is committed only after the sink accepted it or refused it for
 * good (then it goes to {@value TopicNames#ALERT_DELIVERY_DLQ} with the reason). While a sink cannot be
 * reached the worker waits and retries, polling with its partitions paused so it keeps them; alerts
 * wait in the topic meanwhile, so a sink down for an hour loses nothing. Without a sink it only keeps
 * the ledger, whose firing alerts the {@code drs_alerts_firing} gauge counts.
 *
 * <p>Over 300 lines: the poll loop, pausing, retries and commits form one consumer's state, which
 * only its own thread touches; the sinks and the ledger are classes of their own.
 */
final class DeliveryWorker implements Runnable {
    static final String SINK_HEADER = "drs.dlq.sink";
    private static final Logger LOG = LoggerFactory.getLogger(DeliveryWorker.class);
    private static final Duration AWAIT_ATTEMPT = HttpDelivery.TIMEOUT.plusSeconds(5);

    private final String name;
    private final AlertSink sink;
    private final HttpDelivery http;
    private final AlertSettings settings;
    private final TopicNames names;
    private final Consumer<byte[], byte[]> consumer;
    private final DeliveryLedger ledger;
    private final Producer<byte[], byte[]> producer;
    private final SpecificAvroDeserializer<CheckAlert> decoder;
    private final DeliveryMetrics metrics;
    private final Clock clock;
    /** Bumped at each assignment of a partition: a batch polled under an older one is not ours to finish. */
    private final Map<TopicPartition, Integer> epochs = new ConcurrentHashMap<>();
    private final AtomicInteger nextEpoch = new AtomicInteger();
    /** The offset last committed per partition held, so positions are committed only when they moved. */
    private final Map<TopicPartition, Long> committed = new HashMap<>();
    private volatile boolean running = true;
    private volatile boolean joined;
    private volatile String failure;
    private Instant nextResend = Instant.EPOCH;
    private int failuresInARow;

    /** @param sink null: keep the ledger only */
    DeliveryWorker(String name, AlertSink sink, HttpDelivery http, AlertSettings settings, TopicNames names,
                   Consumer<byte[], byte[]> consumer,
                   DeliveryLedger ledger, Producer<byte[], byte[]> producer, SpecificAvroDeserializer<CheckAlert> decoder,
                   DeliveryMetrics metrics, Clock clock) {
        this.name = name;
        this.sink = sink;
        this.http = http;
        this.settings = settings;
        this.names = names;
        this.consumer = consumer;
        this.ledger = ledger;
        this.producer = producer;
        this.decoder = decoder;
        this.metrics = metrics;
        this.clock = clock;
    }

    String name() {
        return name;
    }

    /** True once the worker has joined its group and loaded the ledger of what it was given. */
    boolean joined() {
        return joined;
    }

    /** Why the worker's last round failed (it keeps trying), or null. */
    String failure() {
        return failure;
    }

    DeliveryLedger ledger() {
        return ledger;
    }

    void stop() {
        running = false;
        consumer.wakeup();
    }

    @Override
    public void run() {
        try {
            consumer.subscribe(List.of(names.alerts()), new Rebalance());
            Duration backoff = settings.firstRetry();
            while (running) {
                try {
                    ConsumerRecords<byte[], byte[]> records = consumer.poll(Duration.ofMillis(500));
                    Map<TopicPartition, Integer> polledUnder = Map.copyOf(epochs);
                    for (TopicPartition tp : records.partitions()) {
                        handlePartition(tp, polledUnder.get(tp), records.records(tp));
                    }
                    commitPositions();
                    resendIfDue();
                    failure = null;
                    backoff = settings.firstRetry();
                } catch (CommitFailedException | RebalanceInProgressException e) {
                    // The group moved on: what this worker handled is in the ledger, so the next owner skips it.
                    LOG.info("alert delivery to {}: commit refused during a rebalance ({}); polling again", name, e.getMessage());
                } catch (WakeupException stopping) {
                    throw stopping;
                } catch (RuntimeException e) {
                    failure = e.toString();
                    LOG.error("alert delivery to {} failed: {}; trying again in {} s", name, failure, backoff.toSeconds());
                    idle(backoff);
                    backoff = doubled(backoff);
                }
            }
        } catch (WakeupException stopping) {
            // close() woke the consumer: what is not committed is delivered again by the next owner.
        } finally {
            consumer.close(Duration.ofSeconds(5));
            ledger.close();
        }
    }

    private void handlePartition(TopicPartition tp, Integer epoch, List<ConsumerRecord<byte[], byte[]>> records) {
        for (ConsumerRecord<byte[], byte[]> record : records) {
            if (!owned(tp, epoch) || !running || !handle(tp, epoch, record)) {
                if (owned(tp, epoch)) {
                    consumer.seek(tp, record.offset()); // not handled: read again from here
                }
                return;
            }
            consumer.commitSync(Map.of(tp, new OffsetAndMetadata(record.offset() + 1)));
            committed.put(tp, record.offset() + 1);
        }
    }

    /**
     * Commits each partition's position when it is past the last commit: under exactly-once the
     * topic ends with transaction markers, which records' own offsets never reach, and a group one
     * short of the end would show a lag forever.
     */
    private void commitPositions() {
        Map<TopicPartition, OffsetAndMetadata> ahead = new HashMap<>();
        for (TopicPartition tp : consumer.assignment()) {
            long position = consumer.position(tp);
            Long last = committed.get(tp);
            if (last == null || position > last) {
                ahead.put(tp, new OffsetAndMetadata(position));
            }
        }
        if (!ahead.isEmpty()) {
            consumer.commitSync(ahead);
            ahead.forEach((tp, offset) -> committed.put(tp, offset.offset()));
        }
    }

    private boolean owned(TopicPartition tp, Integer epoch) {
        return epoch != null && epoch.equals(epochs.get(tp));
    }

    /** True when the record is done with (sent, skipped or dead-lettered); false when abandoned. */
    private boolean handle(TopicPartition tp, Integer epoch, ConsumerRecord<byte[], byte[]> record) {
        if (record.value() == null) {
            return true;
        }
        CheckAlert alert = null;
        Duration decodeWait = settings.firstRetry();
        while (alert == null) {
            try {
                alert = decoder.decode(record.topic(), record.partition(), record.offset(), record.value());
            } catch (SerializationException e) {
                if (!SchemaRegistryException.registryUnavailable(e)) {
                    if (sink != null) {
                        deadLetter(record, "UNDECODABLE", e.getMessage());
                    }
                    return true;
                }
                // The schema registry did not answer: the record is fine, wait for the registry.
                LOG.warn("alert delivery to {}: schema registry unavailable ({}); retrying", name, e.getMessage());
                if (!running || !owned(tp, epoch)) {
                    return false;
                }
                pausedWait(decodeWait);
                decodeWait = doubled(decodeWait);
            }
        }
        DeliveryLedger.Entry previous = ledger.last(tp.partition(), alert.getAlertId());
        if (sink == null) {
            if (previous == null || !previous.covers(alert, record.offset())) {
                ledger.record(tp.partition(), record.offset(), alert, record.value());
            }
            return true;
        }
        if (!settings.sends(alert.getSeverity())) {
            return true;
        }
        if (previous != null && previous.covers(alert, record.offset())) {
            metrics.duplicate();
            return true;
        }
        AlertSink.SinkRequest request = sink.request(alert, previous == null ? null : previous.alert());
        Duration wait = settings.firstRetry();
        while (running && owned(tp, epoch)) {
            HttpDelivery.Attempt attempt = attempt(request);
            switch (attempt.outcome()) {
                case DELIVERED -> {
                    if (failuresInARow > 0) {
                        LOG.info("alert delivery to {} works again after {} failed attempts", name, failuresInARow);
                        failuresInARow = 0;
                    }
                    ledger.record(tp.partition(), record.offset(), alert, record.value());
                    metrics.delivered(alert.getState());
                    return true;
                }
                case REFUSED -> {
                    LOG.warn("{} refused alert {} ({}): {}; written to {}", name, alert.getAlertId(), alert.getState(),
                            attempt.reason(), names.alertDeliveryDlq());
                    deadLetter(record, "REFUSED", attempt.reason());
                    // Handled: Alertmanager is not told again about an alert it refused.
                    ledger.record(tp.partition(), record.offset(), alert, record.value());
                    metrics.deadLettered();
                    return true;
                }
                case RETRY -> {
                    metrics.failed(attempt.reason());
                    Duration pause = attempt.retryAfter() == null ? wait
                            : attempt.retryAfter().compareTo(settings.maxRetryWait()) > 0 ? settings.maxRetryWait()
                            : attempt.retryAfter().compareTo(wait) > 0 ? attempt.retryAfter() : wait;
                    if (failuresInARow++ == 0) {
                        LOG.warn("alert delivery to {} failed ({}{}); retrying every {} s at most, alerts wait in {}", name,
                                attempt.reason(), attempt.status() > 0 ? ", HTTP " + attempt.status() : "",
                                settings.maxRetryWait().toSeconds(), names.alerts());
                    }
                    pausedWait(pause);
                    wait = doubled(wait);
                }
                default -> throw new IllegalStateException(attempt.outcome().name());
            }
        }
        return false;
    }

    private HttpDelivery.Attempt attempt(AlertSink.SinkRequest request) {
        try {
            return http.post(sink.url(), request).toCompletionStage().toCompletableFuture()
                    .get(AWAIT_ATTEMPT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            return new HttpDelivery.Attempt(HttpDelivery.Outcome.RETRY, 0, "timeout", null);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new WakeupException();
        }
    }

    /**
     * Waits while staying in the group: polls with every partition paused. A partition assigned during
     * the wait is paused too, and anything it returned is read again later.
     */
    private void pausedWait(Duration pause) {
        Instant until = clock.instant().plus(pause);
        consumer.pause(consumer.assignment());
        try {
            while (running) {
                Duration left = Duration.between(clock.instant(), until);
                if (left.isNegative() || left.isZero()) {
                    return;
                }
                ConsumerRecords<byte[], byte[]> early = consumer.poll(left.compareTo(Duration.ofMillis(500)) > 0 ? Duration.ofMillis(500) : left);
                for (TopicPartition tp : early.partitions()) {
                    consumer.seek(tp, early.records(tp).get(0).offset());
                }
                consumer.pause(consumer.assignment());
            }
        } finally {
            consumer.resume(consumer.paused());
        }
    }

    /** The next wait of a backoff: twice this one, at most {@code maxRetryWait}. */
    private Duration doubled(Duration wait) {
        Duration twice = wait.multipliedBy(2);
        return twice.compareTo(settings.maxRetryWait()) > 0 ? settings.maxRetryWait() : twice;
    }

    /** Waits without touching the consumer (it just failed); short of max.poll.interval.ms, so the group keeps us. */
    private void idle(Duration pause) {
        long until = System.nanoTime() + pause.toNanos();
        try {
            while (running && System.nanoTime() < until) {
                Thread.sleep(Math.min(200, Math.max(1, (until - System.nanoTime()) / 1_000_000)));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new WakeupException();
        }
    }

    /** Re-posts Alertmanager's firing alerts before their endsAt; a failure waits for the next period. */
    private void resendIfDue() {
        if (!(sink instanceof AlertmanagerSink alertmanager) || clock.instant().isBefore(nextResend)) {
            return;
        }
        nextResend = clock.instant().plus(settings.resendEvery());
        List<CheckAlert> firing = ledger.firing().stream().filter(a -> settings.sends(a.getSeverity())).toList();
        if (firing.isEmpty()) {
            return;
        }
        HttpDelivery.Attempt attempt = attempt(alertmanager.resend(firing));
        if (attempt.outcome() != HttpDelivery.Outcome.DELIVERED) {
            LOG.debug("re-sending {} firing alerts to Alertmanager failed: {}", firing.size(), attempt.reason());
        }
    }

    private void deadLetter(ConsumerRecord<byte[], byte[]> record, String error, String reason) {
        ProducerRecord<byte[], byte[]> dead = new ProducerRecord<>(names.alertDeliveryDlq(), null, record.key(), record.value());
        DeadLetters.annotate(dead.headers(), error, reason == null ? "" : reason, record.topic(), record.partition(), record.offset());
        dead.headers().add(SINK_HEADER, name.getBytes(StandardCharsets.UTF_8));
        try {
            producer.send(dead).get();
        } catch (ExecutionException e) {
            throw new KafkaException("cannot write to " + names.alertDeliveryDlq(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new WakeupException();
        }
    }

    private final class Rebalance implements ConsumerRebalanceListener {
        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
            forget(partitions);
        }

        @Override
        public void onPartitionsLost(Collection<TopicPartition> partitions) {
            forget(partitions);
        }

        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
            Set<TopicPartition> loaded = new HashSet<>();
            for (TopicPartition tp : partitions) {
                ledger.load(tp.partition());
                consumer.position(tp); // resolves "latest" now: an alert raised after joining is not skipped
                epochs.put(tp, nextEpoch.incrementAndGet());
                loaded.add(tp);
            }
            if (!loaded.isEmpty()) {
                LOG.info("alert delivery to {}: partitions {} of {}", name, loaded.stream().map(TopicPartition::partition).sorted().toList(),
                        names.alerts());
            }
            joined = true;
        }

        private void forget(Collection<TopicPartition> partitions) {
            for (TopicPartition tp : partitions) {
                epochs.remove(tp);
                committed.remove(tp);
                ledger.drop(tp.partition());
            }
        }
    }
}
