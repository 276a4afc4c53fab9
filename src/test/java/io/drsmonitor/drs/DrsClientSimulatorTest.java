package io.drsmonitor.drs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.read.ListAppender;
import io.drsmonitor.simulator.DrsSimulator;
import io.drsmonitor.simulator.Fault;
import io.drsmonitor.simulator.JobSpec;
import io.drsmonitor.simulator.MutableClock;
import io.drsmonitor.simulator.Scenario;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.circuitbreaker.CircuitBreakerState;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import io.drsmonitor.TestSupport;

/** The client against the simulator over real HTTP on loopback. */
class DrsClientSimulatorTest {
    private static final String TOKEN = "s3cr3t-token-value-0123456789";
    private static final String PROJECT = "0a1b2c3d4e5f60718293a4b5c6d7e8f9";
    private static final String OTHER_PROJECT = "ffeeddccbbaa99887766554433221100";

    private Vertx vertx;
    private MutableClock clock;
    private DrsSimulator simulator;
    private SimpleMeterRegistry metrics;
    private final List<String> jobs = new ArrayList<>();

    @BeforeEach
    void start() throws Exception {
        vertx = Vertx.vertx();
        clock = new MutableClock(Instant.parse("2026-11-23T00:00:00Z"));
        simulator = DrsSimulator.start(vertx, new DrsSimulator.Settings("127.0.0.1", 0, TOKEN, 11, Duration.ofMinutes(10), clock, null),
                Scenario.empty()).await(10, TimeUnit.SECONDS);
        Random random = new Random(3);
        for (int i = 0; i < 45; i++) {
            String id = Scenario.jobId(random, i);
            jobs.add(id);
            simulator.addJob(JobSpec.of(PROJECT, id, i % 2 == 0 ? JobSpec.Engine.MYSQL : JobSpec.Engine.DDS, i % 3 == 0)
                    .withChances(0.1, 0.05).withTimes(10, 70));
        }
        metrics = new SimpleMeterRegistry();
    }

    @AfterEach
    void stop() throws Exception {
        vertx.close().await(10, TimeUnit.SECONDS);
    }

    private DrsClient client(DrsClientConfig config) {
        return new DrsClient(vertx, config, DrsCredentials.fixedToken(TOKEN), metrics);
    }

    private DrsClientConfig config() {
        return DrsClientConfig.of(URI.create(simulator.baseUrl()))
                .withRetries(4, Duration.ofMillis(20), Duration.ofMillis(200), Duration.ofSeconds(20));
    }

    private double attempts(String endpoint, DrsClient.Outcome outcome) {
        var counter = metrics.find(DrsClient.ATTEMPTS_METRIC).tag("endpoint", endpoint)
                .tag("outcome", outcome.name().toLowerCase(Locale.ROOT)).counter();
        return counter == null ? 0 : counter.count();
    }

    private static <T> T await(Future<T> future) throws Exception {
        return future.await(30, TimeUnit.SECONDS);
    }

    private static Throwable failure(Future<?> future) {
        return TestSupport.failure(future);
    }

