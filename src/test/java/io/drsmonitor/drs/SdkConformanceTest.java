package io.drsmonitor.drs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.huaweicloud.sdk.core.auth.BasicCredentials;
import com.huaweicloud.sdk.core.exception.ClientRequestException;
import com.huaweicloud.sdk.core.exception.ServiceResponseException;
import com.huaweicloud.sdk.core.http.HttpConfig;
import com.huaweicloud.sdk.drs.v3.model.BatchCheckJobsRequest;
import com.huaweicloud.sdk.drs.v3.model.BatchCheckJobsResponse;
import com.huaweicloud.sdk.drs.v3.model.BatchCheckResultsRequest;
import com.huaweicloud.sdk.drs.v3.model.BatchCheckResultsResponse;
import com.huaweicloud.sdk.drs.v3.model.BatchListStructProcessRequest;
import com.huaweicloud.sdk.drs.v3.model.BatchListStructProcessResponse;
import com.huaweicloud.sdk.drs.v3.model.BatchListJobStatusRequest;
import com.huaweicloud.sdk.drs.v3.model.BatchListJobStatusResponse;
import com.huaweicloud.sdk.drs.v3.model.BatchPrecheckReq;
import com.huaweicloud.sdk.drs.v3.model.BatchQueryJobReq;
import com.huaweicloud.sdk.drs.v3.model.BatchQueryJobReqPage;
import com.huaweicloud.sdk.drs.v3.model.BatchQueryPrecheckResultReq;
import com.huaweicloud.sdk.drs.v3.model.ChildrenJobInfo;
import com.huaweicloud.sdk.drs.v3.model.JobInfo;
import com.huaweicloud.sdk.drs.v3.model.PageReq;
import com.huaweicloud.sdk.drs.v3.model.PostPreCheckResp;
import com.huaweicloud.sdk.drs.v3.model.PreCheckInfo;
import com.huaweicloud.sdk.drs.v3.model.PrecheckFailSubJobVO;
import com.huaweicloud.sdk.drs.v3.model.PrecheckResult;
import com.huaweicloud.sdk.drs.v3.model.QueryJobStatusResp;
import com.huaweicloud.sdk.drs.v3.model.QueryJobsReq;
import com.huaweicloud.sdk.drs.v3.model.QueryPreCheckResp;
import com.huaweicloud.sdk.drs.v3.model.QueryStructProcessResp;
import com.huaweicloud.sdk.drs.v3.model.ShowJobListRequest;
import com.huaweicloud.sdk.drs.v3.model.ShowJobListResponse;
import com.huaweicloud.sdk.drs.v3.model.StructProcessVO;
import io.drsmonitor.simulator.ApigSignatureCheck;
import io.drsmonitor.simulator.DrsSimulator;
import io.drsmonitor.simulator.JobSpec;
import io.drsmonitor.simulator.JobStep;
import io.drsmonitor.simulator.MutableClock;
import io.drsmonitor.simulator.Scenario;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Vertx;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.Random;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Huawei's official Java SDK ({@code huaweicloud-sdk-drs} 3.1.130) is the judge: it drives the
 * simulator with AK/SK credentials through its own {@code DrsClient} (its signer, its models, its
 * enums, its errors), then our client makes the same calls with the same credentials and its parsed
 * answers are compared field by field with the SDK's: the three pre-check and DR calls, and discovery's job
 * list and batch status.
 */
class SdkConformanceTest {
    private static final String AK = "AKSDKCONFORMANCE0001";
    private static final String SK = "sk-of-the-conformance-test-0123456789ABCDEF";
    private static final String PROJECT = Scenario.EXAMPLE_PROJECT;
    private static final String MYSQL = "140b5236-88ad-43c8-811c-1268453jb101";
    private static final String DDS = "a281f62f-4631-45d6-a2d3-679a9f4jb105";
    private static final String DR = "0ea5c5a0-e1b5-4421-80a9-7c9ff27jb502";
    private static final String FAILING = "5b7e1f20-0c1d-4e2f-9a3b-4c5d6e7jb901";
    private static Vertx vertx;
    private static MutableClock clock;
    private static DrsSimulator simulator;

