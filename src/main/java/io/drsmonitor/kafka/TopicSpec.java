package io.drsmonitor.kafka;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;

/** A topic drs-monitor creates: name, partitions, replication and topic-level settings. */
public record TopicSpec(String name, int partitions, short replicationFactor, Map<String, String> configs) {

    public static TopicSpec compacted(String name, int partitions, short replicationFactor) {
        return new TopicSpec(name, partitions, replicationFactor,
                Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT));
    }

    public static TopicSpec deleted(String name, int partitions, short replicationFactor) {
        return new TopicSpec(name, partitions, replicationFactor,
                Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_DELETE));
    }

    /** The same topic, its records deleted after {@code retention}. */
    public TopicSpec retainedFor(Duration retention) {
        Map<String, String> withRetention = new HashMap<>(configs);
        withRetention.put(TopicConfig.RETENTION_MS_CONFIG, Long.toString(retention.toMillis()));
        return new TopicSpec(name, partitions, replicationFactor, Map.copyOf(withRetention));
    }

    NewTopic toNewTopic() {
        return new NewTopic(name, partitions, replicationFactor).configs(configs);
    }
}
