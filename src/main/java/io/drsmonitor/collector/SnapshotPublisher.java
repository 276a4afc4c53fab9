package io.drsmonitor.collector;

import io.drsmonitor.kafka.TopicNames;
import io.drsmonitor.model.PrecheckResult;
import io.drsmonitor.model.PrecheckSubmission;
import io.drsmonitor.model.StructProcess;
import io.drsmonitor.model.TrackedJob;
import java.util.function.UnaryOperator;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

/**
 * Where the collector's records are born: submissions, pre-check results and DR initialization
 * snapshots keyed by job id, each published only when it differs from the job's last one, and the
 * tombstones (null values) that end a job on all three compacted topics.
 */
final class SnapshotPublisher {
    private final ProcessorContext<Object, Object> context;
    private final CollectorMetrics metrics;
    private final TopicNames names;
    /** A job's region as the collector calls it: its own, else the default region. */
    private final UnaryOperator<String> regionOf;

    SnapshotPublisher(ProcessorContext<Object, Object> context, CollectorMetrics metrics, TopicNames names,
                      UnaryOperator<String> regionOf) {
        this.regionOf = regionOf;
        this.context = context;
        this.metrics = metrics;
        this.names = names;
    }

    void submission(PrecheckSubmission submission) {
        send(submission.getJobId(), submission, submission.getSubmittedAt().toEpochMilli(), CollectorTopology.SUBMISSIONS_SINK);
    }

    /** Publishes a snapshot unless it equals the last one published for the job; true when published. */
    boolean result(TrackedJob job, PrecheckResult snapshot) {
        // What the summaries show beside the answer: where the job runs, its kind, the mode this run was started in.
        snapshot.setRegion(regionOf.apply(job.getRegion()));
        snapshot.setJobType(job.getJobType());
        snapshot.setEngineType(job.getEngineType());
        snapshot.setJobName(job.getJobName());
        snapshot.setPrecheckMode(job.getPrecheckMode());
        long fingerprint = Snapshots.fingerprint(snapshot);
        if (job.getPrecheckFingerprint() != null && job.getPrecheckFingerprint() == fingerprint) {
            return false;
        }
        job.setPrecheckFingerprint(fingerprint);
        send(job.getJobId(), snapshot, snapshot.getObservedAt().toEpochMilli(), CollectorTopology.RESULTS_SINK);
        return true;
    }

    boolean struct(TrackedJob job, StructProcess snapshot) {
        snapshot.setRegion(regionOf.apply(job.getRegion()));
        snapshot.setJobType(job.getJobType());
        snapshot.setEngineType(job.getEngineType());
        snapshot.setJobDirection(job.getJobDirection());
        snapshot.setJobName(job.getJobName());
        long fingerprint = Snapshots.fingerprint(snapshot);
        if (job.getDrFingerprint() != null && job.getDrFingerprint() == fingerprint) {
            return false;
        }
        job.setDrFingerprint(fingerprint);
        send(job.getJobId(), snapshot, snapshot.getObservedAt().toEpochMilli(), CollectorTopology.STRUCT_SINK);
        return true;
    }

    /** The job is gone: a null value under its id on each topic, so compaction forgets it and consumers drop it. */
    void tombstones(String jobId, long at) {
        for (String sink : new String[] {CollectorTopology.RESULTS_SINK, CollectorTopology.STRUCT_SINK,
                CollectorTopology.SUBMISSIONS_SINK}) {
            send(jobId, null, at, sink);
        }
    }

    private void send(String jobId, Object value, long timestamp, String sink) {
        context.forward(new Record<Object, Object>(jobId, value, timestamp), sink);
        metrics.published(switch (sink) {
            case CollectorTopology.RESULTS_SINK -> names.precheckResults();
            case CollectorTopology.STRUCT_SINK -> names.drStructProcess();
            default -> names.precheckSubmissions();
        });
    }
}
