package io.drsmonitor.bench;

import io.drsmonitor.discovery.Discovery;
import io.drsmonitor.discovery.DiscoveryMetrics;
import io.drsmonitor.discovery.DiscoverySettings;
import io.drsmonitor.discovery.ProjectRef;
import io.drsmonitor.drs.DrsClient;
import io.drsmonitor.drs.DrsClientConfig;
import io.drsmonitor.drs.DrsClients;
import io.drsmonitor.drs.DrsCredentials;
import io.drsmonitor.drs.RegionEndpoints;
import io.drsmonitor.kafka.TopicNames;
import io.drsmonitor.simulator.DrsSimulator;
import io.drsmonitor.simulator.JobSpec;
import io.drsmonitor.simulator.Scenario;
import io.drsmonitor.simulator.SimulatorStats;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * Benchmark 9: DRS calls per hour to follow 1,000 jobs in 20 projects (50 each: 30 migrations and 15 DR jobs
 * running, 5 jobs in CONFIGURATION), discovery at its defaults against polling each job's status alone.
 * Counted on the simulator's own call counts, then multiplied: the real discovery (on a Kafka broker, page
 * size 100) makes its first round, a full listing and a pre-check poll, whose calls are counted; then status
 * rounds, whose calls per round are the batch-status calls over the rounds made (job ids carried / jobs
 * followed). An hour at the defaults has 12 listings (every 300 s), 108 status rounds (every 30 s, but not
 * in a round that lists) and 12 pre-check polls (every 5 minutes). The Terraform way: one call per job per
 * 30 s poll, made here once for every job through our client and counted the same way. Calls only; no timing.
 */
public final class DiscoveryCostBench {
    private static final int PROJECTS = 20;
    private static final int JOBS_PER_PROJECT = 50;
    private static final String REGION = "ap-southeast-1";
    private static final String TOKEN = "bench-token";
    private static final int LISTINGS_PER_HOUR = 3600 / 300;
    private static final int STATUS_ROUNDS_PER_HOUR = 3600 / 30 - LISTINGS_PER_HOUR;
    private static final int PRECHECK_POLLS_PER_HOUR = 60 / 5;
    private static final int TERRAFORM_POLLS_PER_HOUR = 3600 / 30;
    private static final int STATUS_ROUNDS_COUNTED = 5;

    private DiscoveryCostBench() {
    }

    public static void main(String[] args) {
        BenchEnv.runAndExit(() -> {
            try (BenchEnv env = new BenchEnv()) {
                run(env);
            }
            return null;
        });
    }

