package io.drsmonitor.query;

import static io.drsmonitor.query.JobFixtures.dr;
import static io.drsmonitor.query.JobFixtures.jobId;
import static io.drsmonitor.query.JobFixtures.precheck;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.drsmonitor.streams.state.DrStatus;
import io.drsmonitor.streams.state.PrecheckStatus;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** A job's row from its states, and which rows each {@code state} filter selects; expectations written out by hand. */
class JobRowsTest {
    private static final long T0 = 1_700_000_000_000L;

    @Test
    void aJobWithBothStatesTakesItsNamesFromTheNewerAndItsVerdictsFromEach() {
        String job = jobId(1);
        JobStates states = new JobStates(job, "p1",
                precheck("p1", T0, PrecheckStatus.FAILED, 75.5, List.of("a", "b"), List.of("c"))
                        .setJobName("orders").setRegion("ap-southeast-1").setJobType("MIGRATION").setKeptRuns(List.of(3, 2, 1))
                        .setLastRunRequestedAt(T0 - 60_000).setLastFinishedAt(T0 - 1_000).setFirstRequestedAt(T0 - 600_000)
                        .setFirstPassedAt(T0 - 300_500).setRunsToPass(2).build(),
                dr(job, "p1", T0 + 5_000, DrStatus.INITIALIZING, true, new long[] {10, 4}, new long[] {30, 30})
                        .setJobName("orders-dr").setRegion(null).setJobType("DR")
                        // Two objects a minute, ten minutes to go after its newest observation.
                        .setPaceSteps(3).setPaceGapMs(60_000.0).setPaceStepObjects(2.0).setEstimatedCompletionAt(T0 + 605_000).build());
        assertEquals(new JsonObject("""
                {"jobId": "00000001-0000-4000-8000-000000000001", "name": "orders-dr", "projectId": "p1",
                 "region": "ap-southeast-1", "jobType": "DR", "direction": "UP",
                 "precheck": {"state": "FAILED", "passedRate": 75.5, "failedItems": ["a", "b"], "alarmItems": ["c"], "runs": 3,
                              "lastRunRequestedAt": "2023-11-14T22:12:20Z", "lastFinishedAt": "2023-11-14T22:13:19Z", "apiFailing": false},
                 "drInit": {"state": "INITIALIZING", "stalled": true, "completionRatio": 0.85, "apiFailing": false,
                            "ratePerMinute": 2.0, "etaSeconds": 600, "estimatedCompletionAt": "2023-11-14T22:23:25Z"},
                 "timeToPassSeconds": 299, "runsToPass": 2, "updatedAt": "2023-11-14T22:13:25Z"}"""), JobRows.render(states));
    }

    @Test
    void aJobWithOnlyOneStateHasNullForTheOther() {
        String job = jobId(2);
        JobStates running = new JobStates(job, "p1",
                precheck("p1", T0, PrecheckStatus.IN_PROGRESS, null, List.of(), List.of()).build(), null);
        assertEquals(new JsonObject("""
                {"jobId": "00000002-0000-4000-8000-000000000002", "name": null, "projectId": "p1", "region": null, "jobType": null,
                 "direction": "UP",
                 "precheck": {"state": "RUNNING", "passedRate": null, "failedItems": [], "alarmItems": [], "runs": 0,
                              "lastRunRequestedAt": null, "lastFinishedAt": null, "apiFailing": false},
                 "drInit": null, "timeToPassSeconds": null, "runsToPass": null, "updatedAt": "2023-11-14T22:13:20Z"}"""),
                JobRows.render(running));
        JobStates drOnly = new JobStates(job, "p2", null,
                dr(job, "p2", T0, DrStatus.DONE, false, new long[] {5, 9}).setRegion("eu-west-101").build());
        assertEquals(new JsonObject("""
                {"jobId": "00000002-0000-4000-8000-000000000002", "name": null, "projectId": "p2", "region": "eu-west-101",
                 "jobType": null, "direction": null, "precheck": null,
                 "drInit": {"state": "DONE", "stalled": false, "completionRatio": 1.0, "apiFailing": false,
                            "ratePerMinute": null, "etaSeconds": null, "estimatedCompletionAt": null},
                 "timeToPassSeconds": null, "runsToPass": null, "updatedAt": "2023-11-14T22:13:20Z"}"""), JobRows.render(drOnly));
        JobStates noSources = new JobStates(job, "p2", null, dr(job, "p2", T0, DrStatus.INITIALIZING, false, new long[] {0, 0}).build());
        assertEquals(null, JobRows.render(noSources).getJsonObject("drInit").getValue("completionRatio"),
                "no source objects reported: the ratio is unknown, not 0 or 1");
    }