    @BeforeAll
    static void start() throws Exception {
        vertx = Vertx.vertx();
        // Starts at the real time: the gateway refuses X-Sdk-Date more than 15 minutes off its clock.
        clock = new MutableClock(Instant.now());
        simulator = DrsSimulator.start(vertx, new DrsSimulator.Settings("127.0.0.1", 0, null, 7, Duration.ofHours(1), clock,
                new ApigSignatureCheck.Credentials(AK, SK, null)), Scenario.examples()).await(10, TimeUnit.SECONDS);
        simulator.addJob(JobSpec.of(PROJECT, FAILING, JobSpec.Engine.MYSQL, true)
                .withScripted(Map.of("dstDbDiskSize", "FAILED")));
    }

    @AfterAll
    static void stop() throws Exception {
        vertx.close().await(10, TimeUnit.SECONDS);
    }

    private static com.huaweicloud.sdk.drs.v3.DrsClient sdk(String secretKey) {
        return sdk(secretKey, PROJECT);
    }

    /** The SDK fills {project_id} in from its credentials: one client per project. */
    private static com.huaweicloud.sdk.drs.v3.DrsClient sdk(String secretKey, String projectId) {
        return com.huaweicloud.sdk.drs.v3.DrsClient.newBuilder()
                .withCredential(new BasicCredentials().withAk(AK).withSk(secretKey).withProjectId(projectId))
                .withEndpoint(simulator.baseUrl())
                .withHttpConfig(new HttpConfig().withConnectionTimeout(5).withReadTimeout(10))
                .build();
    }

    private static PreCheckInfo start(String jobId) {
        return new PreCheckInfo().withJobId(jobId).withPrecheckMode(PreCheckInfo.PrecheckModeEnum.FORSTARTJOB);
    }

