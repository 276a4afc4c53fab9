package io.drsmonitor.query;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.drsmonitor.query.HostileRequests.Hostile;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * A bounded fuzz of the whole query API over loopback (no broker: the Streams client is never
 * started): about a thousand hostile variants of every route of openapi.json, the internal routes
 * and the dashboard's files. No answer is a 5xx but the 503 of a route that reads the stores; every
 * error is a JSON {@code {"status", "error"}}; no answer is a file but the dashboard's; nothing is
 * logged at WARN or ERROR, no stack trace, and each client fault at most once.
 */
class QueryFuzzTest {
    private static final long SEED = 26;
    private static final int PER_ROUTE = 48;
    private static final Set<String> NOT_JSON_WHEN_OK = Set.of("/metrics", "/openapi.json", "/", "/index.html", "/dashboard.js", "/dashboard.css");

    @TempDir
    static Path state;
    private static LoopbackQueryApi api;
    private static final ListAppender<ILoggingEvent> LOGGED = new ListAppender<>();
    private static final Logger ROOT = (Logger) LoggerFactory.getLogger(Logger.ROOT_LOGGER_NAME);
    private static final Logger FAULTS = (Logger) LoggerFactory.getLogger(FaultLog.class);

    @BeforeAll
    static void start() throws Exception {
        api = new LoopbackQueryApi(state);
        LOGGED.start();
        ROOT.addAppender(LOGGED);
        FAULTS.setLevel(Level.DEBUG); // to see that client faults are logged once each, without stack traces
    }

    @AfterAll
    static void stop() throws Exception {
        ROOT.detachAppender(LOGGED);
        FAULTS.setLevel(null);
        api.close();
    }

    @Test
    void theIssuesRequestsGetJsonClientErrors() {
        record Case(String target, int status) {
        }
        for (Case c : List.of(new Case("/%2e%2e%2f", 400), new Case("/..%2f", 400), new Case("/../../etc/passwd", 400),
                new Case("/%252e%252e%252f", 400), new Case("/%ZZ", 400), new Case("/api/projects/%ZZ/jobs", 400),
                new Case("/api/jobs?limit=%", 400), new Case("/a%00b", 400), new Case("/no-such-page", 404), new Case("/dashboard.js/", 404),
                new Case("/api/projects/p1/precheck", 503))) {
            RawHttp.Answer answer = RawHttp.send(api.port(), "GET", c.target(), "", null);
            assertEquals(c.status(), answer.status(), c.target() + " -> " + answer.body());
            assertError(c.target(), answer);
        }
        RawHttp.Answer page = RawHttp.send(api.port(), "GET", "/", "", null);
        assertEquals(200, page.status());
        assertEquals(resource("/dashboard/index.html"), page.body());
        RawHttp.Answer head = RawHttp.send(api.port(), "HEAD", "/api/info", "", null);
        assertEquals(200, head.status(), "HEAD is a read: answered as GET, without the body");
        RawHttp.Answer tooLong = RawHttp.send(api.port(), "GET", "/" + "a".repeat(70_000), "", null);
        assertEquals(414, tooLong.status(), "over the HTTP decoder's limit");
        assertError("a 70,000-character request line", tooLong);
        assertNoWarningErrorOrStackTrace();
    }

    @Test
    void aThousandHostileRequestsGetNo5xxButNotReadyOnlyJsonErrorsAndNoErrorLog() {
        List<Hostile> requests = HostileRequests.variants(HostileRequests.routes(new JsonObject(OpenApiContract.openApi())), PER_ROUTE, SEED);
        Map<Integer, Integer> perStatus = new TreeMap<>();
        long started = System.nanoTime();
        List<String> wrong = new ArrayList<>();
        for (Hostile request : requests) {
            RawHttp.Answer answer = RawHttp.send(api.port(), request.method(), request.target(), request.headers(), request.body());
            perStatus.merge(answer.status(), 1, Integer::sum);
            String problem = problem(request, answer);
            if (problem != null) {
                wrong.add(request + " -> " + answer.status() + " " + answer.headers() + " " + cut(answer.body()) + ": " + problem);
            }
        }
        long millis = (System.nanoTime() - started) / 1_000_000;
        System.out.printf("query fuzz: %d hostile requests in %d ms, by status: %s%n", requests.size(), millis, perStatus);
        assertEquals(List.of(), wrong, "answers that are a 5xx, not JSON or not an error");
        assertTrue(requests.size() >= 900 && millis < 20_000, requests.size() + " requests in " + millis + " ms");
        assertNoWarningErrorOrStackTrace();
    }

