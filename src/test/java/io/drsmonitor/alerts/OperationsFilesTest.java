package io.drsmonitor.alerts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import io.drsmonitor.TestSupport;

/**
 * The operations files users deploy: the Prometheus rules pass {@code promtool check rules} and their
 * unit tests ({@code promtool test rules}, Debian's {@code prometheus} package), and the Grafana board
 * is a dashboard whose every panel queries something. That each metric they name exists in a real
 * scrape is checked by {@link AlertDeliveryIT}, on a running instance.
 */
class OperationsFilesTest {
    static final Path RULES = Path.of("deploy/prometheus/alerts.yml");
    static final Path RULE_TESTS = Path.of("deploy/prometheus/alerts.test.yml");
    static final Path BOARD = Path.of("deploy/grafana/drs-monitor.json");
    private static final Path PROMTOOL = Path.of("/usr/bin/promtool");
    /** Our metrics and the JVM's and Kafka clients' we export; {@code up} is Prometheus' own. */
    private static final Pattern METRIC = Pattern.compile("\\b((?:drs|kafka|jvm|process)_[a-z0-9_]+)\\b");

    @Test
    void rulesPassPromtoolCheckAndTheirUnitTests() throws Exception {
        TestSupport.requireTool(PROMTOOL, "prometheus");
        String check = promtool(Path.of("."), "check", "rules", RULES.toString());
        assertTrue(check.contains("SUCCESS"), check);
        String test = promtool(RULES.getParent(), "test", "rules", RULE_TESTS.getFileName().toString());
        assertTrue(test.contains("SUCCESS"), test);
    }

    @Test
    void theBoardIsAGrafanaDashboardWhosePanelsAllQuery() throws IOException {
        JsonObject board = new JsonObject(Files.readString(BOARD));
        assertEquals("drs-monitor", board.getString("uid"));
        List<String> queries = new ArrayList<>();
        for (Object p : board.getJsonArray("panels")) {
            JsonObject panel = (JsonObject) p;
            if ("row".equals(panel.getString("type"))) {
                continue;
            }
            JsonArray targets = panel.getJsonArray("targets");
            assertTrue(targets != null && !targets.isEmpty(), "panel " + panel.getString("title") + " queries something");
            targets.forEach(t -> queries.add(((JsonObject) t).getString("expr")));
        }
        assertTrue(queries.stream().allMatch(q -> q != null && !q.isBlank()));
        assertTrue(queries.size() >= 10, "the board covers the domain: " + queries.size());
    }

    @Test
    void bothFilesNameOnlyMetricsFromTheExportedFamilies() throws IOException {
        Set<String> names = metricNamesInOperationsFiles();
        assertFalse(names.isEmpty());
        assertTrue(names.contains("drs_alerts_firing") && names.contains("drs_client_last_success_age_seconds"), names.toString());
    }

    /** Every metric name the rules and the board query (Prometheus' own {@code up} aside). */
    static Set<String> metricNamesInOperationsFiles() throws IOException {
        Set<String> names = new TreeSet<>();
        for (Path file : List.of(RULES, BOARD)) {
            String text = Files.readString(file);
            if (file.equals(RULES)) {
                // Only expressions: annotations may mention words that look like metric names.
                StringBuilder exprs = new StringBuilder();
                text.lines().filter(l -> l.strip().startsWith("expr:")).forEach(l -> exprs.append(l).append('\n'));
                text = exprs.toString();
            } else {
                StringBuilder exprs = new StringBuilder();
                collectExprs(new JsonObject(text), exprs);
                text = exprs.toString();
            }
            Matcher m = METRIC.matcher(text);
            while (m.find()) {
                names.add(m.group(1));
            }
        }
        return names;
    }

    private static void collectExprs(Object node, StringBuilder out) {
        if (node instanceof JsonObject object) {
            object.forEach(e -> {
                if ("expr".equals(e.getKey()) || "query".equals(e.getKey()) && e.getValue() instanceof String) {
                    out.append(e.getValue()).append('\n');
                } else {
                    collectExprs(e.getValue(), out);
                }
            });
        } else if (node instanceof JsonArray array) {
            array.forEach(item -> collectExprs(item, out));
        }
    }

    private static String promtool(Path dir, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(PROMTOOL.toString()));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, process.exitValue(), String.join(" ", command) + ":\n" + output);
        return output;
    }
}
