package io.drsmonitor.query;

import static io.drsmonitor.query.JobFixtures.dr;
import static io.drsmonitor.query.JobFixtures.jobId;
import static io.drsmonitor.query.JobFixtures.precheck;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.drsmonitor.streams.state.DrStatus;
import io.drsmonitor.streams.state.PrecheckStatus;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Sorting, cursors and the merge of the instances' parts. The expected orders and pages are worked
 * out here from the generated jobs' own attributes, not by the code under test.
 */
class JobPagingTest {
    private static final long T0 = 1_700_000_000_000L;

    /** What the test knows of a generated job, independently of its row. */
    private record Made(String jobId, long updatedAt, Double rate, boolean failed, int instance) {
    }

    @Test
    void rowsSortNewestFirstOrLowestPassRateFirstWithTiesByJobId() {
        List<JobStates> jobs = List.of(
                job(3, T0 + 10, 90.0), job(1, T0 + 10, null), job(2, T0 + 30, 50.0), job(4, T0, 50.0), job(5, T0 + 20, null));
        assertEquals(List.of(2, 5, 1, 3, 4), order(JobPages.local(jobs, query(JobOrder.UPDATED, 10, null))));
        assertEquals(List.of(2, 4, 3, 1, 5), order(JobPages.local(jobs, query(JobOrder.PASS_RATE, 10, null))));
    }

    @Test
    void aCursorRoundTripsAndAnythingElseIsRefused() {
        JobCursor byTime = new JobCursor(JobOrder.UPDATED, T0, jobId(7));
        assertEquals(byTime, JobCursor.decode(byTime.encode(), JobOrder.UPDATED));
        for (Double rate : new Double[] {null, 0.0, 33.333333333333336, 100.0, 1.0E-7}) {
            JobCursor byRate = new JobCursor(JobOrder.PASS_RATE, rate, jobId(7));
            assertEquals(byRate, JobCursor.decode(byRate.encode(), JobOrder.PASS_RATE));
        }
        assertTrue(byTime.encode().matches("[A-Za-z0-9_-]+"), "URL-safe as it is: " + byTime.encode());
        assertThrows(BadRequestException.class, () -> JobCursor.decode(byTime.encode(), JobOrder.PASS_RATE), "another sort's cursor");
        for (String bad : List.of("%%%", "not base64!", b64("not json"), b64("[1,2]"), b64("{\"s\":\"updated\",\"k\":1}"),
                b64("{\"s\":\"updated\",\"k\":1.5,\"j\":\"" + jobId(1) + "\"}"), b64("{\"s\":\"updated\",\"k\":\"x\",\"j\":\"" + jobId(1) + "\"}"),
                b64("{\"s\":\"passRate\",\"k\":\"x\",\"j\":\"" + jobId(1) + "\"}"), b64("{\"s\":\"updated\",\"k\":1,\"j\":\"../etc\"}"))) {
            assertThrows(BadRequestException.class, () -> JobCursor.decode(bad, JobOrder.UPDATED), bad);
        }
    }