    @Test
    void theSdkDrivesTheSimulatorAndOurClientReadsWhatTheSdkReads() throws Exception {
        com.huaweicloud.sdk.drs.v3.DrsClient sdk = sdk(SK);
        BatchCheckJobsResponse started = sdk.batchCheckJobs(new BatchCheckJobsRequest()
                .withXLanguage(BatchCheckJobsRequest.XLanguageEnum.EN_US)
                .withBody(new BatchPrecheckReq().withJobs(List.of(start(MYSQL), start(DDS), start(FAILING)))));
        assertEquals(200, started.getHttpStatusCode());
        assertEquals(3, started.getCount());
        for (PostPreCheckResp one : started.getResults()) {
            assertEquals(PostPreCheckResp.StatusEnum.SUCCESS, one.getStatus(), one.toString());
            assertEquals(one.getId(), one.getPrecheckId());
        }

        // Poll until DRS says 100%, as a user of the SDK would.
        BatchCheckResultsRequest poll = new BatchCheckResultsRequest().withXLanguage(BatchCheckResultsRequest.XLanguageEnum.EN_US)
                .withBody(new BatchQueryPrecheckResultReq().withJobs(List.of(MYSQL, DDS, FAILING)));
        BatchCheckResultsResponse results = sdk.batchCheckResults(poll);
        assertTrue(results.getResults().stream().anyMatch(r -> !"100%".equals(r.getProcess())), "still running at first");
        for (int i = 0; i < 10 && !results.getResults().stream().allMatch(r -> "100%".equals(r.getProcess())); i++) {
            clock.advance(Duration.ofSeconds(5));
            results = sdk.batchCheckResults(poll);
        }
        assertEquals(3, results.getCount());
        QueryPreCheckResp dds = results.getResults().stream().filter(r -> DDS.equals(r.getPrecheckId())).findFirst().orElseThrow();
        assertEquals(Boolean.TRUE, dds.getResult());
        assertEquals("100%", dds.getTotalPassedRate());
        assertEquals(QueryPreCheckResp.JobDirectionEnum.UP, dds.getJobDirection());
        List<PrecheckResult> alarms = dds.getPrecheckResult().stream()
                .filter(item -> item.getResult() == PrecheckResult.ResultEnum.ALARM).toList();
        assertEquals(List.of("srcCollHasTtlIndex", "srcShardKeyConfiguration"), alarms.stream().map(PrecheckResult::getItem).toList());
        for (QueryPreCheckResp result : results.getResults()) {
            for (PrecheckResult item : result.getPrecheckResult()) {
                // Every verdict is one of the SDK's own constants (an unknown string would make a new instance).
                assertTrue(List.of(PrecheckResult.ResultEnum.PASSED, PrecheckResult.ResultEnum.ALARM,
                        PrecheckResult.ResultEnum.FAILED).stream().anyMatch(known -> known == item.getResult()), item.toString());
            }
            assertTrue(List.of(QueryPreCheckResp.JobDirectionEnum.UP, QueryPreCheckResp.JobDirectionEnum.DOWN,
                    QueryPreCheckResp.JobDirectionEnum.NON_DBS).stream().anyMatch(known -> known == result.getJobDirection()));
        }
        QueryPreCheckResp failing = results.getResults().stream().filter(r -> FAILING.equals(r.getPrecheckId())).findFirst().orElseThrow();
        assertEquals(Boolean.FALSE, failing.getResult());
        PrecheckResult disk = failing.getPrecheckResult().stream().filter(i -> i.getItem().equals("dstDbDiskSize")).findFirst().orElseThrow();
        assertEquals(PrecheckResult.ResultEnum.FAILED, disk.getResult());
        assertFalse(disk.getFailedSubJobs().isEmpty(), "a DR job's failed item names its failed sub-jobs");

        BatchListStructProcessResponse struct = sdk.batchListStructProcess(new BatchListStructProcessRequest()
                .withBody(new BatchQueryJobReq().withJobs(List.of(DR))));
        clock.advance(Duration.ofSeconds(20));
        struct = sdk.batchListStructProcess(new BatchListStructProcessRequest().withBody(new BatchQueryJobReq().withJobs(List.of(DR))));
        QueryStructProcessResp drInit = struct.getResults().get(0);
        assertEquals(DR, drInit.getJobId());
        assertEquals(7, drInit.getStructProcess().getResult().size());
        assertTrue(drInit.getStructProcess().getResult().stream().anyMatch(o -> Integer.valueOf(2).equals(o.getStatus())));

        // Our client, same simulator, same credentials, same moment: the same answers, field by field.
        try (DrsClient ours = new DrsClient(vertx, DrsClientConfig.of(URI.create(simulator.baseUrl())),
                new AkSkCredentials(AK, SK, null, Clock.systemUTC()), new SimpleMeterRegistry())) {
            List<JobAnswer<io.drsmonitor.drs.QueryPreCheckResp>> mine = ours.batchPrecheckResult(PROJECT, List.of(MYSQL, DDS, FAILING))
                    .await(10, TimeUnit.SECONDS);
            BatchCheckResultsResponse again = sdk.batchCheckResults(poll);
            assertEquals(again.getResults().size(), mine.size());
            for (int i = 0; i < mine.size(); i++) {
                assertSame(again.getResults().get(i), mine.get(i).result());
            }
            io.drsmonitor.drs.StructProcessResp myStruct = ours.batchStructProcess(PROJECT, List.of(DR)).await(10, TimeUnit.SECONDS)
                    .get(0).result();
            assertSame(sdk.batchListStructProcess(new BatchListStructProcessRequest()
                    .withBody(new BatchQueryJobReq().withJobs(List.of(DR)))).getResults().get(0), myStruct);
        }
    }

