package io.drsmonitor.app;

import io.drsmonitor.kafka.TopicNames;
import io.drsmonitor.simulator.ApigSignatureCheck;
import io.drsmonitor.simulator.DrsSimulator;
import io.drsmonitor.simulator.Scenario;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code simulator}: the DRS stand-in alone, for development and demos. */
@Command(name = "simulator", mixinStandardHelpOptions = true,
        description = "Run the DRS simulator (three batch calls, IAM tokens, fault injection under /_sim).")
final class SimulatorCommand implements Callable<Integer> {

    @Option(names = "--port", defaultValue = "8090", description = "Port to listen on (default ${DEFAULT-VALUE}).")
    int port;

    @Option(names = "--host", defaultValue = "127.0.0.1", description = "Address to listen on (default ${DEFAULT-VALUE}).")
    String host;

    @Option(names = "--seed", defaultValue = "42", description = "Random seed: the same seed gives the same outcomes.")
    long seed;

    @Option(names = "--token", description = "Accepted X-Auth-Token (default: $DRS_AUTH_TOKEN, else only IAM-issued tokens).")
    String token;

    @Option(names = "--ak", description = "Accept requests signed with this access key (default: $DRS_SIM_AK).")
    String accessKey;

    @Option(names = "--sk", description = "The secret key of --ak (default: $DRS_SIM_SK).")
    String secretKey;

    @Option(names = "--scenario", defaultValue = "demo", description = "Jobs to start with: demo, examples, dr-progress (five DR initializations with known progress) or empty.")
    String scenario;

    @Option(names = "--kafka", description = "Also play the demo's users: send its job events to this Kafka (bootstrap servers),"
            + " once drs-monitor has created " + TopicNames.JOB_EVENTS + ". Needs --scenario demo and --schema-registry.")
    String kafka;

    @Option(names = "--schema-registry", description = "Schema registry URL for the job events of --kafka.")
    String registry;

    @Option(names = "--deployment", defaultValue = TopicNames.DEFAULT_DEPLOYMENT,
            description = "With --kafka: the deployment.name of the drs-monitor to feed (default ${DEFAULT-VALUE}).")
    String deployment;

    @Override
    public Integer call() throws Exception {
        String accepted = token != null ? token : System.getenv("DRS_AUTH_TOKEN");
        Scenario jobs = switch (scenario) {
            case "demo" -> Scenario.demo(seed);
            case "examples" -> Scenario.examples();
            case "empty" -> Scenario.empty();
            case "dr-progress" -> Scenario.drProgress();
            default -> throw new AppConfig.ConfigError("--scenario", "expected demo, examples, dr-progress or empty");
        };
        String ak = accessKey != null ? accessKey : System.getenv("DRS_SIM_AK");
        String sk = secretKey != null ? secretKey : System.getenv("DRS_SIM_SK");
        if ((ak == null || ak.isBlank()) != (sk == null || sk.isBlank())) {
            throw new AppConfig.ConfigError(ak == null || ak.isBlank() ? "--ak" : "--sk",
                    "AK/SK needs both --ak and --sk (or DRS_SIM_AK and DRS_SIM_SK)");
        }
        DrsSimulator.Settings settings = new DrsSimulator.Settings(host, port, accepted, seed, Duration.ofHours(24),
                Clock.systemUTC(), null);
        if (ak != null && !ak.isBlank()) {
            settings = settings.withAkSk(new ApigSignatureCheck.Credentials(ak, sk, null));
        }
        if ((kafka == null) != (registry == null)) {
            throw new AppConfig.ConfigError(kafka == null ? "--kafka" : "--schema-registry", "--kafka and --schema-registry go together");
        }
        if (!TopicNames.valid(deployment)) {
            throw new AppConfig.ConfigError("--deployment", "1 to 32 lower-case letters, digits or '-', starting with a letter");
        }
        if (kafka != null && !"demo".equals(scenario)) {
            throw new AppConfig.ConfigError("--kafka", "sends the demo's job events: only with --scenario demo");
        }
        Vertx vertx = Vertx.vertx();
        DrsSimulator simulator = DrsSimulator.start(vertx, settings, jobs).await(30, TimeUnit.SECONDS);
        System.out.println("DRS simulator on " + simulator.baseUrl() + " (" + jobs.jobs().size() + " jobs; "
                + (settings.akSk() != null ? "AK/SK " + ak + " accepted; " : "") + "Ctrl-C stops)");
        AtomicReference<DemoEvents> events = new AtomicReference<>();
        if (kafka != null) {
            Thread sender = new Thread(() -> events.set(demoEvents(vertx, jobs, simulator)), "demo-events");
            sender.setDaemon(true);
            sender.start();
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            if (events.get() != null) {
                events.get().close();
            }
            vertx.close();
            stopped.countDown();
        }, "simulator-shutdown"));
        stopped.await();
        return 0;
    }

    /** Waits for drs-monitor to create the job-events topic (no topic is auto-created), then starts the demo's events. */
    private DemoEvents demoEvents(Vertx vertx, Scenario jobs, DrsSimulator simulator) {
        String topic = new TopicNames(deployment).jobEvents();
        Map<String, Object> config = Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka);
        boolean told = false;
        try (Admin admin = Admin.create(config)) {
            while (true) {
                try {
                    if (admin.listTopics().names().get(10, TimeUnit.SECONDS).contains(topic)) {
                        break;
                    }
                } catch (ExecutionException | TimeoutException e) {
                    // Kafka not reachable yet: keep asking.
                }
                if (!told) {
                    System.out.println("Demo events: waiting for drs-monitor to create " + topic + " on " + kafka);
                    told = true;
                }
                Thread.sleep(2_000);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
        DemoEvents events = new DemoEvents(vertx, config, Map.of(Settings.REGISTRY_URL, registry), jobs, simulator, topic).start();
        System.out.println("Demo events: sending the demo's job events to " + topic + " on " + kafka);
        return events;
    }
}
