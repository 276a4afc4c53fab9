package io.drsmonitor.registry;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import io.drsmonitor.kafka.TopicSpec;
import io.drsmonitor.kafka.TopicAdmin;

/**
 * The registry's durable log: a compacted one-partition topic. All calls block; the server runs
 * them on a worker thread, one at a time.
 */
final class KafkaSchemaLog implements AutoCloseable {
    private static final Duration READ_TIMEOUT = Duration.ofSeconds(60);

    private final String topic;
    private final Map<String, Object> kafkaConfig;
    private final KafkaProducer<String, String> producer;

    KafkaSchemaLog(Map<String, Object> kafkaConfig, String topic, short replicationFactor) {
        this.topic = topic;
        this.kafkaConfig = kafkaConfig;
        try (Admin admin = Admin.create(kafkaConfig)) {
            TopicAdmin.ensure(admin, List.of(TopicSpec.compacted(topic, 1, replicationFactor)));
        }
        Properties producerConfig = new Properties();
        producerConfig.putAll(kafkaConfig);
        producerConfig.put(ProducerConfig.ACKS_CONFIG, "all");
        producerConfig.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        producerConfig.put(ProducerConfig.LINGER_MS_CONFIG, 0);
        this.producer = new KafkaProducer<>(producerConfig, new StringSerializer(), new StringSerializer());
    }

    /** Everything written so far, oldest first. */
    List<LogRecord> readAll() {
        Properties consumerConfig = new Properties();
        consumerConfig.putAll(kafkaConfig);
        consumerConfig.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        consumerConfig.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        List<LogRecord> records = new ArrayList<>();
        TopicPartition partition = new TopicPartition(topic, 0);
        try (KafkaConsumer<String, String> consumer =
                     new KafkaConsumer<>(consumerConfig, new StringDeserializer(), new StringDeserializer())) {
            consumer.assign(List.of(partition));
            consumer.seekToBeginning(List.of(partition));
            long end = consumer.endOffsets(List.of(partition), READ_TIMEOUT).get(partition);
            long deadline = System.nanoTime() + READ_TIMEOUT.toNanos();
            while (consumer.position(partition) < end) {
                if (System.nanoTime() > deadline) {
                    throw RegistryError.storeError("timed out reading " + topic + " up to offset " + end);
                }
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
                    if (record.key() != null) {
                        records.add(new LogRecord(record.key(), record.value()));
                    }
                }
            }
        }
        return records;
    }

    /** Writes {@code records} and returns once the broker has them all. */
    void append(List<LogRecord> records) {
        List<Future<RecordMetadata>> sends = new ArrayList<>();
        for (LogRecord record : records) {
            sends.add(producer.send(new ProducerRecord<>(topic, 0, record.key(), record.value())));
        }
        try {
            for (Future<RecordMetadata> send : sends) {
                send.get();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw RegistryError.storeError("interrupted writing to " + topic);
        } catch (ExecutionException e) {
            throw RegistryError.storeError("cannot write to " + topic + ": " + e.getCause().getMessage());
        }
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(5));
    }
}