    /**
     * Discovery's two calls: the SDK pages through a project's jobs ({@code showJobList}: {@code total_record},
     * each {@code JobInfo} and a dual-active task's {@code children}) and reads their statuses in one batch
     * ({@code batchListJobStatus}), as the jobs move through the statuses their steps say; our client reads the same.
     */
    @Test
    void theSdkListsJobsPageByPageAndReadsTheirStatusesAndOurClientReadsTheSame() throws Exception {
        String project = "0a1b2c3d4e5f60718293a4b5c6d7e8f9";
        Random random = new Random(25);
        List<String> migrations = new ArrayList<>();
        for (int i = 0; i < 23; i++) {
            String id = Scenario.jobId(random, i);
            migrations.add(id);
            simulator.addJob(JobSpec.of(project, id, i % 4 == 0 ? JobSpec.Engine.DDS : JobSpec.Engine.MYSQL, false)
                    .withName("migrate-orders-" + i).withDirection(i % 2 == 0 ? "up" : "down")
                    .withSteps(List.of(JobStep.status(10, "STARTJOBING"), JobStep.status(20, "INCRE_TRANSFER_STARTED"))));
        }
        String parent = Scenario.jobId(random, 90);
        String forward = Scenario.jobId(random, 91);
        String backward = Scenario.jobId(random, 92);
        simulator.addJob(JobSpec.of(project, parent, JobSpec.Engine.MYSQL, true).withName("dual-active").withStatus("FULL_TRANSFER_STARTED"));
        simulator.addJob(JobSpec.of(project, forward, JobSpec.Engine.MYSQL, true).withName("dual-active-forward").withParent(parent)
                .withStatus("FULL_TRANSFER_STARTED"));
        simulator.addJob(JobSpec.of(project, backward, JobSpec.Engine.MYSQL, true).withName("dual-active-backward").withParent(parent)
                .withDirection("down").withStatus("CONFIGURATION"));
        String gone = Scenario.jobId(random, 93);
        simulator.addJob(JobSpec.of(project, gone, JobSpec.Engine.MYSQL, false).withName("short-lived")
                .withSteps(List.of(JobStep.of(15, JobStep.GONE))));
        migrations.add(gone);

        com.huaweicloud.sdk.drs.v3.DrsClient sdk = sdk(SK, project);
        List<JobInfo> listed = new ArrayList<>();
        int pages = 0;
        ShowJobListResponse page;
        do {
            pages++;
            page = sdk.showJobList(new ShowJobListRequest().withXLanguage(ShowJobListRequest.XLanguageEnum.EN_US)
                    .withBody(new QueryJobsReq().withCurPage(pages).withPerPage(10).withDbUseType(QueryJobsReq.DbUseTypeEnum.MIGRATION)));
            assertEquals(200, page.getHttpStatusCode());
            assertEquals(24, page.getTotalRecord());
            listed.addAll(page.getJobs());
        } while (listed.size() < page.getTotalRecord());
        assertEquals(3, pages, "24 jobs at 10 a page");
        assertEquals(new TreeSet<>(migrations), new TreeSet<>(listed.stream().map(JobInfo::getId).toList()),
                "each job on exactly one page");
        JobInfo first = listed.stream().filter(j -> j.getId().equals(migrations.get(0))).findFirst().orElseThrow();
        assertEquals("migrate-orders-0", first.getName());
        assertEquals(JobInfo.StatusEnum.CONFIGURATION, first.getStatus());
        assertEquals(JobInfo.DbUseTypeEnum.MIGRATION, first.getDbUseType());
        assertEquals(JobInfo.JobDirectionEnum.UP, first.getJobDirection());
        assertEquals(JobInfo.TaskTypeEnum.FULL_INCR_TRANS, first.getTaskType());
        assertEquals("mongodb", first.getEngineType().getValue());
        assertNotNull(first.getCreateTime());

        ShowJobListResponse dr = sdk.showJobList(new ShowJobListRequest().withBody(new QueryJobsReq().withCurPage(1).withPerPage(10)
                .withDbUseType(QueryJobsReq.DbUseTypeEnum.CLOUDDATAGUARD)));
        JobInfo dualActive = dr.getJobs().stream().filter(j -> j.getId().equals(parent)).findFirst().orElseThrow();
        assertEquals(JobInfo.StatusEnum.FULL_TRANSFER_STARTED, dualActive.getStatus());
        assertEquals(List.of("dual-active-backward", "dual-active-forward"),
                dualActive.getChildren().stream().map(ChildrenJobInfo::getName).sorted().toList());
        assertTrue(dr.getJobs().stream().noneMatch(j -> j.getId().equals(forward)), "a subtask is listed under its task only");
        ShowJobListResponse byStatus = sdk.showJobList(new ShowJobListRequest().withBody(new QueryJobsReq().withCurPage(1).withPerPage(100)
                .withDbUseType(QueryJobsReq.DbUseTypeEnum.MIGRATION).withStatus(QueryJobsReq.StatusEnum.CONFIGURATION)
                .withName("migrate-orders-1")));
        assertTrue(byStatus.getJobs().stream().allMatch(j -> j.getName().contains("migrate-orders-1")));
        assertEquals(11, byStatus.getTotalRecord(), "migrate-orders-1 and -10 to -19, all in CONFIGURATION");

        // The steps play out as the clock moves: statuses change, a job leaves.
        clock.advance(Duration.ofSeconds(21));
        List<String> asked = List.of(migrations.get(0), migrations.get(1), gone, forward);
        BatchListJobStatusResponse statuses = sdk.batchListJobStatus(new BatchListJobStatusRequest()
                .withXLanguage(BatchListJobStatusRequest.XLanguageEnum.EN_US)
                .withBody(new BatchQueryJobReqPage().withJobs(asked).withPageReq(new PageReq().withCurPage(1).withPerPage(asked.size()))));
        assertEquals(4, statuses.getCount());
        assertEquals(QueryJobStatusResp.StatusEnum.INCRE_TRANSFER_STARTED, statuses.getResults().get(0).getStatus());
        assertEquals("DRS.M00289", statuses.getResults().get(2).getErrorCode(), "the job that left is unknown");
        assertEquals(QueryJobStatusResp.StatusEnum.FULL_TRANSFER_STARTED, statuses.getResults().get(3).getStatus());
        assertEquals(23, sdk.showJobList(new ShowJobListRequest().withBody(new QueryJobsReq().withCurPage(3).withPerPage(10)
                .withDbUseType(QueryJobsReq.DbUseTypeEnum.MIGRATION))).getTotalRecord());

        try (DrsClient ours = new DrsClient(vertx, DrsClientConfig.of(URI.create(simulator.baseUrl())),
                new AkSkCredentials(AK, SK, null, Clock.systemUTC()), new SimpleMeterRegistry())) {
            ShowJobListResponse theirs = sdk.showJobList(new ShowJobListRequest().withBody(new QueryJobsReq().withCurPage(2)
                    .withPerPage(10).withDbUseType(QueryJobsReq.DbUseTypeEnum.MIGRATION)));
            JobListPage mine = ours.listJobs(project, JobListQuery.page(DrsRules.MIGRATION, 2, 10)).await(10, TimeUnit.SECONDS);
            assertEquals(theirs.getTotalRecord(), mine.totalRecord());
            assertEquals(theirs.getJobs().size(), mine.jobs().size());
            for (int i = 0; i < mine.jobs().size(); i++) {
                assertSame(theirs.getJobs().get(i), mine.jobs().get(i));
            }
            io.drsmonitor.drs.JobInfo myParent = ours.listJobs(project, JobListQuery.page(DrsRules.CLOUD_DATA_GUARD, 1, 10))
                    .await(10, TimeUnit.SECONDS).jobs().stream().filter(j -> j.id().equals(parent)).findFirst().orElseThrow();
            assertEquals(dualActive.getChildren().size(), myParent.children().size());
            for (int i = 0; i < myParent.children().size(); i++) {
                ChildrenJobInfo child = dualActive.getChildren().get(i);
                io.drsmonitor.drs.JobInfo myChild = myParent.children().get(i);
                assertEquals(child.getId(), myChild.id());
                assertEquals(child.getName(), myChild.name());
                assertEquals(child.getStatus().getValue(), myChild.status());
                assertEquals(child.getJobDirection().getValue(), myChild.jobDirection());
            }
            List<JobAnswer<JobStatusResp>> myStatuses = ours.batchJobStatus(project, asked, 3).await(10, TimeUnit.SECONDS);
            BatchListJobStatusResponse again = sdk.batchListJobStatus(new BatchListJobStatusRequest()
                    .withBody(new BatchQueryJobReqPage().withJobs(asked).withPageReq(new PageReq().withCurPage(1).withPerPage(asked.size()))));
            assertEquals(asked, myStatuses.stream().map(JobAnswer::jobId).toList(), "two calls of at most 3, merged in order");
            for (int i = 0; i < asked.size(); i++) {
                QueryJobStatusResp sdkStatus = again.getResults().get(i);
                JobStatusResp myStatus = myStatuses.get(i).result();
                assertEquals(sdkStatus.getId(), myStatus.id());
                assertEquals(sdkStatus.getStatus() == null ? null : sdkStatus.getStatus().getValue(), myStatus.status());
                assertEquals(sdkStatus.getErrorCode(), myStatus.errorCode());
                assertEquals(sdkStatus.getErrorMessage(), myStatus.errorMessage());
            }
        }
    }

