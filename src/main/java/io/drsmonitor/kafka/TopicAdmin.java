package io.drsmonitor.kafka;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.utils.ExponentialBackoff;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;

/** Creates the topics a deployment needs ({@link TopicNames#applicationTopics}), leaving existing ones alone. */
public final class TopicAdmin {

    private TopicAdmin() {
    }

    /** Creates the topics that do not exist yet; existing ones are left as they are. */
    public static void ensure(Admin admin, List<TopicSpec> specs) {
        try {
            Set<String> existing = admin.listTopics().names().get(60, TimeUnit.SECONDS);
            List<NewTopic> missing = specs.stream()
                    .filter(spec -> !existing.contains(spec.name()))
                    .map(TopicSpec::toNewTopic)
                    .toList();
            if (missing.isEmpty()) {
                return;
            }
            try {
                admin.createTopics(missing).all().get(60, TimeUnit.SECONDS);
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof TopicExistsException)) {
                    throw e;
                }
            }
            awaitLeaders(admin, missing);
        } catch (ExecutionException | TimeoutException e) {
            throw new KafkaException("cannot create topics " + specs.stream().map(TopicSpec::name).toList()
                    + ": " + (e.getCause() == null ? e : e.getCause()).getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KafkaException("interrupted while creating topics", e);
        }
    }

    /**
     * Returns once the leader of every partition of {@code created} serves it. A broker before Kafka 4.5 that
     * answers an idempotent producer's first batch with NOT_LEADER_OR_FOLLOWER, while it is still applying the
     * topic's creation, appends the next batch in flight and then refuses the first as out of order until it
     * expires: records lost (KAFKA-15591). ListOffsets fails, and the admin client retries it, exactly while
     * a produce would.
     */
    private static void awaitLeaders(Admin admin, List<NewTopic> created) throws ExecutionException, TimeoutException,
            InterruptedException {
        Map<TopicPartition, OffsetSpec> partitions = new HashMap<>();
        for (NewTopic topic : created) {
            for (int p = 0; p < topic.numPartitions(); p++) {
                partitions.put(new TopicPartition(topic.name(), p), OffsetSpec.latest());
            }
        }
        // The admin client retries a leader that does not serve a partition yet, but not a broker that does not
        // know the topic yet: that error is retriable too.
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        ExponentialBackoff backoff = new ExponentialBackoff(20, 2, 1000, 0.2);
        for (int attempt = 0; ; attempt++) {
            try {
                admin.listOffsets(partitions).all().get(60, TimeUnit.SECONDS);
                return;
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof RetriableException) || System.nanoTime() > deadline) {
                    throw e;
                }
                Thread.sleep(backoff.backoff(attempt));
            }
        }
    }
}
