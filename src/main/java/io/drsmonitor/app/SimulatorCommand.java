package io.drsmonitor.app;

import io.drsmonitor.simulator.ApigSignatureCheck;
import io.drsmonitor.simulator.DrsSimulator;
import io.drsmonitor.simulator.Scenario;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
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

    @Option(names = "--scenario", defaultValue = "demo", description = "Jobs to start with: demo, examples or empty.")
    String scenario;

    @Override
    public Integer call() throws Exception {
        String accepted = token != null ? token : System.getenv("DRS_AUTH_TOKEN");
        Scenario jobs = switch (scenario) {
            case "demo" -> Scenario.demo(seed);
            case "examples" -> Scenario.examples();
            case "empty" -> Scenario.empty();
            default -> throw new AppConfig.ConfigError("--scenario", "expected demo, examples or empty");
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
        Vertx vertx = Vertx.vertx();
        DrsSimulator simulator = DrsSimulator.start(vertx, settings, jobs).await(30, TimeUnit.SECONDS);
        System.out.println("DRS simulator on " + simulator.baseUrl() + " (" + jobs.jobs().size() + " jobs; "
                + (settings.akSk() != null ? "AK/SK " + ak + " accepted; " : "") + "Ctrl-C stops)");
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            vertx.close();
            stopped.countDown();
        }, "simulator-shutdown"));
        stopped.await();
        return 0;
    }
}
