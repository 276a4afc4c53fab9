package io.drsmonitor.collector;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.drsmonitor.drs.DrsClient;
import io.drsmonitor.drs.DrsClientConfig;
import io.drsmonitor.drs.DrsClients;
import io.drsmonitor.drs.DrsCredentials;
import io.drsmonitor.model.JobEvent;
import io.drsmonitor.model.JobEventType;
import io.drsmonitor.model.PrecheckPhase;
import io.drsmonitor.model.PrecheckResult;
import io.drsmonitor.model.TrackedJob;
import io.drsmonitor.simulator.DrsSimulator;
import io.drsmonitor.simulator.Fault;
import io.drsmonitor.simulator.JobSpec;
import io.drsmonitor.simulator.Scenario;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Vertx;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The collector's processor without a broker: Kafka Streams' MockProcessorContext, an in-memory
 * store, and the real simulator over loopback. A task closed and revived while a call is in
 * flight polls on (the old answer is dropped, not waited for).
 */
class CollectorProcessorTest {
    private static final Duration TICK = Duration.ofMillis(50);
    private static final CollectorSettings SETTINGS = new CollectorSettings(TICK, Duration.ofMillis(100),
            Duration.ofMillis(400), Duration.ofMinutes(5), Duration.ofMinutes(5), 3, Duration.ofSeconds(1), Duration.ofHours(1));
    private Vertx vertx;
    private DrsSimulator simulator;
    private String project;
    private JobSpec job;
    private MockProcessorContext<Object, Object> context;
    private KeyValueStore<String, TrackedJob> store;
    private CollectorProcessor processor;

    @BeforeEach
    void start() throws Exception {
        vertx = Vertx.vertx();
        simulator = DrsSimulator.start(vertx, DrsSimulator.Settings.local(0, "t", 1), Scenario.empty()).await(10, TimeUnit.SECONDS);
        project = UUID.randomUUID().toString().replace("-", "");
        job = JobSpec.of(project, Scenario.jobId(new Random(), 1), JobSpec.Engine.MYSQL, false).withTimes(1, 3);
        simulator.addJob(job);
        DrsClient client = new DrsClient(vertx, DrsClientConfig.of(URI.create(simulator.baseUrl()))
                .withRequestTimeout(Duration.ofSeconds(5)), DrsCredentials.fixedToken("t"), new SimpleMeterRegistry());
        processor = new CollectorProcessor(DrsClients.single(client), SETTINGS, new CollectorMetrics(new SimpleMeterRegistry()),
                io.drsmonitor.kafka.TopicNames.DEFAULT);
        context = new MockProcessorContext<>();
        store = TrackedJobsTest.store("collector-processor-" + project);
        context.addStateStore(store);
        processor.init(context);
        context.setCurrentSystemTimeMs(System.currentTimeMillis());
    }

    @AfterEach
    void stop() throws Exception {
        vertx.close().await(10, TimeUnit.SECONDS);
    }

    private void requestPrecheck(String eventId) {
        processor.process(new Record<>(project, JobEvent.newBuilder().setEventId(eventId).setProjectId(project)
                .setJobId(job.jobId()).setEventType(JobEventType.PRECHECK_REQUESTED).setOccurredAt(Instant.now()).build(),
                System.currentTimeMillis()));
    }

    @Test
    void aTaskRevivedWhileACallIsInFlightPollsOn() throws Exception {
        requestPrecheck("e1");
        // Hold the first poll's answer, and revive the task while it is in flight.
        simulator.setFault(DrsSimulator.PRECHECK_RESULT, Fault.latency(1_000));
        long arrived = simulator.stats().arrived(DrsSimulator.PRECHECK_RESULT);
        tickUntil(processor, context, () -> simulator.stats().arrived(DrsSimulator.PRECHECK_RESULT) > arrived);
        processor.close();
        processor.init(context);
        simulator.clearFaults();

        tickUntil(processor, context, () -> context.forwarded().stream()
                .anyMatch(f -> f.record().value() instanceof PrecheckResult r && r.getComplete()));
        assertEquals(1, simulator.precheckStarts(job.jobId()), "started once");
        assertTrue(simulator.stats().calls(DrsSimulator.PRECHECK_RESULT) >= 2, "polling went on after the revival");
    }

    @Test
    void aRequestArrivingWhileAStartIsUnsettledGetsItsOwnPrecheckAfterwardsNotASecondStartAtOnce() throws Exception {
        requestPrecheck("first");
        // Tick until the job is STARTING (its mark sent, not yet back), then ask again.
        tickUntil(processor, context, () -> store.get(job.jobId()).getPrecheck() == PrecheckPhase.STARTING, false);
        requestPrecheck("second");
        assertTrue(store.get(job.jobId()).getPrecheckRequestedAgain());
        tickUntil(processor, context, () -> simulator.precheckStarts(job.jobId()) == 2
                && store.get(job.jobId()).getPrecheck() == PrecheckPhase.DONE, true);
        assertEquals(2, simulator.precheckStarts(job.jobId()), "one start per request, one after the other");
    }

    private static void tickUntil(CollectorProcessor processor, MockProcessorContext<Object, Object> context,
                                  java.util.function.BooleanSupplier done) throws InterruptedException {
        tickUntil(processor, context, done, true);
    }

    /**
     * Runs the latest scheduled tick at wall-clock time until {@code done}; answers arrive on Vert.x
     * threads. Start marks the processor sends itself come back as the topic would return them once
     * committed (every punctuation here is "committed").
     */
    private static void tickUntil(CollectorProcessor processor, MockProcessorContext<Object, Object> context,
                                  java.util.function.BooleanSupplier done, boolean commit) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        List<MockProcessorContext.CapturedPunctuator> punctuators = context.scheduledPunctuators();
        int replayed = 0;
        while (!done.getAsBoolean()) {
            List<MockProcessorContext.CapturedForward<? extends Object, ? extends Object>> forwarded = context.forwarded();
            for (; replayed < forwarded.size(); replayed++) {
                MockProcessorContext.CapturedForward<? extends Object, ? extends Object> f = forwarded.get(replayed);
                if (commit && CollectorTopology.START_MARKS_SINK.equals(f.childName().orElse(null))) {
                    processor.process(new Record<>((String) f.record().key(), (JobEvent) f.record().value(),
                            f.record().timestamp(), f.record().headers()));
                }
            }
            assertTrue(System.nanoTime() < deadline, "timed out");
            long now = System.currentTimeMillis();
            context.setCurrentSystemTimeMs(now);
            // The latest tick punctuator (the other one is the retention sweep, every few minutes).
            punctuators.stream().filter(p -> p.getInterval().equals(TICK)).reduce((first, last) -> last).orElseThrow()
                    .getPunctuator().punctuate(now);
            Thread.sleep(20);
        }
    }
}
