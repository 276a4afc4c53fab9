package io.drsmonitor.discovery;

import io.drsmonitor.drs.DrsCalls;
import io.drsmonitor.kafka.TopicNames;
import io.vertx.core.Vertx;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.utils.Utils;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Discovery on this instance: which projects it discovers is decided by Kafka. Every instance joins the
 * consumer group {@code <deployment>-monitor-discovery} on {@code drs.discovery.jobs}; a project belongs to
 * one partition of it (murmur2 of {@code region:projectId}, as Kafka's own partitioner), and the instance
 * assigned a partition reads it back from its start (the known jobs of its projects: what was already
 * published), then discovers those projects until the partition is revoked. The consumer runs on a thread
 * of its own; each project's rounds run on Vert.x ({@link ProjectDiscovery}).
 */
public final class Discovery implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Discovery.class);
    private static final Duration POLL = Duration.ofMillis(200);

    private final Vertx vertx;
    private final DrsCalls drs;
    private final DiscoverySettings settings;
    private final DiscoveryMetrics metrics;
    private final DiscoveryPublisher publisher;
    private final String topic;
    private final KafkaConsumer<byte[], byte[]> consumer;
    private final Thread owner;
    private final Map<Integer, List<ProjectRef>> projectsByPartition = new HashMap<>();
    /** Partitions being read back: each project's jobs by id, and where the partition ends. */
    private final Map<TopicPartition, Map<String, Map<String, KnownJob>>> restoring = new HashMap<>();
    private final Map<TopicPartition, Long> restoreEnds = new HashMap<>();
    private final Map<TopicPartition, List<ProjectDiscovery>> running = new HashMap<>();
    private volatile boolean closing;
    /** Why discovery stopped on its own; null while it runs. */
    private volatile String stoppedBy;

    private Discovery(Vertx vertx, DrsCalls drs, DiscoverySettings settings, Map<String, Object> kafka, Map<String, Object> serde,
                      TopicNames names, DiscoveryMetrics metrics) {
        this.vertx = vertx;
        this.drs = drs;
        this.settings = settings;
        this.metrics = metrics;
        this.topic = names.discoveryJobs();
        String group = names.applicationId("discovery");
        this.publisher = new DiscoveryPublisher(vertx, kafka, serde, names.jobEvents(), topic, group, metrics);
        Map<String, Object> config = new HashMap<>(kafka);
        config.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        this.consumer = new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        this.owner = new Thread(this::run, "drs-discovery-owner");
        owner.setDaemon(true);
    }

    /** Joins the discovery group; the projects of the partitions this instance gets are discovered from then on. */
    public static Discovery start(Vertx vertx, DrsCalls drs, DiscoverySettings settings, Map<String, Object> kafka,
                                  Map<String, Object> serde, TopicNames names, DiscoveryMetrics metrics) {
        Discovery discovery = new Discovery(vertx, drs, settings, kafka, serde, names, metrics);
        int partitions = discovery.consumer.partitionsFor(discovery.topic).size();
        if (partitions == 0) {
            discovery.consumer.close();
            throw new IllegalStateException("discovery needs the topic " + discovery.topic + " (compacted), which does not exist:"
                    + " create it, or let drs-monitor create its topics at start");
        }
        for (ProjectRef project : settings.projects()) {
            discovery.projectsByPartition.computeIfAbsent(partitionOf(project, partitions), p -> new ArrayList<>()).add(project);
        }
        discovery.consumer.subscribe(List.of(discovery.topic), discovery.new Ownership());
        discovery.owner.start();
        LOG.info("Discovery: {} projects over {} partitions of {}, shared by the instances of group {}", settings.projects().size(),
                partitions, discovery.topic, names.applicationId("discovery"));
        return discovery;
    }

    /** The partition of {@code drs.discovery.jobs} that owns {@code project}: murmur2 of its key, as Kafka partitions keys. */
    static int partitionOf(ProjectRef project, int partitions) {
        return Utils.toPositive(Utils.murmur2(project.key().getBytes(StandardCharsets.UTF_8))) % partitions;
    }

    private void run() {
        try {
            while (!closing) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(POLL)) {
                    TopicPartition partition = new TopicPartition(record.topic(), record.partition());
                    Map<String, Map<String, KnownJob>> jobs = restoring.get(partition);
                    if (jobs != null && record.key() != null) {
                        readBack(jobs, new String(record.key(), StandardCharsets.UTF_8), record.value());
                    }
                }
                startRestored();
            }
        } catch (WakeupException e) {
            // closing
        } catch (RuntimeException e) {
            stoppedBy = "stopped: its consumer of " + topic + " failed (" + e.getClass().getSimpleName() + ")";
            LOG.error("Discovery stopped: its consumer of {} failed", topic, e);
        } finally {
            stopAll(List.copyOf(running.keySet()));
            consumer.close();
        }
    }

    /** A record of a partition being read back: a job's state under {@code project/job}, or its tombstone. */
    private static void readBack(Map<String, Map<String, KnownJob>> jobs, String key, byte[] value) {
        int slash = key.lastIndexOf('/');
        Map<String, KnownJob> project = jobs.get(key.substring(0, Math.max(0, slash)));
        if (project == null) {
            return; // a project not (or no longer) configured
        }
        String jobId = key.substring(slash + 1);
        if (value == null) {
            project.remove(jobId);
            return;
        }
        try {
            project.put(jobId, KnownJob.fromJson(value));
        } catch (UncheckedIOException unreadable) {
            // Not written by this version's discovery: the job is treated as not yet known (its events carry
            // deterministic ids, so one published again is applied once), and discovery goes on.
            project.remove(jobId);
            LOG.warn("Discovery: skipped an unreadable record for job {} on {}: {}", jobId, key.substring(0, Math.max(0, slash)),
                    unreadable.getCause() == null ? unreadable.getMessage() : unreadable.getCause().getClass().getSimpleName());
        }
    }

    /** Partitions read back to their end start their projects' discovery and are paused: nothing more to read. */
    private void startRestored() {
        for (TopicPartition partition : List.copyOf(restoring.keySet())) {
            if (consumer.position(partition) < restoreEnds.get(partition)) {
                continue;
            }
            Map<String, Map<String, KnownJob>> jobs = restoring.remove(partition);
            restoreEnds.remove(partition);
            consumer.pause(List.of(partition));
            List<ProjectDiscovery> projects = new ArrayList<>();
            for (ProjectRef project : projectsByPartition.getOrDefault(partition.partition(), List.of())) {
                ProjectDiscovery discovery = new ProjectDiscovery(vertx, project, partition.partition(), jobs.get(project.key()), drs,
                        settings, publisher, metrics);
                projects.add(discovery);
                discovery.start();
            }
            running.put(partition, projects);
        }
    }

    private void stopAll(Collection<TopicPartition> partitions) {
        for (TopicPartition partition : partitions) {
            restoring.remove(partition);
            restoreEnds.remove(partition);
            List<ProjectDiscovery> projects = running.remove(partition);
            if (projects != null) {
                projects.forEach(ProjectDiscovery::stop);
            }
        }
    }

    /** Called by the consumer, on its thread, inside poll. */
    private final class Ownership implements ConsumerRebalanceListener {
        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
            List<TopicPartition> owned = partitions.stream().filter(p -> projectsByPartition.containsKey(p.partition())).toList();
            consumer.pause(partitions.stream().filter(p -> !owned.contains(p)).toList());
            if (owned.isEmpty()) {
                return;
            }
            consumer.seekToBeginning(owned);
            restoreEnds.putAll(consumer.endOffsets(owned));
            for (TopicPartition partition : owned) {
                Map<String, Map<String, KnownJob>> jobs = new HashMap<>();
                projectsByPartition.get(partition.partition()).forEach(project -> jobs.put(project.key(), new HashMap<>()));
                restoring.put(partition, jobs);
            }
        }

        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
            stopAll(partitions);
        }

        @Override
        public void onPartitionsLost(Collection<TopicPartition> partitions) {
            stopAll(partitions);
        }
    }

    /** Why discovery stopped on its own (its consumer failed: no project of this instance is discovered any more), or empty while it runs. */
    public Optional<String> stoppedBy() {
        return Optional.ofNullable(stoppedBy);
    }

    /** Leaves the group (another instance takes the projects over) and stops publishing. */
    @Override
    public void close() throws Exception {
        closing = true;
        consumer.wakeup();
        owner.join(Duration.ofSeconds(30).toMillis());
        publisher.close();
    }
}