    @Test
    void splitsLargeListsIntoBatchesAndMergesAnswersInRequestOrder() throws Exception {
        try (DrsClient client = client(config().withBatchSize(20))) {
            List<JobAnswer<PostPreCheckResp>> started = await(client.batchPrecheck(PROJECT, jobs, DrsRules.FOR_START_JOB));
            assertEquals(jobs, started.stream().map(JobAnswer::jobId).toList());
            assertTrue(started.stream().allMatch(a -> a.result().succeeded() && a.jobId().equals(a.result().id())));
            assertEquals(5, simulator.stats().calls(DrsSimulator.PRECHECK, PROJECT),
                    "45 starts at most 10 a call (the reference's limit), whatever the batch size");
            assertEquals(45, simulator.stats().jobs(DrsSimulator.PRECHECK));

            List<JobAnswer<QueryPreCheckResp>> running = await(client.batchPrecheckResult(PROJECT, jobs));
            assertTrue(running.stream().noneMatch(a -> a.result().isComplete()));
            assertEquals(3, simulator.stats().calls(DrsSimulator.PRECHECK_RESULT, PROJECT), "45 reads at 20 a call");
            clock.advance(Duration.ofSeconds(5));
            QueryPreCheckResp half = await(client.batchPrecheckResult(PROJECT, jobs.subList(0, 1))).get(0).result();
            assertEquals(50.0, half.processPercent());
            assertEquals(Boolean.FALSE, half.result());
            clock.advance(Duration.ofSeconds(5));
            List<JobAnswer<QueryPreCheckResp>> done = await(client.batchPrecheckResult(PROJECT, jobs));
            assertEquals(jobs, done.stream().map(JobAnswer::jobId).toList());
            assertTrue(done.stream().allMatch(a -> a.result().isComplete()));
            assertTrue(done.stream().anyMatch(a -> Boolean.FALSE.equals(a.result().result())), "some checks fail at 5%");
            for (JobAnswer<QueryPreCheckResp> answer : done) {
                QueryPreCheckResp r = answer.result();
                boolean anyFailed = r.precheckResult().stream().anyMatch(i -> "FAILED".equals(i.result()));
                assertEquals(!anyFailed, r.result(), "result is false exactly when an item FAILED");
                long passing = r.precheckResult().stream().filter(i -> !"FAILED".equals(i.result())).count();
                assertEquals(100.0 * passing / r.precheckResult().size(), r.totalPassedRatePercent(), 0.01);
            }
        }
    }

    @Test
    void drInitializationProgressesObjectTypeByObjectType() throws Exception {
        List<String> drJobs = List.of(jobs.get(0), jobs.get(3));
        try (DrsClient client = client(config())) {
            StructProcessResp first = await(client.batchStructProcess(PROJECT, drJobs)).get(0).result();
            assertTrue(first.structProcess().result().stream().allMatch(o -> o.status() == StructProcessObject.IN_PROGRESS));
            clock.advance(Duration.ofSeconds(35));
            StructProcessResp middle = await(client.batchStructProcess(PROJECT, drJobs)).get(0).result();
            assertTrue(middle.structProcess().result().stream().anyMatch(o -> o.status() == StructProcessObject.COMPLETED));
            assertTrue(middle.structProcess().result().stream().anyMatch(o -> o.status() == StructProcessObject.IN_PROGRESS
                    && o.endTime() == null));
            clock.advance(Duration.ofSeconds(40));
            StructProcessResp done = await(client.batchStructProcess(PROJECT, drJobs)).get(0).result();
            assertTrue(done.structProcess().result().stream().allMatch(o -> o.status() == StructProcessObject.COMPLETED
                    && o.dstCount().equals(o.srcCount()) && o.endTime() != null));

            StructProcessResp notDr = await(client.batchStructProcess(PROJECT, List.of(jobs.get(1), jobs.get(0)))).get(0).result();
            assertEquals(DrsErrors.PARAMETER_INVALID, notDr.errorCode());
            assertTrue(notDr.errorMessage().contains("not a DR task"));
        }
    }

    @Test
    void scriptedDrInitializationsStallOrFail() throws Exception {
        Random random = new Random(5);
        String stalls = Scenario.jobId(random, 1);
        String fails = Scenario.jobId(random, 2);
        simulator.addJob(JobSpec.of(PROJECT, stalls, JobSpec.Engine.MYSQL, true).withTimes(10, 10)
                .withDrScript(JobSpec.DrScript.STALL, 0.5));
        simulator.addJob(JobSpec.of(PROJECT, fails, JobSpec.Engine.MYSQL, true).withTimes(10, 10)
                .withDrScript(JobSpec.DrScript.FAIL, 0.5));
        try (DrsClient client = client(config())) {
            await(client.batchStructProcess(PROJECT, List.of(stalls, fails)));
            clock.advance(Duration.ofMinutes(10));
            List<JobAnswer<StructProcessResp>> later = await(client.batchStructProcess(PROJECT, List.of(stalls, fails)));
            StructProcessResp stalled = later.get(0).result();
            assertNull(stalled.errorCode());
            assertTrue(stalled.structProcess().result().stream().anyMatch(o -> o.status() == StructProcessObject.IN_PROGRESS));
            StructProcessResp failed = later.get(1).result();
            assertEquals("DRS.M03500", failed.errorCode());
            assertTrue(failed.errorMessage().startsWith("DR initialization failed"));
        }
    }

