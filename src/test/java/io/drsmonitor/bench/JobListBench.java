package io.drsmonitor.bench;

import io.drsmonitor.TestSupport;
import io.drsmonitor.query.FleetStores;
import io.drsmonitor.query.HealthState;
import io.drsmonitor.query.QueryApi;
import io.drsmonitor.query.RenderedSummaries;
import io.drsmonitor.streams.StreamsEnvironment;
import io.drsmonitor.streams.StreamsRunner;
import io.drsmonitor.streams.SummaryApp;
import io.drsmonitor.streams.SummarySettings;
import io.drsmonitor.streams.fleet.FleetViewApp;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntFunction;
import org.apache.kafka.streams.state.HostInfo;

/**
 * Benchmark 5: the job lists. Pre-loads JOBS jobs' snapshots (as benchmark 1 does: five rounds, so
 * every pre-check finishes, one in ten failed; one job in five a DR job) in projects of PER_PROJECT
 * jobs, starts the summaries and the query API on one instance, waits until every job is listed, then
 * measures in the same run: requests/s of {@code GET /api/projects/{id}/jobs?limit=100} (a random
 * project each time) beside {@code GET /health}, with CONNECTIONS clients for SECONDS each; and the
 * latency (p50, p99) of {@code GET /api/jobs?state=failed&limit=100} over all the jobs, one request at
 * a time. Then the fleet, once it counts every job: requests/s and latency of {@code GET /api/fleet/items}
 * (verdicts and regions in turn) and {@code GET /api/fleet} beside {@code /health} measured just before, and
 * the latency of the most failing item's jobs, {@code GET /api/fleet/items/{item}}, fresh and kept.
 * Args: jobs perProject seconds connections latencySamples.
 */
public final class JobListBench {
    public static void main(String[] args) {
        BenchEnv.runAndExit(() -> {
            run(args);
            return null;
        });
    }

    /** Microseconds of each of {@code samples} requests, one at a time, sorted. */
    private static List<Long> latencies(HttpClient http, int samples, IntFunction<String> url) throws Exception {
        List<Long> micros = new ArrayList<>(samples);
        for (int i = 0; i < samples; i++) {
            long t = System.nanoTime();
            get(http, url.apply(i));
            micros.add((System.nanoTime() - t) / 1_000);
        }
        micros.sort(null);
        return micros;
    }

