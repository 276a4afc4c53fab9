package io.drsmonitor.collector;

import io.drsmonitor.drs.DrsCalls;
import io.drsmonitor.kafka.TopicNames;
import io.drsmonitor.model.JobEvent;
import io.drsmonitor.model.PrecheckResult;
import io.drsmonitor.model.PrecheckSubmission;
import io.drsmonitor.model.StructProcess;
import io.drsmonitor.streams.StreamsEnvironment;
import io.drsmonitor.streams.StreamsRunner;
import java.util.Map;
import org.apache.kafka.streams.StreamsConfig;

/** The collector application: {@link CollectorTopology}, run by a {@link StreamsRunner}. */
public final class Collector {
    /** The application id's part: {@code <deployment>-monitor-collector}. */
    public static final String PART = "collector";
    public static final String APPLICATION_ID = TopicNames.DEFAULT.applicationId(PART);

    private Collector() {
    }

    /** The collector of {@code env}, created, not started. */
    public static StreamsRunner create(StreamsEnvironment env, DrsCalls drs, CollectorSettings settings, CollectorMetrics metrics) {
        TopicNames names = env.names();
        return StreamsRunner.create(env, new StreamsRunner.App(PART,
                CollectorTopology.build(env.serde(), drs, settings, metrics, names),
                Map.of(),
                // Its store is rebuilt from the changelog by the next owner: a standby would only poll DRS's answers twice.
                Map.of(StreamsConfig.NUM_STANDBY_REPLICAS_CONFIG, 0),
                Map.of(names.precheckSubmissions(), PrecheckSubmission.getClassSchema(),
                        names.precheckResults(), PrecheckResult.getClassSchema(),
                        names.drStructProcess(), StructProcess.getClassSchema(),
                        names.jobEventsByProject(), JobEvent.getClassSchema()),
                metrics::threadFailure));
    }
}
