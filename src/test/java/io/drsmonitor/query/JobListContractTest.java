package io.drsmonitor.query;

import static io.drsmonitor.query.JobFixtures.dr;
import static io.drsmonitor.query.JobFixtures.jobId;
import static io.drsmonitor.query.JobFixtures.precheck;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.drsmonitor.model.CheckResult;
import io.drsmonitor.model.PrecheckRun;
import io.drsmonitor.model.PrecheckRunDiff;
import io.drsmonitor.model.PrecheckRunItem;
import io.drsmonitor.streams.state.DrStatus;
import io.drsmonitor.streams.state.PrecheckStatus;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The answers of the job list and runs routes, built by the code that builds them for the routes,
 * against the schemas of {@code openapi.json}; the ITs check the live answers against the same
 * schemas ({@code QueryApiIT}, {@code JobRunsIT}).
 */
class JobListContractTest {
    private static final long T0 = 1_700_000_000_000L;

    @Test
    void jobListsFitJobListWhateverStatesTheirJobsHave() {
        List<JobStates> jobs = List.of(
                new JobStates(jobId(1), "p", precheck("p", T0, PrecheckStatus.FAILED, 50.0, List.of("a"), List.of("b"))
                        .setJobName("n").setRegion("r").setJobType("SYNC").setKeptRuns(List.of(2, 1)).setLastRunRequestedAt(T0)
                        .setLastFinishedAt(T0).setFirstRequestedAt(T0 - 5).setFirstPassedAt(T0).setRunsToPass(1).build(),
                        dr(jobId(1), "p", T0 + 1, DrStatus.INITIALIZING, true, new long[] {3, 1}).build()),
                new JobStates(jobId(2), "p", precheck("p", T0, PrecheckStatus.NONE, null, List.of(), List.of()).build(), null),
                new JobStates(jobId(3), "p", null, dr(jobId(3), "p", T0, DrStatus.NONE, false).build()));
        JobQuery query = new JobQuery("p", Set.of(), null, JobOrder.PASS_RATE, 2, null);
        JsonObject page = JobPages.merge(query, List.of(JobPages.local(jobs, query)), List.of("127.0.0.1:1"));
        assertNotNull(page.getString("nextCursor"));
        OpenApiContract.assertFits("JobList", page);
        for (JobStates job : jobs) {
            OpenApiContract.assertFits("JobRow", JobRows.render(job));
        }
    }

    @Test
    void runListsFitRunList() {
        PrecheckRun first = run(T0, List.of(item("a", CheckResult.FAILED, "x"), item("b", CheckResult.PASSED, null)),
                PrecheckRunDiff.newBuilder().build());
        PrecheckRun second = run(T0 + 60_000, List.of(item("a", CheckResult.PASSED, null), item("b", CheckResult.ALARM, "y")),
                PrecheckRunDiff.newBuilder().setPreviousRunRequestedAt(Instant.ofEpochMilli(T0)).setFixed(List.of("a"))
                        .setNewlyAlarm(List.of("b")).build());
        JsonObject kept = JobViews.runs(List.of(second, first));
        JsonObject answer = JobRoutes.runList(jobId(1), kept, 20);
        OpenApiContract.assertFits("RunList", answer);
        assertEquals(2, answer.getJsonArray("runs").size());
        assertEquals(1, JobRoutes.runList(jobId(1), kept, 1).getJsonArray("runs").size());
        assertEquals("2023-11-14T22:13:20Z", answer.getJsonArray("runs").getJsonObject(0).getJsonObject("diff")
                .getString("previousRunRequestedAt"));
    }

    @Test
    void theContractRefusesWhatItDoesNotDescribe() {
        JsonObject row = JobRows.render(new JobStates(jobId(1), "p", null, dr(jobId(1), "p", T0, DrStatus.DONE, false).build()));
        assertThrows(AssertionError.class, () -> OpenApiContract.assertFits("JobRow", row.copy().put("surprise", 1)));
        assertThrows(AssertionError.class, () -> OpenApiContract.assertFits("JobRow", row.copy().put("drInit",
                row.getJsonObject("drInit").copy().put("state", "RUNNING"))));
        assertThrows(AssertionError.class, () -> OpenApiContract.assertFits("JobRow", row.copy().put("updatedAt", null)));
    }

    private static PrecheckRun run(long requestedAt, List<PrecheckRunItem> items, PrecheckRunDiff diff) {
        return PrecheckRun.newBuilder().setProjectId("p").setJobId(jobId(1)).setRunRequestedAt(Instant.ofEpochMilli(requestedAt))
                .setFinishedAt(Instant.ofEpochMilli(requestedAt + 12_000)).setDurationSeconds(12).setPrecheckId(jobId(1))
                .setMode("forStartJob").setPassed(false).setTotalPassedRate(50.0).setItems(items).setDiff(diff).build();
    }

    private static PrecheckRunItem item(String name, CheckResult verdict, String reason) {
        return PrecheckRunItem.newBuilder().setItem(name).setGroup("g").setVerdict(verdict).setFailedReason(reason).build();
    }
}