    @Test
    void documentedErrorsSurfaceAsTheSdksExceptionsAndAWrongSecretKeyIsRefused() {
        com.huaweicloud.sdk.drs.v3.DrsClient sdk = sdk(SK);
        ClientRequestException empty = assertThrows(ClientRequestException.class, () -> sdk.batchCheckResults(
                new BatchCheckResultsRequest().withBody(new BatchQueryPrecheckResultReq().withJobs(List.of()))));
        assertEquals(400, empty.getHttpStatusCode());
        assertEquals("DRS.M00201", empty.getErrorCode());
        assertEquals("The jobs parameter is empty.", empty.getErrorMsg());

        ClientRequestException badId = assertThrows(ClientRequestException.class, () -> sdk.batchListStructProcess(
                new BatchListStructProcessRequest().withBody(new BatchQueryJobReq().withJobs(List.of("not-a-job-id")))));
        assertEquals(400, badId.getHttpStatusCode());
        assertEquals("DRS.M00202", badId.getErrorCode());

        long before = simulator.stats().calls(DrsSimulator.PRECHECK_RESULT);
        ServiceResponseException refused = assertThrows(ServiceResponseException.class, () -> sdk("not-the-secret-key")
                .batchCheckResults(new BatchCheckResultsRequest().withBody(new BatchQueryPrecheckResultReq().withJobs(List.of(MYSQL)))));
        assertInstanceOf(ClientRequestException.class, refused);
        assertEquals(401, refused.getHttpStatusCode());
        assertEquals("APIGW.0301", refused.getErrorCode());
        assertTrue(refused.getErrorMsg().contains("verify aksk signature fail"), refused.getErrorMsg());
        assertNotNull(refused.getErrorMsg());
        assertEquals(before, simulator.stats().calls(DrsSimulator.PRECHECK_RESULT), "a refused request reaches no DRS call");
    }

