package io.drsmonitor.query;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.function.Function;
import java.util.function.IntFunction;

/**
 * What {@code QueryApiIT} checks of the job lists and runs on its two instances: the same answers
 * from each (one of them reads the other's jobs through it), filters and orders on known jobs, and
 * paging through the whole fleet visiting every job once. Every answer is checked against its schema.
 */
final class JobListChecks {
    private final IntFunction<Function<String, HttpResponse<String>>> http;

    private JobListChecks(IntFunction<Function<String, HttpResponse<String>>> http) {
        this.http = http;
    }

    static void check(IntFunction<Function<String, HttpResponse<String>>> http, int portA, int portB, List<String> projects,
                      List<String> jobs) {
        JobListChecks checks = new JobListChecks(http);
        checks.projects(portA, portB, projects, jobs);
        checks.fleet(portA, portB, jobs);
    }

    private void projects(int portA, int portB, List<String> projects, List<String> jobs) {
        for (int p = 0; p < projects.size(); p++) {
            String project = projects.get(p);
            String passing = jobs.get(2 * p);
            String failing = jobs.get(2 * p + 1);
            for (String query : List.of("", "?sort=passRate", "?limit=1")) {
                JsonObject fromA = okJson(portA, "/api/projects/" + project + "/jobs" + query);
                assertEquals(fromA, okJson(portB, "/api/projects/" + project + "/jobs" + query), project + query);
                OpenApiContract.assertFits("JobList", fromA);
                assertEquals(2, fromA.getInteger("total"));
                assertFalse(fromA.getBoolean("partial"));
            }
            JsonObject byRate = okJson(portA, "/api/projects/" + project + "/jobs?sort=passRate");
            assertEquals(List.of(failing, passing), jobIds(byRate), "lowest pass rate first");
            JsonObject failed = byRate.getJsonArray("jobs").getJsonObject(0);
            assertEquals("FAILED", failed.getJsonObject("precheck").getString("state"));
            assertEquals(List.of("srcDbConnection"), failed.getJsonObject("precheck").getJsonArray("failedItems").getList());
            assertEquals(0.4, failed.getJsonObject("drInit").getDouble("completionRatio"));
            assertEquals(List.of(failing), jobIds(okJson(portB, "/api/projects/" + project + "/jobs?state=failed")));
            assertEquals(List.of(passing), jobIds(okJson(portB, "/api/projects/" + project + "/jobs?state=passed")));
            assertEquals(List.of(failing), jobIds(okJson(portA, "/api/jobs?projectId=" + project + "&state=dr-initializing,error")));
            for (String job : List.of(passing, failing)) {
                JsonObject runs = okJson(portA, "/api/jobs/" + job + "/runs");
                assertEquals(runs, okJson(portB, "/api/jobs/" + job + "/runs"));
                OpenApiContract.assertFits("RunList", runs);
                assertEquals(1, runs.getJsonArray("runs").size(), runs.encode());
            }
        }
    }

    /** The fleet, a page of 3 at a time from each instance: every job once, in order, as many as total says. */
    private void fleet(int portA, int portB, List<String> jobs) {
        // The broker is shared: jobs of other tests are listed too, and only this test's are known here.
        for (int port : new int[] {portA, portB}) {
            for (String sort : List.of("updated", "passRate")) {
                List<String> visited = new ArrayList<>();
                String cursor = null;
                long total = -1;
                do {
                    JsonObject page = okJson(port, "/api/jobs?limit=3&sort=" + sort + (cursor == null ? "" : "&cursor=" + cursor));
                    OpenApiContract.assertFits("JobList", page);
                    assertTrue(total == -1 || total == page.getLong("total"), "total is the same on every page");
                    total = page.getLong("total");
                    visited.addAll(jobIds(page));
                    cursor = page.getString("nextCursor");
                } while (cursor != null);
                assertEquals(total, visited.size(), sort + ": as many rows as total");
                assertEquals(visited.size(), new HashSet<>(visited).size(), sort + ": no job twice");
                assertTrue(visited.containsAll(jobs), sort + ": every job of this test");
            }
        }
        List<String> fleetA = jobIds(okJson(portA, "/api/jobs?limit=500&sort=passRate")).stream().filter(jobs::contains).toList();
        assertEquals(fleetA, jobIds(okJson(portB, "/api/jobs?limit=500&sort=passRate")).stream().filter(jobs::contains).toList());
        assertEquals(jobs.size(), fleetA.size());
    }

    private JsonObject okJson(int port, String path) {
        HttpResponse<String> answer = http.apply(port).apply(path);
        assertEquals(200, answer.statusCode(), path + " -> " + answer.body());
        return new JsonObject(answer.body());
    }

    private static List<String> jobIds(JsonObject page) {
        return page.getJsonArray("jobs").stream().map(row -> ((JsonObject) row).getString("jobId")).toList();
    }
}
