package io.drsmonitor.app;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import io.drsmonitor.drs.DrsRules;
import java.net.ConnectException;

/** {@code query}: print a project's summaries from the query API. */
@Command(name = "query", mixinStandardHelpOptions = true, description = "Print a project's pre-check and DR initialization summaries.")
final class QueryCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    ClientOptions client;

    @Option(names = "--project", required = true, description = "Project id.")
    String project;

    @Option(names = "--url", description = "Query API base URL (default from settings: http://127.0.0.1:8080).")
    String url;

    @Option(names = "--json", description = "Print the raw JSON answers.")
    boolean json;

    @Override
    public Integer call() throws Exception {
        if (!DrsRules.isProjectId(project)) {
            throw new IllegalArgumentException("--project must be 1 to 64 letters, digits, '-' or '_': '" + project + "'");
        }
        String base = url != null ? url : ClientOptions.queryUrl(client.config());
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        JsonObject precheck = fetch(http, base + "/api/projects/" + project + "/precheck", err);
        JsonObject dr = fetch(http, base + "/api/projects/" + project + "/dr-init", err);
        if (precheck == null && dr == null) {
            return 1;
        }
        if (json) {
            out.println(new JsonObject().put("precheck", precheck).put("drInit", dr).encodePrettily());
            return 0;
        }
        out.println("Project " + project);
        if (precheck != null) {
            out.printf("  pre-checks: %d known, %d finished (%d passed, %d failed), %d running, %d with errors, %d with DRS calls failing%n",
                    precheck.getInteger("jobsKnown"), precheck.getInteger("jobsFinished"), precheck.getInteger("jobsPassed"),
                    precheck.getInteger("jobsFailed"), precheck.getInteger("jobsInProgress"), precheck.getInteger("jobsWithErrors"),
                    precheck.getInteger("jobsApiFailing", 0));
            out.printf("  pass rate: %s, mean total_passed_rate: %s, items failed %d / alarm %d%n",
                    percent(precheck.getDouble("passRate"), 100), percent(precheck.getDouble("meanTotalPassedRate"), 1),
                    precheck.getLong("failedItems"), precheck.getLong("alarmItems"));
            JsonArray top = precheck.getJsonArray("topFailingItems");
            for (int i = 0; i < top.size(); i++) {
                JsonObject item = top.getJsonObject(i);
                out.printf("    %-40s %-28s failed %d alarm %d%n", item.getString("item"), item.getString("group", ""),
                        item.getInteger("failed"), item.getInteger("alarm"));
            }
        }
        if (dr != null) {
            out.printf("  DR initialization: %d jobs, %d initializing, %d done, %d failed, %d stalled, %d with DRS calls failing%n",
                    dr.getInteger("drJobs"), dr.getInteger("initializing"), dr.getInteger("done"), dr.getInteger("failed"),
                    dr.getInteger("stalled"), dr.getInteger("apiFailing", 0));
            JsonArray types = dr.getJsonArray("objectTypes");
            for (int i = 0; i < types.size(); i++) {
                JsonObject t = types.getJsonObject(i);
                out.printf("    %-16s %8d / %-8d %s%n", t.getString("type"), t.getLong("dstCount"), t.getLong("srcCount"),
                        percent(t.getDouble("completionRatio"), 100));
            }
        }
        return 0;
    }

    private static String percent(Double value, double scale) {
        return value == null ? "-" : String.format("%.1f%%", value * scale);
    }

    private static JsonObject fetch(HttpClient http, String url, PrintWriter err) throws Exception {
        HttpResponse<String> response;
        try {
            response = http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (ConnectException e) {
            throw new ConnectException("cannot connect to " + URI.create(url).getAuthority());
        }
        if (response.statusCode() == 200) {
            return new JsonObject(response.body());
        }
        String message;
        try {
            message = new JsonObject(response.body()).getString("error");
        } catch (RuntimeException e) {
            message = response.body();
        }
        err.println(url + ": HTTP " + response.statusCode() + ": " + message);
        return null;
    }
}
