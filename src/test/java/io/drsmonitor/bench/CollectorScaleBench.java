package io.drsmonitor.bench;

import io.drsmonitor.streams.StreamsRunner;
import io.drsmonitor.streams.StreamsEnvironment;
import io.drsmonitor.avro.SpecificAvroDeserializer;
import io.drsmonitor.avro.SpecificAvroSerializer;
import io.drsmonitor.collector.Collector;
import io.drsmonitor.collector.CollectorMetrics;
import io.drsmonitor.collector.CollectorSettings;
import io.drsmonitor.drs.DrsClient;
import io.drsmonitor.drs.DrsClients;
import io.drsmonitor.drs.DrsClientConfig;
import io.drsmonitor.drs.DrsCredentials;
import io.drsmonitor.kafka.TopicNames;
import io.drsmonitor.model.JobEvent;
import io.drsmonitor.model.JobEventType;
import io.drsmonitor.model.JobType;
import io.drsmonitor.model.PrecheckSubmission;
import io.drsmonitor.query.HealthState;
import io.drsmonitor.query.QueryApi;
import io.drsmonitor.simulator.DrsSimulator;
import io.drsmonitor.simulator.Fault;
import io.drsmonitor.simulator.JobSpec;
import io.drsmonitor.simulator.Scenario;
import io.drsmonitor.streams.SummaryApp;
import io.drsmonitor.streams.SummarySettings;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.http.HttpServer;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.state.HostInfo;
import io.drsmonitor.query.RenderedSummaries;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.PoolOptions;
import java.net.ServerSocket;
import java.util.UUID;
import java.util.concurrent.TimeoutException;

/**
 * Benchmarks 2, 3 and 4: JOBS jobs across PROJECTS projects against the simulator with 50 ms added
 * latency; DRS calls per poll round, time from a pre-check finishing in the simulator to the
 * project summary showing it in the query API, heap and RSS; then a bounded load on the query API.
 * Args: jobs projects precheckSeconds batchSize loadSeconds connections.
 */
public final class CollectorScaleBench {
    public static void main(String[] args) {
        BenchEnv.runAndExit(() -> {
            run(args);
            return null;
        });
    }

