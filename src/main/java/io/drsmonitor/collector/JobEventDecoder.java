package io.drsmonitor.collector;

import io.drsmonitor.avro.SchemaRegistryException;
import io.drsmonitor.avro.SpecificAvroDeserializer;
import io.drsmonitor.drs.DrsCalls;
import io.drsmonitor.drs.DrsRules;
import io.drsmonitor.model.JobEvent;
import io.drsmonitor.model.JobEventType;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Decodes and checks raw job events. Good ones go on keyed by project (so one task owns all of a
 * project's jobs and can poll them in one call); bad ones go, as received, to the dead-letter topic
 * with headers saying why and where they came from.
 */
final class JobEventDecoder implements Processor<byte[], byte[], Object, Object> {
    /** Marks an event that only tells the old project's task to let a moved job go. */
    static final String RELEASE_HEADER = "drs.collector.release";

    private final SpecificAvroDeserializer<JobEvent> deserializer;
    private final DrsCalls drs;
    private final CollectorMetrics metrics;
    private ProcessorContext<Object, Object> context;
    /**
     * Job id to the project whose collector task follows it ({@code project@epochMillis} of the last
     * event): a job moved to another project is released there. Entries older than the retention go.
     */
    private KeyValueStore<String, String> owners;
    private final Duration retention;

    JobEventDecoder(SpecificAvroDeserializer<JobEvent> deserializer, DrsCalls drs, CollectorMetrics metrics,
                    Duration retention) {
        this.retention = retention;
        this.deserializer = deserializer;
        this.drs = drs;
        this.metrics = metrics;
    }

    @Override
    public void init(ProcessorContext<Object, Object> context) {
        this.context = context;
        this.owners = context.getStateStore(CollectorTopology.JOB_OWNERS_STORE);
        context.schedule(Duration.ofMinutes(5), PunctuationType.WALL_CLOCK_TIME, this::forgetOldOwners);
    }

    @Override
    public void process(Record<byte[], byte[]> record) {
        RecordMetadata source = context.recordMetadata().orElseThrow();
        JobEvent event;
        try {
            event = deserializer.decode(source.topic(), source.partition(), source.offset(), record.value());
        } catch (SerializationException e) {
            if (SchemaRegistryException.registryUnavailable(e)) {
                // The event is fine; the registry is not. Failing the task reads it again once a new thread
                // takes over, where a dead letter would lose it.
                throw e;
            }
            reject(record, source, DeadLetters.Error.UNDECODABLE, e.getMessage());
            return;
        }
        if (event == null) {
            reject(record, source, DeadLetters.Error.UNDECODABLE, "null value (tombstone) on an event topic");
            return;
        }
        String problem = null;
        DeadLetters.Error error = null;
        if (event.getEventId().isBlank()) {
            error = DeadLetters.Error.MISSING_FIELD;
            problem = "eventId is empty";
        } else if (!DrsRules.isProjectId(event.getProjectId())) {
            error = DeadLetters.Error.INVALID_ID;
            problem = "projectId is not a valid DRS project id";
        } else if (!DrsRules.isJobId(event.getJobId())) {
            error = DeadLetters.Error.INVALID_ID;
            problem = "jobId is not in the DRS id format (8-4-4-4-12 lower-case letters and digits)";
        } else if (record.key() == null || !event.getJobId().equals(new String(record.key(), StandardCharsets.UTF_8))) {
            error = DeadLetters.Error.KEY_MISMATCH;
            problem = "the record key must be the job id";
        } else if (event.getEventType() == JobEventType.UNKNOWN) {
            error = DeadLetters.Error.UNKNOWN_EVENT_TYPE;
            problem = "event type unknown to this version";
        } else if (event.getPrecheckMode() != null && !DrsRules.PRECHECK_MODES.contains(event.getPrecheckMode())) {
            error = DeadLetters.Error.INVALID_FIELD;
            problem = "precheckMode must be one of " + new TreeSet<>(DrsRules.PRECHECK_MODES);
        } else if (event.getRegion() != null && !event.getRegion().isBlank() && !DrsRules.isRegion(event.getRegion())) {
            error = DeadLetters.Error.INVALID_FIELD;
            problem = "region is not a Huawei Cloud region id (like ap-southeast-1)";
        } else if (!ends(event.getEventType()) && !drs.serves(drs.regionOf(event.getRegion()))) {
            error = DeadLetters.Error.NO_REGION_ENDPOINT;
            problem = "no DRS endpoint for region " + drs.regionOf(event.getRegion())
                    + " (not in the region table; set drs.region.endpoints)";
        }
        if (error != null) {
            reject(record, source, error, problem);
            return;
        }
        String owner = owners.get(event.getJobId());
        String previous = owner == null ? null : ownerProject(owner);
        if (previous != null && !previous.equals(event.getProjectId())) {
            // The job moved to another project, so another task may follow it from now on: the old
            // project's task lets it go (silently: the job lives on under the new project).
            Record<Object, Object> release = new Record<>(previous, JobEvent.newBuilder(event).setProjectId(previous).build(),
                    record.timestamp());
            release.headers().add(RELEASE_HEADER, new byte[] {1});
            context.forward(release, CollectorTopology.EVENTS_BY_PROJECT_SINK);
        }
        if (ends(event.getEventType())) {
            owners.delete(event.getJobId());
        } else {
            owners.put(event.getJobId(), event.getProjectId() + "@" + context.currentSystemTimeMs());
        }
        context.forward(new Record<Object, Object>(event.getProjectId(), event, record.timestamp()), CollectorTopology.EVENTS_BY_PROJECT_SINK);
    }

    private void forgetOldOwners(long now) {
        List<String> old = new ArrayList<>();
        try (KeyValueIterator<String, String> all = owners.all()) {
            all.forEachRemaining(kv -> {
                if (ownerSeenAt(kv.value) < now - retention.toMillis()) {
                    old.add(kv.key);
                }
            });
        }
        old.forEach(owners::delete);
    }

    /** The project of an owners entry ({@code project@epochMillis}; a bare project from before the time was kept). */
    private static String ownerProject(String owner) {
        int at = owner.lastIndexOf('@');
        return at < 0 ? owner : owner.substring(0, at);
    }

    /** When an owners entry was last written; 0 when it does not say. */
    private static long ownerSeenAt(String owner) {
        int at = owner.lastIndexOf('@');
        return at < 0 ? 0 : Long.parseLong(owner.substring(at + 1));
    }

    /** Events that end a job are applied whatever its region: they call nothing. */
    private static boolean ends(JobEventType type) {
        return type == JobEventType.JOB_STOPPED || type == JobEventType.JOB_DELETED;
    }

    private void reject(Record<byte[], byte[]> record, RecordMetadata source, DeadLetters.Error error, String reason) {
        Record<Object, Object> dead = new Record<>(record.key(), record.value(), record.timestamp(), record.headers());
        DeadLetters.annotate(dead.headers(), error, reason, source.topic(), source.partition(), source.offset());
        metrics.deadLetter(error);
        context.forward(dead, CollectorTopology.DLQ_SINK);
    }
}