    /** What is wrong with {@code answer} to {@code request}; null when nothing is. */
    private static String problem(Hostile request, RawHttp.Answer answer) {
        int status = answer.status();
        // Not ready: the routes that read the stores (or, for the probes, say whether they can be read) while the client is not running.
        String template = template(request.route());
        boolean mayBeNotReady = template == null ? request.route().startsWith("/api/internal/")
                : OpenApiContract.DESCRIPTION.getJsonObject("paths").getJsonObject(template).getJsonObject("get").getJsonObject("responses")
                .containsKey("503");
        if (status >= 500 && !(status == 503 && mayBeNotReady && answer.header("Retry-After") != null)) {
            return "a 5xx other than a documented 503 (not ready)";
        }
        if (status >= 300 && status < 400) {
            return "a redirect";
        }
        boolean head = request.method().equals("HEAD");
        String path = request.target().split("\\?", 2)[0];
        if (status >= 400 || !NOT_JSON_WHEN_OK.contains(path)) {
            if (!String.valueOf(answer.header("Content-Type")).startsWith("application/json")) {
                return "not JSON";
            }
            if (head) {
                return null;
            }
            try {
                JsonObject body = new JsonObject(answer.body());
                boolean probeNotReady = status == 503 && path.startsWith("/health"); // the probe's state, checked against its schema below
                if (status >= 400 && !probeNotReady
                        && (!Integer.valueOf(status).equals(body.getValue("status")) || !(body.getValue("error") instanceof String))) {
                    return "an error without status and error";
                }
            } catch (DecodeException | ClassCastException e) {
                return "a body that is not a JSON object";
            }
        } else if (!head && !DASHBOARD_OR_DESCRIPTION.get(path).equals(answer.body())) {
            return "not the file asked for";
        }
        return head || !path.equals(request.route()) ? null : undeclared(request.route(), status, answer);
    }

    /** For a route of openapi.json asked as it is (only its parameters or headers hostile): whether its answer is the one declared. */
    private static String undeclared(String route, int status, RawHttp.Answer answer) {
        String template = template(route);
        if (template == null || route.equals("/metrics") && status == 200) {
            return null;
        }
        try {
            OpenApiContract.assertAnswerFits(template, status, new JsonObject(answer.body()));
            return null;
        } catch (AssertionError e) {
            return "not as openapi.json declares it: " + e.getMessage();
        }
    }

    /** The path of openapi.json {@code route} was made from; null for the internal routes and the dashboard's files. */
    private static String template(String route) {
        return OpenApiContract.DESCRIPTION.getJsonObject("paths").fieldNames().stream()
                .filter(t -> HostileRequests.filled(t).equals(route)).findFirst().orElse(null);
    }

    private static final Map<String, String> DASHBOARD_OR_DESCRIPTION = Map.of("/", resource("/dashboard/index.html"),
            "/index.html", resource("/dashboard/index.html"), "/dashboard.js", resource("/dashboard/dashboard.js"),
            "/dashboard.css", resource("/dashboard/dashboard.css"), "/openapi.json", resource("/query/openapi.json"), "/metrics", "# metrics\n");

    private static void assertError(String what, RawHttp.Answer answer) {
        assertTrue(String.valueOf(answer.header("Content-Type")).startsWith("application/json"), what + ": " + answer.headers());
        JsonObject body = new JsonObject(answer.body());
        OpenApiContract.assertFits("Error", body);
        assertEquals(answer.status(), body.getInteger("status"), what);
        assertFalse(body.getString("error").isBlank(), what);
    }

    /** Kafka's own clients, which try the closed port 9 from the start, are not the API: their lines are left out. */
    private static void assertNoWarningErrorOrStackTrace() {
        List<ILoggingEvent> events;
        synchronized (LOGGED) {
            events = new ArrayList<>(LOGGED.list);
        }
        Set<String> faultCauses = new HashSet<>();
        for (ILoggingEvent event : events) {
            if (event.getLoggerName().startsWith("org.apache.kafka")) {
                continue;
            }
            assertFalse(event.getLevel().isGreaterOrEqual(Level.WARN), "logged " + event.getLevel() + ": " + event.getFormattedMessage());
            assertNull(event.getThrowableProxy(), "a stack trace in the log: " + event.getFormattedMessage());
            if (event.getLoggerName().equals(FaultLog.class.getName())) {
                assertNotNull(event.getArgumentArray());
                assertTrue(faultCauses.add(String.valueOf(event.getArgumentArray()[0])), "logged twice: " + event.getFormattedMessage());
            }
        }
    }

    private static String cut(String body) {
        return body.length() > 200 ? body.substring(0, 200) + "..." : body;
    }

    private static String resource(String path) {
        try (InputStream in = QueryFuzzTest.class.getResourceAsStream(path)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
