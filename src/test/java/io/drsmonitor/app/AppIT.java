package io.drsmonitor.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.drsmonitor.TestSupport;
import io.drsmonitor.kafka.KafkaFixture;
import io.drsmonitor.registry.RegistryHarness;
import io.drsmonitor.simulator.Scenario;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The main job as {@code run} starts it (collector, summaries, query API, dashboard, simulated DRS
 * with demo events), on the test broker, checked through its HTTP API, the CLI and a real browser.
 */
@ExtendWith(KafkaFixture.class)
class AppIT {
    private static final Duration PATIENCE = Duration.ofSeconds(120);
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static Application app;
    private static Map<String, String> settings;
    private static String base;

    @BeforeAll
    static void start() throws Exception {
        RegistryHarness registry = RegistryHarness.shared(KafkaFixture.bootstrapServers());
        settings = Map.of(Settings.KAFKA_BOOTSTRAP, KafkaFixture.bootstrapServers(), Settings.REGISTRY_URL, registry.url(),
                Settings.QUERY_PORT, String.valueOf(TestSupport.freePort()), Settings.SIMULATOR_PORT, String.valueOf(TestSupport.freePort()),
                Settings.DATA_DIR, KafkaFixture.tempDir("app-it").toString(), Settings.POLL_MIN_MS, "500",
                Settings.POLL_MAX_MS, "3000");
        app = Application.start(AppConfig.of(settings));
        base = "http://127.0.0.1:" + app.queryPort();
        // Other tests share the broker: wait for the demo's own projects, DR initializations included
        // (the demo starts a DR job once its pre-check is through).
        Set<String> demoProjects = Scenario.demo(42).jobs().stream().map(j -> j.projectId()).collect(Collectors.toSet());
        Set<String> drProjects = Scenario.demo(42).jobs().stream().filter(j -> j.dr()).map(j -> j.projectId())
                .collect(Collectors.toSet());
        TestSupport.awaitTrue("the demo projects have finished pre-checks and started DR", PATIENCE, () -> {
            JsonObject projects = get("/api/projects");
            return projects != null && projects.getJsonArray("projects").stream().map(p -> (JsonObject) p)
                    .filter(p -> demoProjects.contains(p.getString("projectId")))
                    .filter(p -> p.getJsonObject("precheck") != null && p.getJsonObject("precheck").getInteger("jobsFinished") > 0)
                    .filter(p -> !drProjects.contains(p.getString("projectId")) || p.getJsonObject("drInit") != null)
                    .count() == demoProjects.size();
        });
    }

    @AfterAll
    static void stop() {
        app.close();
    }