    @Test
    void pagingThroughMergedPartsVisitsEveryMatchingJobOnceInOrder() {
        Random random = new Random(22);
        List<Made> made = new ArrayList<>();
        List<List<JobStates>> instances = List.of(new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
        for (int n = 1; n <= 257; n++) {
            // Few distinct times and rates, so ties (broken by job id) are common; some jobs without a rate.
            long updatedAt = T0 + random.nextInt(20) * 1000L;
            Double rate = random.nextInt(4) == 0 ? null : random.nextInt(5) * 12.5;
            boolean failed = rate != null && rate < 50;
            int instance = random.nextInt(3);
            made.add(new Made(jobId(n), updatedAt, rate, failed, instance));
            instances.get(instance).add(new JobStates(jobId(n), "p", precheck("p", updatedAt,
                    rate == null ? PrecheckStatus.IN_PROGRESS : failed ? PrecheckStatus.FAILED : PrecheckStatus.PASSED, rate,
                    List.of(), List.of()).build(), null));
        }
        for (JobOrder order : JobOrder.values()) {
            for (int limit : new int[] {1, 7, 100, 500}) {
                for (Set<JobStateFilter> states : List.of(Set.<JobStateFilter>of(), Set.of(JobStateFilter.FAILED))) {
                    List<String> expected = expected(made, order, !states.isEmpty());
                    List<String> visited = new ArrayList<>();
                    String cursor = null;
                    int pages = 0;
                    do {
                        JobQuery query = new JobQuery(null, states, null, order, limit,
                                cursor == null ? null : JobCursor.decode(cursor, order));
                        List<JsonObject> parts = new ArrayList<>();
                        // Through JSON text, as the parts travel between instances.
                        instances.forEach(held -> parts.add(new JsonObject(JobPages.local(held, query).encode())));
                        JsonObject page = JobPages.merge(query, parts, List.of());
                        assertEquals(expected.size(), page.getInteger("total"));
                        assertFalse(page.getBoolean("partial"));
                        page.getJsonArray("jobs").forEach(row -> visited.add(((JsonObject) row).getString("jobId")));
                        assertTrue(page.getJsonArray("jobs").size() <= limit);
                        cursor = page.getString("nextCursor");
                        pages++;
                    } while (cursor != null);
                    String what = order + " limit " + limit + " states " + states;
                    assertEquals(expected, visited, what);
                    assertEquals(Math.max(1, (expected.size() + limit - 1) / limit), pages, what + ": no empty last page");
                }
            }
        }
    }

    @Test
    void anInstanceThatDidNotAnswerIsNamedAndItsJobsAreMissing() {
        JobQuery query = query(JobOrder.UPDATED, 2, null);
        JsonObject part = JobPages.local(List.of(job(1, T0, 90.0), job(2, T0 + 1, 80.0), job(3, T0 + 2, 70.0)), query);
        JsonObject page = JobPages.merge(query, List.of(part), List.of("10.0.0.2:8080"));
        assertTrue(page.getBoolean("partial"));
        assertEquals(new JsonArray().add("10.0.0.2:8080"), page.getJsonArray("unavailable"));
        assertEquals(3, page.getInteger("total"), "the jobs of the instances that answered");
        assertEquals(List.of(3, 2), order(page));
        JsonObject last = JobPages.merge(query(JobOrder.UPDATED, 2, JobCursor.decode(page.getString("nextCursor"), JobOrder.UPDATED)),
                List.of(JobPages.local(List.of(job(1, T0, 90.0), job(2, T0 + 1, 80.0), job(3, T0 + 2, 70.0)),
                        query(JobOrder.UPDATED, 2, JobCursor.decode(page.getString("nextCursor"), JobOrder.UPDATED)))), List.of());
        assertEquals(List.of(1), order(last));
        assertNull(last.getValue("nextCursor"));
        assertEquals(new JsonObject().put("projectId", null).put("total", 0L).put("jobs", new JsonArray()).put("nextCursor", null)
                .put("partial", false).put("unavailable", new JsonArray()), JobPages.merge(query, List.of(), List.of()));
    }

    /** The expected page sequence: the matching jobs in the order's rule, compared field by field here. */
    private static List<String> expected(List<Made> made, JobOrder order, boolean failedOnly) {
        List<Made> sorted = new ArrayList<>(made.stream().filter(m -> !failedOnly || m.failed()).toList());
        sorted.sort((a, b) -> {
            int byKey;
            if (order == JobOrder.UPDATED) {
                byKey = Long.compare(b.updatedAt(), a.updatedAt());
            } else if (a.rate() == null || b.rate() == null) {
                byKey = a.rate() == null ? (b.rate() == null ? 0 : 1) : -1;
            } else {
                byKey = Double.compare(a.rate(), b.rate());
            }
            return byKey != 0 ? byKey : a.jobId().compareTo(b.jobId());
        });
        return sorted.stream().map(Made::jobId).toList();
    }

    private static JobStates job(int n, long observedAt, Double rate) {
        return new JobStates(jobId(n), "p", precheck("p", observedAt, rate == null ? PrecheckStatus.IN_PROGRESS : PrecheckStatus.PASSED,
                rate, List.of(), List.of()).build(), n % 2 == 0 ? dr(jobId(n), "p", observedAt - 5, DrStatus.DONE, false).build() : null);
    }

    private static JobQuery query(JobOrder order, int limit, JobCursor cursor) {
        return new JobQuery(null, Set.of(), null, order, limit, cursor);
    }

    private static List<Integer> order(JsonObject page) {
        return page.getJsonArray("jobs").stream().map(row -> Integer.parseInt(((JsonObject) row).getString("jobId").substring(0, 8))).toList();
    }

    private static String b64(String text) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }
}
