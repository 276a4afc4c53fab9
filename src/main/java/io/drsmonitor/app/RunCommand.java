package io.drsmonitor.app;

import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code run}: the main job, on embedded defaults where nothing is configured. */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = "Run drs-monitor. Without configuration it starts an in-process Kafka broker on "
                + "127.0.0.1:9092 and a schema registry on http://127.0.0.1:8081, keeping data under ./data.")
final class RunCommand implements Callable<Integer> {

    @Option(names = {"-c", "--config"}, description = "Properties file with settings (environment variables DRSMON_* override it).")
    Path configFile;

    @Override
    public Integer call() throws Exception {
        AppConfig config = AppConfig.load(Optional.ofNullable(configFile), System.getenv());
        LocalStack stack = LocalStack.start(config);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            stack.close();
            stopped.countDown();
        }, "drs-monitor-shutdown"));
        stopped.await();
        return 0;
    }
}
