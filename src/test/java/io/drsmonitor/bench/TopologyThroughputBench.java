package io.drsmonitor.bench;

import io.drsmonitor.streams.StreamsRunner;
import io.drsmonitor.streams.StreamsEnvironment;
import io.drsmonitor.kafka.TopicNames;
import io.drsmonitor.avro.SpecificAvroSerializer;
import io.drsmonitor.model.CheckResult;
import io.drsmonitor.model.JobDirection;
import io.drsmonitor.model.ObservationOutcome;
import io.drsmonitor.model.PrecheckItem;
import io.drsmonitor.model.PrecheckResult;
import io.drsmonitor.model.StructObjectState;
import io.drsmonitor.model.StructProcess;
import io.drsmonitor.model.StructProcessEntry;
import io.drsmonitor.streams.SummaryApp;
import io.drsmonitor.streams.SummaryListener;
import io.drsmonitor.streams.SummarySettings;
import io.drsmonitor.streams.SummaryTopology;
import io.drsmonitor.streams.fleet.FleetViewApp;
import io.drsmonitor.avro.SpecificAvroSerde;
import java.util.Properties;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Grouped;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Materialized;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import com.sun.management.OperatingSystemMXBean;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.HashSet;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.streams.TopologyDescription;

/**
 * Benchmark 1: pre-load RECORDS snapshots (80% pre-check results, 20% DR snapshots) for JOBS jobs
 * across PROJECTS projects in 3 regions (a failing pre-check fails one of four items, one of seven
 * reasons; one snapshot in twenty has an ALARM item), then time, on that same input: (a) a plain consumer reading them (the
 * ceiling), (b) the summaries topology with exactly-once until every record, repartitioned ones
 * included, is processed and committed, (c) Kafka Streams' floor for a per-project aggregate,
 * {@code groupBy(project).count()} with exactly-once. The last line is
 * {@code summaries/count-floor R}. Args: records jobs projects.
 */
public final class TopologyThroughputBench {
    public static void main(String[] args) {
        BenchEnv.runAndExit(() -> {
            run(args);
            return null;
        });
    }

    private static void run(String[] args) throws Exception {
        long records = args.length > 0 ? Long.parseLong(args[0]) : 1_000_000;
        int jobs = args.length > 1 ? Integer.parseInt(args[1]) : 100_000;
        int projects = args.length > 2 ? Integer.parseInt(args[2]) : 1_000;
        try (BenchEnv env = new BenchEnv()) {
            long loadStart = System.nanoTime();
            preload(env, records, jobs, projects);
            double loadSeconds = (System.nanoTime() - loadStart) / 1e9;
            System.out.printf("preloaded %,d records for %,d jobs in %,d projects in %.1f s (%,.0f records/s)%n",
                    records, jobs, projects, loadSeconds, records / loadSeconds);

            long plainStart = System.nanoTime();
            long read = plainRead(env, records);
            double plainSeconds = (System.nanoTime() - plainStart) / 1e9;
            System.out.printf("plain consumer: %,d records in %.1f s = %,.0f records/s%n", read, plainSeconds, read / plainSeconds);

            // Each is measured in rounds on the same input, under fresh application ids. The first round pays
            // for the JVM's warm-up (JIT compilation takes seconds of CPU on two cores). The later rounds vary
            // a lot on this in-process broker (the summaries take 2.9 s in one round and 6 s in the next, as
            // their transactions meet CONCURRENT_TRANSACTIONS retries), so the figure is the median of
            // the warm rounds, with their range beside it.
            int rounds = Math.max(2, Integer.getInteger("bench.rounds", 5));
            List<Double> floorRates = new ArrayList<>();
            List<Double> summariesRates = new ArrayList<>();
            List<Double> ratios = new ArrayList<>();
            double coldRatio = 0;
            for (int round = 1; round <= rounds; round++) {
                String suffix = round == 1 ? "-cold" : "-round-" + round;
                double floorRate = floor(env, records, FLOOR_APPLICATION_ID + suffix);
                double summariesRate = summaries(env, records, read / plainSeconds, SummaryApp.APPLICATION_ID + suffix,
                        round == rounds);
                System.out.printf("round %d: summaries/count-floor %.3f%n", round, summariesRate / floorRate);
                if (round == 1) {
                    coldRatio = summariesRate / floorRate;
                } else {
                    floorRates.add(floorRate);
                    summariesRates.add(summariesRate);
                    ratios.add(summariesRate / floorRate);
                }
            }
            System.out.printf("cold JVM (first round): summaries/count-floor %.3f%n", coldRatio);
            System.out.printf("warm rounds (%d): count floor median %,.0f records/s, summaries median %,.0f records/s;"
                            + " summaries/count-floor per round from %.3f to %.3f%n", ratios.size(), median(floorRates),
                    median(summariesRates), Collections.min(ratios), Collections.max(ratios));
            double summariesRate = median(summariesRates);
            double floorRate = median(floorRates);
            System.out.printf("summaries/count-floor %.3f%n", summariesRate / floorRate);
        }
    }

