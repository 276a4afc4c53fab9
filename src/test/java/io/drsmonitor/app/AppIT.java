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
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.NoSuchElementException;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.FluentWait;
import org.openqa.selenium.support.ui.WebDriverWait;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
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
    /** The name {@code projects.names} gives the example project. */
    private static final String EXAMPLE_NAME = "payments";
    private static Application app;
    private static Map<String, String> settings;
    private static String base;

    @BeforeAll
    static void start() throws Exception {
        RegistryHarness registry = RegistryHarness.shared(KafkaFixture.bootstrapServers());
        settings = Map.of(Settings.KAFKA_BOOTSTRAP, KafkaFixture.bootstrapServers(), Settings.REGISTRY_URL, registry.url(),
                Settings.QUERY_PORT, String.valueOf(TestSupport.freePort()), Settings.SIMULATOR_PORT, String.valueOf(TestSupport.freePort()),
                Settings.DATA_DIR, KafkaFixture.tempDir("app-it").toString(), Settings.POLL_MIN_MS, "500",
                Settings.POLL_MAX_MS, "3000", Settings.PROJECT_NAMES, Scenario.EXAMPLE_PROJECT + "=" + EXAMPLE_NAME);
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
        assertEquals(Map.of("kafka", "UP", "schemaRegistry", "UP", "collector", "RUNNING", "summaries", "RUNNING", "fleetView", "RUNNING",
                        "alerts", "UP", "drs", "UP"),
                health.getJsonObject("parts").getMap());
        assertEquals(new JsonObject().put("status", "UP").put("detail", "UP"), get("/health/ready"), "the stores can be served");
        assertEquals("UP", get("/health/started").getString("status"));
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
            ChromeDriver browser = chromium(width);
            try {
                browser.get(base + "/");
                WebDriverWait wait = new WebDriverWait(browser, PATIENCE);
                wait.until(d -> d.findElements(By.cssSelector("#projects tbody tr[data-project]")).size() >= 4);
                waiting(browser, "health UP and the example project passed").until(d -> "UP".equals(d.findElement(By.id("health")).getText())
                        && d.findElement(By.cssSelector("#projects tbody tr[data-project='" + Scenario.EXAMPLE_PROJECT + "']")).getText().contains("passed"));
                // Pass-rate bars follow the colour scale: green from 90 %, amber from 70 %, red below.
                waiting(browser, "pass-rate bars coloured by their ratio").until(d -> {
                    for (WebElement bar : d.findElements(By.cssSelector("#projects .bar[data-ratio]:not(.dr)"))) {
                        double ratio = Double.parseDouble(bar.getDomAttribute("data-ratio"));
                        if (!bar.getDomAttribute("class").contains(ratio >= 0.9 ? "good" : ratio >= 0.7 ? "warn" : "bad")) {
                            return false;
                        }
                    }
                    return true;
                });

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

    /**
     * The project view's jobs table and the job view's run timeline (issue #22), against the API's own
     * answers fetched here over HTTP: the same jobs, filters by state that narrow the rows and show in
     * the URL, pages through {@code nextCursor} and back, and a row's click to its job's runs and diffs.
     */
    @Test
    void theProjectViewListsItsJobsAndTheJobViewItsRunsWideAndNarrow() throws Exception {
        assertTrue(Files.isExecutable(Path.of("/usr/bin/chromium")) && Files.isExecutable(Path.of("/usr/bin/chromedriver")),
                "Debian's chromium and chromium-driver must be installed (.ci/run installs them)");
        TestSupport.awaitTrue("a firing CHECK_ITEM_FAILED alert", PATIENCE, () -> itemAlert() != null);
        String project = itemAlert().getString("projectId");
        TestSupport.awaitTrue("a job of project " + project + " with a finished pre-check run", PATIENCE,
                () -> jobWithRuns(project) != null);
        for (int width : new int[] {1600, 390}) {
            ChromeDriver browser = chromium(width);
            try {
                // Every job of the project, as many as the API lists, the total shown, each row linking to its job view.
                browser.get(base + "/#/projects/" + project);
                waiting(browser, "the jobs table lists what GET /api/projects/" + project + "/jobs lists").until(d -> {
                    JsonObject all = jobs(project, "");
                    List<JobRow> shown = jobRows(browser);
                    return all != null && shown.size() == all.getInteger("total")
                            && jobIds(shown).equals(jobIds(all)) && browser.findElement(By.id("jobs-total")).getText()
                            .equals(all.getInteger("total") + (all.getInteger("total") == 1 ? " job" : " jobs"));
                });
                assertEquals(9, browser.findElements(By.cssSelector("#jobs-table thead th[scope=col]")).size(), "one header per column");
                for (JobRow row : jobRows(browser)) {
                    assertEquals("#/projects/" + project + "/jobs/" + row.jobId(), row.href(), "each row links to its job view");
                }
                // Pass rates follow the colour scale here too (read in one script: a refresh may redraw the rows).
                @SuppressWarnings("unchecked")
                List<List<Object>> bars = (List<List<Object>>) browser.executeScript("""
                        return [...document.querySelectorAll('#jobs-table .bar[data-ratio]:not(.dr)')]
                          .map(b => [b.getAttribute('data-ratio'), b.getAttribute('class')]);""");
                for (List<Object> bar : bars) {
                    double ratio = Double.parseDouble((String) bar.get(0));
                    String expected = ratio >= 0.9 ? "good" : ratio >= 0.7 ? "warn" : "bad";
                    assertTrue(((String) bar.get(1)).contains(expected), ratio + " is " + expected + ": " + bar.get(1));
                }
                assertLaidOut(browser, width);
                assertJobsFit(browser, width);
                browser.executeScript("document.querySelector('#jobs').scrollIntoView()");
                screenshot(browser, "dashboard-jobs-" + width);

                // A state chip narrows the rows to jobs in that state, and the URL says so; a second chip adds its state.
                String[] filter = Stream.of(new String[] {"failed", "FAILED"}, new String[] {"passed", "PASSED"}, new String[] {"running", "RUNNING"})
                        .filter(f -> jobs(project, "state=" + f[0]) != null && jobs(project, "state=" + f[0]).getInteger("total") > 0)
                        .findFirst().orElse(new String[] {"failed", "FAILED"});
                browser.findElement(By.cssSelector("#state-filters button[data-state='" + filter[0] + "']")).click();
                waiting(browser, "only " + filter[1] + " jobs, as GET .../jobs?state=" + filter[0] + " lists them").until(d -> {
                    JsonObject some = jobs(project, "state=" + filter[0]);
                    List<JobRow> shown = jobRows(browser);
                    return some != null && jobIds(shown).equals(jobIds(some)) && shown.stream().allMatch(r -> filter[1].equals(r.state()));
                });
                assertEquals(base + "/#/projects/" + project + "?state=" + filter[0], browser.getCurrentUrl());
                awaitAttribute(browser, "#state-filters button[data-state='" + filter[0] + "']", "aria-pressed", "true");
                browser.findElement(By.cssSelector("#state-filters button[data-state='alarm']")).click();
                waiting(browser, filter[1] + " jobs and jobs with ALARM items").until(d -> {
                    JsonObject some = jobs(project, "state=" + String.join(",", sortedStates(filter[0], "alarm")));
                    List<JobRow> shown = jobRows(browser);
                    return some != null && jobIds(shown).equals(jobIds(some))
                            && shown.stream().allMatch(r -> filter[1].equals(r.state()) || r.alarmItems() > 0);
                });
                assertEquals(base + "/#/projects/" + project + "?state=" + String.join(",", sortedStates(filter[0], "alarm")),
                        browser.getCurrentUrl());
                browser.findElement(By.cssSelector("#state-filters button[data-state='']")).click();
                waiting(browser, "the URL without a filter").until(d -> (base + "/#/projects/" + project).equals(d.getCurrentUrl()));
                waiting(browser, "every job again").until(d -> {
                    JsonObject all = jobs(project, "");
                    return all != null && jobIds(jobRows(browser)).equals(jobIds(all));
                });

                // Pages of two jobs (sort and page size from the URL): Next follows nextCursor, Previous goes back.
                browser.get(base + "/#/projects/" + project + "?sort=passRate&limit=2");
                int total = jobs(project, "").getInteger("total");
                assertTrue(total > 2, "a demo project has more than two jobs: " + total);
                int page = 1;
                assertPageShown(browser, project, page);
                assertFalse(browser.findElement(By.id("jobs-prev")).isEnabled(), "no page before the first");
                while (browser.findElement(By.id("jobs-next")).isEnabled()) {
                    assertTrue(page <= total, "no more pages than jobs");
                    browser.findElement(By.id("jobs-next")).click();
                    page++;
                    assertPageShown(browser, project, page);
                    assertTrue(browser.findElement(By.id("jobs-prev")).isEnabled(), "a way back from page " + page);
                }
                assertTrue(page >= 2, "more than one page of two jobs: " + page);
                while (page > 1) {
                    browser.findElement(By.id("jobs-prev")).click();
                    page--;
                    assertPageShown(browser, project, page);
                }
                assertFalse(browser.findElement(By.id("jobs-prev")).isEnabled(), "back on the first page");

                // A row's click opens its job view: every run, newest first, with what changed since the run before.
                browser.get(base + "/#/projects/" + project);
                String job = jobWithRuns(project);
                waiting(browser, "a click on the row of job " + job).until(d -> {
                    try {
                        d.findElement(By.cssSelector("#jobs-table tbody tr[data-job='" + job + "']")).click();
                        return true;
                    } catch (NoSuchElementException | StaleElementReferenceException e) {
                        return false;
                    }
                });
                waiting(browser, "the job view's URL").until(d -> (base + "/#/projects/" + project + "/jobs/" + job).equals(d.getCurrentUrl()));
                waiting(browser, "the job view").until(d -> job.equals(d.findElement(By.id("job-id")).getText()));
                waiting(browser, "the run timeline shows GET /api/jobs/" + job + "/runs").until(d -> {
                    JsonObject runs = get("/api/jobs/" + job + "/runs?limit=20");
                    return runs != null && !runs.getJsonArray("runs").isEmpty() && runsShown(browser, runs.getJsonArray("runs"));
                });
                assertLaidOut(browser, width);
                browser.executeScript("document.querySelector('#job-runs').scrollIntoView()");
                screenshot(browser, "dashboard-runs-" + width);
            } finally {
                browser.quit();
            }
        }
    }

    /**
     * The fleet home (issue #23): the totals, one tile per region and the items ranked by jobs affected,
     * as GET /api/fleet and /api/fleet/items answer them; the verdict toggle and a region's tile filter
     * the page and show in the URL; the project list has regions and names; an item's link lists the
     * jobs GET /api/fleet/items/{item} lists, page by page, and a job's link opens its job view.
     */
    @Test
    void theFleetHomeRanksItemsAcrossProjectsAndLinksToTheirJobsWideAndNarrow() throws Exception {
        assertTrue(Files.isExecutable(Path.of("/usr/bin/chromium")) && Files.isExecutable(Path.of("/usr/bin/chromedriver")),
                "Debian's chromium and chromium-driver must be installed (.ci/run installs them)");
        TestSupport.awaitTrue("a FAILED or ALARM item in the fleet ranking", PATIENCE,
                () -> !ranking("FAILED", null).isEmpty() || !ranking("ALARM", null).isEmpty());
        for (int width : new int[] {1600, 390}) {
            ChromeDriver browser = chromium(width);
            try {
                browser.get(base + "/");
                waiting(browser, "the headline totals are GET /api/fleet's").until(d -> {
                    JsonObject fleet = get("/api/fleet");
                    return fleet != null && statsOf(fleet).equals(statsShown(browser));
                });
                waiting(browser, "one tile per region of GET /api/fleet, with its jobs").until(d -> {
                    JsonObject fleet = get("/api/fleet");
                    Map<String, String> tiles = tilesShown(browser);
                    List<String> regions = fleet == null ? List.of() : fleet.getJsonArray("byRegion").stream()
                            .map(r -> text((JsonObject) r, "region", "")).toList();
                    return fleet != null && regions.equals(List.copyOf(tiles.keySet())) && fleet.getJsonArray("byRegion").stream()
                            .map(r -> (JsonObject) r).allMatch(r -> tiles.get(text(r, "region", "")).contains(
                                    plural(r.getJsonObject("precheck").getInteger("jobs"), "job")));
                });
                assertTrue(tilesShown(browser).keySet().containsAll(List.of(Scenario.DEMO_REGION, Scenario.DEMO_SECOND_REGION)),
                        "both demo regions have a tile: " + tilesShown(browser).keySet());
                for (String[] breakdown : new String[][] {{"byEngine", "engine", "#fleet-engines"}, {"byDirection", "direction", "#fleet-directions"}}) {
                    waiting(browser, "a row per " + breakdown[1] + " of GET /api/fleet, with its pre-check jobs").until(d -> {
                        JsonObject fleet = get("/api/fleet");
                        List<List<String>> wanted = fleet == null ? List.of() : fleet.getJsonArray(breakdown[0]).stream().map(o -> (JsonObject) o)
                                .map(b -> List.of(text(b, breakdown[1], "not known"), String.valueOf(b.getJsonObject("precheck").getInteger("jobs"))))
                                .toList();
                        return !wanted.isEmpty() && wanted.equals(firstCells(browser, breakdown[2] + " tbody tr", 2));
                    });
                }
                assertItemsShown(browser, "FAILED", null);
                assertProjectsShown(browser, null);
                assertLaidOut(browser, width);
                screenshot(browser, "dashboard-fleet-" + width);

                // The verdict toggle ranks by ALARM, and the URL says so.
                browser.findElement(By.cssSelector("#verdict-filters button[data-verdict='ALARM']")).click();
                waiting(browser, "the URL with the verdict").until(d -> (base + "/#/?verdict=ALARM").equals(d.getCurrentUrl()));
                assertItemsShown(browser, "ALARM", null);

                // A region's tile filters the ranking and the project list to it; its link can be shared.
                String region = Scenario.DEMO_SECOND_REGION;
                clickWhenThere(browser, "#fleet-regions li[data-region='" + region + "'] a.tile");
                waiting(browser, "the URL with the region").until(d -> (base + "/#/?region=" + region + "&verdict=ALARM").equals(d.getCurrentUrl()));
                awaitAttribute(browser, "#fleet-regions li[data-region='" + region + "'] a", "aria-current", "true");
                assertItemsShown(browser, "ALARM", region);
                assertProjectsShown(browser, region);
                assertLaidOut(browser, width);
                screenshot(browser, "dashboard-fleet-region-" + width);
                clickWhenThere(browser, "#fleet-region a");
                waiting(browser, "every region again").until(d -> (base + "/#/?verdict=ALARM").equals(d.getCurrentUrl()));
                assertProjectsShown(browser, null);

                // An item of a region's ranking lists that region's jobs, as GET /api/fleet/items/{item}?region= does,
                // and one click lists them in every region.
                String regionalVerdict = ranking("ALARM", region).isEmpty() ? "FAILED" : "ALARM";
                if (!ranking(regionalVerdict, region).isEmpty()) {
                    browser.get(base + "/#/?region=" + region + ("ALARM".equals(regionalVerdict) ? "&verdict=ALARM" : ""));
                    // Only the hash changed: the ranking shown is the previous one until the page has asked again.
                    assertItemsShown(browser, regionalVerdict, region);
                    String regionalItem = clickWhenThere(browser, "#fleet-items tbody tr[data-item] td.item a");
                    String regionalLink = base + "/#/fleet/item/" + regionalItem + "?verdict=" + regionalVerdict;
                    waiting(browser, "the URL of item " + regionalItem + " in " + region)
                            .until(d -> (regionalLink + "&region=" + region).equals(d.getCurrentUrl()));
                    waiting(browser, "the jobs of " + regionalItem + " in " + region + " as the API lists them").until(d ->
                            affectedShown(browser, regionalItem, regionalVerdict, region, null, 50)
                                    && affectedRows(browser).stream().allMatch(r -> region.equals(r.region())));
                    if (affectedRows(browser).isEmpty()) {
                        System.out.println("fleet item region filter not exercised: " + regionalItem + " left " + region + " meanwhile");
                    } else {
                        waiting(browser, "the summary names the region").until(d -> d.findElement(By.id("fleet-item-summary")).getText()
                                .contains(" in region " + region + " · every region"));
                        clickWhenThere(browser, "#fleet-item-all-regions");
                        waiting(browser, "the URL of item " + regionalItem + " in every region").until(d -> regionalLink.equals(d.getCurrentUrl()));
                        waiting(browser, "the jobs of " + regionalItem + " in every region").until(d ->
                                affectedShown(browser, regionalItem, regionalVerdict, null, null, 50)
                                        && d.findElement(By.id("fleet-item-summary")).getText().endsWith(", every region"));
                    }
                } else {
                    System.out.println("fleet item region filter not exercised: no item in region " + region);
                }

                // The first item of a non-empty ranking: its link lists exactly the jobs the API lists.
                String verdict = ranking("ALARM", null).isEmpty() ? "FAILED" : "ALARM";
                browser.get(base + "/#/" + ("ALARM".equals(verdict) ? "?verdict=ALARM" : ""));
                String item = null;
                for (int attempt = 0; attempt < 3 && item == null; attempt++) {
                    assertItemsShown(browser, verdict, null);
                    String first = clickWhenThere(browser, "#fleet-items tbody tr[data-item] td.item a");
                    waiting(browser, "the URL of item " + first).until(d -> (base + "/#/fleet/item/" + first + "?verdict=" + verdict)
                            .equals(d.getCurrentUrl()));
                    waiting(browser, "the jobs of " + first + " as GET /api/fleet/items/" + first + " lists them")
                            .until(d -> affectedShown(browser, first, verdict, null, 50));
                    if (!affectedRows(browser).isEmpty()) {
                        item = first;
                    } else {
                        browser.navigate().back(); // fixed meanwhile: no job has it any more; the next first item
                    }
                }
                assertTrue(item != null, "an item with jobs to list");
                String shownItem = item;
                assertLaidOut(browser, width);
                screenshot(browser, "dashboard-fleet-item-" + width);

                // Pages of one job: Next follows nextCursor to the last, Previous goes back to the first.
                int affected = get("/api/fleet/items/" + item + "?verdict=" + verdict + "&limit=500").getJsonArray("jobs").size();
                if (affected > 1) {
                    browser.get(base + "/#/fleet/item/" + item + "?verdict=" + verdict + "&limit=1");
                    List<String> cursors = new ArrayList<>();
                    cursors.add(null);
                    assertItemPageShown(browser, item, verdict, null, 1);
                    while (browser.findElement(By.id("item-jobs-next")).isEnabled()) {
                        assertTrue(cursors.size() <= affected, "no more pages than jobs");
                        browser.findElement(By.id("item-jobs-next")).click();
                        waiting(browser, "page " + (cursors.size() + 1)).until(d -> !d.findElement(By.id("fleet-item-jobs"))
                                .getDomAttribute("data-cursor").isEmpty() && d.findElement(By.id("item-jobs-page")).getText()
                                .equals("page " + (cursors.size() + 1)));
                        String cursor = browser.findElement(By.id("fleet-item-jobs")).getDomAttribute("data-cursor");
                        cursors.add(cursor);
                        assertItemPageShown(browser, item, verdict, cursor, cursors.size());
                    }
                    assertTrue(cursors.size() >= 2, "more than one page of one job: " + cursors.size());
                    while (cursors.size() > 1) {
                        browser.findElement(By.id("item-jobs-prev")).click();
                        cursors.remove(cursors.size() - 1);
                        assertItemPageShown(browser, item, verdict, cursors.get(cursors.size() - 1), cursors.size());
                    }
                    assertFalse(browser.findElement(By.id("item-jobs-prev")).isEnabled(), "back on the first page");
                } else {
                    System.out.println("fleet item paging not exercised: " + item + " " + verdict + " affects one job");
                }

                // A job's link opens its job view.
                browser.get(base + "/#/fleet/item/" + item + "?verdict=" + verdict);
                waiting(browser, "the jobs of " + item).until(d -> affectedShown(browser, shownItem, verdict, null, 50)
                        && !affectedRows(browser).isEmpty());
                AffectedRow first = affectedRows(browser).get(0);
                clickWhenThere(browser, "#fleet-item-jobs tbody tr[data-job='" + first.jobId() + "'] td.job a");
                waiting(browser, "the job view's URL").until(d -> (base + "/" + first.href()).equals(d.getCurrentUrl()));
                waiting(browser, "the job view").until(d -> first.jobId().equals(d.findElement(By.id("job-id")).getText()));
                assertEquals("#/projects/" + first.projectId() + "/jobs/" + first.jobId(), first.href());
            } finally {
                browser.quit();
            }
        }
    }

    /** GET /api/fleet/items' items for the verdict (and region), or an empty list. */
    private static List<JsonObject> ranking(String verdict, String region) {
        JsonObject answer = get("/api/fleet/items?verdict=" + verdict + "&limit=20" + (region == null ? "" : "&region=" + region));
        return answer == null ? List.of() : answer.getJsonArray("items").stream().map(i -> (JsonObject) i).toList();
    }

    private static String plural(int n, String one) {
        return n + " " + one + (n == 1 ? "" : "s");
    }

    /** The headline totals as GET /api/fleet gives them, as the page writes them (pass rate in whole percent). */
    private static Map<String, String> statsOf(JsonObject fleet) {
        Map<String, String> stats = new TreeMap<>();
        JsonObject precheck = fleet.getJsonObject("precheck");
        JsonObject dr = fleet.getJsonObject("drInit");
        for (String count : List.of("jobs", "failed", "running", "error", "apiFailing")) {
            stats.put("precheck." + count, String.valueOf(precheck.getInteger(count)));
        }
        Double rate = precheck.getDouble("passRate");
        stats.put("precheck.passRate", rate == null ? "–" : Math.round(rate * 100) + "%");
        for (String count : List.of("jobs", "initializing", "done", "failed", "stalled")) {
            stats.put("drInit." + count, String.valueOf(dr.getInteger(count)));
        }
        return stats;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, String> statsShown(ChromeDriver browser) {
        return new TreeMap<>((Map<String, String>) browser.executeScript("""
                return Object.fromEntries([...document.querySelectorAll('#fleet-totals .stat[data-stat]')]
                  .map(s => [s.dataset.stat, s.querySelector('dd').textContent.trim()]));"""));
    }

    /** The first {@code cells} cells' text of each row {@code rows} selects, in page order. */
    @SuppressWarnings("unchecked")
    private static List<List<String>> firstCells(ChromeDriver browser, String rows, int cells) {
        return (List<List<String>>) browser.executeScript(
                "return [...document.querySelectorAll(arguments[0])].map(tr => [...tr.cells].slice(0, arguments[1]).map(td => td.textContent.trim()));",
                rows, cells);
    }

    /** The region tiles in page order: region ("" for not known) to the tile's text. */
    @SuppressWarnings("unchecked")
    private static Map<String, String> tilesShown(ChromeDriver browser) {
        List<List<String>> tiles = (List<List<String>>) browser.executeScript("""
                return [...document.querySelectorAll('#fleet-regions li[data-region]')].map(li => [li.dataset.region, li.textContent]);""");
        Map<String, String> shown = new LinkedHashMap<>();
        tiles.forEach(t -> shown.put(t.get(0), t.get(1)));
        return shown;
    }

    /** A ranked item as the page shows it, or as the API ranks it. */
    private record ItemRow(String item, int jobs, int projects, String href) {
    }

    /** The ranked items shown equal GET /api/fleet/items' (names, counts, order, links), or its empty-state line. */
    @SuppressWarnings("unchecked")
    private static void assertItemsShown(ChromeDriver browser, String verdict, String region) {
        waiting(browser, "the items ranked by " + verdict + (region == null ? "" : " in " + region) + " as GET /api/fleet/items ranks them")
                .until(d -> {
                    List<ItemRow> expected = ranking(verdict, region).stream().map(i -> new ItemRow(i.getString("item"),
                            i.getInteger("FAILED".equals(verdict) ? "failedJobs" : "alarmJobs"), i.getInteger("projects"),
                            "#/fleet/item/" + i.getString("item") + "?verdict=" + verdict + (region == null ? "" : "&region=" + region)))
                            .toList();
                    List<Map<String, Object>> rows = (List<Map<String, Object>>) browser.executeScript("""
                            return [...document.querySelectorAll('#fleet-items tbody tr[data-item]')].map(r => ({
                              item: r.dataset.item, jobs: r.dataset.jobs, projects: r.querySelector('td.projects').textContent.trim(),
                              href: r.querySelector('td.item a').getAttribute('href')}));""");
                    List<ItemRow> shown = rows.stream().map(r -> new ItemRow((String) r.get("item"), Integer.parseInt((String) r.get("jobs")),
                            Integer.parseInt((String) r.get("projects")), (String) r.get("href"))).toList();
                    String empty = browser.findElement(By.cssSelector("#fleet-items tbody")).getText();
                    return expected.equals(shown) && (!expected.isEmpty()
                            || empty.startsWith("No " + ("FAILED".equals(verdict) ? "failing" : "alarm") + " items"));
                });
        awaitAttribute(browser, "#verdict-filters button[data-verdict='" + verdict + "']", "aria-pressed", "true");
    }

    /** The project list shows GET /api/projects' (of the region): each with its region, its name or its id. */
    @SuppressWarnings("unchecked")
    private static void assertProjectsShown(ChromeDriver browser, String region) {
        waiting(browser, "the projects of GET /api/projects" + (region == null ? "" : "?region=" + region)).until(d -> {
            JsonObject answer = get("/api/projects" + (region == null ? "" : "?region=" + region));
            List<Map<String, Object>> rows = (List<Map<String, Object>>) browser.executeScript("""
                    return [...document.querySelectorAll('#projects tbody tr[data-project]')].map(r => ({
                      id: r.dataset.project, region: r.querySelector('td.region').textContent.trim(),
                      project: r.querySelector('td.project').textContent}));""");
            if (answer == null || rows.size() != answer.getJsonArray("projects").size()) {
                return false;
            }
            for (int i = 0; i < rows.size(); i++) {
                JsonObject p = answer.getJsonArray("projects").getJsonObject(i);
                Map<String, Object> row = rows.get(i);
                String name = p.getString("name");
                if (!p.getString("projectId").equals(row.get("id")) || !text(p, "region", "–").equals(row.get("region"))
                        || !((String) row.get("project")).contains(name != null ? name : p.getString("projectId").substring(0, 12))) {
                    return false;
                }
            }
            return true;
        });
        if (region == null || region.equals(Scenario.DEMO_REGION)) {
            waiting(browser, "the name from projects.names, the id beside it").until(d -> {
                String example = d.findElement(By.cssSelector("#projects tbody tr[data-project='" + Scenario.EXAMPLE_PROJECT + "'] td.project"))
                        .getText();
                return example.startsWith(EXAMPLE_NAME) && example.contains(Scenario.EXAMPLE_PROJECT.substring(0, 12));
            });
        }
    }

    /** An affected job as the page shows it. */
    private record AffectedRow(String jobId, String projectId, String region, String verdict, String reason, String href, String project) {
    }

    @SuppressWarnings("unchecked")
    private static List<AffectedRow> affectedRows(ChromeDriver browser) {
        List<Map<String, Object>> rows = (List<Map<String, Object>>) browser.executeScript("""
                return [...document.querySelectorAll('#fleet-item-jobs tbody tr[data-job]')].map(r => ({
                  job: r.dataset.job, project: r.dataset.project, region: r.querySelector('td.region').textContent.trim(),
                  verdict: r.querySelector('td.verdict').textContent.trim(), reason: r.querySelector('td.reason').textContent.trim(),
                  href: r.querySelector('td.job a').getAttribute('href'), label: r.querySelector('td.project').textContent}));""");
        return rows.stream().map(r -> new AffectedRow((String) r.get("job"), (String) r.get("project"), (String) r.get("region"),
                (String) r.get("verdict"), (String) r.get("reason"), (String) r.get("href"), (String) r.get("label"))).toList();
    }

    /**
     * The affected jobs shown are the page of GET /api/fleet/items/{item} for the cursor, in its order, each
     * with its project (named when projects.names names it), region, verdict, reason and job link; a 404
     * (no job has the item any more) shows as a line saying so.
     */
    private static boolean affectedShown(ChromeDriver browser, String item, String verdict, String cursor, int limit) {
        return affectedShown(browser, item, verdict, null, cursor, limit);
    }

    /** As above, of one region's jobs (null: every region). */
    private static boolean affectedShown(ChromeDriver browser, String item, String verdict, String region, String cursor, int limit) {
        String path = "/api/fleet/items/" + item + "?verdict=" + verdict + "&limit=" + limit + (region == null ? "" : "&region=" + region)
                + (cursor == null ? "" : "&cursor=" + URLEncoder.encode(cursor, StandardCharsets.UTF_8));
        JsonObject answer = get(path);
        List<AffectedRow> shown = affectedRows(browser);
        if (answer == null) {
            return cursor == null && shown.isEmpty() && browser.findElement(By.id("fleet-item-message")).getText()
                    .equals("No job has " + item + " " + verdict + (region == null ? "" : " in region " + region) + " now.") && status(path) == 404;
        }
        JsonObject projects = get("/api/projects");
        Map<String, String> names = projects == null ? Map.of() : projects.getJsonArray("projects").stream().map(p -> (JsonObject) p)
                .filter(p -> p.getString("name") != null).collect(Collectors.toMap(p -> p.getString("projectId"), p -> p.getString("name")));
        List<AffectedRow> expected = answer.getJsonArray("jobs").stream().map(j -> (JsonObject) j).map(j -> new AffectedRow(
                j.getString("jobId"), j.getString("projectId"), text(j, "region", "–"), j.getString("verdict"),
                text(j, "failedReason", "–"), "#/projects/" + j.getString("projectId") + "/jobs/" + j.getString("jobId"), null)).toList();
        return expected.equals(shown.stream().map(r -> new AffectedRow(r.jobId(), r.projectId(), r.region(), r.verdict(), r.reason(),
                r.href(), null)).toList()) && shown.stream().allMatch(r -> r.project().contains(
                        names.getOrDefault(r.projectId(), r.projectId().substring(0, 12))))
                && browser.findElement(By.id("item-jobs-next")).isEnabled() == (answer.getString("nextCursor") != null);
    }

    /** Page {@code page} of one affected job: its number and cursor, and the API's job for that cursor. */
    private static void assertItemPageShown(ChromeDriver browser, String item, String verdict, String cursor, int page) {
        waiting(browser, "page " + page + " of the jobs of " + item + " shows the API's page for its cursor").until(d -> {
            String shownCursor = browser.findElement(By.id("fleet-item-jobs")).getDomAttribute("data-cursor");
            return shownCursor != null && shownCursor.equals(cursor == null ? "" : cursor)
                    && browser.findElement(By.id("item-jobs-page")).getText().equals("page " + page)
                    && affectedRows(browser).size() == 1 && affectedShown(browser, item, verdict, cursor, 1);
        });
    }

    /** Clicks the element, again while a refresh redraws it; returns the item or job it is the link of. */
    private static String clickWhenThere(ChromeDriver browser, String css) {
        String[] clicked = new String[1];
        waiting(browser, "a click on " + css).until(d -> {
            try {
                WebElement link = d.findElement(By.cssSelector(css));
                List<WebElement> rows = link.findElements(By.xpath("ancestor::*[@data-item or @data-job or @data-region][1]"));
                WebElement row = rows.isEmpty() ? null : rows.get(0);
                String key = row == null ? null : row.getDomAttribute("data-item") != null ? row.getDomAttribute("data-item")
                        : row.getDomAttribute("data-job") != null ? row.getDomAttribute("data-job") : row.getDomAttribute("data-region");
                link.click();
                clicked[0] = key;
                return true;
            } catch (NoSuchElementException | StaleElementReferenceException e) {
                return false;
            }
        });
        return clicked[0];
    }

    /** The string at {@code key}, or {@code absent} when it is missing or null. */
    private static String text(JsonObject json, String key, String absent) {
        String value = json.getString(key);
        return value == null ? absent : value;
    }

    private static int status(String path) {
        try {
            return HTTP.send(HttpRequest.newBuilder(URI.create(base + path)).build(), HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (Exception e) {
            return -1;
        }
    }

    /** A row of the jobs table as the page shows it. */
    private record JobRow(String jobId, String href, String state, int alarmItems) {
    }

    /** The jobs table's rows, read in one script (a refresh may redraw the table between two WebDriver calls). */
    @SuppressWarnings("unchecked")
    private static List<JobRow> jobRows(ChromeDriver browser) {
        List<Map<String, Object>> rows = (List<Map<String, Object>>) browser.executeScript("""
                return [...document.querySelectorAll('#jobs-table tbody tr[data-job]')].map(r => ({
                  job: r.dataset.job, href: r.querySelector('td.job a').getAttribute('href'),
                  state: r.querySelector('td.precheck .state').textContent.trim(),
                  items: r.querySelector('td.items').textContent}));""");
        return rows.stream().map(r -> {
            Matcher alarm = Pattern.compile("(\\d+) alarm").matcher((String) r.get("items"));
            return new JobRow((String) r.get("job"), (String) r.get("href"), (String) r.get("state"),
                    alarm.find() ? Integer.parseInt(alarm.group(1)) : -1);
        }).toList();
    }

    private static Set<String> jobIds(List<JobRow> rows) {
        return rows.stream().map(JobRow::jobId).collect(Collectors.toSet());
    }

    private static Set<String> jobIds(JsonObject answer) {
        return answer.getJsonArray("jobs").stream().map(j -> ((JsonObject) j).getString("jobId")).collect(Collectors.toSet());
    }

    /** GET /api/projects/{project}/jobs with the dashboard's sort and page size, and {@code query}; null unless 200. */
    private static JsonObject jobs(String project, String query) {
        return get("/api/projects/" + project + "/jobs?sort=updated&limit=50" + (query.isEmpty() ? "" : "&" + query));
    }

    /** The states as the dashboard puts them in the URL: in the API's order of states. */
    private static List<String> sortedStates(String... states) {
        List<String> order = List.of("failed", "alarm", "running", "passed", "error", "api-failing", "dr-initializing", "dr-stalled",
                "dr-failed", "dr-done");
        return order.stream().filter(List.of(states)::contains).toList();
    }

    /** The project's job with the most finished pre-check runs, or null while none has one. */
    private static String jobWithRuns(String project) {
        JsonObject all = jobs(project, "");
        return all == null ? null : all.getJsonArray("jobs").stream().map(j -> (JsonObject) j)
                .filter(j -> j.getJsonObject("precheck") != null && j.getJsonObject("precheck").getInteger("runs", 0) > 0)
                .max(Comparator.comparingInt(j -> j.getJsonObject("precheck").getInteger("runs")))
                .map(j -> j.getString("jobId")).orElse(null);
    }

    /** The dashboard renders again on every refresh: an element found a moment ago may be gone when read. */
    private static FluentWait<WebDriver> waiting(ChromeDriver browser, String what) {
        return new WebDriverWait(browser, PATIENCE).withMessage(what).ignoring(StaleElementReferenceException.class);
    }

    private static void awaitAttribute(ChromeDriver browser, String css, String attribute, String expected) {
        waiting(browser, css + " has " + attribute + "=" + expected)
                .until(d -> expected.equals(d.findElement(By.cssSelector(css)).getDomAttribute(attribute)));
    }

    /**
     * Page {@code page} of two jobs by pass rate: its number, a cursor from the second page on, the jobs the
     * API lists for that cursor (two on the first page) and Next only when the API has a next cursor.
     */
    private static void assertPageShown(ChromeDriver browser, String project, int page) {
        waiting(browser, "page " + page + " shows the API's page for its cursor").until(d -> {
            String cursor = browser.findElement(By.id("jobs-table")).getDomAttribute("data-cursor");
            if (cursor == null || cursor.isEmpty() != (page == 1)
                    || !browser.findElement(By.id("jobs-page")).getText().matches("page " + page + "( of \\d+)?")) {
                return false;
            }
            JsonObject answer = get("/api/projects/" + project + "/jobs?sort=passRate&limit=2"
                    + (cursor.isEmpty() ? "" : "&cursor=" + URLEncoder.encode(cursor, StandardCharsets.UTF_8)));
            List<JobRow> shown = jobRows(browser);
            return answer != null && (page == 1 ? shown.size() == 2 : shown.size() <= 2) && jobIds(shown).equals(jobIds(answer))
                    && browser.findElement(By.id("jobs-next")).isEnabled() == (answer.getString("nextCursor") != null);
        });
    }

    /**
     * The run timeline shows {@code runs} (the API's, newest first): one entry per run in the same order,
     * "first run" on a run without a previous one, else the fixed, newly and still failing items of its diff
     * (and newly or still alarm ones when there are).
     */
    @SuppressWarnings("unchecked")
    private static boolean runsShown(ChromeDriver browser, JsonArray runs) {
        List<Map<String, Object>> shown = (List<Map<String, Object>>) browser.executeScript("""
                return [...document.querySelectorAll('#runs > li.run')].map(li => ({
                  run: li.dataset.run, first: li.dataset.first === 'true', text: li.textContent,
                  groups: Object.fromEntries([...li.querySelectorAll('.group')]
                    .map(g => [g.dataset.group, [...g.querySelectorAll('li')].map(x => x.textContent)]))}));""");
        if (shown.size() != runs.size()) {
            return false;
        }
        for (int i = 0; i < runs.size(); i++) {
            JsonObject run = runs.getJsonObject(i);
            JsonObject diff = run.getJsonObject("diff");
            Map<String, Object> entry = shown.get(i);
            Map<String, Object> groups = (Map<String, Object>) entry.get("groups");
            if (!run.getString("runRequestedAt").equals(entry.get("run"))) {
                return false;
            }
            boolean first = diff.getString("previousRunRequestedAt") == null;
            if (first != (Boolean) entry.get("first") || first != ((String) entry.get("text")).contains("first run")) {
                return false;
            }
            if (!first) {
                for (String[] group : new String[][] {{"fixed", "fixed"}, {"newly-failing", "newlyFailing"}, {"still-failing", "stillFailing"},
                        {"newly-alarm", "newlyAlarm"}, {"still-alarm", "stillAlarm"}}) {
                    List<Object> expected = diff.getJsonArray(group[1]).getList();
                    boolean always = !group[0].contains("alarm");
                    Object names = groups.get(group[0]);
                    if (names == null ? always || !expected.isEmpty() : !expected.equals(names)) {
                        return false;
                    }
                }
            }
        }
        return browser.findElement(By.id("job-runs-count")).getText().startsWith(runs.size() + (runs.size() == 1 ? " run" : " runs"));
    }

    /** Below 800 px each job is a card: the table needs no sideways scrolling of its own. */
    private static void assertJobsFit(ChromeDriver browser, int width) {
        @SuppressWarnings("unchecked")
        Map<String, Object> g = (Map<String, Object>) browser.executeScript("""
                const s = document.querySelector('#jobs .scroll');
                return {scroll: s.scrollWidth, client: s.clientWidth, inner: window.innerWidth};""");
        if (((Number) g.get("inner")).doubleValue() < 800) {
            assertTrue(((Number) g.get("scroll")).doubleValue() <= ((Number) g.get("client")).doubleValue(),
                    "the jobs fit the narrow window at " + width + " px: " + g);
        }
    }

    private static ChromeDriver chromium(int width) {
        ChromeOptions options = new ChromeOptions().setBinary("/usr/bin/chromium").addArguments("--headless=new",
                "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--window-size=" + width + ",1000");
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(Path.of("/usr/bin/chromedriver").toFile()).build();
        ChromeDriver browser = new ChromeDriver(service, options);
        // Headless Chromium keeps windows at least 500 px wide: the page's own width is set as DevTools does.
        browser.executeCdpCommand("Emulation.setDeviceMetricsOverride", Map.of("width", width, "height", 1000,
                "deviceScaleFactor", 1, "mobile", false));
        return browser;
    }

    private static void screenshot(ChromeDriver browser, String name) throws Exception {
        Path shot = Path.of("target", name + ".png");
        Files.createDirectories(shot.getParent());
        Files.write(shot, browser.getScreenshotAs(OutputType.BYTES));
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
        assertEquals(width, inner, "the page is " + width + " px wide: " + g);
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
