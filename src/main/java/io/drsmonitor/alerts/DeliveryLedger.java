package io.drsmonitor.alerts;

import io.drsmonitor.avro.SpecificAvroDeserializer;
import io.drsmonitor.kafka.TopicNames;
import io.drsmonitor.model.AlertSeverity;
import io.drsmonitor.model.AlertState;
import io.drsmonitor.model.CheckAlert;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import java.time.Instant;

/**
 * The last transition a sink handled per alert id, kept in the compacted topic
 * {@value TopicNames#ALERT_DELIVERY_STATE} under {@code sink/alertId}, in the partition of the
 * {@value TopicNames#ALERTS} partition it came from. Whoever owns that partition next (another instance,
 * or this one after a restart) reads it back first, so a redelivered transition is recognised and
 * not sent again, and Alertmanager's firing alerts are known for re-sending.
 */
final class DeliveryLedger {
    private final String sink;
    private final String topic;
    private final boolean keepResolved;
    private final Consumer<byte[], byte[]> reader;
    private final Producer<byte[], byte[]> writer;
    private final SpecificAvroDeserializer<CheckAlert> decoder;
    /** The offset in drs.alerts of the transition an entry records. */
    static final String SOURCE_OFFSET = "drs.alerts.source.offset";
    private final Map<Integer, Map<String, Entry>> byPartition = new ConcurrentHashMap<>();
    /**
     * A RESOLVED entry older than this is forgotten (tombstoned) when its partition is next loaded: its
     * transition has left drs.alerts (kept 7 days by default), so it cannot be read again.
     */
    static final Duration FORGET_RESOLVED_AFTER = Duration.ofDays(8);

    /** A handled transition and its offset in its drs.alerts partition. */
    record Entry(CheckAlert alert, long offset) {
        /**
         * True when {@code alert} at {@code offset} was handled already: it is this transition or an
         * older one (read again after a rewind), or it repeats the state this one is in.
         */
        boolean covers(CheckAlert next, long nextOffset) {
            return nextOffset <= offset || next.getState() == alert.getState();
        }
    }

    /**
     * @param keepResolved keep RESOLVED transitions (a sink's de-duplication needs them); false keeps
     *                     only what is firing
     */
    DeliveryLedger(String sink, boolean keepResolved, String topic, Consumer<byte[], byte[]> reader, Producer<byte[], byte[]> writer,
                   SpecificAvroDeserializer<CheckAlert> decoder) {
        this.sink = sink;
        this.topic = topic;
        this.keepResolved = keepResolved;
        this.reader = reader;
        this.writer = writer;
        this.decoder = decoder;
    }

    /** Reads the sink's entries of one partition, before its first record is handled. */
    void load(int partition) {
        TopicPartition tp = new TopicPartition(topic, partition);
        reader.assign(List.of(tp));
        reader.seekToBeginning(List.of(tp));
        long end = reader.endOffsets(List.of(tp), Duration.ofSeconds(30)).get(tp);
        String prefix = sink + "/";
        Map<String, Entry> entries = new ConcurrentHashMap<>();
        while (reader.position(tp, Duration.ofSeconds(30)) < end) {
            for (ConsumerRecord<byte[], byte[]> record : reader.poll(Duration.ofMillis(500))) {
                String key = record.key() == null ? "" : new String(record.key(), StandardCharsets.UTF_8);
                if (!key.startsWith(prefix)) {
                    continue;
                }
                String alertId = key.substring(prefix.length());
                if (record.value() == null) {
                    entries.remove(alertId);
                } else {
                    var offset = record.headers().lastHeader(SOURCE_OFFSET);
                    entries.put(alertId, new Entry(decoder.decode(record.topic(), record.partition(), record.offset(), record.value()),
                            offset == null ? -1 : Long.parseLong(new String(offset.value(), StandardCharsets.UTF_8))));
                }
            }
        }
        Instant forgetBefore = Instant.now().minus(FORGET_RESOLVED_AFTER);
        entries.entrySet().removeIf(e -> {
            boolean old = e.getValue().alert().getState() == AlertState.RESOLVED && e.getValue().alert().getRaisedAt().isBefore(forgetBefore);
            if (old) {
                writer.send(new ProducerRecord<>(topic, partition, (prefix + e.getKey()).getBytes(StandardCharsets.UTF_8), null));
            }
            return old;
        });
        byPartition.put(partition, entries);
    }

    void close() {
        reader.close(Duration.ofSeconds(5));
    }

    void drop(int partition) {
        byPartition.remove(partition);
    }

    /** The last transition handled for the alert id, or null. */
    Entry last(int partition, String alertId) {
        Map<String, Entry> entries = byPartition.get(partition);
        return entries == null ? null : entries.get(alertId);
    }

    /** Records a handled transition, durably, before its offset is committed. */
    void record(int partition, long offset, CheckAlert alert, byte[] encoded) {
        boolean keep = keepResolved || alert.getState() == AlertState.FIRING;
        byte[] key = (sink + "/" + alert.getAlertId()).getBytes(StandardCharsets.UTF_8);
        ProducerRecord<byte[], byte[]> entry = new ProducerRecord<>(topic, partition, key, keep ? encoded : null);
        entry.headers().add(SOURCE_OFFSET, String.valueOf(offset).getBytes(StandardCharsets.UTF_8));
        try {
            writer.send(entry).get();
        } catch (ExecutionException e) {
            throw new KafkaException("cannot record delivery state in " + topic, e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KafkaException("interrupted while recording delivery state", e);
        }
        Map<String, Entry> entries = byPartition.computeIfAbsent(partition, p -> new ConcurrentHashMap<>());
        if (keep) {
            entries.put(alert.getAlertId(), new Entry(alert, offset));
        } else {
            entries.remove(alert.getAlertId());
        }
    }

    /** Alerts whose last handled transition is FIRING, in the partitions held now. */
    List<CheckAlert> firing() {
        List<CheckAlert> firing = new ArrayList<>();
        byPartition.values().forEach(entries -> entries.values().stream().map(Entry::alert)
                .filter(alert -> alert.getState() == AlertState.FIRING).forEach(firing::add));
        return firing;
    }

    long firing(AlertSeverity severity) {
        return byPartition.values().stream().flatMap(entries -> entries.values().stream()).map(Entry::alert)
                .filter(alert -> alert.getState() == AlertState.FIRING && alert.getSeverity() == severity).count();
    }
}
