package io.drsmonitor.collector;

import static io.drsmonitor.TestSupport.awaitTrue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.drsmonitor.streams.StreamsRunner;
import io.drsmonitor.streams.StreamsEnvironment;
import io.drsmonitor.avro.RegistryClientConfig;
import io.drsmonitor.avro.SpecificAvroDeserializer;
import io.drsmonitor.avro.SpecificAvroSerializer;
import io.drsmonitor.drs.DrsClient;
import io.drsmonitor.drs.DrsClients;
import io.drsmonitor.drs.DrsClientConfig;
import io.drsmonitor.drs.DrsCredentials;
import io.drsmonitor.drs.DrsErrors;
import io.drsmonitor.kafka.KafkaFixture;
import io.drsmonitor.kafka.TopicAdmin;
import io.drsmonitor.kafka.TopicNames;
import io.drsmonitor.model.CheckResult;
import io.drsmonitor.model.JobDirection;
import io.drsmonitor.model.JobEvent;
import io.drsmonitor.model.JobEventType;
import io.drsmonitor.model.JobType;
import io.drsmonitor.model.ObservationOutcome;
import io.drsmonitor.model.PrecheckItem;
import io.drsmonitor.model.PrecheckResult;
import io.drsmonitor.model.PrecheckSubmission;
import io.drsmonitor.model.StructObjectState;
import io.drsmonitor.model.StructProcess;
import io.drsmonitor.model.SubmissionStatus;
import io.drsmonitor.registry.RegistryHarness;
import io.drsmonitor.simulator.DrsSimulator;
import io.drsmonitor.simulator.Fault;
import io.drsmonitor.simulator.JobSpec;
import io.drsmonitor.simulator.Scenario;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Vertx;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import io.drsmonitor.TestSupport;
import java.io.IOException;
import java.nio.file.Files;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.concurrent.Future;
import org.apache.kafka.common.utils.Utils;

/** The collector on a real broker, with the real simulator over loopback HTTP. */
@ExtendWith(KafkaFixture.class)
class CollectorIT {
    static final CollectorSettings SETTINGS = new CollectorSettings(Duration.ofMillis(100), Duration.ofMillis(300),
            Duration.ofSeconds(2), Duration.ofMinutes(2), Duration.ofMinutes(5), 3, Duration.ofSeconds(5), Duration.ofHours(24));
    private static final String TOKEN = "collector-it-token";
    private static final Duration PATIENCE = Duration.ofSeconds(90);

    private static RegistryHarness registry;
    private static Vertx vertx;
    private static DrsSimulator simulator;
    private static TopicRecorder recorder;
    private static KafkaProducer<byte[], byte[]> producer;
    private static SpecificAvroSerializer<JobEvent> eventSerializer;
    private static Map<String, Object> serdeConfig;
    private static final Random RANDOM = new Random();

