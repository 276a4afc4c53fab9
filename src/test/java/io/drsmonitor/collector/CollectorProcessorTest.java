package io.drsmonitor.collector;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.drsmonitor.drs.DrsCalls;
import io.drsmonitor.drs.DrsClient;
import io.drsmonitor.drs.DrsErrors;
import io.drsmonitor.drs.JobAnswer;
import io.drsmonitor.drs.JobListPage;
import io.drsmonitor.drs.JobListQuery;
import io.drsmonitor.drs.JobStatusResp;
import io.drsmonitor.drs.PostPreCheckResp;
import io.drsmonitor.drs.PreCheckInfo;
import io.drsmonitor.drs.QueryPreCheckResp;
import io.drsmonitor.drs.StructProcessResp;
import io.drsmonitor.kafka.TopicNames;
import io.drsmonitor.model.JobEvent;
import io.drsmonitor.model.JobEventType;
import io.drsmonitor.model.PrecheckPhase;
import io.drsmonitor.model.PrecheckResult;
import io.drsmonitor.model.TrackedJob;
import io.drsmonitor.simulator.Scenario;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.MockProcessorContext.CapturedForward;
import org.apache.kafka.streams.processor.api.MockProcessorContext.CapturedPunctuator;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The collector's processor without a broker or DRS: Kafka Streams' MockProcessorContext, an
 * in-memory store, and a fake DRS behind {@link DrsCalls} that answers in-process. A task closed and
 * revived while a call is in flight polls on (the old answer is dropped, not waited for).
 */
class CollectorProcessorTest {
    private static final Duration TICK = Duration.ofMillis(50);
    private static final CollectorSettings SETTINGS = new CollectorSettings(TICK, Duration.ofMillis(100),
            Duration.ofMillis(400), Duration.ofMinutes(5), Duration.ofMinutes(5), 3, Duration.ofSeconds(1), Duration.ofHours(1));
    private FakeDrs drs;
    private String project;
    private String jobId;
    private MockProcessorContext<Object, Object> context;
    private KeyValueStore<String, TrackedJob> store;
    private CollectorProcessor processor;

    @BeforeEach
    void start() {
        drs = new FakeDrs();
        project = UUID.randomUUID().toString().replace("-", "");
        jobId = Scenario.jobId(new Random(), 1);
        processor = new CollectorProcessor(drs, SETTINGS, new CollectorMetrics(new SimpleMeterRegistry()), TopicNames.DEFAULT);
        context = new MockProcessorContext<>();
        store = TrackedJobsTest.store("collector-processor-" + project);
        context.addStateStore(store);
        processor.init(context);
        context.setCurrentSystemTimeMs(System.currentTimeMillis());
    }

    private void requestPrecheck(String eventId) {
        processor.process(new Record<>(project, JobEvent.newBuilder().setEventId(eventId).setProjectId(project)
                .setJobId(jobId).setEventType(JobEventType.PRECHECK_REQUESTED).setOccurredAt(Instant.now()).build(),
                System.currentTimeMillis()));
    }

    @Test
    void aTaskRevivedWhileACallIsInFlightPollsOn() throws Exception {
        requestPrecheck("e1");
        // Hold the first poll's answer, and revive the task while it is in flight.
        drs.holdResults();
        int asked = drs.resultCalls();
        tickUntil(processor, context, () -> drs.resultCalls() > asked);
        processor.close();
        processor.init(context);
        drs.releaseResults();

        tickUntil(processor, context, () -> context.forwarded().stream()
                .anyMatch(f -> f.record().value() instanceof PrecheckResult r && r.getComplete()));
        assertEquals(1, drs.precheckStarts(jobId), "started once");
        assertTrue(drs.resultCalls() >= 2, "polling went on after the revival");
    }

    @Test
    void aRequestArrivingWhileAStartIsUnsettledGetsItsOwnPrecheckAfterwardsNotASecondStartAtOnce() throws Exception {
        requestPrecheck("first");
        // Tick until the job is STARTING (its mark sent, not yet back), then ask again.
        tickUntil(processor, context, () -> store.get(jobId).getPrecheck() == PrecheckPhase.STARTING, false);
        requestPrecheck("second");
        assertTrue(store.get(jobId).getPrecheckRequestedAgain());
        tickUntil(processor, context, () -> drs.precheckStarts(jobId) == 2
                && store.get(jobId).getPrecheck() == PrecheckPhase.DONE, true);
        assertEquals(2, drs.precheckStarts(jobId), "one start per request, one after the other");
    }

    @Test
    void aRequestDeliveredAgainAfterOtherEventsStartsNoSecondPrecheck() throws Exception {
        requestPrecheck("discovery/ap:p/j/PRECHECK_REQUESTED");
        tickUntil(processor, context, () -> store.get(jobId).getPrecheck() == PrecheckPhase.DONE);
        // Two discovery owners for a while: the same lifecycle again, in order, after another event.
        processor.process(new Record<>(project, JobEvent.newBuilder().setEventId("discovery/ap:p/j/JOB_CREATED").setProjectId(project)
                .setJobId(jobId).setEventType(JobEventType.JOB_CREATED).setOccurredAt(Instant.now()).build(), System.currentTimeMillis()));
        requestPrecheck("discovery/ap:p/j/PRECHECK_REQUESTED");
        tickUntil(processor, context, () -> store.get(jobId).getPrecheck() == PrecheckPhase.DONE);
        requestPrecheck("a-new-request");
        tickUntil(processor, context, () -> store.get(jobId).getPrecheck() != PrecheckPhase.DONE || drs.precheckStarts(jobId) >= 2);
        tickUntil(processor, context, () -> drs.precheckStarts(jobId) >= 2 && store.get(jobId).getPrecheck() == PrecheckPhase.DONE
                && !store.get(jobId).getPrecheckRequestedAgain());
        assertEquals(2, drs.precheckStarts(jobId), "the first request and the new one, not the one delivered again");
    }

