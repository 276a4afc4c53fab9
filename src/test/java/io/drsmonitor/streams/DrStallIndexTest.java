package io.drsmonitor.streams;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.drsmonitor.avro.SpecificAvroSerde;
import io.drsmonitor.model.AlertKind;
import io.drsmonitor.model.AlertState;
import io.drsmonitor.model.ObservationOutcome;
import io.drsmonitor.model.StructObjectState;
import io.drsmonitor.model.StructProcess;
import io.drsmonitor.model.StructProcessEntry;
import io.drsmonitor.streams.internals.ObjectStore;
import io.drsmonitor.streams.state.DrJobState;
import io.drsmonitor.streams.state.PrecheckJobState;
import io.drsmonitor.streams.state.SummaryDelta;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.Test;

/**
 * The DR processor's index of initializations watched for stalls lives on the heap: a processor
 * started on a store that already holds jobs (a restart, a task moved to another instance) must
 * rebuild it from the job states, or a job that stops moving before the restart is never judged.
 */
class DrStallIndexTest {
    private static final Instant T0 = Instant.parse("2026-11-24T00:00:00Z");
    private static final Duration STALL_AFTER = Duration.ofMinutes(10);
    private static final Duration CHECK_EVERY = Duration.ofSeconds(10);
    private final Map<String, Object> serde = Map.of("schema.registry.url", "mock://stall-index-" + UUID.randomUUID());
    private final ObjectStore<DrJobState> jobs = ObjectStore.builder(SummaryTopology.DR_JOBS_STORE,
            SpecificAvroSerde.forValues(DrJobState.class, serde)).withLoggingDisabled().build();
    // The other stores the DR processor is connected to: the pre-check states and the job index.
    private final ObjectStore<PrecheckJobState> prechecks = ObjectStore.builder(SummaryTopology.PRECHECK_JOBS_STORE,
            SpecificAvroSerde.forValues(PrecheckJobState.class, serde)).withLoggingDisabled().build();
    private final KeyValueStore<String, String> index = Stores.keyValueStoreBuilder(
                    Stores.inMemoryKeyValueStore(SummaryTopology.JOBS_BY_PROJECT_STORE), Serdes.String(), Serdes.String())
            .withLoggingDisabled().build();
    private final JobProjectsStore projects = JobProjectsStore.builder(SummaryTopology.JOB_PROJECTS_STORE).build();

    @Test
    void aProcessorStartedOnKnownJobsJudgesTheInitializingOnesForStalls() {
        MockProcessorContext<String, SummaryDelta> before = context(T0.plus(Duration.ofMinutes(1)));
        jobs.init(before.getStateStoreContext(), jobs);
        prechecks.init(before.getStateStoreContext(), prechecks);
        index.init(before.getStateStoreContext(), index);
        projects.init(before.getStateStoreContext(), projects);
        DrJobProcessor first = new DrJobProcessor(STALL_AFTER, CHECK_EVERY);
        first.init(before);
        first.process(new Record<>("job-moving", snapshot("job-moving", false), T0.toEpochMilli()));
        first.process(new Record<>("job-done", snapshot("job-done", true), T0.toEpochMilli()));
        first.close();

        // A new processor on the same store, started 20 minutes later: nothing processed since.
        long restartedAt = T0.plus(Duration.ofMinutes(20)).toEpochMilli();
        MockProcessorContext<String, SummaryDelta> after = context(T0.plus(Duration.ofMinutes(20)));
        DrJobProcessor second = new DrJobProcessor(STALL_AFTER, CHECK_EVERY);
        second.init(after);
        MockProcessorContext.CapturedPunctuator stallCheck = after.scheduledPunctuators().get(0);
        long checkAt = restartedAt + 3 * CHECK_EVERY.toMillis();
        after.setCurrentSystemTimeMs(checkAt);
        stallCheck.getPunctuator().punctuate(checkAt);

        List<SummaryDelta> deltas = after.forwarded().stream().<SummaryDelta>map(f -> f.record().value()).toList();
        assertEquals(1, deltas.size(), "one job initializing and not moving for 20 minutes: " + deltas);
        SummaryDelta stalled = deltas.get(0);
        assertEquals("job-moving", stalled.getDrAdded().getJobId());
        assertTrue(stalled.getDrAdded().getStalled());
        assertEquals(1, stalled.getAlerts().size());
        assertEquals(AlertKind.DR_INIT_STALLED, stalled.getAlerts().get(0).getKind());
        assertEquals(AlertState.FIRING, stalled.getAlerts().get(0).getState());
        assertTrue(jobs.get("job-moving").getStalledFiring(), "the stall is written to the job's state");

        after.resetForwards();
        stallCheck.getPunctuator().punctuate(checkAt + CHECK_EVERY.toMillis());
        assertTrue(after.forwarded().isEmpty(), "a stall fires once");
    }

    private MockProcessorContext<String, SummaryDelta> context(Instant now) {
        MockProcessorContext<String, SummaryDelta> context = new MockProcessorContext<>();
        context.addStateStore(jobs);
        context.addStateStore(prechecks);
        context.addStateStore(index);
        context.addStateStore(projects);
        context.setCurrentSystemTimeMs(now.toEpochMilli());
        return context;
    }

    private static StructProcess snapshot(String job, boolean complete) {
        Instant start = T0.minus(Duration.ofMinutes(30));
        return StructProcess.newBuilder().setProjectId("project-1").setJobId(job)
                .setEntries(List.of(StructProcessEntry.newBuilder().setType("table").setStatus(complete ? 2 : 1)
                        .setState(complete ? StructObjectState.COMPLETED : StructObjectState.IN_PROGRESS)
                        .setSrcCount(100L).setDstCount(complete ? 100L : 40L).setStartTime(start).build()))
                .setOutcome(ObservationOutcome.OK).setComplete(complete).setObservedAt(T0).build();
    }
}