    private static void run(BenchEnv env) throws Exception {
        Random random = new Random(9);
        List<JobSpec> jobs = new ArrayList<>();
        List<ProjectRef> projects = new ArrayList<>();
        for (int p = 0; p < PROJECTS; p++) {
            String project = String.format(Locale.ROOT, "%032x", 0xbe9c0000L + p);
            projects.add(new ProjectRef(REGION, project));
            for (int j = 0; j < JOBS_PER_PROJECT; j++) {
                boolean dr = j % 10 >= 7 && j % 10 <= 9 && j < 45;
                String status = j >= 45 ? "CONFIGURATION" : "INCRE_TRANSFER_STARTED";
                jobs.add(JobSpec.of(project, Scenario.jobId(random, p * 100 + j), JobSpec.Engine.MYSQL, dr).withRegion(REGION)
                        .withStatus(status).withName("bench-" + p + "-" + j));
            }
        }
        DrsSimulator simulator = DrsSimulator.start(env.vertx, DrsSimulator.Settings.local(0, TOKEN, 9), new Scenario(jobs))
                .await(30, TimeUnit.SECONDS);
        SimulatorStats stats = simulator.stats();
        DrsClients clients = DrsClients.perRegion(env.vertx, DrsClientConfig.of(URI.create(simulator.baseUrl())), region -> DrsCredentials.fixedToken(TOKEN),
                new SimpleMeterRegistry(), RegionEndpoints.simulated(URI.create(simulator.baseUrl())));

        // Listings and pre-check polls far apart: the first round does both once, the next ones only read statuses.
        DiscoverySettings settings = new DiscoverySettings(projects, Duration.ofHours(1), Duration.ofSeconds(1), 100,
                DiscoverySettings.PrecheckMode.OBSERVE, Duration.ofHours(1));
        long listCalls;
        long precheckCalls;
        double statusCallsPerRound;
        try (Discovery discovery = Discovery.start(env.vertx, clients, settings, env.kafka(), env.serde(), TopicNames.DEFAULT,
                new DiscoveryMetrics(new SimpleMeterRegistry()))) {
            await("every project listed and its statuses read once", () -> stats.jobs(DrsSimulator.BATCH_STATUS) >= jobs.size());
            listCalls = stats.calls(DrsSimulator.LIST_JOBS);
            precheckCalls = stats.calls(DrsSimulator.PRECHECK_RESULT);
            stats.reset();
            await(STATUS_ROUNDS_COUNTED + " status rounds of every project",
                    () -> stats.jobs(DrsSimulator.BATCH_STATUS) >= (long) STATUS_ROUNDS_COUNTED * jobs.size());
            double rounds = (double) stats.jobs(DrsSimulator.BATCH_STATUS) / jobs.size();
            statusCallsPerRound = stats.calls(DrsSimulator.BATCH_STATUS) / rounds;
            if (stats.calls(DrsSimulator.LIST_JOBS) != 0) {
                throw new IllegalStateException("a listing during the status rounds: the count would mix both");
            }
        }

        // The Terraform way: every job's status on its own, one poll round.
        stats.reset();
        for (JobSpec job : jobs) {
            DrsClient client = clients.forRegion(REGION).orElseThrow();
            client.batchJobStatus(job.projectId(), List.of(job.jobId()), 1).await(30, TimeUnit.SECONDS);
        }
        long perJobCalls = stats.calls(DrsSimulator.BATCH_STATUS);
        clients.close();

        long listPerHour = listCalls * LISTINGS_PER_HOUR;
        long statusPerHour = Math.round(statusCallsPerRound * STATUS_ROUNDS_PER_HOUR);
        long precheckPerHour = precheckCalls * PRECHECK_POLLS_PER_HOUR;
        System.out.printf(Locale.ROOT, "%d jobs in %d projects%n%n", jobs.size(), PROJECTS);
        System.out.println("| way | call | calls counted per cycle | cycles per hour | DRS calls per hour |");
        System.out.println("|---|---|---|---|---|");
        System.out.printf(Locale.ROOT, "| discovery | ShowJobList (3 `db_use_type`s x pages of 100, 20 projects) | %d | %d | %,d |%n",
                listCalls, LISTINGS_PER_HOUR, listPerHour);
        System.out.printf(Locale.ROOT, "| discovery | batch-status (100 jobs a call) | %.1f | %d | %,d |%n", statusCallsPerRound,
                STATUS_ROUNDS_PER_HOUR, statusPerHour);
        System.out.printf(Locale.ROOT, "| discovery | batch-precheck-result (jobs in CONFIGURATION, observe) | %d | %d | %,d |%n", precheckCalls,
                PRECHECK_POLLS_PER_HOUR, precheckPerHour);
        System.out.printf(Locale.ROOT, "| **discovery, total** | | | | **%,d** |%n", listPerHour + statusPerHour + precheckPerHour);
        System.out.printf(Locale.ROOT, "| each job alone (the Terraform way) | one status call per job | %d | %d | **%,d** |%n", perJobCalls,
                TERRAFORM_POLLS_PER_HOUR, perJobCalls * TERRAFORM_POLLS_PER_HOUR);
        simulator.stop().await(10, TimeUnit.SECONDS);
    }

    private static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("gave up waiting for " + what);
            }
            Thread.sleep(50);
        }
    }
}