    private static void run(String[] args) throws Exception {
        int jobs = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        int perProject = args.length > 1 ? Integer.parseInt(args[1]) : 1_000;
        int seconds = args.length > 2 ? Integer.parseInt(args[2]) : 20;
        int connections = args.length > 3 ? Integer.parseInt(args[3]) : 8;
        int samples = args.length > 4 ? Integer.parseInt(args[4]) : 200;
        int projects = Math.max(1, jobs / perProject);
        try (BenchEnv env = new BenchEnv()) {
            long loadStart = System.nanoTime();
            TopologyThroughputBench.preload(env, 5L * jobs, jobs, projects);
            System.out.printf("preloaded %,d records for %,d jobs in %,d projects in %.1f s%n", 5L * jobs, jobs, projects,
                    (System.nanoTime() - loadStart) / 1e9);
            int port = TestSupport.freePort();
            RenderedSummaries rendered = new RenderedSummaries();
            String part = "summaries-job-list-" + System.nanoTime();
            long start = System.nanoTime();
            StreamsEnvironment streams = StreamsEnvironment.of(env.kafka(), env.serde(), env.dir.resolve("state"));
            try (StreamsRunner app = SummaryApp.create(streams.withApplicationServer("127.0.0.1:" + port), SummarySettings.defaults(),
                    rendered, part).addStateListener(rendered);
                 StreamsRunner fleetView = FleetViewApp.create(streams)) {
                QueryApi api = new QueryApi(env.vertx, app.streams(), new HostInfo("127.0.0.1", port), new SimpleMeterRegistry(),
                        Map.of("summaries", () -> HealthState.of(app.streams().state())), null, rendered, "bench")
                        .withFleetView(new FleetStores(fleetView.streams()));
                app.start();
                fleetView.start();
                env.vertx.createHttpServer(QueryApi.serverOptions()).requestHandler(api.router()).listen(port, "127.0.0.1")
                        .await(30, TimeUnit.SECONDS);
                String base = "http://127.0.0.1:" + port;
                HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
                awaitListed(http, base, jobs);
                System.out.printf("every job listed %.1f s after the summaries started; heap used %,d MiB, RSS %,d KiB%n",
                        (System.nanoTime() - start) / 1e9, BenchEnv.heapUsedMib(), BenchEnv.rssKib());

                IntFunction<String> projectJobs = i -> base + "/api/projects/"
                        + String.format("%032x", ThreadLocalRandom.current().nextInt(projects))
                        + "/jobs?limit=100";
                IntFunction<String> health = i -> base + "/health";
                int warmUp = Math.min(3, seconds);
                rate(http, health, connections, warmUp);
                rate(http, projectJobs, connections, warmUp);
                double healthRate = rate(http, health, connections, seconds);
                double listRate = rate(http, projectJobs, connections, seconds);
                System.out.printf("GET /health: %,.0f requests/s; GET /api/projects/{id}/jobs?limit=100 (%,d jobs a project):"
                        + " %,.0f requests/s (%d connections, %d s each)%n", healthRate, jobs / projects, listRate, connections, seconds);

                String fleetFailed = base + "/api/jobs?state=failed&limit=100";
                JsonObject first = new JsonObject(get(http, fleetFailed));
                for (int i = 0; i < Math.min(20, samples); i++) {
                    get(http, fleetFailed);
                }
                // Repeated: the same page within a second is the answer kept by the instance. Fresh: a limit not
                // asked for in the last second (100, 99, ... 51, then again), so every instance builds its part anew.
                List<Long> repeated = latencies(http, samples, i -> fleetFailed);
                List<Long> fresh = latencies(http, samples, i -> base + "/api/jobs?state=failed&limit=" + (100 - i % 50));
                System.out.printf("GET /api/jobs?state=failed&limit=100 over %,d jobs (%,d failed), %d requests one at a time:"
                                + " repeated p50 %.1f ms, p99 %.1f ms; fresh p50 %.1f ms, p99 %.1f ms, max %.1f ms%n", jobs,
                        first.getLong("total"), samples, BenchEnv.percentile(repeated, 0.50) / 1e3,
                        BenchEnv.percentile(repeated, 0.99) / 1e3, BenchEnv.percentile(fresh, 0.50) / 1e3,
                        BenchEnv.percentile(fresh, 0.99) / 1e3, fresh.get(fresh.size() - 1) / 1e3);
                fleet(http, base, jobs, connections, seconds, samples);
                System.out.printf("stream thread failures %d; heap used %,d MiB, RSS %,d KiB%n", app.threadFailures(),
                        BenchEnv.heapUsedMib(), BenchEnv.rssKib());
            }
        }
    }

