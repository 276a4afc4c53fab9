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
        settings = Map.of(AppConfig.KAFKA_BOOTSTRAP, KafkaFixture.bootstrapServers(), AppConfig.REGISTRY_URL, registry.url(),
                AppConfig.QUERY_PORT, String.valueOf(io.drsmonitor.TestSupport.freePort()), AppConfig.SIMULATOR_PORT, String.valueOf(io.drsmonitor.TestSupport.freePort()),
                AppConfig.DATA_DIR, KafkaFixture.tempDir("app-it").toString(), AppConfig.POLL_MIN_MS, "500",
                AppConfig.POLL_MAX_MS, "3000");
        app = Application.start(AppConfig.of(settings));
        base = "http://127.0.0.1:" + app.queryPort();
        // Other tests share the broker: wait for the demo's own projects, DR initializations included
        // (the demo starts a DR job once its pre-check is through).
        java.util.Set<String> demoProjects = Scenario.demo(42).jobs().stream().map(j -> j.projectId()).collect(Collectors.toSet());
        java.util.Set<String> drProjects = Scenario.demo(42).jobs().stream().filter(j -> j.dr()).map(j -> j.projectId())
                .collect(Collectors.toSet());
        io.drsmonitor.TestSupport.awaitTrue("the demo projects have finished pre-checks and started DR", PATIENCE, () -> {
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
        assertEquals(Map.of("kafka", "UP", "schemaRegistry", "UP", "collector", "RUNNING", "summaries", "RUNNING", "drs", "UP"),
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
        assertFalse(java.util.regex.Pattern.compile("\"[^\"]*[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}[^\"]*\"")
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
    void theDashboardShowsProjectsDrillDownAndAlertsInARealBrowser() throws Exception {
        assertTrue(Files.isExecutable(Path.of("/usr/bin/chromium")) && Files.isExecutable(Path.of("/usr/bin/chromedriver")),
                "Debian's chromium and chromium-driver must be installed (.ci/run installs them)");
        ChromeOptions options = new ChromeOptions().setBinary("/usr/bin/chromium").addArguments("--headless=new",
                "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--window-size=1400,1000");
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(Path.of("/usr/bin/chromedriver").toFile())
                .build();
        ChromeDriver browser = new ChromeDriver(service, options);
        try {
            browser.get(base + "/");
            WebDriverWait wait = new WebDriverWait(browser, PATIENCE);
            wait.until(d -> d.findElements(By.cssSelector("#projects tbody tr[data-project]")).size() >= 4);
            assertEquals("UP", browser.findElement(By.id("health")).getText());
            List<WebElement> rows = browser.findElements(By.cssSelector("#projects tbody tr[data-project]"));
            WebElement example = rows.stream().filter(r -> Scenario.EXAMPLE_PROJECT.equals(r.getDomAttribute("data-project")))
                    .findFirst().orElseThrow();
            assertTrue(example.getText().contains("passed"), example.getText());

            String chosen = rows.stream().map(r -> r.getDomAttribute("data-project"))
                    .filter(p -> !Scenario.EXAMPLE_PROJECT.equals(p)).findFirst().orElseThrow();
            browser.findElement(By.cssSelector("#projects tbody tr[data-project='" + chosen + "']")).click();
            wait.until(d -> chosen.equals(d.findElement(By.id("detail-project")).getText()));
            wait.until(d -> d.findElements(By.cssSelector("#directions tbody tr")).size() > 0);
            wait.until(d -> d.findElements(By.cssSelector("#alerts li[data-kind]")).size() > 0);
            String alertText = browser.findElement(By.id("alerts")).getText();
            assertTrue(alertText.contains("CHECK_ITEM") || alertText.contains("PRECHECK_FAILED"), alertText);
            wait.until(d -> d.findElements(By.cssSelector("#history rect")).size() > 0);
            Path shot = Path.of("target", "dashboard.png");
            Files.createDirectories(shot.getParent());
            Files.write(shot, browser.getScreenshotAs(OutputType.BYTES));
        } finally {
            browser.quit();
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
