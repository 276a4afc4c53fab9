package io.drsmonitor.drs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.drsmonitor.simulator.ApigSignatureCheck;
import io.drsmonitor.simulator.DrsSimulator;
import io.drsmonitor.simulator.Fault;
import io.drsmonitor.simulator.Scenario;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import io.drsmonitor.TestSupport;
import io.drsmonitor.simulator.JobSpec;

/** The simulator checks AK/SK signatures as the API gateway does; our client passes, bad requests get the gateway's 401. */
class SimulatorAkSkTest {
    private static final String AK = "AKSIMULATORTEST00001";
    private static final String SK = "sk-simulator-test-abcdefghijklmnopqrstuvwxyz";
    private static final String TOKEN = "a-static-token";
    private static final String PROJECT = Scenario.EXAMPLE_PROJECT;
    private static final String JOB = "140b5236-88ad-43c8-811c-1268453jb101";
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static Vertx vertx;
    private static DrsSimulator simulator;

    @BeforeAll
    static void start() throws Exception {
        vertx = Vertx.vertx();
        simulator = DrsSimulator.start(vertx, DrsSimulator.Settings.local(0, TOKEN, 5)
                .withAkSk(new ApigSignatureCheck.Credentials(AK, SK, null)), Scenario.examples()).await(10, TimeUnit.SECONDS);
    }

    @AfterAll
    static void stop() throws Exception {
        vertx.close().await(10, TimeUnit.SECONDS);
    }

    private static DrsClient client(DrsCredentials credentials) {
        return new DrsClient(vertx, DrsClientConfig.of(URI.create(simulator.baseUrl()))
                .withRetries(3, Duration.ofMillis(10), Duration.ofMillis(50), Duration.ofSeconds(10)), credentials,
                new SimpleMeterRegistry());
    }

    private static Throwable failure(Future<?> call) {
        return TestSupport.failure(call);
    }

    @Test
    void signedCallsPassAndEveryRetryIsSignedAfresh() throws Exception {
        List<String> dates = new ArrayList<>();
        AkSkCredentials signer = new AkSkCredentials(AK, SK, null, Clock.systemUTC());
        DrsCredentials counting = new DrsCredentials() {
            @Override
            public String describe() {
                return signer.describe();
            }

            @Override
            public Future<Map<String, String>> authenticate(OutgoingRequest request) {
                return signer.authenticate(request).onSuccess(headers -> dates.add(headers.get("Authorization")));
            }
        };
        try (DrsClient client = client(counting)) {
            assertTrue(client.batchPrecheck(PROJECT, List.of(JOB), DrsRules.FOR_START_JOB).await(10, TimeUnit.SECONDS)
                    .get(0).result().succeeded());
            simulator.setFault(DrsSimulator.PRECHECK_RESULT, Fault.status(503, 2));
            List<JobAnswer<QueryPreCheckResp>> answers = client.batchPrecheckResult(PROJECT, List.of(JOB)).await(10, TimeUnit.SECONDS);
            assertEquals(JOB, answers.get(0).result().precheckId());
        } finally {
            simulator.clearFaults();
        }
        assertEquals(4, dates.size(), "one start, then a read answered 503, 503, 200: each attempt signed");
    }

    @Test
    void unsignedStaleAndWronglySignedRequestsGetTheGatewaysError() throws Exception {
        long refusedBefore = simulator.stats().refusedRequests();
        HttpResponse<String> unsigned = HTTP.send(HttpRequest.newBuilder(URI.create(simulator.baseUrl() + "/v3/" + PROJECT
                        + "/jobs/batch-precheck-result")).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"jobs\":[\"" + JOB + "\"]}")).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(401, unsigned.statusCode());
        assertTrue(unsigned.headers().firstValue("Content-Type").orElseThrow().startsWith("application/json"));
        JsonObject body = new JsonObject(unsigned.body());
        assertEquals("APIGW.0301", body.getString("error_code"));
        assertTrue(body.getString("error_msg").contains("Authorization not found"), body.encode());
        assertNotNull(body.getString("request_id"));