    private static void run(String[] args) throws Exception {
        int jobs = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
        int projects = args.length > 1 ? Integer.parseInt(args[1]) : 100;
        int precheckSeconds = args.length > 2 ? Integer.parseInt(args[2]) : 60;
        int batchSize = args.length > 3 ? Integer.parseInt(args[3]) : 100;
        int loadSeconds = args.length > 4 ? Integer.parseInt(args[4]) : 20;
        int connections = args.length > 5 ? Integer.parseInt(args[5]) : 16;
        try (BenchEnv env = new BenchEnv()) {
            String token = "bench-token";
            // The simulator gets event loops of its own: its answers for 100 jobs a call are CPU work that
            // must not delay the registry or the query API sharing this process.
            Vertx simulatorVertx = Vertx.vertx();
            DrsSimulator simulator = DrsSimulator.start(simulatorVertx, DrsSimulator.Settings.local(0, token, 7), Scenario.empty())
                    .await(30, TimeUnit.SECONDS);
            simulator.setFault("*", Fault.latency(50));
            Random random = new Random(5);
            List<JobSpec> specs = new ArrayList<>();
            for (int i = 0; i < jobs; i++) {
                String project = String.format("%032x", 0xbe00 + i % projects);
                JobSpec spec = JobSpec.of(project, Scenario.jobId(random, i), i % 2 == 0 ? JobSpec.Engine.MYSQL : JobSpec.Engine.DDS,
                        i % 10 == 0).withChances(0.02, 0.002).withTimes(precheckSeconds, precheckSeconds * 1.5);
                specs.add(spec);
                simulator.addJob(spec);
            }
            SimpleMeterRegistry metrics = new SimpleMeterRegistry();
            DrsClient drs = new DrsClient(env.vertx, DrsClientConfig.of(URI.create(simulator.baseUrl())).withBatchSize(batchSize)
                    .withMaxConcurrentRequests(32), DrsCredentials.fixedToken(token), metrics);
            CollectorSettings settings = new CollectorSettings(Duration.ofMillis(250), Duration.ofSeconds(1), Duration.ofSeconds(5),
                    Duration.ofMinutes(30), Duration.ofMinutes(30), 3);
            int queryPort;
            try (ServerSocket socket = new ServerSocket(0)) {
                queryPort = socket.getLocalPort();
            }
            RenderedSummaries rendered = new RenderedSummaries();
            try (StreamsRunner collector = Collector.create(StreamsEnvironment.of(env.kafka(), env.serde(), env.dir), DrsClients.single(drs),
                    settings, new CollectorMetrics(metrics)).start();
                 StreamsRunner summaries = SummaryApp.create(StreamsEnvironment.of(env.kafka(), env.serde(), env.dir)
                         .withApplicationServer("127.0.0.1:" + queryPort), SummarySettings.defaults(), rendered).addStateListener(rendered)) {
                QueryApi api = new QueryApi(env.vertx, summaries.streams(), new HostInfo("127.0.0.1", queryPort), metrics,
                        Map.of("summaries", () -> HealthState.of(summaries.streams().state())), null, rendered, "");
                summaries.start();
                HttpServer http = env.vertx.createHttpServer().requestHandler(api.router()).listen(queryPort, "127.0.0.1")
                        .await(30, TimeUnit.SECONDS);
                while (collector.state() != KafkaStreams.State.RUNNING || summaries.streams().state() != KafkaStreams.State.RUNNING) {
                    Thread.sleep(200);
                }
                System.out.printf("idle: RSS %,d KiB, heap used %,d MiB%n", BenchEnv.rssKib(), BenchEnv.heapUsedMib());

                Map<String, Integer> jobsPerProject = new HashMap<>();
                specs.forEach(s -> jobsPerProject.merge(s.projectId(), 1, Integer::sum));
                SubmissionWatch submissions = new SubmissionWatch(env);
                long start = System.currentTimeMillis();
                send(env, specs);
                System.out.printf("sent events for %,d jobs in %,d projects%n", jobs, projects);

                // Poll every project's summary until it shows all its jobs finished; note when.
                WebClient web = WebClient.create(env.vertx, new WebClientOptions(), new PoolOptions().setHttp1MaxSize(connections));
                Map<String, Long> doneAt = new ConcurrentHashMap<>();
                long peakRss = 0;
                while (doneAt.size() < projects && System.currentTimeMillis() - start < Duration.ofMinutes(20).toMillis()) {
                    List<Future<?>> round = new ArrayList<>();
                    for (String project : jobsPerProject.keySet()) {
                        if (doneAt.containsKey(project)) {
                            continue;
                        }
                        round.add(web.get(queryPort, "127.0.0.1", "/api/projects/" + project + "/precheck").send().onSuccess(r -> {
                            if (r.statusCode() == 200 && r.bodyAsJsonObject().getInteger("jobsFinished")
                                    + r.bodyAsJsonObject().getInteger("jobsWithErrors") >= jobsPerProject.get(project)) {
                                doneAt.putIfAbsent(project, System.currentTimeMillis());
                            }
                        }));
                    }
                    try {
                        Future.join(round).await(30, TimeUnit.SECONDS);
                    } catch (TimeoutException slow) {
                        System.out.println("a round of summary queries took over 30 s");
                    }
                    peakRss = Math.max(peakRss, BenchEnv.rssKib());
                    Thread.sleep(100);
                }
                Map<String, Long> lastCompletion = submissions.completionByProject(precheckSeconds);
                List<Long> latencies = new ArrayList<>();
                doneAt.forEach((project, at) -> latencies.add(at - lastCompletion.get(project)));
                Collections.sort(latencies);
                long polls = simulator.stats().jobs(DrsSimulator.PRECHECK_RESULT);
                long calls = simulator.stats().calls(DrsSimulator.PRECHECK_RESULT);
                double rounds = (double) polls / jobs;
                System.out.printf("projects finished: %d/%d in %.1f s%n", doneAt.size(), projects,
                        (System.currentTimeMillis() - start) / 1000.0);
                System.out.printf("batch-precheck-result: %,d calls carried %,d job polls = %.1f poll rounds per job; "
                                + "%.1f calls per round (ideal %d = one per project; per-job polling: %,d per round)%n",
                        calls, polls, rounds, calls / rounds, projects * (int) Math.ceil((double) jobs / projects / batchSize), jobs);
                System.out.printf("batch-precheck: %,d calls for %,d jobs; batch-struct-process: %,d calls carried %,d job polls%n",
                        simulator.stats().calls(DrsSimulator.PRECHECK), simulator.stats().jobs(DrsSimulator.PRECHECK),
                        simulator.stats().calls(DrsSimulator.STRUCT_PROCESS), simulator.stats().jobs(DrsSimulator.STRUCT_PROCESS));
                System.out.printf("pre-check finished in the simulator -> project summary shows it (query API): median %,d ms, p99 %,d ms, max %,d ms (%d projects)%n",
                        BenchEnv.percentile(latencies, 0.5), BenchEnv.percentile(latencies, 0.99),
                        latencies.isEmpty() ? -1 : latencies.get(latencies.size() - 1), latencies.size());
                System.out.printf("under load: peak RSS %,d KiB; heap used after GC %,d MiB; collector thread failures %.0f%n",
                        peakRss, BenchEnv.heapUsedMib(), metrics.counter("drs.collector.thread.failures").count());
                submissions.close();

                load(env, web, queryPort, new ArrayList<>(jobsPerProject.keySet()), loadSeconds, connections);
                http.close().await(10, TimeUnit.SECONDS);
            }
            drs.close();
            simulatorVertx.close().await(30, TimeUnit.SECONDS);
        }
    }

