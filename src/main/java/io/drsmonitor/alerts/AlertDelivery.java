package io.drsmonitor.alerts;

import io.drsmonitor.avro.SpecificAvroDeserializer;
import io.drsmonitor.kafka.TopicNames;
import io.drsmonitor.model.AlertSeverity;
import io.drsmonitor.model.CheckAlert;
import io.drsmonitor.query.HealthState;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.apache.kafka.clients.consumer.CooperativeStickyAssignor;

/**
 * Alert delivery: one worker per configured sink (Alertmanager, Slack, webhook), each in its own
 * consumer group {@code drs-monitor-alerts-<sink>} so a sink that is down holds back only itself,
 * plus one that keeps the firing alerts for the {@code drs_alerts_firing} gauge. Any instance may run
 * it; the group shares the partitions of {@code drs.alerts} among the instances.
 */
public final class AlertDelivery implements AutoCloseable {
    /** The consumer groups' prefix in the standard deployment: {@code drs-monitor-alerts-<sink>}. */
    public static final String GROUP_PREFIX = TopicNames.DEFAULT.applicationId("alerts-");
    static final String FIRING = "firing";
    private static final Logger LOG = LoggerFactory.getLogger(AlertDelivery.class);

    private final List<DeliveryWorker> workers = new ArrayList<>();
    private final List<Thread> threads = new ArrayList<>();
    private final Producer<byte[], byte[]> producer;
    private final HttpDelivery http;
    private final TopicNames names;

    /** @param names the deployment's topics and group ids */
    public AlertDelivery(Vertx vertx, Map<String, Object> kafka, Map<String, Object> serde, AlertSettings settings,
                         MeterRegistry metrics, TopicNames names) {
        this(vertx, kafka, serde, settings, metrics, names, Clock.systemUTC());
    }

    AlertDelivery(Vertx vertx, Map<String, Object> kafka, Map<String, Object> serde, AlertSettings settings,
                  MeterRegistry metrics, TopicNames names, Clock clock) {
        this.names = names;
        Map<String, Object> producerConfig = clientConfig(kafka);
        producerConfig.put(ProducerConfig.ACKS_CONFIG, "all");
        producerConfig.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        producerConfig.put(ProducerConfig.CLIENT_ID_CONFIG, names.applicationId("alerts-producer"));
        this.producer = new KafkaProducer<>(producerConfig, new ByteArraySerializer(), new ByteArraySerializer());
        int alerts = producer.partitionsFor(names.alerts()).size();
        int state = producer.partitionsFor(names.alertDeliveryState()).size();
        if (state < alerts) {
            producer.close(Duration.ZERO);
            throw new KafkaException(names.alertDeliveryState() + " has " + state + " partitions, fewer than the " + alerts
                    + " of " + names.alerts() + ": each alerts partition keeps its delivery state in the partition of the same"
                    + " number; add partitions (kafka-topics.sh --alter --topic " + names.alertDeliveryState() + " --partitions "
                    + alerts + ")");
        }
        this.http = new HttpDelivery(vertx, clock);
        List<AlertSink> sinks = new ArrayList<>();
        settings.alertmanager().ifPresent(url -> sinks.add(new AlertmanagerSink(url, settings.dashboard(), settings.resendEvery(), clock)));
        settings.slack().ifPresent(url -> sinks.add(new SlackSink(url, settings.dashboard())));
        settings.webhook().ifPresent(url -> sinks.add(new WebhookSink(url, settings.webhookSecret())));
        for (AlertSink sink : sinks) {
            workers.add(worker(sink.name(), sink, kafka, serde, settings, metrics, clock, "latest"));
        }
        DeliveryWorker firing = worker(FIRING, null, kafka, serde, settings, metrics, clock, "earliest");
        workers.add(firing);
        for (AlertSeverity severity : AlertSeverity.values()) {
            Gauge.builder("drs.alerts.firing", firing.ledger(), ledger -> ledger.firing(severity))
                    .description("Alerts firing now, by severity, in the drs.alerts partitions this instance holds (sum across instances)")
                    .tag("severity", severity.name().toLowerCase(Locale.ROOT)).register(metrics);
        }
        LOG.info("Alert delivery: {}", sinks.isEmpty() ? "no sink configured (alerts stay on " + names.alerts()
                + ", /api/alerts and the dashboard)" : sinks.stream().map(AlertSink::name).collect(Collectors.joining(", "))
                + " (" + settings + ")");
    }

    private DeliveryWorker worker(String name, AlertSink sink, Map<String, Object> kafka, Map<String, Object> serde,
                                  AlertSettings settings, MeterRegistry metrics, Clock clock, String reset) {
        Map<String, Object> config = clientConfig(kafka);
        String group = names.applicationId("alerts-" + name);
        config.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        config.put(ConsumerConfig.CLIENT_ID_CONFIG, group);
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        // A sink configured for the first time starts with alerts raised from then on, not the topic's week of history.
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, reset);
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        // Few records per poll: each may take an HTTP round trip (up to 15 s) before the next poll.
        config.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 10);
        config.put(ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG,
                CooperativeStickyAssignor.class.getName());
        Map<String, Object> readerConfig = clientConfig(kafka);
        readerConfig.put(ConsumerConfig.CLIENT_ID_CONFIG, group + "-ledger");
        readerConfig.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        readerConfig.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        SpecificAvroDeserializer<CheckAlert> decoder = new SpecificAvroDeserializer<>(CheckAlert.class);
        decoder.configure(serde, false);
        DeliveryLedger ledger = new DeliveryLedger(name, sink != null, names.alertDeliveryState(),
                new KafkaConsumer<>(readerConfig, new ByteArrayDeserializer(), new ByteArrayDeserializer()), producer, decoder);
        KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        return new DeliveryWorker(name, sink, http, settings, names, consumer, ledger, producer, decoder,
                sink == null ? null : new DeliveryMetrics(metrics, name), clock);
    }

    private static Map<String, Object> clientConfig(Map<String, Object> kafka) {
        Map<String, Object> config = new HashMap<>(kafka);
        config.keySet().removeIf(key -> key.startsWith("drsmonitor."));
        return config;
    }

    public AlertDelivery start() {
        for (DeliveryWorker worker : workers) {
            Thread thread = new Thread(worker, names.applicationId("alerts-" + worker.name()));
            thread.setDaemon(true);
            thread.start();
            threads.add(thread);
        }
        return this;
    }

    /** For /health: UP once every worker has joined its group, STARTING before, DOWN when one stopped. */
    public HealthState state() {
        for (DeliveryWorker worker : workers) {
            if (worker.failure() != null) {
                return HealthState.down("DOWN: alert delivery to " + worker.name() + " stopped: " + worker.failure());
            }
        }
        List<String> waiting = workers.stream().filter(w -> !w.joined()).map(DeliveryWorker::name).toList();
        return waiting.isEmpty() ? HealthState.up() : HealthState.starting("STARTING (" + String.join(", ", waiting) + ")");
    }

    @Override
    public void close() {
        workers.forEach(DeliveryWorker::stop);
        for (Thread thread : threads) {
            try {
                thread.join(Duration.ofSeconds(15).toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new KafkaException("interrupted while stopping alert delivery", e);
            }
        }
        producer.close(Duration.ofSeconds(5));
        http.close();
    }
}