    private static void assertSame(QueryPreCheckResp sdk, io.drsmonitor.drs.QueryPreCheckResp ours) {
        assertEquals(sdk.getPrecheckId(), ours.precheckId());
        assertEquals(sdk.getResult(), ours.result());
        assertEquals(sdk.getProcess(), ours.process());
        assertEquals(sdk.getTotalPassedRate(), ours.totalPassedRate());
        assertEquals(sdk.getRdsInstanceId(), ours.rdsInstanceId());
        assertEquals(sdk.getJobDirection() == null ? null : sdk.getJobDirection().getValue(), ours.jobDirection());
        assertEquals(sdk.getErrorCode(), ours.errorCode());
        assertEquals(sdk.getErrorMsg(), ours.errorMsg());
        assertEquals(sdk.getPrecheckResult().size(), ours.precheckResult().size());
        for (int i = 0; i < sdk.getPrecheckResult().size(); i++) {
            PrecheckResult theirs = sdk.getPrecheckResult().get(i);
            PrecheckResultItem mine = ours.precheckResult().get(i);
            assertEquals(theirs.getItem(), mine.item());
            assertEquals(theirs.getResult().getValue(), mine.result());
            assertEquals(theirs.getFailedReason(), mine.failedReason());
            assertEquals(theirs.getData(), mine.data());
            assertEquals(theirs.getRawErrorMsg(), mine.rawErrorMsg());
            assertEquals(theirs.getGroup(), mine.group());
            List<PrecheckFailSubJobVO> subJobs = Objects.requireNonNullElse(theirs.getFailedSubJobs(), List.of());
            List<PrecheckFailSubJob> mySubJobs = Objects.requireNonNullElse(mine.failedSubJobs(), List.of());
            assertEquals(subJobs.size(), mySubJobs.size());
            for (int j = 0; j < subJobs.size(); j++) {
                assertEquals(subJobs.get(j).getId(), mySubJobs.get(j).id());
                assertEquals(subJobs.get(j).getName(), mySubJobs.get(j).name());
                assertEquals(subJobs.get(j).getCheckResult(), mySubJobs.get(j).checkResult());
            }
        }
    }