    private static void tickUntil(CollectorProcessor processor, MockProcessorContext<Object, Object> context,
                                  BooleanSupplier done) throws InterruptedException {
        tickUntil(processor, context, done, true);
    }

    /**
     * Runs the latest scheduled tick at wall-clock time until {@code done}; answers are applied on the
     * tick after they arrive, as with real DRS. Start marks the processor sends itself come back as the topic would return them once
     * committed (every punctuation here is "committed").
     */
    private static void tickUntil(CollectorProcessor processor, MockProcessorContext<Object, Object> context,
                                  BooleanSupplier done, boolean commit) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        List<CapturedPunctuator> punctuators = context.scheduledPunctuators();
        int replayed = 0;
        while (!done.getAsBoolean()) {
            List<CapturedForward<? extends Object, ? extends Object>> forwarded = context.forwarded();
            for (; replayed < forwarded.size(); replayed++) {
                CapturedForward<? extends Object, ? extends Object> f = forwarded.get(replayed);
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

    /**
     * DRS as the processor sees it, in-process: every start begins a pre-check (its precheck_id is
     * the job id and the start's number) that reports its final verdict on its second result poll;
     * a result poll for a precheck_id it never gave answers DRS.M00202 ("no such pre-check"). Result
     * answers can be held back, as a slow DRS would.
     */
    private static final class FakeDrs implements DrsCalls {
        private static final int POLLS_TO_VERDICT = 2;
        private final Map<String, AtomicInteger> starts = new ConcurrentHashMap<>();
        /** Result polls answered, by precheck_id. */
        private final Map<String, AtomicInteger> polls = new ConcurrentHashMap<>();
        private final AtomicInteger resultCalls = new AtomicInteger();
        private final List<Runnable> heldResults = new ArrayList<>();
        private boolean holdingResults;

        int precheckStarts(String jobId) {
            AtomicInteger started = starts.get(jobId);
            return started == null ? 0 : started.get();
        }

        int resultCalls() {
            return resultCalls.get();
        }

        /** From now on, result answers wait for {@link #releaseResults}. */
        synchronized void holdResults() {
            holdingResults = true;
        }

        /** Answers the held result calls, and answers the next ones at once. */
        synchronized void releaseResults() {
            holdingResults = false;
            heldResults.forEach(Runnable::run);
            heldResults.clear();
        }

        @Override
        public String regionOf(String jobRegion) {
            return jobRegion == null || jobRegion.isBlank() ? DrsClient.DEFAULT_REGION : jobRegion;
        }

        @Override
        public boolean serves(String region) {
            return true;
        }

        @Override
        public boolean sendsCalls(String region) {
            return true;
        }

        @Override
        public Map<String, String> authProblems() {
            return Map.of();
        }

        @Override
        public Future<JobListPage> listJobs(String region, String projectId, JobListQuery query) {
            return Future.failedFuture(new UnsupportedOperationException("the collector never lists jobs"));
        }

        @Override
        public Future<List<JobAnswer<JobStatusResp>>> batchJobStatus(String region, String projectId, List<String> jobIds, int perCall) {
            return Future.failedFuture(new UnsupportedOperationException("the collector never reads job statuses"));
        }

        @Override
        public Future<List<JobAnswer<PostPreCheckResp>>> batchPrecheck(String region, String projectId, List<PreCheckInfo> jobs) {
            List<JobAnswer<PostPreCheckResp>> answers = new ArrayList<>();
            for (PreCheckInfo job : jobs) {
                int started = starts.computeIfAbsent(job.jobId(), id -> new AtomicInteger()).incrementAndGet();
                String precheckId = job.jobId() + "-" + started;
                polls.put(precheckId, new AtomicInteger());
                answers.add(new JobAnswer<>(job.jobId(),
                        new PostPreCheckResp(job.jobId(), precheckId, PostPreCheckResp.SUCCESS, null, null)));
            }
            return Future.succeededFuture(answers);
        }

        @Override
        public synchronized Future<List<JobAnswer<QueryPreCheckResp>>> batchPrecheckResult(
                String region, String projectId, List<String> jobIds, Function<String, String> precheckIdOf) {
            resultCalls.incrementAndGet();
            List<JobAnswer<QueryPreCheckResp>> answers = jobIds.stream()
                    .map(jobId -> new JobAnswer<>(jobId, result(precheckIdOf.apply(jobId)))).toList();
            if (!holdingResults) {
                return Future.succeededFuture(answers);
            }
            Promise<List<JobAnswer<QueryPreCheckResp>>> held = Promise.promise();
            heldResults.add(() -> held.complete(answers));
            return held.future();
        }

        private QueryPreCheckResp result(String precheckId) {
            AtomicInteger polled = polls.get(precheckId);
            if (polled == null) {
                return new QueryPreCheckResp(precheckId, null, null, null, null, null, List.of(),
                        "The value of precheck_id is invalid.", DrsErrors.PARAMETER_INVALID);
            }
            boolean verdict = polled.incrementAndGet() >= POLLS_TO_VERDICT;
            return new QueryPreCheckResp(precheckId, verdict ? Boolean.TRUE : null, verdict ? "100%" : "50%",
                    verdict ? "100%" : null, null, null, List.of(), null, null);
        }

        @Override
        public Future<List<JobAnswer<StructProcessResp>>> batchStructProcess(String region, String projectId, List<String> jobIds) {
            return Future.failedFuture(new UnsupportedOperationException("these tests follow no DR initialization"));
        }
    }
}