    /**
     * The fleet: once {@code GET /api/fleet} counts every job, requests/s of {@code GET /api/fleet/items} and
     * {@code GET /api/fleet} beside {@code GET /health}, measured just before, and their latency one at a time.
     */
    private static void fleet(HttpClient http, String base, int jobs, int connections, int seconds, int samples)
            throws Exception {
        long deadline = System.nanoTime() + Duration.ofMinutes(10).toNanos();
        long counted = -1;
        while (counted != jobs) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the fleet counts " + counted + " of " + jobs + " jobs after 10 minutes");
            }
            Thread.sleep(500);
            JsonObject fleet = new JsonObject(get(http, base + "/api/fleet"));
            counted = fleet.getJsonObject("precheck").getLong("jobs") + fleet.getJsonObject("drInit").getLong("jobs");
        }
        JsonObject ranked = new JsonObject(get(http, base + "/api/fleet/items?limit=20"));
        System.out.printf("fleet: %,d jobs; %d items FAILED somewhere, the first %s on %,d jobs in %,d projects%n", counted,
                ranked.getInteger("itemsAffected"), ranked.getJsonArray("items").getJsonObject(0).getString("item"),
                ranked.getJsonArray("items").getJsonObject(0).getInteger("failedJobs"),
                ranked.getJsonArray("items").getJsonObject(0).getInteger("projects"));
        String[] regions = {"", "&region=ap-southeast-1", "&region=cn-north-4", "&region=eu-west-101"};
        IntFunction<String> items = i -> base + "/api/fleet/items?limit=20" + (i % 2 == 0 ? "" : "&verdict=ALARM") + regions[i % 4];
        IntFunction<String> totals = i -> base + "/api/fleet";
        rate(http, items, connections, Math.min(3, seconds));
        double healthRate = rate(http, i -> base + "/health", connections, seconds);
        double itemsRate = rate(http, items, connections, seconds);
        double totalsRate = rate(http, totals, connections, seconds);
        List<Long> itemsLatency = latencies(http, samples, items);
        List<Long> totalsLatency = latencies(http, samples, totals);
        // An item's jobs are listed from every pre-check state an instance holds (scatter-gather, like job
        // lists): fresh pages (a limit not asked for in the last second) and the page kept for a second.
        String top = ranked.getJsonArray("items").getJsonObject(0).getString("item");
        String itemJobs = base + "/api/fleet/items/" + top + "?limit=100";
        get(http, itemJobs);
        List<Long> keptPages = latencies(http, samples, i -> itemJobs);
        List<Long> freshPages = latencies(http, Math.min(samples, 50), i -> base + "/api/fleet/items/" + top + "?limit=" + (100 - i % 50));
        System.out.printf("GET /api/fleet/items/%s?limit=100 (%,d jobs with it): fresh p50 %.1f ms, p99 %.1f ms; kept p50 %.2f ms,"
                        + " p99 %.2f ms%n", top, ranked.getJsonArray("items").getJsonObject(0).getInteger("failedJobs"),
                BenchEnv.percentile(freshPages, 0.50) / 1e3, BenchEnv.percentile(freshPages, 0.99) / 1e3,
                BenchEnv.percentile(keptPages, 0.50) / 1e3, BenchEnv.percentile(keptPages, 0.99) / 1e3);
        System.out.printf("GET /health: %,.0f requests/s; GET /api/fleet/items?limit=20: %,.0f requests/s (%.2fx), p50 %.2f ms,"
                        + " p99 %.2f ms; GET /api/fleet: %,.0f requests/s (%.2fx), p50 %.2f ms, p99 %.2f ms%n", healthRate, itemsRate,
                itemsRate / healthRate, BenchEnv.percentile(itemsLatency, 0.50) / 1e3, BenchEnv.percentile(itemsLatency, 0.99) / 1e3,
                totalsRate, totalsRate / healthRate, BenchEnv.percentile(totalsLatency, 0.50) / 1e3,
                BenchEnv.percentile(totalsLatency, 0.99) / 1e3);
    }

    /** Waits until {@code GET /api/jobs} counts every job: the summaries have caught up with the pre-load. */
    private static void awaitListed(HttpClient http, String base, int jobs) throws Exception {
        long deadline = System.nanoTime() + Duration.ofMinutes(30).toNanos();
        long listed = -1;
        while (listed != jobs) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("only " + listed + " of " + jobs + " jobs listed after 30 minutes");
            }
            Thread.sleep(500);
            HttpResponse<String> answer = http.send(HttpRequest.newBuilder(URI.create(base + "/api/jobs?limit=1")).build(),
                    HttpResponse.BodyHandlers.ofString());
            listed = answer.statusCode() == 200 ? new JsonObject(answer.body()).getLong("total") : -1;
        }
    }

    /** Requests per second of {@code url} with {@code connections} clients, each sending its next request when answered. */
    private static double rate(HttpClient http, IntFunction<String> url, int connections, int seconds) throws Exception {
        AtomicLong answered = new AtomicLong();
        long end = System.nanoTime() + Duration.ofSeconds(seconds).toNanos();
        List<Thread> clients = new ArrayList<>();
        for (int c = 0; c < connections; c++) {
            Thread client = new Thread(() -> {
                int i = 0;
                while (System.nanoTime() < end) {
                    get(http, url.apply(i++));
                    answered.incrementAndGet();
                }
            }, "bench-client-" + c);
            client.start();
            clients.add(client);
        }
        long started = System.nanoTime();
        for (Thread client : clients) {
            client.join();
        }
        return answered.get() / ((System.nanoTime() - started) / 1e9);
    }

    /** The body of a 200 answer; anything else stops the benchmark. */
    private static String get(HttpClient http, String url) {
        try {
            HttpResponse<String> answer = http.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
            if (answer.statusCode() != 200) {
                throw new IllegalStateException(url + " answered " + answer.statusCode() + ": " + answer.body());
            }
            return answer.body();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (Exception e) {
            throw new IllegalStateException(url, e);
        }
    }

    private JobListBench() {
    }
}