    private static void assertSame(JobInfo sdk, io.drsmonitor.drs.JobInfo ours) {
        assertEquals(sdk.getId(), ours.id());
        assertEquals(sdk.getName(), ours.name());
        assertEquals(sdk.getStatus().getValue(), ours.status());
        assertEquals(sdk.getEngineType().getValue(), ours.engineType());
        assertEquals(sdk.getJobDirection().getValue(), ours.jobDirection());
        assertEquals(sdk.getDbUseType().getValue(), ours.dbUseType());
        assertEquals(sdk.getTaskType().getValue(), ours.taskType());
        assertEquals(sdk.getCreateTime(), ours.createTime());
        assertEquals(Objects.requireNonNullElse(sdk.getChildren(), List.of()).size(), ours.children().size());
    }

    private static void assertSame(QueryStructProcessResp sdk, io.drsmonitor.drs.StructProcessResp ours) {
        assertEquals(sdk.getJobId(), ours.jobId());
        assertEquals(sdk.getErrorCode(), ours.errorCode());
        assertEquals(sdk.getErrorMessage(), ours.errorMessage());
        assertEquals(sdk.getStructProcess().getCreateTime(), ours.structProcess().createTime());
        List<StructProcessVO> theirs = sdk.getStructProcess().getResult();
        assertEquals(theirs.size(), ours.structProcess().result().size());
        for (int i = 0; i < theirs.size(); i++) {
            StructProcessVO object = theirs.get(i);
            StructProcessObject mine = ours.structProcess().result().get(i);
            assertEquals(object.getType(), mine.type());
            assertEquals(object.getStatus(), mine.status());
            assertEquals(object.getSrcCount() == null ? null : object.getSrcCount().longValue(), mine.srcCount());
            assertEquals(object.getDstCount() == null ? null : object.getDstCount().longValue(), mine.dstCount());
            assertEquals(object.getStartTime(), mine.startTime());
            assertEquals(object.getEndTime(), mine.endTime());
        }
    }
}
