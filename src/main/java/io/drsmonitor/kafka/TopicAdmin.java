package io.drsmonitor.kafka;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.errors.TopicExistsException;

/** Creates the topics a deployment needs ({@link TopicNames#applicationTopics}), leaving existing ones alone. */
public final class TopicAdmin {
    /** For the whole of {@link #ensure}: listing, creating and waiting for the new partitions' leaders. */
    private static final long PATIENCE_NANOS = TimeUnit.SECONDS.toNanos(60);

    private TopicAdmin() {
    }

    /**
     * Creates the topics that do not exist yet, and returns once each partition of those it created is served
     * by its leader; existing ones (also those another instance creates meanwhile) are left as they are.
     */
    public static void ensure(Admin admin, List<TopicSpec> specs) {
        long deadline = System.nanoTime() + PATIENCE_NANOS;
        List<NewTopic> created = new ArrayList<>();
        try {
            Set<String> existing = admin.listTopics().names().get(left(deadline), TimeUnit.NANOSECONDS);
            List<NewTopic> missing = specs.stream()
                    .filter(spec -> !existing.contains(spec.name()))
                    .map(TopicSpec::toNewTopic)
                    .toList();
            if (missing.isEmpty()) {
                return;
            }
            Map<String, KafkaFuture<Void>> results = admin.createTopics(missing).values();
            for (NewTopic topic : missing) {
                try {
                    results.get(topic.name()).get(left(deadline), TimeUnit.NANOSECONDS);
                    created.add(topic);
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw e;
                    }
                }
            }
        } catch (ExecutionException | TimeoutException e) {
            throw new KafkaException("cannot create topics " + specs.stream().map(TopicSpec::name).toList()
                    + ": " + message(e), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KafkaException("interrupted while creating topics", e);
        }
        awaitLeaders(admin, created, deadline);
    }

    /**
     * Returns once the leader of every partition of {@code created} serves it. A broker before Kafka 4.5 that
     * answers an idempotent producer's first batch with NOT_LEADER_OR_FOLLOWER, while it is still applying the
     * topic's creation, appends the next batch in flight and then refuses the first as out of order until it
     * expires: records lost (KAFKA-15591). ListOffsets fails exactly while a produce would.
     */
    private static void awaitLeaders(Admin admin, List<NewTopic> created, long deadline) {
        Map<TopicPartition, OffsetSpec> partitions = new HashMap<>();
        for (NewTopic topic : created) {
            for (int p = 0; p < topic.numPartitions(); p++) {
                partitions.put(new TopicPartition(topic.name(), p), OffsetSpec.latest());
            }
        }
        if (partitions.isEmpty()) {
            return;
        }
        // The admin client retries a leader that does not serve a partition yet, but not a broker whose metadata
        // does not know the topic yet: that error is retriable too.
        long pauseMillis = 20;
        try {
            while (true) {
                try {
                    admin.listOffsets(partitions).all().get(left(deadline), TimeUnit.NANOSECONDS);
                    return;
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof RetriableException) || left(deadline) <= TimeUnit.MILLISECONDS.toNanos(pauseMillis)) {
                        throw e;
                    }
                    Thread.sleep(pauseMillis);
                    pauseMillis = Math.min(1000, pauseMillis * 2);
                }
            }
        } catch (ExecutionException | TimeoutException e) {
            throw new KafkaException("created topics " + created.stream().map(NewTopic::name).toList()
                    + ", but their partitions' leaders did not serve them in time: " + message(e), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KafkaException("interrupted while waiting for new topics' leaders", e);
        }
    }

    private static long left(long deadline) {
        return Math.max(0, deadline - System.nanoTime());
    }

    private static String message(Exception e) {
        return (e.getCause() == null ? e : e.getCause()).getMessage();
    }
}