    @Test
    void rulesAreCheckedBeforeAnyHttpCall() throws Exception {
        try (DrsClient client = client(config())) {
            List<Supplier<Future<?>>> bad = List.of(
                    () -> client.batchPrecheckResult(PROJECT, List.of()),
                    () -> client.batchPrecheckResult(PROJECT, List.of(jobs.get(0), jobs.get(0))),
                    () -> client.batchPrecheckResult(PROJECT, List.of("not-a-job-id")),
                    () -> client.batchPrecheckResult(PROJECT, List.of("140B5236-88AD-43C8-811C-1268453JB101")),
                    () -> client.batchPrecheck(PROJECT, List.of(jobs.get(0)), "forStopJob"),
                    () -> client.batchStructProcess("../admin", List.of(jobs.get(0))),
                    () -> client.batchStructProcess("", List.of(jobs.get(0))));
            for (Supplier<Future<?>> call : bad) {
                assertInstanceOf(DrsRequestException.class, failure(call.get()));
            }
        }
        assertEquals(0, simulator.stats().calls(DrsSimulator.PRECHECK) + simulator.stats().calls(DrsSimulator.PRECHECK_RESULT)
                + simulator.stats().calls(DrsSimulator.STRUCT_PROCESS));
    }

    @Test
    void theSimulatorRejectsBadRequestsLikeDrs() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        record Case(String token, String contentType, String body, int status, String code) {
        }
        String url = simulator.baseUrl() + "/v3/" + PROJECT + "/jobs/batch-precheck";
        String good = "{\"jobs\":[{\"job_id\":\"" + jobs.get(0) + "\",\"precheck_mode\":\"forStartJob\"}]}";
        List<Case> cases = List.of(
                new Case(null, "application/json", good, 401, "APIGW.0301"),
                new Case("wrong", "application/json", good, 401, "APIGW.0301"),
                new Case(TOKEN, "application/json", "{\"jobs\":[]}", 400, "DRS.M00201"),
                new Case(TOKEN, "application/json", "{}", 400, "DRS.M00201"),
                new Case(TOKEN, "application/json", "{\"jobs\":[{\"job_id\":\"" + jobs.get(0) + "\",\"precheck_mode\":\"forStartJob\"},"
                        + "{\"job_id\":\"" + jobs.get(0) + "\",\"precheck_mode\":\"forStartJob\"}]}", 400, "DRS.M00202"),
                new Case(TOKEN, "application/json", "{\"jobs\":[{\"job_id\":\"abc\",\"precheck_mode\":\"forStartJob\"}]}", 400, "DRS.M00202"),
                new Case(TOKEN, "application/json", "{\"jobs\":[{\"job_id\":\"" + jobs.get(0) + "\",\"precheck_mode\":\"now\"}]}", 400, "DRS.M00202"),
                new Case(TOKEN, "application/json", "{\"jobs\":[", 400, "DRS.M00202"),
                new Case(TOKEN, "text/plain", good, 400, "DRS.M00202"));
        for (Case c : cases) {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).header("Content-Type", c.contentType())
                    .POST(HttpRequest.BodyPublishers.ofString(c.body()));
            if (c.token() != null) {
                request.header("X-Auth-Token", c.token());
            }
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(c.status(), response.statusCode(), c + " -> " + response.body());
            JsonObject body = new JsonObject(response.body());
            assertEquals(c.code(), body.getString("error_code"), c.toString());
            assertFalse(body.getString("error_msg").isBlank());
        }
    }

    @Test
    void perJobErrorsStayWithTheirJobs() throws Exception {
        String unknown = "00000000-0000-0000-0000-000000000jb0";
        String deleted = jobs.get(5);
        simulator.deleteJob(deleted);
        try (DrsClient client = client(config())) {
            List<JobAnswer<PostPreCheckResp>> mixed = await(client.batchPrecheck(PROJECT,
                    List.of(jobs.get(0), unknown, deleted, jobs.get(1)), DrsRules.FOR_START_JOB));
            assertTrue(mixed.get(0).result().succeeded());
            assertEquals(DrsErrors.JOB_NOT_FOUND, mixed.get(1).result().errorCode());
            assertEquals(PostPreCheckResp.FAILED, mixed.get(1).result().status());
            assertEquals(DrsErrors.JOB_DELETED, mixed.get(2).result().errorCode());
            assertTrue(mixed.get(3).result().succeeded());

            // A job of another project is unknown there; when every job is unknown DRS answers 400 with results.
            List<JobAnswer<QueryPreCheckResp>> allUnknown = await(client.batchPrecheckResult(OTHER_PROJECT, List.of(jobs.get(0), unknown)));
            assertEquals(List.of(DrsErrors.JOB_NOT_FOUND, DrsErrors.JOB_NOT_FOUND),
                    allUnknown.stream().map(a -> a.result().errorCode()).toList());
            assertEquals(List.of(jobs.get(0), unknown), allUnknown.stream().map(JobAnswer::jobId).toList());

            QueryPreCheckResp notStarted = await(client.batchPrecheckResult(PROJECT, List.of(jobs.get(2), jobs.get(0)))).get(0).result();
            assertEquals(DrsErrors.PARAMETER_INVALID, notStarted.errorCode());

            // forStartJob fits CONFIGURATION, forRetryJob the incremental phase or a failure (NOTES.md);
            // another status, or the mode that does not fit, gets a per-job error.
            String running = Scenario.jobId(new Random(8), 7);
            String released = Scenario.jobId(new Random(9), 8);
            simulator.addJob(JobSpec.of(PROJECT, running, JobSpec.Engine.MYSQL, false).withStatus("INCRE_TRANSFER_STARTED"));
            simulator.addJob(JobSpec.of(PROJECT, released, JobSpec.Engine.MYSQL, false).withStatus("RELEASE_RESOURCE_COMPLETE"));
            List<JobAnswer<PostPreCheckResp>> refused = await(client.batchPrecheck(PROJECT, List.of(
                    new PreCheckInfo(running, DrsRules.FOR_START_JOB), new PreCheckInfo(jobs.get(3), DrsRules.FOR_START_JOB),
                    new PreCheckInfo(released, DrsRules.FOR_RETRY_JOB))));
            assertEquals(DrsErrors.PARAMETER_INVALID, refused.get(0).result().errorCode());
            assertTrue(refused.get(0).result().errorMsg().contains("forRetryJob"), refused.get(0).result().errorMsg());
            assertTrue(refused.get(1).result().succeeded());
            assertEquals(DrsErrors.PARAMETER_INVALID, refused.get(2).result().errorCode());
            assertTrue(refused.get(2).result().errorMsg().contains("CONFIGURATION"), refused.get(2).result().errorMsg());
            List<JobAnswer<PostPreCheckResp>> retried = await(client.batchPrecheck(PROJECT, List.of(running), DrsRules.FOR_RETRY_JOB));
            assertTrue(retried.get(0).result().succeeded(), "a running job is re-checked with forRetryJob");
            simulator.setJobStatus(jobs.get(4), "INCRE_TRANSFER_FAILED");
            assertTrue(await(client.batchPrecheck(PROJECT, List.of(jobs.get(4)), DrsRules.FOR_RETRY_JOB)).get(0).result().succeeded(),
                    "a failed job is retried with forRetryJob");
        }
    }

    @Test
    void retriesHonouringRetryAfterAndRecoversFromDroppedMalformedAndSlowAnswers() throws Exception {
        try (DrsClient client = client(config().withRequestTimeout(Duration.ofMillis(500)))) {
            simulator.setFault(DrsSimulator.PRECHECK, Fault.tooManyRequests(1, 2));
            long started = System.nanoTime();
            assertTrue(await(client.batchPrecheck(PROJECT, jobs.subList(0, 3), DrsRules.FOR_START_JOB)).get(0).result().succeeded());
            long waitedMillis = Duration.ofNanos(System.nanoTime() - started).toMillis();
            assertTrue(waitedMillis >= 2000, "two Retry-After: 1 answers mean at least 2 s of waiting, waited " + waitedMillis);
            assertEquals(2, attempts("batch-precheck", DrsClient.Outcome.RETRY));
            assertEquals(1, attempts("batch-precheck", DrsClient.Outcome.SUCCESS));

            for (Fault fault : List.of(Fault.status(500, 2), Fault.status(503, 1), Fault.dropConnection(2),
                    Fault.malformedBody(2), Fault.slowBody(2000, 1))) {
                double retriesBefore = attempts("batch-precheck-result", DrsClient.Outcome.RETRY);
                simulator.setFault(DrsSimulator.PRECHECK_RESULT, fault);
                List<JobAnswer<QueryPreCheckResp>> answers = await(client.batchPrecheckResult(PROJECT, jobs.subList(0, 3)));
                assertEquals(jobs.subList(0, 3), answers.stream().map(JobAnswer::jobId).toList(), fault.toString());
                assertNull(answers.get(0).result().errorCode(), fault.toString());
                assertEquals(fault.remaining(), attempts("batch-precheck-result", DrsClient.Outcome.RETRY) - retriesBefore,
                        "one retry per injected fault: " + fault);
            }
            assertEquals(8, attempts("batch-precheck-result", DrsClient.Outcome.RETRY));
            assertEquals(5, attempts("batch-precheck-result", DrsClient.Outcome.SUCCESS));
        }
    }

    @Test
    void neverRetriesClientErrorsAndGivesUpAtTheDeadline() throws Exception {
        try (DrsClient client = new DrsClient(vertx, config(), DrsCredentials.fixedToken("not-the-token"), metrics)) {
            DrsApiException e = assertInstanceOf(DrsApiException.class, failure(client.batchStructProcess(PROJECT, jobs.subList(0, 1))));
            assertEquals(DrsApiException.Kind.UNAUTHORIZED, e.kind());
            assertEquals(401, e.httpStatus());
            assertEquals("APIGW.0301", e.errorCode());
            assertTrue(client.authProblem().contains("APIGW.0301"), client.authProblem());
            // A fixed token cannot be renewed: the next calls are held back, not sent to be refused again.
            long refused = simulator.stats().refusedRequests();
            DrsApiException held = assertInstanceOf(DrsApiException.class, failure(client.batchPrecheckResult(PROJECT, jobs.subList(0, 1))));
            assertEquals(DrsApiException.Kind.UNAUTHORIZED, held.kind());
            assertTrue(held.errorMsg().startsWith("not sent:"), held.errorMsg());
            assertEquals(refused, simulator.stats().refusedRequests(), "held back without an HTTP request");
        }
        assertEquals(0, attempts("batch-struct-process", DrsClient.Outcome.RETRY), "a fixed token refused is not retried");
        assertEquals(1, attempts("batch-struct-process", DrsClient.Outcome.CLIENT_ERROR), "then given up");
        simulator.setFault(DrsSimulator.STRUCT_PROCESS, Fault.status(500, -1));
        DrsClientConfig shortDeadline = config().withRetries(100, Duration.ofMillis(50), Duration.ofMillis(100), Duration.ofMillis(1500))
                .withCircuit(1000, Duration.ofSeconds(30));
        try (DrsClient client = client(shortDeadline)) {
            DrsApiException e = assertInstanceOf(DrsApiException.class, failure(client.batchStructProcess(PROJECT, jobs.subList(0, 1))));
            assertEquals(DrsApiException.Kind.GAVE_UP, e.kind());
            assertEquals(500, e.httpStatus());
            assertTrue(e.attempts() > 3 && e.attempts() < 100, "attempts until the deadline: " + e.attempts());
            assertEquals(1, attempts("batch-struct-process", DrsClient.Outcome.GIVE_UP));
        }
    }

    @Test
    void theCircuitOpensOnRepeatedFailuresAndClosesAfterRecovery() throws Exception {
        simulator.setFault(DrsSimulator.PRECHECK_RESULT, Fault.status(500, -1));
        DrsClientConfig config = config().withRetries(0, Duration.ofMillis(10), Duration.ofMillis(10), Duration.ofSeconds(5))
                .withCircuit(3, Duration.ofMillis(300));
        try (DrsClient client = client(config)) {
            for (int i = 0; i < 3; i++) {
                assertEquals(DrsApiException.Kind.GAVE_UP,
                        ((DrsApiException) failure(client.batchPrecheckResult(PROJECT, jobs.subList(0, 1)))).kind());
            }
            assertEquals(CircuitBreakerState.OPEN, client.circuitState(DrsEndpoint.BATCH_PRECHECK_RESULT));
            long callsWhenOpened = simulator.stats().calls(DrsSimulator.PRECHECK_RESULT);
            assertEquals(DrsApiException.Kind.CIRCUIT_OPEN,
                    ((DrsApiException) failure(client.batchPrecheckResult(PROJECT, jobs.subList(0, 1)))).kind());
            assertEquals(callsWhenOpened, simulator.stats().calls(DrsSimulator.PRECHECK_RESULT), "an open circuit sends nothing");
            assertEquals(CircuitBreakerState.CLOSED, client.circuitState(DrsEndpoint.BATCH_STRUCT_PROCESS),
                    "circuits are per endpoint");

            simulator.clearFaults();
            // After the reset timeout the breaker lets one trial call through; a success closes it.
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            boolean recovered = false;
            while (!recovered && System.nanoTime() < deadline) {
                Throwable refused = null;
                try {
                    await(client.batchPrecheckResult(PROJECT, jobs.subList(0, 1)));
                    recovered = true;
                } catch (Exception e) {
                    refused = e instanceof ExecutionException ? e.getCause() : e;
                }
                if (refused != null) {
                    assertEquals(DrsApiException.Kind.CIRCUIT_OPEN, ((DrsApiException) refused).kind());
                    await(Future.future(p -> vertx.setTimer(50, id -> p.complete())));
                }
            }
            assertTrue(recovered, "the circuit let calls through again within 10 s of DRS recovering");
            assertEquals(CircuitBreakerState.CLOSED, client.circuitState(DrsEndpoint.BATCH_PRECHECK_RESULT));
            assertTrue(attempts("batch-precheck-result", DrsClient.Outcome.REJECTED) >= 1);
        }
    }

    @Test
    void iamTokensAreExchangedRefreshedBeforeExpiryAndNeverLogged() throws Exception {
        Logger root = (Logger) LoggerFactory.getLogger(Logger.ROOT_LOGGER_NAME);
        ListAppender<ILoggingEvent> logs = new ListAppender<>();
        logs.start();
        root.addAppender(logs);
        Level previous = root.getLevel();
        root.setLevel(Level.DEBUG);
        IamTokenProvider iam = new IamTokenProvider(vertx, new IamTokenProvider.Credentials(URI.create(simulator.baseUrl()),
                "ops", "iam-password-!", "acme", "ap-southeast-1"), Duration.ofMinutes(2), clock);
        List<String> messages = new ArrayList<>();
        try (DrsClient client = new DrsClient(vertx, config().withRetries(1, Duration.ofMillis(10), Duration.ofMillis(10),
                Duration.ofSeconds(5)), iam, metrics)) {
            await(client.batchPrecheck(PROJECT, jobs.subList(0, 2), DrsRules.FOR_START_JOB));
            await(client.batchPrecheckResult(PROJECT, jobs.subList(0, 2)));
            assertEquals(1, iam.exchanges());
            clock.advance(Duration.ofMinutes(7));
            await(client.batchPrecheckResult(PROJECT, jobs.subList(0, 2)));
            assertEquals(1, iam.exchanges(), "still 3 minutes to go: the token is reused");
            clock.advance(Duration.ofMinutes(2));
            await(client.batchPrecheckResult(PROJECT, jobs.subList(0, 2)));
            assertEquals(2, iam.exchanges(), "within 2 minutes of expiry: renewed");

            simulator.setFault(DrsSimulator.PRECHECK_RESULT, Fault.status(500, -1));
            messages.add(failure(client.batchPrecheckResult(PROJECT, jobs.subList(0, 2))).toString());
            simulator.clearFaults();
        } finally {
            root.detachAppender(logs);
            root.setLevel(previous);
        }
        for (ILoggingEvent event : logs.list) {
            messages.add(event.getFormattedMessage());
            if (event.getThrowableProxy() != null) {
                messages.add(ThrowableProxyUtil.asString(event.getThrowableProxy()));
            }
        }
        messages.add(iam.toString());
        assertTrue(logs.list.size() > 0, "the client logged something to check");
        for (String message : messages) {
            assertFalse(message.contains("MIIsim"), "an IAM token leaked: " + message);
            assertFalse(message.contains("iam-password-!"), "the IAM password leaked: " + message);
            assertFalse(message.contains(TOKEN), "the static token leaked: " + message);
        }
    }
}