    static JsonObject get(String path) {
        try {
            HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(base + path)).build(),
                    HttpResponse.BodyHandlers.ofString());
            return response.statusCode() == 200 ? new JsonObject(response.body()) : null;
        } catch (Exception e) {
            return null;
        }
    }

    private static String cli(String... args) throws Exception {
        return Cli.run(settings, args);
    }

    @Test
    void metricsAndHealthDescribeEveryPart() throws Exception {
        JsonObject health = get("/health");
        assertEquals("UP", health.getString("status"));
        assertEquals(Map.of("kafka", "UP", "schemaRegistry", "UP", "collector", "RUNNING", "summaries", "RUNNING", "alerts", "UP", "drs", "UP"),
                health.getJsonObject("parts").getMap());
        assertEquals(health.getJsonObject("parts"), get("/health/ready").getJsonObject("parts"));
        assertEquals("UP", get("/health/live").getString("status"));
        JsonObject info = get("/api/info");
        assertEquals("simulated", info.getString("drs"));
        String metrics = HTTP.send(HttpRequest.newBuilder(URI.create(base + "/metrics")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        for (String name : List.of("drs_client_attempts_total", "drs_collector_calls_total", "drs_collector_jobs_per_call",
                "drs_collector_jobs_tracked", "drs_collector_snapshots_total", "drs_query_requests_seconds",
                "kafka_stream_thread", "jvm_memory_used_bytes")) {
            assertTrue(metrics.contains(name), "/metrics has " + name);
        }
        // A scrape a Prometheus user can keep: small, every family described, no label that changes per run.
        System.out.printf("/metrics: %,d bytes, %,d series%n", metrics.length(), metrics.lines().filter(l -> !l.startsWith("#")).count());
        assertTrue(metrics.length() < 100_000, "one scrape stays under 100 KB: " + metrics.length());
        assertTrue(metrics.lines().filter(l -> l.startsWith("# HELP ")).allMatch(l -> l.split(" ", 4).length == 4
                && !l.split(" ", 4)[3].isBlank()), "every family has HELP text");
        assertFalse(Pattern.compile("\"[^\"]*[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}[^\"]*\"")
                .matcher(metrics).find(), "no per-run UUID in a label value");
        assertTrue(metrics.contains("drs_monitor_build_info{java=") && metrics.contains("kafka_consumer_fetch_manager_records_lag_max"),
                "build info and consumer lag are there");
        TestSupport.awaitTrue("per-project gauges from the summary stores", Duration.ofSeconds(60), () -> {
            String scrape = scrape();
            return scrape.contains("drs_project_precheck_pass_ratio{project=") && scrape.contains("drs_project_dr_jobs{project=");
        });
        String withGauges = scrape();
        for (String name : List.of("drs_client_circuit_open{", "drs_client_last_success_age_seconds{",
                "drs_client_request_duration_seconds_bucket{")) {
            assertTrue(withGauges.contains(name), "/metrics has " + name);
        }
        assertTrue(withGauges.lines().filter(l -> l.startsWith("drs_project_precheck_pass_ratio{"))
                .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).allMatch(v -> v >= 0 && v <= 1),
                "pass ratios are 0 to 1");
        // Local mode signs with AK/SK and follows the demo's two regions, each at its own simulated endpoint.
        for (String region : List.of(Scenario.DEMO_REGION, Scenario.DEMO_SECOND_REGION)) {
            assertTrue(metrics.lines().anyMatch(l -> l.startsWith("drs_client_attempts_total") && l.contains("outcome=\"success\"")
                    && l.contains("region=\"" + region + "\"")), "successful signed calls in " + region);
        }
    }

    @Test
    void theCliSubmitsTailsAndQueries() throws Exception {
        String project = Scenario.EXAMPLE_PROJECT;
        String job = "140b5236-88ad-43c8-811c-1268453jb101";
        String sent = cli("submit", "--project", project, "--job", job, "--type", "PRECHECK_REQUESTED", "--engine", "mysql");
        assertTrue(sent.startsWith("sent PRECHECK_REQUESTED for job " + job), sent);
        String tailed = cli("tail", "--topic", "results", "--from-beginning", "--project", project, "--max", "3");
        assertEquals(3, tailed.lines().count(), tailed);
        assertTrue(tailed.lines().allMatch(l -> l.startsWith("job ") && l.contains("pre-check")), tailed);
        String json = cli("tail", "--topic", "alerts", "--from-beginning", "--max", "1", "--json");
        assertTrue(new JsonObject(json.trim()).containsKey("alertId"), json);
        String summary = cli("query", "--project", project);
        assertTrue(summary.contains("Project " + project), summary);
        assertTrue(summary.contains("pre-checks:") && summary.contains("DR initialization:"), summary);
        JsonObject raw = new JsonObject(cli("query", "--project", project, "--json"));
        assertEquals(project, raw.getJsonObject("precheck").getString("projectId"));
    }

    @Test
    void theDashboardShowsProjectsJobsAndAlertsInARealBrowserWideAndNarrow() throws Exception {
        assertTrue(Files.isExecutable(Path.of("/usr/bin/chromium")) && Files.isExecutable(Path.of("/usr/bin/chromedriver")),
                "Debian's chromium and chromium-driver must be installed (.ci/run installs them)");
        TestSupport.awaitTrue("a firing CHECK_ITEM_FAILED alert", PATIENCE, () -> itemAlert() != null);
        JsonObject alert = itemAlert();
        String project = alert.getString("projectId");
        String job = alert.getString("jobId");
        for (int width : new int[] {1600, 390}) {
            ChromeOptions options = new ChromeOptions().setBinary("/usr/bin/chromium").addArguments("--headless=new",
                    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                    "--disable-component-update", "--disable-sync", "--window-size=" + width + ",1000");
            ChromeDriverService service = new ChromeDriverService.Builder()
                    .usingDriverExecutable(Path.of("/usr/bin/chromedriver").toFile()).build();
            ChromeDriver browser = new ChromeDriver(service, options);
            try {
                browser.get(base + "/");
                WebDriverWait wait = new WebDriverWait(browser, PATIENCE);
                wait.until(d -> d.findElements(By.cssSelector("#projects tbody tr[data-project]")).size() >= 4);
                assertEquals("UP", browser.findElement(By.id("health")).getText());
                WebElement example = browser.findElement(By.cssSelector("#projects tbody tr[data-project='" + Scenario.EXAMPLE_PROJECT + "']"));
                assertTrue(example.getText().contains("passed"), example.getText());
                // Pass-rate bars follow the colour scale: green from 90 %, amber from 70 %, red below.
                for (WebElement bar : browser.findElements(By.cssSelector("#projects .bar[data-ratio]:not(.dr)"))) {
                    double ratio = Double.parseDouble(bar.getDomAttribute("data-ratio"));
                    String expected = ratio >= 0.9 ? "good" : ratio >= 0.7 ? "warn" : "bad";
                    assertTrue(bar.getDomAttribute("class").contains(expected), ratio + " is " + expected + ": " + bar.getDomAttribute("class"));
                }

                // A project's own URL: its detail, its alerts only, the hourly chart with a time axis.
                browser.findElement(By.cssSelector("#projects tbody tr[data-project='" + project + "']")).click();
                wait.until(d -> project.equals(d.findElement(By.id("detail-project")).getText()));
                assertEquals(base + "/#/projects/" + project, browser.getCurrentUrl());
                wait.until(d -> d.findElements(By.cssSelector("#directions tbody tr")).size() > 0);
                wait.until(d -> d.findElements(By.cssSelector("#alerts li[data-project]")).size() > 0
                        && d.findElements(By.cssSelector("#alerts li[data-project]")).stream()
                        .allMatch(li -> project.equals(li.getDomAttribute("data-project"))));
                wait.until(d -> d.findElements(By.cssSelector("#history text.hour")).size() >= 8);
                assertLaidOut(browser, width);

                // The per-job view, from the alert's link: every FAILED and ALARM item with its reason.
                browser.get(base + "/#/projects/" + project + "/jobs/" + job);
                wait.until(d -> job.equals(d.findElement(By.id("job-id")).getText()));
                wait.until(d -> {
                    JsonObject view = get("/api/jobs/" + job);
                    String table = d.findElement(By.id("job-items")).getText();
                    JsonObject precheck = view == null ? null : view.getJsonObject("precheck");
                    return precheck != null && Stream.concat(precheck.getJsonArray("failedItems").stream(),
                                    precheck.getJsonArray("alarmItems").stream()).map(i -> (JsonObject) i)
                            .allMatch(i -> table.contains(i.getString("item"))
                                    && (i.getString("failedReason") == null || table.contains(i.getString("failedReason"))));
                });
                assertLaidOut(browser, width);
                Path shot = Path.of("target", "dashboard-" + width + ".png");
                Files.createDirectories(shot.getParent());
                Files.write(shot, browser.getScreenshotAs(OutputType.BYTES));
            } finally {
                browser.quit();
            }
        }
    }

    /** The newest firing CHECK_ITEM_FAILED alert of a demo project, or null. */
    private static JsonObject itemAlert() {
        JsonObject alerts = get("/api/alerts?limit=500");
        Set<String> demo = Scenario.demo(42).jobs().stream().map(j -> j.projectId()).collect(Collectors.toSet());
        return alerts == null ? null : alerts.getJsonArray("alerts").stream().map(a -> (JsonObject) a)
                .filter(a -> "CHECK_ITEM_FAILED".equals(a.getString("kind")) && "FIRING".equals(a.getString("state"))
                        && demo.contains(a.getString("projectId")))
                .findFirst().orElse(null);
    }

    /**
     * By element geometry: the page never scrolls sideways, and the alert panel sits beside the
     * projects (wide) or under them (narrow), never over them.
     */
    private static void assertLaidOut(ChromeDriver browser, int width) {
        @SuppressWarnings("unchecked")
        Map<String, Object> g = (Map<String, Object>) browser.executeScript("""
                const o = document.querySelector('#overview').getBoundingClientRect();
                const a = document.querySelector('aside').getBoundingClientRect();
                return {scroll: document.documentElement.scrollWidth, inner: window.innerWidth,
                        oRight: o.right, oBottom: o.bottom, aLeft: a.left, aTop: a.top, aRight: a.right};""");
        double scroll = ((Number) g.get("scroll")).doubleValue();
        double inner = ((Number) g.get("inner")).doubleValue();
        assertTrue(scroll <= inner, "no sideways scrolling at " + width + " px: " + g);
        assertTrue(((Number) g.get("aRight")).doubleValue() <= inner, "the alerts fit the window: " + g);
        if (width >= 1000) {
            assertTrue(((Number) g.get("aLeft")).doubleValue() >= ((Number) g.get("oRight")).doubleValue(), "alerts beside: " + g);
        } else {
            assertTrue(((Number) g.get("aTop")).doubleValue() >= ((Number) g.get("oBottom")).doubleValue(), "alerts below: " + g);
        }
    }

    @Test
    void everyDemoProjectIsListedWithBothSummaries() {
        JsonArray projects = get("/api/projects").getJsonArray("projects");
        long demo = Scenario.demo(42).jobs().stream().map(j -> j.projectId()).distinct().count();
        long listed = Scenario.demo(42).jobs().stream().map(j -> j.projectId()).distinct()
                .filter(p -> projects.stream().anyMatch(o -> ((JsonObject) o).getString("projectId").equals(p))).count();
        assertEquals(demo, listed);
    }

    private static String scrape() {
        try {
            return HTTP.send(HttpRequest.newBuilder(URI.create(base + "/metrics")).build(), HttpResponse.BodyHandlers.ofString()).body();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
