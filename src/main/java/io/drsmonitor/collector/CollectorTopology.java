package io.drsmonitor.collector;

import io.drsmonitor.avro.SpecificAvroDeserializer;
import io.drsmonitor.avro.SpecificAvroSerde;
import io.drsmonitor.drs.DrsCalls;
import io.drsmonitor.kafka.TopicNames;
import io.drsmonitor.model.JobEvent;
import io.drsmonitor.model.PrecheckResult;
import io.drsmonitor.model.PrecheckSubmission;
import io.drsmonitor.model.StructProcess;
import io.drsmonitor.model.TrackedJob;
import java.util.Map;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.state.Stores;

/**
 * The collector as a topology: job events are decoded (bad ones to the dead-letter topic),
 * re-keyed by project, and followed by {@link CollectorProcessor}, which publishes submissions,
 * pre-check results and DR initialization snapshots keyed by job id.
 */
public final class CollectorTopology {
    static final String SOURCE = "job-events-source";
    static final String DECODER = "job-event-decoder";
    static final String DLQ_SINK = "job-events-dlq-sink";
    static final String EVENTS_BY_PROJECT_SINK = "events-by-project-sink";
    static final String EVENTS_BY_PROJECT_SOURCE = "events-by-project-source";
    static final String COLLECTOR = "collector";
    static final String JOBS_STORE = "collector-jobs";
    /** Job id to the project that owns it, kept by the decoder (partitioned by job id). */
    static final String JOB_OWNERS_STORE = "collector-job-owners";
    static final String SUBMISSIONS_SINK = "precheck-submissions-sink";
    /** The collector's own marks "this start's STARTING mark is committed", back to itself through the by-project topic. */
    static final String START_MARKS_SINK = "start-marks-sink";
    static final String RESULTS_SINK = "precheck-results-sink";
    static final String STRUCT_SINK = "dr-struct-process-sink";

    private CollectorTopology() {
    }

    /** The collector on {@code names}' topics; {@code serdeConfig} carries the registry settings. */
    public static Topology build(Map<String, Object> serdeConfig, DrsCalls drs, CollectorSettings settings,
                                 CollectorMetrics metrics, TopicNames names) {
        SpecificAvroDeserializer<JobEvent> eventDecoder = new SpecificAvroDeserializer<>(JobEvent.class);
        eventDecoder.configure(serdeConfig, false);
        SpecificAvroSerde<JobEvent> events = SpecificAvroSerde.forValues(JobEvent.class, serdeConfig);
        SpecificAvroSerde<TrackedJob> tracked = SpecificAvroSerde.forValues(TrackedJob.class, serdeConfig);

        Topology topology = new Topology();
        topology.addSource(SOURCE, new ByteArrayDeserializer(), new ByteArrayDeserializer(), names.jobEvents());
        topology.addProcessor(DECODER, () -> new JobEventDecoder(eventDecoder, drs, metrics, settings.retention()), SOURCE);
        topology.addStateStore(Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(JOB_OWNERS_STORE), Serdes.String(),
                Serdes.String()), DECODER);
        topology.addSink(DLQ_SINK, names.jobEventsDlq(), new ByteArraySerializer(), new ByteArraySerializer(), DECODER);
        topology.addSink(EVENTS_BY_PROJECT_SINK, names.jobEventsByProject(), new StringSerializer(),
                events.serializer(), DECODER);
        topology.addSource(EVENTS_BY_PROJECT_SOURCE, new StringDeserializer(), events.deserializer(),
                names.jobEventsByProject());
        topology.addProcessor(COLLECTOR, () -> new CollectorProcessor(drs, settings, metrics, names), EVENTS_BY_PROJECT_SOURCE);
        topology.addStateStore(Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(JOBS_STORE), Serdes.String(), tracked),
                COLLECTOR);
        topology.addSink(START_MARKS_SINK, names.jobEventsByProject(), new StringSerializer(), events.serializer(), COLLECTOR);
        topology.addSink(SUBMISSIONS_SINK, names.precheckSubmissions(), new StringSerializer(),
                SpecificAvroSerde.forValues(PrecheckSubmission.class, serdeConfig).serializer(), COLLECTOR);
        topology.addSink(RESULTS_SINK, names.precheckResults(), new StringSerializer(),
                SpecificAvroSerde.forValues(PrecheckResult.class, serdeConfig).serializer(), COLLECTOR);
        topology.addSink(STRUCT_SINK, names.drStructProcess(), new StringSerializer(),
                SpecificAvroSerde.forValues(StructProcess.class, serdeConfig).serializer(), COLLECTOR);
        return topology;
    }
}
