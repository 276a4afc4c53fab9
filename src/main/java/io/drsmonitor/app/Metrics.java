package io.drsmonitor.app;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The Prometheus registry of {@code /metrics}: drs-monitor's own meters and the JVM's, plus a small,
 * documented set of Kafka client meters (of ~800 the clients register) whose labels stay the same
 * from one run to the next (Kafka Streams puts a per-run UUID in its client ids).
 */
final class Metrics {
    /** Kafka client meters kept: stream thread throughput and failures, consumer lag, producer sends and errors. */
    static final Set<String> KAFKA_METERS = Set.of(
            "kafka.stream.alive.stream.threads",
            "kafka.stream.failed.stream.threads",
            "kafka.stream.thread.process",
            "kafka.stream.thread.process.rate",
            "kafka.stream.thread.commit",
            "kafka.stream.thread.commit.rate",
            "kafka.consumer.fetch.manager.records.lag.max",
            "kafka.consumer.fetch.manager.records.consumed",
            "kafka.producer.record.send",
            "kafka.producer.record.error",
            "kafka.producer.record.retry");
    private static final Pattern UUID = Pattern.compile("-?[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");

    private Metrics() {
    }

    static PrometheusMeterRegistry registry(String version) {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        registry.config()
                .meterFilter(MeterFilter.deny(id -> id.getName().startsWith("kafka.") && !KAFKA_METERS.contains(kafkaName(id))))
                .meterFilter(MeterFilter.ignoreTags("process.id"))
                .meterFilter(MeterFilter.replaceTagValues("client.id", Metrics::withoutUuid))
                .meterFilter(MeterFilter.replaceTagValues("thread.id", Metrics::withoutUuid));
        Gauge.builder("drs.monitor.build.info", () -> 1).description("drs-monitor's version; always 1")
                .tag("version", version).tag("java", System.getProperty("java.version")).register(registry);
        return registry;
    }

    /** The meter's name without the {@code .total} Micrometer may give function counters. */
    private static String kafkaName(Meter.Id id) {
        return id.getName().endsWith(".total") ? id.getName().substring(0, id.getName().length() - ".total".length()) : id.getName();
    }

    static String withoutUuid(String value) {
        return UUID.matcher(value).replaceAll("");
    }
}
