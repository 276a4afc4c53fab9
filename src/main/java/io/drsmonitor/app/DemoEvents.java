package io.drsmonitor.app;

import io.drsmonitor.avro.SpecificAvroSerializer;
import io.drsmonitor.model.JobEvent;
import io.drsmonitor.model.JobEventType;
import io.drsmonitor.model.JobType;
import io.drsmonitor.simulator.DrsSimulator;
import io.drsmonitor.simulator.JobSpec;
import io.drsmonitor.simulator.Scenario;
import io.vertx.core.Vertx;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import java.util.HashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * In local mode, plays an upstream system: requests a pre-check for every job of the demo
 * scenario and starts DR initializations, then re-checks a random job now and then, so the
 * dashboard keeps moving.
 */
final class DemoEvents implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(DemoEvents.class);

    private final Vertx vertx;
    private final String topic;
    private final KafkaProducer<byte[], byte[]> producer;
    private final SpecificAvroSerializer<JobEvent> serializer = new SpecificAvroSerializer<>();
    private final List<JobSpec> jobs;
    private final DrsSimulator simulator;
    private final Random random = new Random();
    private final List<Long> timers = new CopyOnWriteArrayList<>();

    /** @param topic the job-events topic of the deployment the demo feeds */
    DemoEvents(Vertx vertx, Map<String, Object> kafkaConfig, Map<String, Object> serdeConfig, Scenario scenario,
               DrsSimulator simulator, String topic) {
        this.topic = topic;
        this.simulator = simulator;
        this.vertx = vertx;
        Map<String, Object> config = new HashMap<>(kafkaConfig);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        this.producer = new KafkaProducer<>(config, new ByteArraySerializer(), new ByteArraySerializer());
        serializer.configure(serdeConfig, false);
        this.jobs = scenario.jobs();
    }

    DemoEvents start() {
        for (JobSpec job : jobs) {
            send(job, JobEventType.JOB_CREATED);
            send(job, JobEventType.PRECHECK_REQUESTED);
            if (job.dr()) {
                startAfterPrecheck(job);
            }
        }
        producer.flush();
        LOG.info("Demo: requested pre-checks for {} simulated jobs; DR jobs start after their pre-check; a random job is"
                + " re-checked every 20 s", jobs.size());
        timers.add(vertx.setPeriodic(20_000, id -> vertx.executeBlocking(() -> {
            send(jobs.get(random.nextInt(jobs.size())), JobEventType.PRECHECK_REQUESTED);
            return null;
        })));
        return this;
    }

    /**
     * As an owner would: starts the DR job once its pre-check has run, then says so. From then on DRS
     * takes its re-checks in forRetryJob mode, which the collector now uses.
     */
    private void startAfterPrecheck(JobSpec job) {
        long precheckMillis = (long) (job.precheckSeconds() * 1000) + 3_000;
        timers.add(vertx.setTimer(precheckMillis, id -> {
            if (!simulator.precheckStarted(job.jobId())) {
                startAfterPrecheck(job);
                return;
            }
            vertx.executeBlocking(() -> {
                simulator.setJobStatus(job.jobId(), "INCRE_TRANSFER_STARTED");
                send(job, JobEventType.JOB_STARTED);
                return null;
            });
        }));
    }

    private void send(JobSpec job, JobEventType type) {
        JobEvent event = JobEvent.newBuilder().setEventId(UUID.randomUUID().toString()).setProjectId(job.projectId())
                .setJobId(job.jobId()).setEventType(type).setJobType(job.dr() ? JobType.DR : JobType.MIGRATION)
                .setEngineType(job.engine() == JobSpec.Engine.DDS ? "mongodb" : "mysql").setRegion(job.region() != null ? job.region() : Scenario.DEMO_REGION)
                .setJobName(job.name()).setOccurredAt(Instant.now()).build();
        producer.send(new ProducerRecord<>(topic, job.jobId().getBytes(StandardCharsets.UTF_8),
                serializer.serialize(topic, event)));
    }

    @Override
    public void close() {
        timers.forEach(vertx::cancelTimer);
        producer.close();
    }
}
