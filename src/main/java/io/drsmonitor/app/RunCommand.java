package io.drsmonitor.app;

import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code run}: the main job, on embedded defaults where nothing is configured. */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = "Run drs-monitor: collector, summaries, query API and dashboard. Without configuration it "
                + "starts an in-process Kafka broker on 127.0.0.1:9092, a schema registry on http://127.0.0.1:8081 and "
                + "a simulated DRS with demo jobs, keeping data under ./data; the dashboard is on http://127.0.0.1:8080/.")
final class RunCommand implements Callable<Integer> {

    @Option(names = {"-c", "--config"}, description = "Properties file with settings (environment variables DRSMON_* override it).")
    Path configFile;

    @Override
    public Integer call() throws Exception {
        AppConfig config = AppConfig.load(Optional.ofNullable(configFile), System.getenv());
        LogFormat.apply(config.logFormat());
        Application app = Application.start(config);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            app.close();
            stopped.countDown();
        }, "drs-monitor-shutdown"));
        stopped.await();
        return 0;
    }
}
