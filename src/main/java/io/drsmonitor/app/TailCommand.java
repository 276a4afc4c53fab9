package io.drsmonitor.app;

import io.drsmonitor.avro.SpecificAvroDeserializer;
import io.drsmonitor.kafka.TopicNames;
import io.drsmonitor.model.CheckAlert;
import io.drsmonitor.model.PrecheckResult;
import io.drsmonitor.model.PrecheckSubmission;
import io.drsmonitor.model.ProjectDrInitSummary;
import io.drsmonitor.model.ProjectPrecheckSummary;
import io.drsmonitor.model.StructObjectState;
import io.drsmonitor.model.StructProcess;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.function.Function;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import io.drsmonitor.avro.RecordJson;
import org.apache.avro.generic.GenericRecord;

/** {@code tail}: follow a result or alert topic, decoded. */
@Command(name = "tail", mixinStandardHelpOptions = true, description = "Follow alerts or results, decoded, as text or JSON.")
final class TailCommand implements Callable<Integer> {
    /** A topic to follow, named for the configured deployment. */
    private record Source(Function<TopicNames, String> topic, Class<? extends SpecificRecord> type, Function<SpecificRecord, String> text) {
    }

    private static final Map<String, Source> SOURCES = Map.of(
            "alerts", new Source(TopicNames::alerts, CheckAlert.class, r -> alert((CheckAlert) r)),
            "results", new Source(TopicNames::precheckResults, PrecheckResult.class, r -> result((PrecheckResult) r)),
            "struct-process", new Source(TopicNames::drStructProcess, StructProcess.class, r -> struct((StructProcess) r)),
            "submissions", new Source(TopicNames::precheckSubmissions, PrecheckSubmission.class, r -> {
                PrecheckSubmission s = (PrecheckSubmission) r;
                return "submitted " + s.getJobId() + " " + s.getStatus() + (s.getErrorCode() == null ? "" : " " + s.getErrorCode());
            }),
            "precheck-summary", new Source(TopicNames::projectPrecheckSummary, ProjectPrecheckSummary.class, r -> {
                ProjectPrecheckSummary s = (ProjectPrecheckSummary) r;
                return "project " + s.getProjectId() + ": " + s.getJobsPassed() + " passed, " + s.getJobsFailed() + " failed, "
                        + s.getJobsInProgress() + " running";
            }),
            "dr-summary", new Source(TopicNames::projectDrInitSummary, ProjectDrInitSummary.class, r -> {
                ProjectDrInitSummary s = (ProjectDrInitSummary) r;
                return "project " + s.getProjectId() + ": DR " + s.getDone() + "/" + s.getDrJobs() + " done, "
                        + s.getFailed() + " failed, " + s.getStalled() + " stalled";
            }));

    @Spec
    CommandSpec spec;

    @Mixin
    ClientOptions client;

    @Option(names = "--topic", defaultValue = "alerts",
            description = "alerts, results, struct-process, submissions, precheck-summary or dr-summary (default ${DEFAULT-VALUE}).")
    String topic;

    @Option(names = "--json", description = "Print each record as JSON.")
    boolean json;

    @Option(names = "--from-beginning", description = "Start at the oldest record instead of new ones.")
    boolean fromBeginning;

    @Option(names = "--max", defaultValue = "0", description = "Stop after this many records (0: follow until Ctrl-C).")
    int max;

    @Option(names = "--project", description = "Only records of this project.")
    String project;

    @Override
    public Integer call() {
        Source source = SOURCES.get(topic);
        if (source == null) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--topic must be one of " + SOURCES.keySet());
        }
        AppConfig config = client.config();
        Map<String, Object> kafka = new HashMap<>(ClientOptions.kafka(config));
        kafka.put("group.id", config.topicNames().applicationId("tail-" + UUID.randomUUID()));
        kafka.put("auto.offset.reset", fromBeginning ? "earliest" : "latest");
        kafka.put("isolation.level", "read_committed");
        kafka.put("enable.auto.commit", false);
        @SuppressWarnings({"unchecked", "rawtypes"})
        SpecificAvroDeserializer<SpecificRecord> values = new SpecificAvroDeserializer(source.type());
        values.configure(ClientOptions.serde(config), false);
        PrintWriter out = spec.commandLine().getOut();
        int seen = 0;
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(kafka, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(source.topic().apply(config.topicNames())));
            while (max == 0 || seen < max) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                    SpecificRecord value = values.decode(record.topic(), record.partition(), record.offset(), record.value());
                    if (value == null || project != null && !project.equals(String.valueOf(value.get(value.getSchema().getField("projectId").pos())))) {
                        continue;
                    }
                    out.println(json ? RecordJson.toJson((GenericRecord) value).encode() : source.text().apply(value));
                    out.flush();
                    if (max > 0 && ++seen >= max) {
                        break;
                    }
                }
            }
        }
        return 0;
    }

    private static String alert(CheckAlert a) {
        return String.format("%s [%s %s] %s job %s: %s%s", a.getRaisedAt(), a.getSeverity(), a.getState(), a.getKind(),
                a.getJobId(), a.getMessage(), a.getDetail() == null ? "" : " (" + a.getDetail() + ")");
    }

    private static String result(PrecheckResult r) {
        if (r.getErrorCode() != null) {
            return String.format("job %s pre-check %s: %s %s", r.getJobId(), r.getOutcome(), r.getErrorCode(), r.getErrorMsg());
        }
        return String.format("job %s pre-check %s%s, %d items, passed rate %s%s", r.getJobId(),
                r.getProcess() == null ? "?" : r.getProcess(), r.getComplete() ? " (final)" : "", r.getItems().size(),
                r.getTotalPassedRate(), r.getComplete() ? ", result " + (Boolean.TRUE.equals(r.getPassed()) ? "PASSED" : "FAILED") : "");
    }

    private static String struct(StructProcess s) {
        if (s.getErrorCode() != null) {
            return String.format("job %s DR init %s: %s %s", s.getJobId(), s.getOutcome(), s.getErrorCode(), s.getErrorMessage());
        }
        long done = s.getEntries().stream().filter(e -> e.getState() == StructObjectState.COMPLETED).count();
        return String.format("job %s DR init %d/%d object types done%s", s.getJobId(), done, s.getEntries().size(),
                s.getComplete() ? " (final)" : "");
    }
}
