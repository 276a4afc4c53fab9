package io.drsmonitor.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Topics {@link TopicAdmin#ensure} creates take an idempotent producer's records at once. Kafka before 4.5 can
 * drop the first batch sent to a partition it is still creating when a later batch is in flight (KAFKA-15591);
 * the collector, the registry and local mode all produce right after creating their topics.
 */
@ExtendWith(KafkaFixture.class)
class TopicAdminIT {
    private static final int TOPICS = 10;
    private static final int PARTITIONS = 8;
    private static final int RECORDS = 400;

    @Test
    void everyRecordSentRightAfterCreationIsInTheLog() throws Exception {
        String prefix = "created-" + UUID.randomUUID().toString().substring(0, 8);
        // Small batches, five in flight per connection: several batches reach each partition at once.
        Map<String, Object> producerSettings = Map.of("bootstrap.servers", KafkaFixture.bootstrapServers(), "enable.idempotence", true,
                "acks", "all", "linger.ms", 0, "batch.size", 200, "request.timeout.ms", 3000, "delivery.timeout.ms", 5000);
        int failed = 0;
        Map<TopicPartition, Long> sentTo = new HashMap<>();
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", KafkaFixture.bootstrapServers()));
                KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(producerSettings, new ByteArraySerializer(), new ByteArraySerializer())) {
            for (int t = 0; t < TOPICS; t++) {
                String topic = prefix + "-" + t;
                TopicAdmin.ensure(admin, List.of(TopicSpec.deleted(topic, PARTITIONS, (short) 1)));
                List<Future<RecordMetadata>> sent = new ArrayList<>();
                for (int i = 0; i < RECORDS; i++) {
                    sent.add(producer.send(new ProducerRecord<>(topic, i % PARTITIONS, null, new byte[150])));
                    sentTo.merge(new TopicPartition(topic, i % PARTITIONS), 1L, Long::sum);
                }
                for (Future<RecordMetadata> send : sent) {
                    try {
                        send.get(30, TimeUnit.SECONDS);
                    } catch (ExecutionException e) {
                        failed++;
                    }
                }
            }
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            sentTo.keySet().forEach(tp -> latest.put(tp, OffsetSpec.latest()));
            Map<TopicPartition, Long> inLog = new HashMap<>();
            admin.listOffsets(latest).all().get(30, TimeUnit.SECONDS).forEach((tp, info) -> inLog.put(tp, info.offset()));
            System.out.printf("topics created and written at once: %d records sent to %d partitions, %d failed%n",
                    TOPICS * RECORDS, sentTo.size(), failed);
            assertEquals(0, failed, "sends that failed");
            assertEquals(sentTo, inLog, "records in each partition's log");
        }
    }
}