    private static double floor(BenchEnv env, long records, String applicationId) throws Exception {
        Map<String, Double> threadsBefore = threadCpu();
        long cpu = cpuNanos();
        long start = System.nanoTime();
        try (KafkaStreams floor = countFloor(env, applicationId)) {
            double seconds = runUntilCaughtUp(env, floor, applicationId, start);
            System.out.printf("%s, groupBy(project).count() (exactly_once_v2): %,d records in %.1f s = %,.0f records/s;"
                    + " process CPU %.1f s (%s)%n", applicationId, records, seconds, records / seconds, (cpuNanos() - cpu) / 1e9,
                    topThreadCpu(threadsBefore, threadCpu()));
            return records / seconds;
        }
    }

    private static double summaries(BenchEnv env, long records, double plainRate, String applicationId, boolean report)
            throws Exception {
        long rssBefore = BenchEnv.rssKib();
        Map<String, Double> threadsBefore = threadCpu();
        long cpu = cpuNanos();
        long start = System.nanoTime();
        Map<String, Object> kafka = new HashMap<>(env.kafka());
        kafka.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, COMMIT_INTERVAL_MS);
        // The round's own application id (a fresh group and internal topics): <deployment>-monitor-<part>.
        String part = applicationId.substring(TopicNames.DEFAULT.applicationId("").length());
        StreamsEnvironment streams = StreamsEnvironment.of(kafka, env.serde(), env.dir.resolve("state-" + applicationId));
        try (StreamsRunner app = SummaryApp.create(streams.withApplicationServer("127.0.0.1:1"), SummarySettings.defaults(),
                SummaryListener.NONE, part);
             StreamsRunner fleetView = FleetViewApp.create(streams)) {
            // Every instance runs the fleet view beside the summaries: it starts with them and its CPU counts in the round.
            fleetView.start();
            double seconds = runUntilCaughtUp(env, app.streams(), applicationId, start);
            String byThread = topThreadCpu(threadsBefore, threadCpu());
            System.out.printf("%s (exactly_once_v2): %,d records in %.1f s = %,.0f records/s; ratio to plain consumer %.3f;"
                            + " process CPU %.1f s (broker included), of which its stream threads %.1f s; %,d records on"
                            + " the repartition topic; CPU by thread: %s%n", applicationId, records, seconds, records / seconds,
                    records / seconds / plainRate, (cpuNanos() - cpu) / 1e9, streamThreadsCpu(applicationId) / 1e9,
                    repartitionRecords(env, applicationId + "-" + SummaryTopology.DELTAS_REPARTITION + "-repartition"), byThread);
            if (report) {
                System.out.printf("RSS before %,d KiB, after %,d KiB; heap used %,d MiB; stream thread failures %d%n",
                        rssBefore, BenchEnv.rssKib(), BenchEnv.heapUsedMib(), app.threadFailures());
                var description = SummaryTopology.build(env.serde(), SummarySettings.defaults(), SummaryListener.NONE, TopicNames.DEFAULT).describe();
                System.out.println("summaries topology: " + description.subtopologies().size() + " sub-topologies, "
                        + description.subtopologies().stream().flatMap(t -> t.nodes().stream())
                        .filter(n -> n instanceof TopologyDescription.Processor)
                        .flatMap(n -> ((TopologyDescription.Processor) n).stores().stream())
                        .distinct().count() + " stores");
            }
            return records / seconds;
        }
    }

    /**
     * Starts {@code streams} and waits until it caught up ({@link #awaitCaughtUp}); returns the seconds
     * since {@code start} at that moment, then prints when it was RUNNING and had committed its inputs,
     * and where its stream threads' time went (with the stack samples and timeline when asked).
     */
    private static double runUntilCaughtUp(BenchEnv env, KafkaStreams streams, String applicationId, long start)
            throws Exception {
        AtomicLong runningAt = whenRunning(streams);
        StackSampler sampler = StackSampler.startIfAsked(applicationId + "-", () -> runningAt.get() != 0);
        Thread timeline = timeline(streams, start);
        streams.start();
        long inputsDoneAt = awaitCaughtUp(env, applicationId);
        double seconds = (System.nanoTime() - start) / 1e9;
        sampler.stopAndPrint();
        timeline.interrupt();
        System.out.println(applicationId + ": " + sinceStart(runningAt, start)
                + String.format(", inputs committed %.1f s after start", (inputsDoneAt - start) / 1e9));
        System.out.println(applicationId + " where the stream threads' time went: " + timeSpent(streams));
        return seconds;
    }

    /** The System.nanoTime() of {@code streams}' first RUNNING state (0 until then); set before start(). */
    private static AtomicLong whenRunning(KafkaStreams streams) {
        AtomicLong runningAt = new AtomicLong();
        streams.setStateListener((now, before) -> {
            if (now == KafkaStreams.State.RUNNING) {
                runningAt.compareAndSet(0, System.nanoTime());
            }
        });
        return runningAt;
    }

    /** When RUNNING came, after {@code start}; an app may catch up while still rebalancing, never RUNNING before. */
    private static String sinceStart(AtomicLong runningAt, long start) {
        return runningAt.get() == 0 ? "caught up before it was RUNNING"
                : String.format("RUNNING %.1f s after start", (runningAt.get() - start) / 1e9);
    }

    /** CPU seconds so far per thread-name family, from /proc (every live thread: broker, GC, JIT, RocksDB included). */
    private static Map<String, Double> threadCpu() {
        Map<String, Double> byName = new TreeMap<>();
        try (var tasks = Files.list(Path.of("/proc/self/task"))) {
            for (Path task : tasks.toList()) {
                try {
                    String stat = Files.readString(task.resolve("stat"));
                    String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')')).replaceAll("[0-9]+", "N");
                    String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                    byName.merge(name, (Long.parseLong(f[11]) + Long.parseLong(f[12])) / 100.0, Double::sum);
                } catch (IOException | RuntimeException gone) {
                    // the thread ended
                }
            }
        } catch (IOException e) {
            return byName;
        }
        return byName;
    }

    /** The families that took the most CPU between two {@link #threadCpu()} snapshots (threads that ended are missing). */
    private static String topThreadCpu(Map<String, Double> before, Map<String, Double> after) {
        Map<String, Double> delta = new HashMap<>();
        after.forEach((name, cpu) -> delta.put(name, cpu - before.getOrDefault(name, 0.0)));
        return delta.entrySet().stream().filter(e -> e.getValue() >= 0.1)
                .sorted(Map.Entry.<String, Double>comparingByValue().reversed()).limit(6)
                .map(e -> String.format("%s %.1f s", e.getKey().length() > 28 ? e.getKey().substring(0, 28) : e.getKey(), e.getValue()))
                .collect(Collectors.joining(", "));
    }

    /** CPU of the live threads named after {@code applicationId} (its stream threads and their producers). */
    private static long streamThreadsCpu(String applicationId) {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long total = 0;
        for (ThreadInfo info : threads.getThreadInfo(threads.getAllThreadIds())) {
            if (info != null && info.getThreadName().startsWith(applicationId)) {
                total += Math.max(0, threads.getThreadCpuTime(info.getThreadId()));
            }
        }
        return total;
    }

    /** Records written to {@code topic} (end offsets, transaction markers included). */
    private static long repartitionRecords(BenchEnv env, String topic) throws Exception {
        try (Admin admin = Admin.create(env.kafka())) {
            Map<TopicPartition, OffsetSpec> ends = new HashMap<>();
            admin.describeTopics(List.of(topic)).allTopicNames().get(30, TimeUnit.SECONDS).get(topic).partitions()
                    .forEach(p -> ends.put(new TopicPartition(topic, p.partition()), OffsetSpec.latest()));
            return admin.listOffsets(ends).all().get(30, TimeUnit.SECONDS).values().stream()
                    .mapToLong(ListOffsetsResult.ListOffsetsResultInfo::offset).sum();
        }
    }

    private static double median(List<Double> values) {
        List<Double> sorted = values.stream().sorted().toList();
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }

    private static long cpuNanos() {
        return ((OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    static final String FLOOR_APPLICATION_ID = "bench-count-floor";
    /** The summaries' commit interval (1 s), given to the floor too; {@code -Dbench.commit.ms} tries another for both. */
    static final int COMMIT_INTERVAL_MS = Integer.getInteger("bench.commit.ms", 1000);

    /**
     * Kafka Streams' own floor for a per-project aggregate of the same input: every snapshot
     * deserialized, re-keyed by project through one repartition topic and counted, with the
     * summaries' guarantees and threads (exactly-once, 2 threads, 1 s commit).
     */
    static KafkaStreams countFloor(BenchEnv env, String applicationId) {
        StreamsBuilder builder = new StreamsBuilder();
        Serde<String> keys = Serdes.String();
        KStream<String, String> projects = builder.stream(TopicNames.PRECHECK_RESULTS,
                        Consumed.with(keys, SpecificAvroSerde.forValues(PrecheckResult.class, env.serde())))
                .mapValues(PrecheckResult::getProjectId)
                .merge(builder.stream(TopicNames.DR_STRUCT_PROCESS,
                                Consumed.with(keys, SpecificAvroSerde.forValues(StructProcess.class, env.serde())))
                        .mapValues(StructProcess::getProjectId));
        projects.groupBy((job, project) -> project, Grouped.with("by-project", keys, keys))
                .count(Materialized.as("project-counts"));
        Properties props = new Properties();
        props.putAll(env.kafka());
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, applicationId);
        props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        props.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, 2);
        props.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, COMMIT_INTERVAL_MS);
        // The summaries' client settings for quicker starts and rebalances, so that the two differ by topology
        // (and the store settings that go with it) only; -Dbench.floor.kafka.defaults=true leaves them out.
        if (!Boolean.getBoolean("bench.floor.kafka.defaults")) {
            props.putAll(SummaryApp.quickStartSettings());
        }
        props.put(StreamsConfig.REPLICATION_FACTOR_CONFIG, 1);
        props.put(StreamsConfig.STATE_DIR_CONFIG, env.dir.resolve("state-" + applicationId).toString());
        return new KafkaStreams(builder.build(), props);
    }

    /** Each project lives in one of these regions (project number modulo three). */
    private static final String[] REGIONS = {"ap-southeast-1", "cn-north-4", "eu-west-101"};
    /** A failing job fails one of these items, by job number, with one of seven reasons. */
    private static final String[] FAILING = {"srcDbConnection", "srcBinlogFormat", "dbParamConsistency", "dstDiskSpace"};

    static void preload(BenchEnv env, long records, int jobs, int projects) throws Exception {
        SpecificAvroSerializer<PrecheckResult> results = new SpecificAvroSerializer<>();
        results.configure(env.serde(), false);
        SpecificAvroSerializer<StructProcess> structs = new SpecificAvroSerializer<>();
        structs.configure(env.serde(), false);
        Random random = new Random(1);
        Instant base = Instant.now().minus(Duration.ofHours(2));
        Map<String, Object> config = new HashMap<>(env.kafka());
        config.put("linger.ms", 20);
        config.put("batch.size", 256 * 1024);
        config.put("compression.type", "lz4");
        config.put("acks", "all");
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(config, new StringSerializer(), new ByteArraySerializer())) {
            for (long i = 0; i < records; i++) {
                int job = (int) (i % jobs);
                String jobId = String.format("%08x-0000-4000-8000-%07xjb%03d", job, job, job % 1000);
                String project = String.format("%032x", job % projects);
                Instant at = base.plusMillis(i);
                int round = (int) (i / jobs);
                String region = REGIONS[(job % projects) % REGIONS.length];
                String engine = job % 2 == 0 ? "mysql" : "postgresql";
                if (job % 5 == 4) {
                    long dst = Math.min(100, round * 25L);
                    StructProcess s = StructProcess.newBuilder().setProjectId(project).setJobId(jobId)
                            .setEntries(List.of(StructProcessEntry.newBuilder().setType("table").setStatus(dst == 100 ? 2 : 1)
                                    .setState(dst == 100 ? StructObjectState.COMPLETED : StructObjectState.IN_PROGRESS)
                                    .setSrcCount(100L).setDstCount(dst).setStartTime(base).build()))
                            .setOutcome(ObservationOutcome.OK).setComplete(dst == 100).setObservedAt(at)
                            .setRegion(region).setEngineType(engine).build();
                    producer.send(new ProducerRecord<>(TopicNames.DR_STRUCT_PROCESS, null, at.toEpochMilli(), jobId,
                            structs.serialize(TopicNames.DR_STRUCT_PROCESS, s)));
                } else {
                    double process = Math.min(100, 20 + round * 20);
                    boolean done = process >= 100;
                    boolean fail = done && random.nextInt(10) == 0;
                    PrecheckResult r = PrecheckResult.newBuilder().setProjectId(project).setJobId(jobId).setPrecheckId(jobId)
                            .setPassed(done ? !fail : Boolean.FALSE).setProcess((int) process + "%").setProcessPercent(process)
                            .setTotalPassedRate(fail ? "90%" : "100%").setTotalPassedRatePercent(fail ? 90.0 : 100.0)
                            .setJobDirection(JobDirection.UP).setJobDirectionRaw("up")
                            .setItems(List.of(item(FAILING[(job / projects) % FAILING.length], fail ? CheckResult.FAILED : CheckResult.PASSED,
                                            "REASON_" + job % 7),
                                    item("dstDbConnection", CheckResult.PASSED, null),
                                    item("srcBinlogFormatCheck", random.nextInt(20) == 0 ? CheckResult.ALARM : CheckResult.PASSED,
                                            "BINLOG_" + job % 3)))
                            .setOutcome(ObservationOutcome.OK).setComplete(done).setRunRequestedAt(base).setObservedAt(at)
                            .setRegion(region).setEngineType(engine).build();
                    producer.send(new ProducerRecord<>(TopicNames.PRECHECK_RESULTS, null, at.toEpochMilli(), jobId,
                            results.serialize(TopicNames.PRECHECK_RESULTS, r)));
                }
            }
            producer.flush();
        }
    }

    private static PrecheckItem item(String name, CheckResult verdict, String reason) {
        return PrecheckItem.newBuilder().setItem(name).setGroup("network").setVerdict(verdict).setResultRaw(verdict.name())
                .setFailedReason(verdict == CheckResult.PASSED ? null : reason).build();
    }

    static long plainRead(BenchEnv env, long expected) {
        Map<String, Object> config = new HashMap<>(env.kafka());
        config.put("group.id", "bench-plain-" + System.nanoTime());
        config.put("auto.offset.reset", "earliest");
        config.put("isolation.level", "read_committed");
        long read = 0;
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(TopicNames.PRECHECK_RESULTS, TopicNames.DR_STRUCT_PROCESS));
            while (read < expected) {
                read += consumer.poll(Duration.ofMillis(500)).count();
            }
        }
        return read;
    }

    /**
     * Waits until the group's committed offsets reach the end of every partition it reads (every
     * partition of the inputs and of its repartition topics, whether the group committed one yet or
     * not), twice in a row; returns when the inputs were first all committed.
     */
    static long awaitCaughtUp(BenchEnv env, String groupId) throws Exception {
        long inputsDoneAt = 0;
        Set<String> inputs = Set.of(TopicNames.PRECHECK_RESULTS, TopicNames.DR_STRUCT_PROCESS);
        try (Admin admin = Admin.create(env.kafka())) {
            int stable = 0;
            while (stable < 2) {
                // Polled every 200 ms: the wait adds at most ~0.4 s to each figure (two polls must agree).
                Thread.sleep(200);
                Set<String> read = new HashSet<>(inputs);
                admin.listTopics().names().get(30, TimeUnit.SECONDS).stream()
                        .filter(t -> t.startsWith(groupId + "-") && t.endsWith("-repartition")).forEach(read::add);
                Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
                admin.describeTopics(read).allTopicNames().get(30, TimeUnit.SECONDS).forEach((topic, description) ->
                        description.partitions().forEach(p -> latest.put(new TopicPartition(topic, p.partition()), OffsetSpec.latest())));
                Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(groupId)
                        .partitionsToOffsetAndMetadata().get(30, TimeUnit.SECONDS);
                Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> ends = admin.listOffsets(latest,
                        new ListOffsetsOptions(IsolationLevel.READ_COMMITTED))
                        .all().get(30, TimeUnit.SECONDS);
                long lag = 0;
                long inputLag = 0;
                for (TopicPartition partition : latest.keySet()) {
                    OffsetAndMetadata done = committed.get(partition);
                    long behind = Math.max(0, ends.get(partition).offset() - (done == null ? 0 : done.offset()));
                    // A repartition topic is written in transactions: its last commit marker takes an offset
                    // the group never needs to commit past.
                    boolean transactional = partition.topic().endsWith("-repartition");
                    lag += transactional ? Math.max(0, behind - 1) : behind;
                    inputLag += inputs.contains(partition.topic()) ? behind : 0;
                }
                if (inputLag == 0 && inputsDoneAt == 0) {
                    inputsDoneAt = System.nanoTime();
                }
                stable = lag == 0 ? stable + 1 : 0;
            }
        }
        return inputsDoneAt;
    }

    /**
     * Where the stream threads spent their time, from Kafka Streams' and its producers' own metrics,
     * summed over the threads: commits (count, seconds, longest), seconds blocked on Kafka since the
     * threads started (polls included), the producers' seconds waiting for buffer space, in flush(),
     * sendOffsetsToTransaction() and commitTransaction(), and their record retries.
     */
    private static String timeSpent(KafkaStreams streams) {
        Map<String, Double> sums = new TreeMap<>();
        Map<String, Double> maxima = new TreeMap<>();
        streams.metrics().forEach((name, metric) -> {
            String group = name.group();
            boolean thread = group.equals("stream-thread-metrics");
            boolean producer = group.equals("producer-metrics");
            if (!thread && !producer || !(metric.metricValue() instanceof Double value) || value.isNaN() || value.isInfinite()) {
                return;
            }
            String key = (producer ? "producer " : "") + name.name();
            if (name.name().endsWith("-max")) {
                maxima.merge(key, value, Math::max);
            } else {
                sums.merge(key, value, Double::sum);
            }
        });
        double commits = sums.getOrDefault("commit-total", 0.0);
        return String.format("%.0f commits %.2f s (longest %.0f ms); blocked on Kafka %.2f s; producers: waiting for"
                        + " buffer space %.2f s, flush %.2f s, sendOffsetsToTransaction %.2f s, commitTransaction %.2f s,"
                        + " %.0f record retries",
                commits, commits * nz(sums.get("commit-latency-avg")) / threadCount(streams) / 1e3, nz(maxima.get("commit-latency-max")),
                nz(sums.get("blocked-time-ns-total")) / 1e9, nz(sums.get("producer bufferpool-wait-time-ns-total")) / 1e9,
                nz(sums.get("producer flush-time-ns-total")) / 1e9, nz(sums.get("producer txn-send-offsets-time-ns-total")) / 1e9,
                nz(sums.get("producer txn-commit-time-ns-total")) / 1e9, nz(sums.get("producer record-retry-total")));
    }

    private static double nz(Double value) {
        return value == null ? 0 : value;
    }

    private static int threadCount(KafkaStreams streams) {
        return Math.max(1, streams.metadataForLocalThreads().size());
    }

    /** With -Dbench.timeline=true: every 100 ms, the records the stream threads processed so far and the commits. */
    private static Thread timeline(KafkaStreams streams, long start) {
        Thread t = new Thread(() -> {
            StringBuilder line = new StringBuilder("timeline (s: records processed/commits):");
            try {
                while (true) {
                    Thread.sleep(100);
                    double processed = 0;
                    double commits = 0;
                    for (var e : streams.metrics().entrySet()) {
                        if (e.getKey().group().equals("stream-thread-metrics") && e.getValue().metricValue() instanceof Double v) {
                            processed += e.getKey().name().equals("process-total") ? v : 0;
                            commits += e.getKey().name().equals("commit-total") ? v : 0;
                        }
                    }
                    line.append(String.format(" %.1f:%.0f/%.0f", (System.nanoTime() - start) / 1e9, processed, commits));
                }
            } catch (InterruptedException done) {
                System.out.println(line);
            }
        }, "bench-timeline");
        t.setDaemon(true);
        if (Boolean.getBoolean("bench.timeline")) {
            t.start();
        }
        return t;
    }

    private TopologyThroughputBench() {
    }
}