    private static void send(BenchEnv env, List<JobSpec> specs) {
        SpecificAvroSerializer<JobEvent> serializer = new SpecificAvroSerializer<>();
        serializer.configure(env.serde(), false);
        Map<String, Object> config = new HashMap<>(env.kafka());
        config.put("linger.ms", 10);
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(config, new ByteArraySerializer(), new ByteArraySerializer())) {
            for (JobSpec spec : specs) {
                for (JobEventType type : spec.dr() ? List.of(JobEventType.PRECHECK_REQUESTED, JobEventType.DR_INIT_STARTED)
                        : List.of(JobEventType.PRECHECK_REQUESTED)) {
                    JobEvent event = JobEvent.newBuilder().setEventId(UUID.randomUUID().toString())
                            .setProjectId(spec.projectId()).setJobId(spec.jobId()).setEventType(type)
                            .setJobType(spec.dr() ? JobType.DR : JobType.MIGRATION).setOccurredAt(Instant.now()).build();
                    producer.send(new ProducerRecord<>(TopicNames.JOB_EVENTS, spec.jobId().getBytes(StandardCharsets.UTF_8),
                            serializer.serialize(TopicNames.JOB_EVENTS, event)));
                }
            }
        }
    }

    /** Benchmark 3: bounded load on a project summary, then on /health, from the same process. */
    private static void load(BenchEnv env, WebClient web, int port, List<String> projects, int seconds, int connections)
            throws Exception {
        for (String target : List.of("summary", "health")) {
            List<Long> latencies = Collections.synchronizedList(new ArrayList<>());
            AtomicLong errors = new AtomicLong();
            long end = System.nanoTime() + Duration.ofSeconds(seconds).toNanos();
            Random random = new Random(9);
            List<Future<Void>> workers = new ArrayList<>();
            for (int c = 0; c < connections; c++) {
                Promise<Void> done = Promise.promise();
                workers.add(done.future());
                env.vertx.runOnContext(v -> loop(web, port, target, projects, random, end, latencies, errors, done));
            }
            Future.all(workers).await(seconds + 60L, TimeUnit.SECONDS);
            List<Long> sorted = new ArrayList<>(latencies);
            Collections.sort(sorted);
            System.out.printf("query API %s: %,.0f requests/s over %d s with %d connections; p50 %.2f ms, p99 %.2f ms; errors %d%n",
                    target.equals("summary") ? "GET /api/projects/{id}/precheck" : "GET /health", sorted.size() / (double) seconds,
                    seconds, connections, BenchEnv.percentile(sorted, 0.5) / 1e6, BenchEnv.percentile(sorted, 0.99) / 1e6, errors.get());
        }
    }

    private static void loop(WebClient web, int port, String target, List<String> projects, Random random, long end,
                             List<Long> latencies, AtomicLong errors, Promise<Void> done) {
        if (System.nanoTime() > end) {
            done.complete();
            return;
        }
        String path = target.equals("summary") ? "/api/projects/" + projects.get(random.nextInt(projects.size())) + "/precheck" : "/health";
        long started = System.nanoTime();
        web.get(port, "127.0.0.1", path).send().onComplete(result -> {
            if (result.succeeded() && result.result().statusCode() == 200) {
                latencies.add(System.nanoTime() - started);
            } else {
                errors.incrementAndGet();
            }
            loop(web, port, target, projects, random, end, latencies, errors, done);
        });
    }

    /** Reads the submissions topic to learn when each project's last pre-check finishes in the simulator. */
    private static final class SubmissionWatch implements AutoCloseable {
        private final KafkaConsumer<byte[], byte[]> consumer;
        private final SpecificAvroDeserializer<PrecheckSubmission> decoder = new SpecificAvroDeserializer<>(PrecheckSubmission.class);
        private final Map<String, Long> latestSubmission = new HashMap<>();

        SubmissionWatch(BenchEnv env) {
            Map<String, Object> config = new HashMap<>(env.kafka());
            config.put("group.id", "bench-submissions-" + System.nanoTime());
            config.put("auto.offset.reset", "earliest");
            config.put("isolation.level", "read_committed");
            consumer = new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer());
            consumer.subscribe(List.of(TopicNames.PRECHECK_SUBMISSIONS));
            decoder.configure(env.serde(), false);
        }

        /** A pre-check finishes precheckSeconds after the simulator started it (just before the answer reached us). */
        Map<String, Long> completionByProject(int precheckSeconds) {
            for (int empty = 0; empty < 5; ) {
                var records = consumer.poll(Duration.ofMillis(500));
                empty = records.isEmpty() ? empty + 1 : 0;
                for (ConsumerRecord<byte[], byte[]> r : records) {
                    PrecheckSubmission s = decoder.deserialize(r.topic(), r.value());
                    latestSubmission.merge(s.getProjectId(), s.getSubmittedAt().toEpochMilli(), Math::max);
                }
            }
            Map<String, Long> completion = new HashMap<>();
            latestSubmission.forEach((p, at) -> completion.put(p, at + precheckSeconds * 1000L));
            return completion;
        }

        @Override
        public void close() {
            consumer.close();
        }
    }

    private CollectorScaleBench() {
    }
}