    @Test
    void eachStateFilterSelectsItsJobsAndSeveralSelectAnyOfThem() {
        List<JobStates> jobs = List.of(
                new JobStates(jobId(1), "p", precheck("p", T0, PrecheckStatus.FAILED, 50.0, List.of("a"), List.of()).build(), null),
                new JobStates(jobId(2), "p", precheck("p", T0, PrecheckStatus.PASSED, 100.0, List.of(), List.of("c")).build(), null),
                new JobStates(jobId(3), "p", precheck("p", T0, PrecheckStatus.IN_PROGRESS, null, List.of(), List.of()).build(), null),
                new JobStates(jobId(4), "p", precheck("p", T0, PrecheckStatus.ERROR, null, List.of(), List.of()).build(), null),
                new JobStates(jobId(5), "p", precheck("p", T0, PrecheckStatus.PASSED, 90.0, List.of(), List.of()).build(), null),
                new JobStates(jobId(6), "p", null, dr(jobId(6), "p", T0, DrStatus.INITIALIZING, false, new long[] {1, 0}).build()),
                new JobStates(jobId(7), "p", null, dr(jobId(7), "p", T0, DrStatus.INITIALIZING, true, new long[] {1, 0}).build()),
                new JobStates(jobId(8), "p", precheck("p", T0, PrecheckStatus.PASSED, 100.0, List.of(), List.of()).build(),
                        dr(jobId(8), "p", T0, DrStatus.FAILED, false).build()),
                new JobStates(jobId(9), "p", null, dr(jobId(9), "p", T0, DrStatus.DONE, false).build()));
        jobs.get(4).precheck().getAnswer().setApiFailing(true);
        jobs.get(8).dr().getAnswer().setApiFailing(true);
        Map<String, Set<Integer>> expected = Map.ofEntries(Map.entry("failed", Set.of(1)), Map.entry("alarm", Set.of(2)),
                Map.entry("running", Set.of(3)), Map.entry("passed", Set.of(2, 5, 8)), Map.entry("error", Set.of(4)),
                Map.entry("api-failing", Set.of(5, 9)), Map.entry("dr-initializing", Set.of(6, 7)), Map.entry("dr-stalled", Set.of(7)),
                Map.entry("dr-failed", Set.of(8)), Map.entry("dr-done", Set.of(9)),
                Map.entry("failed,dr-failed", Set.of(1, 8)), Map.entry(" alarm , error,", Set.of(2, 4)), Map.entry("", Set.of(1, 2, 3, 4, 5, 6, 7, 8, 9)));
        expected.forEach((value, jobNumbers) -> assertEquals(new TreeSet<>(jobNumbers), selected(jobs, List.of(value)), "state=" + value));
        assertEquals(new TreeSet<>(Set.of(1, 3, 7)), selected(jobs, List.of("failed", "running,dr-stalled")), "repeated and comma-separated");
        BadRequestException unknown = assertThrows(BadRequestException.class, () -> JobStateFilter.parse(List.of("failed,FAILED")));
        assertTrue(unknown.getMessage().contains("dr-stalled"), "the error names the accepted values: " + unknown.getMessage());
    }

    @Test
    void regionAndProjectNarrowTheSelection() {
        JobStates there = new JobStates(jobId(1), "p1",
                precheck("p1", T0, PrecheckStatus.PASSED, 100.0, List.of(), List.of()).setRegion("eu-west-101").build(), null);
        JobStates elsewhere = new JobStates(jobId(2), "p2",
                precheck("p2", T0, PrecheckStatus.PASSED, 100.0, List.of(), List.of()).setRegion("ap-southeast-1").build(), null);
        JobQuery inRegion = new JobQuery(null, Set.of(), "eu-west-101", JobOrder.UPDATED, 10, null);
        JobQuery inProject = new JobQuery("p2", Set.of(), null, JobOrder.UPDATED, 10, null);
        assertTrue(inRegion.selects(there) && !inRegion.selects(elsewhere));
        assertTrue(!inProject.selects(there) && inProject.selects(elsewhere));
    }

    private static TreeSet<Integer> selected(List<JobStates> jobs, List<String> values) {
        Set<JobStateFilter> filters = JobStateFilter.parse(values);
        TreeSet<Integer> numbers = new TreeSet<>();
        for (JobStates job : jobs) {
            if (JobStateFilter.anySelects(filters, job)) {
                numbers.add(Integer.parseInt(job.jobId().substring(0, 8)));
            }
        }
        return numbers;
    }
}