    @BeforeAll
    static void start() throws Exception {
        registry = RegistryHarness.shared(KafkaFixture.bootstrapServers());
        serdeConfig = Map.of(RegistryClientConfig.URL, registry.url());
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", KafkaFixture.bootstrapServers()))) {
            TopicAdmin.ensure(admin, TopicNames.DEFAULT.applicationTopics(4, (short) 1));
        }
        vertx = Vertx.vertx();
        simulator = DrsSimulator.start(vertx, DrsSimulator.Settings.local(0, TOKEN, 99), Scenario.empty())
                .await(10, TimeUnit.SECONDS);
        recorder = new TopicRecorder(KafkaFixture.bootstrapServers(), List.of(TopicNames.PRECHECK_RESULTS,
                TopicNames.DR_STRUCT_PROCESS, TopicNames.PRECHECK_SUBMISSIONS, TopicNames.JOB_EVENTS_DLQ));
        producer = new KafkaProducer<>(Map.of("bootstrap.servers", KafkaFixture.bootstrapServers(), "acks", "all"),
                new ByteArraySerializer(), new ByteArraySerializer());
        eventSerializer = new SpecificAvroSerializer<>();
        eventSerializer.configure(serdeConfig, false);
    }

    @AfterAll
    static void stop() throws Exception {
        producer.close();
        recorder.close();
        vertx.close().await(10, TimeUnit.SECONDS);
    }

    // ---- helpers

    private static DrsClient client(DrsClientConfig config) {
        return new DrsClient(vertx, config, DrsCredentials.fixedToken(TOKEN), new SimpleMeterRegistry());
    }

    private static DrsClientConfig clientConfig() {
        return DrsClientConfig.of(URI.create(simulator.baseUrl()))
                .withRetries(3, Duration.ofMillis(50), Duration.ofMillis(500), Duration.ofSeconds(10));
    }

    private static StreamsRunner collector(DrsClient drs, SimpleMeterRegistry metrics) {
        Path state = KafkaFixture.tempDir("collector-state");
        return Collector.create(StreamsEnvironment.of(kafkaConfig(), serdeConfig, state), DrsClients.single(drs), SETTINGS,
                new CollectorMetrics(metrics));
    }

    private static Map<String, Object> kafkaConfig() {
        return TestSupport.fastFailover(KafkaFixture.bootstrapServers());
    }

    private static void awaitRunning(StreamsRunner... collectors) {
        awaitTrue("collectors RUNNING", PATIENCE, () -> Arrays.stream(collectors)
                .allMatch(c -> c.state() == KafkaStreams.State.RUNNING));
    }

    private static String project() {
        return UUID.randomUUID().toString().replace("-", "");
    }

    private static JobSpec job(String project, JobSpec.Engine engine, boolean dr) {
        return JobSpec.of(project, Scenario.jobId(RANDOM, RANDOM.nextInt(1000)), engine, dr).withTimes(2, 3);
    }

    private static RecordMetadata send(JobSpec job, JobEventType type) throws Exception {
        return sendAsync(job, type).get();
    }

    private static Future<RecordMetadata> sendAsync(JobSpec job, JobEventType type) {
        JobEvent event = JobEvent.newBuilder().setEventId(UUID.randomUUID().toString()).setProjectId(job.projectId())
                .setJobId(job.jobId()).setEventType(type).setJobType(job.dr() ? JobType.DR : JobType.MIGRATION)
                .setEngineType(job.engine().name().toLowerCase(Locale.ROOT)).setOccurredAt(Instant.now()).build();
        return producer.send(new ProducerRecord<>(TopicNames.JOB_EVENTS, job.jobId().getBytes(StandardCharsets.UTF_8),
                eventSerializer.serialize(TopicNames.JOB_EVENTS, event)));
    }

    private static List<PrecheckResult> results(Set<String> projects) {
        SpecificAvroDeserializer<PrecheckResult> d = new SpecificAvroDeserializer<>(PrecheckResult.class);
        d.configure(serdeConfig, false);
        return recorder.values(TopicNames.PRECHECK_RESULTS, r -> d.deserialize(r.topic(), r.value()),
                r -> projects.contains(r.getProjectId()));
    }

    private static List<StructProcess> structs(Set<String> projects) {
        SpecificAvroDeserializer<StructProcess> d = new SpecificAvroDeserializer<>(StructProcess.class);
        d.configure(serdeConfig, false);
        return recorder.values(TopicNames.DR_STRUCT_PROCESS, r -> d.deserialize(r.topic(), r.value()),
                r -> projects.contains(r.getProjectId()));
    }

    private static List<PrecheckSubmission> submissions(Set<String> projects) {
        SpecificAvroDeserializer<PrecheckSubmission> d = new SpecificAvroDeserializer<>(PrecheckSubmission.class);
        d.configure(serdeConfig, false);
        return recorder.values(TopicNames.PRECHECK_SUBMISSIONS, r -> d.deserialize(r.topic(), r.value()),
                r -> projects.contains(r.getProjectId()));
    }

    private static boolean allComplete(List<JobSpec> jobs) {
        Set<String> projects = jobs.stream().map(JobSpec::projectId).collect(Collectors.toSet());
        Set<String> donePrechecks = results(projects).stream().filter(PrecheckResult::getComplete)
                .map(PrecheckResult::getJobId).collect(Collectors.toSet());
        Set<String> doneDr = structs(projects).stream().filter(StructProcess::getComplete)
                .map(StructProcess::getJobId).collect(Collectors.toSet());
        return jobs.stream().allMatch(j -> donePrechecks.contains(j.jobId()) && (!j.dr() || doneDr.contains(j.jobId())));
    }

    /** Sends each job's events in one burst, as an upstream system releasing a batch of jobs would. */
    private static void requestAll(List<JobSpec> jobs) throws Exception {
        jobs.forEach(simulator::addJob);
        for (JobSpec job : jobs) {
            sendAsync(job, JobEventType.JOB_CREATED);
            sendAsync(job, JobEventType.PRECHECK_REQUESTED);
            if (job.dr()) {
                sendAsync(job, JobEventType.DR_INIT_STARTED);
            }
        }
        producer.flush();
    }

    // ---- tests

    @Test
    void eventsForJobsInSeveralProjectsLeadToTypedResultsInAboutOneCallPerProjectPerRound() throws Exception {
        List<JobSpec> jobs = new ArrayList<>();
        List<String> projects = List.of(project(), project());
        for (String p : projects) {
            jobs.add(job(p, JobSpec.Engine.MYSQL, false).withScripted(Map.of("srcDbConnection", "FAILED")));
            jobs.add(job(p, JobSpec.Engine.DDS, false).withScripted(Map.of("srcCollHasTtlIndex", "ALARM")));
            jobs.add(job(p, JobSpec.Engine.MYSQL, true).withDirection("down"));
        }
        SimpleMeterRegistry metrics = new SimpleMeterRegistry();
        try (DrsClient drs = client(clientConfig()); StreamsRunner collector = collector(drs, metrics).start()) {
            awaitRunning(collector);
            requestAll(jobs);
            awaitTrue("every pre-check and DR initialization complete", PATIENCE, () -> allComplete(jobs));
        }
        assertEquals(0.0, metrics.counter("drs.collector.thread.failures").count(), "no collector thread died");
        Set<String> projectSet = Set.copyOf(projects);
        Map<String, PrecheckResult> finals = new HashMap<>();
        results(projectSet).stream().filter(PrecheckResult::getComplete).forEach(r -> finals.put(r.getJobId(), r));
        for (int i = 0; i < jobs.size(); i++) {
            JobSpec job = jobs.get(i);
            PrecheckResult r = finals.get(job.jobId());
            assertEquals(job.projectId(), r.getProjectId());
            assertEquals(ObservationOutcome.OK, r.getOutcome());
            assertEquals(100.0, r.getProcessPercent());
            assertEquals("100%", r.getProcess());
            assertEquals(job.jobId(), r.getPrecheckId());
            assertEquals(job.engine() == JobSpec.Engine.MYSQL ? 39 : 27, r.getItems().size());
            switch (i % 3) {
                case 0 -> {
                    assertEquals(Boolean.FALSE, r.getPassed());
                    PrecheckItem failed = r.getItems().stream().filter(it -> it.getItem().equals("srcDbConnection")).findFirst().orElseThrow();
                    assertEquals(CheckResult.FAILED, failed.getVerdict());
                    assertEquals("network", failed.getGroup());
                    assertEquals(100.0 * 38 / 39, r.getTotalPassedRatePercent(), 0.01);
                    assertEquals(JobDirection.UP, r.getJobDirection());
                }
                case 1 -> {
                    assertEquals(Boolean.TRUE, r.getPassed());
                    assertEquals(CheckResult.ALARM, r.getItems().stream().filter(it -> it.getItem().equals("srcCollHasTtlIndex"))
                            .findFirst().orElseThrow().getVerdict());
                    assertEquals(100.0, r.getTotalPassedRatePercent());
                }
                default -> {
                    assertEquals(JobDirection.DOWN, r.getJobDirection());
                    assertEquals("down", r.getJobDirectionRaw());
                }
            }
        }
        // Snapshots are published only when they change.
        Map<String, List<PrecheckResult>> byJob = results(projectSet).stream().collect(Collectors.groupingBy(PrecheckResult::getJobId));
        byJob.values().forEach(snapshots -> {
            for (int i = 1; i < snapshots.size(); i++) {
                assertFalse(Snapshots.fingerprint(snapshots.get(i)) == Snapshots.fingerprint(snapshots.get(i - 1)),
                        "a repeated snapshot was published");
            }
        });
        assertTrue(submissions(projectSet).stream().allMatch(s -> s.getStatus() == SubmissionStatus.SUCCESS));
        assertEquals(jobs.size(), submissions(projectSet).stream().map(PrecheckSubmission::getJobId).distinct().count());

        List<StructProcess> drFinals = structs(projectSet).stream().filter(StructProcess::getComplete).toList();
        assertEquals(2, drFinals.size());
        for (StructProcess s : drFinals) {
            assertEquals(7, s.getEntries().size());
            assertTrue(s.getEntries().stream().allMatch(e -> e.getState() == StructObjectState.COMPLETED
                    && e.getStatus() == 2 && e.getSrcCount().equals(e.getDstCount()) && e.getEndTime() != null));
            assertTrue(s.getCreateTimeMillis() != null);
        }

        for (String p : projects) {
            long calls = simulator.stats().calls(DrsSimulator.PRECHECK_RESULT, p);
            long jobsCarried = simulator.stats().jobs(DrsSimulator.PRECHECK_RESULT, p);
            System.out.printf("project %s: %d batch-precheck-result calls carried %d job polls (%.2f jobs per call; per-job polling would be %d calls)%n",
                    p, calls, jobsCarried, (double) jobsCarried / calls, jobsCarried);
            assertTrue(jobsCarried >= 2.0 * calls, "calls are batched per project: " + calls + " calls for " + jobsCarried + " polls");
            assertEquals(1, simulator.stats().calls(DrsSimulator.PRECHECK, p), "pre-checks requested together start in one call");
        }
        assertTrue(metrics.find("drs.collector.jobs.per.call").tag("endpoint", "batch-precheck-result").summary().mean() > 1.5);
    }

    @Test
    void badEventsGoToTheDeadLetterTopicWithTheirReasonWhileGoodOnesFlow() throws Exception {
        String p = project();
        JobSpec good = job(p, JobSpec.Engine.MYSQL, false);
        simulator.addJob(good);
        String marker = UUID.randomUUID().toString();
        JobEvent invalidId = JobEvent.newBuilder().setEventId(marker).setProjectId(p).setJobId("not-a-job")
                .setEventType(JobEventType.PRECHECK_REQUESTED).setOccurredAt(Instant.now()).build();
        JobEvent keyMismatch = JobEvent.newBuilder(invalidId).setJobId(good.jobId()).build();
        byte[] wrongMagic = eventSerializer.serialize(TopicNames.JOB_EVENTS, keyMismatch).clone();
        wrongMagic[0] = 9;
        Map<String, byte[]> bad = new LinkedHashMap<>();
        bad.put("UNDECODABLE", "this is not avro".getBytes(StandardCharsets.UTF_8));
        bad.put("UNDECODABLE-MAGIC", wrongMagic);
        bad.put("INVALID_ID", eventSerializer.serialize(TopicNames.JOB_EVENTS, invalidId));
        bad.put("KEY_MISMATCH", eventSerializer.serialize(TopicNames.JOB_EVENTS, keyMismatch));
        Map<String, RecordMetadata> sent = new HashMap<>();
        try (DrsClient drs = client(clientConfig()); StreamsRunner collector = collector(drs, new SimpleMeterRegistry()).start()) {
            awaitRunning(collector);
            for (Map.Entry<String, byte[]> entry : bad.entrySet()) {
                String key = entry.getKey().equals("KEY_MISMATCH") ? "someone-else" : marker + entry.getKey();
                sent.put(entry.getKey(), producer.send(new ProducerRecord<>(TopicNames.JOB_EVENTS,
                        key.getBytes(StandardCharsets.UTF_8), entry.getValue())).get());
                send(good, entry.getKey().equals("INVALID_ID") ? JobEventType.PRECHECK_REQUESTED : JobEventType.JOB_CREATED);
            }
            awaitTrue("the good job's pre-check completes", PATIENCE, () -> allComplete(List.of(good)));
            awaitTrue("four dead letters", PATIENCE, () -> deadLetters(sent).size() == 4);
        }
        for (ConsumerRecord<byte[], byte[]> dead : deadLetters(sent)) {
            String error = DeadLetters.header(dead.headers(), DeadLetters.ERROR);
            RecordMetadata origin = sent.values().stream().filter(m -> m.partition() == Integer.parseInt(
                    DeadLetters.header(dead.headers(), DeadLetters.SOURCE_PARTITION)) && m.offset() == Long.parseLong(
                    DeadLetters.header(dead.headers(), DeadLetters.SOURCE_OFFSET))).findFirst().orElseThrow();
            String kind = sent.entrySet().stream().filter(e -> e.getValue() == origin).findFirst().orElseThrow().getKey();
            assertEquals(kind.startsWith("UNDECODABLE") ? "UNDECODABLE" : kind, error);
            assertEquals(TopicNames.JOB_EVENTS, DeadLetters.header(dead.headers(), DeadLetters.SOURCE_TOPIC));
            assertFalse(DeadLetters.header(dead.headers(), DeadLetters.REASON).isBlank());
            assertTrue(Arrays.equals(bad.get(kind), dead.value()), "the event is kept as received");
        }
    }

    private static List<ConsumerRecord<byte[], byte[]>> deadLetters(Map<String, RecordMetadata> sent) {
        return recorder.records(TopicNames.JOB_EVENTS_DLQ).stream().filter(r -> sent.values().stream().anyMatch(m ->
                String.valueOf(m.offset()).equals(DeadLetters.header(r.headers(), DeadLetters.SOURCE_OFFSET))
                        && String.valueOf(m.partition()).equals(DeadLetters.header(r.headers(), DeadLetters.SOURCE_PARTITION))))
                .toList();
    }

    @Test
    void twoInstancesSharePartitionsAndTogetherCoverEveryJobOnce() throws Exception {
        List<JobSpec> jobs = new ArrayList<>();
        // Ten random projects: the chance that all hash to one instance's partitions is about 1 in 500.
        for (int p = 0; p < 10; p++) {
            String project = project();
            jobs.add(job(project, JobSpec.Engine.MYSQL, false));
            jobs.add(job(project, JobSpec.Engine.DDS, true));
        }
        SimpleMeterRegistry first = new SimpleMeterRegistry();
        SimpleMeterRegistry second = new SimpleMeterRegistry();
        try (DrsClient drs = client(clientConfig()); StreamsRunner a = collector(drs, first).start();
             StreamsRunner b = collector(drs, second).start()) {
            awaitRunning(a, b);
            requestAll(jobs);
            awaitTrue("every job complete", PATIENCE, () -> allComplete(jobs));
        }
        assertEquals(0.0, first.counter("drs.collector.thread.failures").count() + second.counter("drs.collector.thread.failures").count(),
                "no collector thread died");
        double callsA = first.find("drs.collector.calls").counters().stream().mapToDouble(c -> c.count()).sum();
        double callsB = second.find("drs.collector.calls").counters().stream().mapToDouble(c -> c.count()).sum();
        assertTrue(callsA > 0 && callsB > 0, "both instances polled: " + callsA + " and " + callsB);
        Set<String> projects = jobs.stream().map(JobSpec::projectId).collect(Collectors.toSet());
        Map<String, Long> finalsPerJob = results(projects).stream().filter(PrecheckResult::getComplete)
                .collect(Collectors.groupingBy(PrecheckResult::getJobId, Collectors.counting()));
        assertEquals(jobs.size(), finalsPerJob.size());
        assertTrue(finalsPerJob.values().stream().allMatch(n -> n == 1), "each final result published once: " + finalsPerJob);
    }

    @Test
    void aCollectorKilledMidRunIsReplacedByANewInstanceThatFinishesEveryJob() throws Exception {
        String p = project();
        List<JobSpec> jobs = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            jobs.add(job(p, i % 2 == 0 ? JobSpec.Engine.MYSQL : JobSpec.Engine.DDS, i < 2).withTimes(8, 8));
        }
        Path state = KafkaFixture.tempDir("collector-killed");
        Process child = childCollector(state);
        try {
            requestAll(jobs);
            awaitTrue("pre-checks in progress", PATIENCE, () -> results(Set.of(p)).stream()
                    .anyMatch(r -> r.getProcessPercent() != null && r.getProcessPercent() > 0 && !r.getComplete()));
            assertFalse(allComplete(jobs), "the kill must come mid-run");
        } finally {
            child.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        }
        try (DrsClient drs = client(clientConfig()); StreamsRunner replacement = collector(drs, new SimpleMeterRegistry()).start()) {
            awaitTrue("the new instance finishes every job", PATIENCE, () -> allComplete(jobs));
        }
        for (JobSpec job : jobs) {
            assertEquals(1, submissions(Set.of(p)).stream().filter(s -> s.getJobId().equals(job.jobId())).count(),
                    "the pre-check was not started again");
        }
    }

    /** A collector in a process of its own (so it can be SIGKILLed), once it says it is up. */
    private static Process childCollector(Path state) throws IOException {
        Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), CollectorProcessMain.class.getName(),
                KafkaFixture.bootstrapServers(), registry.url(), simulator.baseUrl(), TOKEN, state.toString())
                .redirectErrorStream(true).redirectOutput(state.resolve("child.log").toFile()).start();
        try {
            awaitTrue("the child collector is up", PATIENCE, () -> {
                try {
                    return Files.readString(state.resolve("child.log")).contains("collector started");
                } catch (IOException e) {
                    return false;
                }
            });
        } catch (AssertionError e) {
            child.destroyForcibly();
            throw e;
        }
        return child;
    }

    /** Each job's pre-check was started by DRS exactly once: counted by the simulator, where the side effect happens. */
    private static void assertStartedOnce(List<JobSpec> jobs) {
        for (JobSpec job : jobs) {
            assertEquals(1, simulator.precheckStarts(job.jobId()), "pre-check of " + job.jobId() + " started once");
        }
    }

    @Test
    void aCollectorKilledWhileDrsHoldsAStartAnswerIsReplacedAndStartsNothingTwice() throws Exception {
        String p = project();
        List<JobSpec> jobs = List.of(job(p, JobSpec.Engine.MYSQL, false), job(p, JobSpec.Engine.DDS, false),
                job(p, JobSpec.Engine.MYSQL, true));
        Path state = KafkaFixture.tempDir("collector-killed-holding");
        long arrivedBefore = simulator.stats().arrived(DrsSimulator.PRECHECK);
        // DRS acts on the start but holds its answer back for 4 s: the collector dies before it comes.
        simulator.setFault(DrsSimulator.PRECHECK, Fault.latency(4_000));
        Process child = childCollector(state);
        try {
            requestAll(jobs);
            awaitTrue("the start reached DRS", PATIENCE, () -> simulator.stats().arrived(DrsSimulator.PRECHECK) > arrivedBefore);
        } finally {
            child.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        }
        // The held call acts after the kill; jobs whose start had not left yet are started by the new owner.
        awaitTrue("DRS acted on the start it held", PATIENCE, () -> jobs.stream().anyMatch(j -> simulator.precheckStarted(j.jobId())));
        SimpleMeterRegistry metrics = new SimpleMeterRegistry();
        try (DrsClient drs = client(clientConfig()); StreamsRunner replacement = collector(drs, metrics).start()) {
            awaitTrue("the new instance finishes every job", PATIENCE, () -> allComplete(jobs));
        } finally {
            simulator.clearFaults();
        }
        assertStartedOnce(jobs);
        assertTrue(metrics.counter("drs.collector.precheck.unconfirmed").count() >= 1, "the new owner asked DRS");
        assertTrue(metrics.counter("drs.collector.precheck.restarted").count() < jobs.size(),
                "what DRS had was followed, not started again");
    }

    @Test
    void startsWithoutACleanAnswerAreSettledByAskingDrsNeverBySendingThemAgain() throws Exception {
        SimpleMeterRegistry metrics = new SimpleMeterRegistry();
        try (DrsClient drs = client(clientConfig().withRequestTimeout(Duration.ofMillis(1500)));
             StreamsRunner collector = collector(drs, metrics).start()) {
            awaitRunning(collector);
            for (Fault fault : List.of(Fault.dropConnection(1), Fault.status(503, 1), Fault.latency(3_000))) {
                String p = project();
                // 15 jobs: two batch-precheck chunks (at most 10 a call); the fault hits the first only.
                List<JobSpec> jobs = new ArrayList<>();
                for (int i = 0; i < 15; i++) {
                    jobs.add(job(p, i % 2 == 0 ? JobSpec.Engine.MYSQL : JobSpec.Engine.DDS, false));
                }
                simulator.setFault(DrsSimulator.PRECHECK, fault.latencyMs() > 0
                        ? new Fault(fault.latencyMs(), 0, -1, false, false, 0, 1, 1) : fault);
                requestAll(jobs);
                awaitTrue("every job complete despite " + fault, PATIENCE, () -> allComplete(jobs));
                simulator.clearFaults();
                assertStartedOnce(jobs);
                Set<String> accepted = submissions(Set.of(p)).stream().map(PrecheckSubmission::getJobId).collect(Collectors.toSet());
                assertEquals(jobs.stream().map(JobSpec::jobId).collect(Collectors.toSet()), accepted, "every start recorded");
            }
        } finally {
            simulator.clearFaults();
        }
        assertTrue(metrics.counter("drs.collector.precheck.unconfirmed").count() >= 3, "each fault left starts unconfirmed");
        assertTrue(metrics.counter("drs.collector.precheck.restarted").count() >= 1,
                "a start DRS never saw (dropped, 503) was started again once DRS said so");
    }

    @Test
    void aStoppedOrDeletedJobLeavesTombstonesOnAllThreeTopics() throws Exception {
        String p = project();
        JobSpec deleted = job(p, JobSpec.Engine.MYSQL, true);
        JobSpec gone = job(p, JobSpec.Engine.DDS, false);
        JobSpec stays = job(p, JobSpec.Engine.MYSQL, false);
        SimpleMeterRegistry metrics = new SimpleMeterRegistry();
        try (DrsClient drs = client(clientConfig()); StreamsRunner collector = collector(drs, metrics).start()) {
            awaitRunning(collector);
            requestAll(List.of(deleted, gone, stays));
            awaitTrue("all complete", PATIENCE, () -> allComplete(List.of(deleted, gone, stays)));
            send(deleted, JobEventType.JOB_DELETED);
            // DRS itself no longer knows the other: its next poll says so (DRS.M05004).
            simulator.deleteJob(gone.jobId());
            send(gone, JobEventType.PRECHECK_REQUESTED);
            for (String topic : List.of(TopicNames.PRECHECK_RESULTS, TopicNames.DR_STRUCT_PROCESS, TopicNames.PRECHECK_SUBMISSIONS)) {
                awaitTrue("tombstones on " + topic, PATIENCE, () -> recorder.tombstones(topic).containsAll(
                        List.of(deleted.jobId(), gone.jobId())));
                assertFalse(recorder.tombstones(topic).contains(stays.jobId()));
            }
        }
        assertEquals(1.0, metrics.counter("drs.collector.jobs.ended", "reason", "JOB_DELETED").count());
        assertEquals(1.0, metrics.counter("drs.collector.jobs.ended", "reason", DrsErrors.JOB_DELETED).count());
    }

    /** The partition of drs.job-events.by-project (4 partitions here) that the producer's default partitioner picks. */
    private static int partitionOf(String projectId) {
        return Utils.toPositive(
                Utils.murmur2(projectId.getBytes(StandardCharsets.UTF_8))) % 4;
    }

    @Test
    void aJobMovedToAnotherProjectIsFollowedByItsNewOwnerOnly() throws Exception {
        JobSpec before = job(project(), JobSpec.Engine.MYSQL, false);
        // A project on another partition of the by-project topic, so another task owns it.
        String other = project();
        while (partitionOf(other) == partitionOf(before.projectId())) {
            other = project();
        }
        JobSpec after = JobSpec.of(other, before.jobId(), JobSpec.Engine.MYSQL, false).withTimes(2, 3);
        SimpleMeterRegistry metrics = new SimpleMeterRegistry();
        try (DrsClient drs = client(clientConfig()); StreamsRunner collector = collector(drs, metrics).start()) {
            awaitRunning(collector);
            requestAll(List.of(before));
            awaitTrue("the old project's pre-check completes", PATIENCE, () -> allComplete(List.of(before)));
            double trackedBefore = metrics.get("drs.collector.jobs.tracked").gauge().value();
            // In DRS the job now belongs to the other project; events say so from now on.
            simulator.addJob(after);
            send(after, JobEventType.PRECHECK_REQUESTED);
            awaitTrue("the new project's pre-check completes", PATIENCE, () -> results(Set.of(after.projectId())).stream()
                    .anyMatch(r -> r.getComplete() && r.getErrorCode() == null));
            // The new task counts the job once it follows it; one owner means the old task's count drops by one.
            awaitTrue("one owner: the old project's task let the job go", PATIENCE,
                    () -> metrics.get("drs.collector.jobs.tracked").gauge().value() == trackedBefore);
        }
        assertFalse(recorder.tombstones(TopicNames.PRECHECK_RESULTS).contains(after.jobId()), "the move ended nothing");
    }

    @Test
    void aSimulatorAnswering429And500ForAWhileDelaysButLosesNothing() throws Exception {
        String p = project();
        List<JobSpec> jobs = List.of(job(p, JobSpec.Engine.MYSQL, false), job(p, JobSpec.Engine.DDS, false),
                job(p, JobSpec.Engine.MYSQL, true));
        DrsClientConfig fragile = clientConfig().withRetries(0, Duration.ofMillis(50), Duration.ofMillis(100), Duration.ofSeconds(5))
                .withCircuit(5, Duration.ofMillis(500));
        simulator.setFault(DrsSimulator.PRECHECK, Fault.tooManyRequests(1, 2));
        simulator.setFault(DrsSimulator.PRECHECK_RESULT, Fault.status(500, 8));
        simulator.setFault(DrsSimulator.STRUCT_PROCESS, Fault.status(503, 6));
        SimpleMeterRegistry metrics = new SimpleMeterRegistry();
        try (DrsClient drs = client(fragile); StreamsRunner collector = collector(drs, metrics).start()) {
            awaitRunning(collector);
            requestAll(jobs);
            awaitTrue("every job complete despite the failures", PATIENCE, () -> allComplete(jobs));
            assertEquals(0.0, metrics.counter("drs.collector.thread.failures").count(), "no collector thread died");
        } finally {
            simulator.clearFaults();
        }
        List<PrecheckResult> all = results(Set.of(p));
        assertTrue(all.stream().anyMatch(r -> r.getOutcome() == ObservationOutcome.API_FAILURE && r.getConsecutiveFailures() >= 3),
                "repeated failures were reported as API failures");
        for (JobSpec job : jobs) {
            List<PrecheckResult> ofJob = all.stream().filter(r -> r.getJobId().equals(job.jobId())).toList();
            assertEquals(ObservationOutcome.OK, ofJob.get(ofJob.size() - 1).getOutcome(), "polling went on after the failures");
        }
    }
}