        Clock twentyMinutesSlow = Clock.offset(Clock.systemUTC(), Duration.ofMinutes(-20));
        try (DrsClient stale = client(new AkSkCredentials(AK, SK, null, twentyMinutesSlow))) {
            DrsApiException e = assertInstanceOf(DrsApiException.class, failure(stale.batchPrecheckResult(PROJECT, List.of(JOB))));
            assertEquals(DrsApiException.Kind.UNAUTHORIZED, e.kind());
            assertTrue(e.errorMsg().contains("X-Sdk-Date"), e.errorMsg());
        }
        try (DrsClient wrong = client(new AkSkCredentials(AK, "not-the-secret-key", null, Clock.systemUTC()))) {
            DrsApiException e = assertInstanceOf(DrsApiException.class, failure(wrong.batchStructProcess(PROJECT, List.of(JOB))));
            assertEquals(DrsApiException.Kind.UNAUTHORIZED, e.kind());
            assertTrue(e.errorMsg().contains("verify aksk signature fail"), e.errorMsg());
            assertTrue(wrong.authProblem().contains("APIGW.0301"));
            assertTrue(!e.getMessage().contains("not-the-secret-key") && !wrong.authProblem().contains("not-the-secret-key"));
        }
        try (DrsClient unknownKey = client(new AkSkCredentials("AKSOMEBODYELSE000001", SK, null, Clock.systemUTC()))) {
            DrsApiException e = assertInstanceOf(DrsApiException.class, failure(unknownKey.batchStructProcess(PROJECT, List.of(JOB))));
            assertTrue(e.errorMsg().contains("access key"), e.errorMsg());
        }
        assertEquals(refusedBefore + 4, simulator.stats().refusedRequests(), "each refusal counted once: no retries of a 401");

        try (DrsClient token = client(DrsCredentials.fixedToken(TOKEN))) {
            assertEquals(JOB, token.batchStructProcess(PROJECT, List.of("0ea5c5a0-e1b5-4421-80a9-7c9ff27jb502", JOB))
                    .await(10, TimeUnit.SECONDS).get(1).jobId(), "static tokens keep working beside AK/SK");
        }
    }

    @Test
    void afterTheHoldBackOneCallProbesWhileTheOthersWait() throws Exception {
        try (DrsClient wrong = new DrsClient(vertx, DrsClientConfig.of(URI.create(simulator.baseUrl()))
                .withAuthRetryInterval(Duration.ofMillis(300)), new AkSkCredentials(AK, "a-wrong-secret-key", null, Clock.systemUTC()),
                new SimpleMeterRegistry())) {
            long before = simulator.stats().refusedRequests();
            failure(wrong.batchPrecheckResult(PROJECT, List.of(JOB)));
            assertEquals(before + 1, simulator.stats().refusedRequests());
            for (int i = 0; i < 3; i++) {
                failure(wrong.batchPrecheckResult(PROJECT, List.of(JOB)));
            }
            assertEquals(before + 1, simulator.stats().refusedRequests(), "held back during the hold-back");
            Thread.sleep(400); // let the 300 ms hold-back pass: the stimulus, not the assertion
            List<Future<?>> together = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                together.add(wrong.batchStructProcess(PROJECT, List.of(JOB)));
            }
            together.forEach(SimulatorAkSkTest::failure);
            assertEquals(before + 2, simulator.stats().refusedRequests(), "one probe reached the gateway, four waited");
        }
    }

    @Test
    void theSimulatorServesRegionsUnderPathPrefixes() throws Exception {
        String regional = "9c1f2e3d-4b5a-4c6d-8e7f-0a1b2c3jb777";
        simulator.addJob(JobSpec.of(PROJECT, regional, JobSpec.Engine.MYSQL, false)
                .withRegion("eu-west-101"));
        AkSkCredentials credentials = new AkSkCredentials(AK, SK, null, Clock.systemUTC());
        try (DrsClient eu = new DrsClient(vertx, DrsClientConfig.of(URI.create(simulator.baseUrl() + "/eu-west-101")), credentials,
                new SimpleMeterRegistry(), "eu-west-101");
             DrsClient ap = new DrsClient(vertx, DrsClientConfig.of(URI.create(simulator.baseUrl() + "/ap-southeast-1")),
                     credentials, new SimpleMeterRegistry(), "ap-southeast-1")) {
            assertTrue(eu.batchPrecheck(PROJECT, List.of(regional), DrsRules.FOR_START_JOB).await(10, TimeUnit.SECONDS)
                    .get(0).result().succeeded());
            assertEquals(DrsErrors.JOB_NOT_FOUND, ap.batchPrecheckResult(PROJECT, List.of(regional)).await(10, TimeUnit.SECONDS)
                    .get(0).result().errorCode(), "a job lives in its own region only");
        }
        assertEquals(1, simulator.stats().callsInRegion(DrsSimulator.PRECHECK, "eu-west-101"));
        assertEquals(1, simulator.stats().callsInRegion(DrsSimulator.PRECHECK_RESULT, "ap-southeast-1"));
    }
}
