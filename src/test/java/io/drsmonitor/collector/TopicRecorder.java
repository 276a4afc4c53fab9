package io.drsmonitor.collector;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import java.nio.charset.StandardCharsets;
import java.util.function.Function;

/** Reads topics from the beginning (committed records only) in the background, for assertions. */
final class TopicRecorder implements AutoCloseable {
    private final List<ConsumerRecord<byte[], byte[]>> records = new CopyOnWriteArrayList<>();
    private final KafkaConsumer<byte[], byte[]> consumer;
    private final Thread thread;
    private volatile boolean running = true;

    TopicRecorder(String bootstrapServers, List<String> topics) {
        consumer = new KafkaConsumer<>(Map.of("bootstrap.servers", bootstrapServers, "group.id", "recorder-" + UUID.randomUUID(),
                "auto.offset.reset", "earliest", "isolation.level", "read_committed", "enable.auto.commit", "false"),
                new ByteArrayDeserializer(), new ByteArrayDeserializer());
        consumer.subscribe(topics);
        thread = new Thread(() -> {
            try {
                while (running) {
                    consumer.poll(Duration.ofMillis(100)).forEach(records::add);
                }
            } catch (WakeupException e) {
                // closing
            } finally {
                consumer.close();
            }
        }, "topic-recorder");
        thread.setDaemon(true);
        thread.start();
    }

    List<ConsumerRecord<byte[], byte[]>> records(String topic) {
        List<ConsumerRecord<byte[], byte[]>> matching = new ArrayList<>();
        for (ConsumerRecord<byte[], byte[]> r : records) {
            if (r.topic().equals(topic)) {
                matching.add(r);
            }
        }
        return matching;
    }

    <T> List<T> values(String topic, Function<ConsumerRecord<byte[], byte[]>, T> decode, Predicate<T> filter) {
        // Tombstones (null values) are not values: see tombstones().
        return records(topic).stream().filter(r -> r.value() != null).map(decode).filter(filter).toList();
    }

    /** Keys of the tombstones (null values) seen on {@code topic}. */
    List<String> tombstones(String topic) {
        return records(topic).stream().filter(r -> r.value() == null && r.key() != null)
                .map(r -> new String(r.key(), StandardCharsets.UTF_8)).toList();
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        consumer.wakeup();
        thread.join(10_000);
    }
}
