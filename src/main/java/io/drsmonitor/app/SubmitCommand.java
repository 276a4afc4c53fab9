package io.drsmonitor.app;

import io.drsmonitor.avro.SpecificAvroSerializer;
import io.drsmonitor.drs.DrsRules;
import io.drsmonitor.model.JobEvent;
import io.drsmonitor.model.JobEventType;
import io.drsmonitor.model.JobType;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code submit}: publish one job event to drs.job-events. */
@Command(name = "submit", mixinStandardHelpOptions = true, description = "Publish a job event (e.g. request a pre-check).")
final class SubmitCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    ClientOptions client;

    @Option(names = "--project", required = true, description = "Project id.")
    String project;

    @Option(names = "--job", required = true, description = "DRS job id (8-4-4-4-12).")
    String job;

    @Option(names = "--type", defaultValue = "PRECHECK_REQUESTED",
            description = "Event type: ${COMPLETION-CANDIDATES} (default ${DEFAULT-VALUE}).")
    JobEventType type;

    @Option(names = "--job-type", description = "Job kind: ${COMPLETION-CANDIDATES}.")
    JobType jobType;

    @Option(names = "--engine", description = "Engine hint, e.g. mysql or mongodb.")
    String engine;

    @Option(names = "--name", description = "The job's name, shown in job rows and on the dashboard.")
    String name;

    @Option(names = "--region", description = "Region id, e.g. ap-southeast-1 (default: drs.region).")
    String region;

    @Option(names = "--retry", description = "Pre-check in forRetryJob mode: a job in its incremental phase after its"
            + " objects were edited, or retried after a failure (default: the collector chooses).")
    boolean retry;

    @Option(names = "--start", description = "Pre-check in forStartJob mode: a job in CONFIGURATION started for the first time.")
    boolean start;

    @Override
    public Integer call() throws Exception {
        if (!DrsRules.isProjectId(project)) {
            throw new ParameterException(spec.commandLine(), "--project: not a valid project id");
        }
        if (!DrsRules.isJobId(job)) {
            throw new ParameterException(spec.commandLine(), "--job: not in the DRS id format (8-4-4-4-12 lower-case letters and digits)");
        }
        if (region != null && !DrsRules.isRegion(region)) {
            throw new ParameterException(spec.commandLine(), "--region: not a Huawei Cloud region id such as ap-southeast-1");
        }
        if (retry && start) {
            throw new ParameterException(spec.commandLine(), "--retry and --start: choose one pre-check mode");
        }
        if ((retry || start) && type != JobEventType.PRECHECK_REQUESTED) {
            throw new ParameterException(spec.commandLine(), "--retry/--start: only for --type PRECHECK_REQUESTED");
        }
        String mode = retry ? DrsRules.FOR_RETRY_JOB : start ? DrsRules.FOR_START_JOB : null;
        AppConfig config = client.config();
        Map<String, Object> kafka = new HashMap<>(ClientOptions.kafka(config));
        kafka.put("acks", "all");
        kafka.put("max.block.ms", 15_000);
        SpecificAvroSerializer<JobEvent> serializer = new SpecificAvroSerializer<>();
        serializer.configure(ClientOptions.serde(config), false);
        JobEvent event = JobEvent.newBuilder().setEventId(UUID.randomUUID().toString()).setProjectId(project).setJobId(job)
                .setEventType(type).setJobType(jobType).setEngineType(engine).setRegion(region)
                .setJobName(name).setPrecheckMode(mode).setOccurredAt(Instant.now()).build();
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(kafka, new ByteArraySerializer(), new ByteArraySerializer())) {
            String topic = config.topicNames().jobEvents();
            RecordMetadata sent = producer.send(new ProducerRecord<>(topic, job.getBytes(StandardCharsets.UTF_8),
                    serializer.serialize(topic, event))).get();
            spec.commandLine().getOut().printf("sent %s%s for job %s (project %s) to %s partition %d offset %d%n",
                    type, mode == null ? "" : " (" + mode + ")", job, project, sent.topic(), sent.partition(), sent.offset());
        }
        return 0;
    }
}
