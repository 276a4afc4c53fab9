package io.drsmonitor.app;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.DescribeClusterOptions;

/**
 * Start-up failures a person can act on: they name the setting to change and the address involved,
 * in one line, before any server starts and buries the cause in stack traces.
 */
final class StartupChecks {
    private StartupChecks() {
    }

    /** Fails unless {@code port} on {@code host} is free to listen on (0: any free port, not checked). */
    static void portFree(String setting, String host, int port) {
        if (port == 0) {
            return;
        }
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(host, port));
        } catch (IOException e) {
            throw new AppConfig.ConfigError(setting, "port " + port + " on " + host + " is in use (" + e.getMessage()
                    + "); choose another with " + setting + " or stop what listens there");
        }
    }

    /** Fails, naming {@code kafka.bootstrap.servers}, unless a broker at {@code bootstrap} answers within {@code wait}. */
    static void kafkaReachable(Map<String, Object> clientConfig, String bootstrap, Duration wait) {
        try (Admin admin = Admin.create(clientConfig)) {
            admin.describeCluster(new DescribeClusterOptions().timeoutMs((int) wait.toMillis())).clusterId()
                    .get(wait.toMillis() + 1000, TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            Throwable cause = e instanceof ExecutionException && e.getCause() != null ? e.getCause() : e;
            throw new AppConfig.ConfigError(Settings.KAFKA_BOOTSTRAP, "no Kafka broker answered at " + bootstrap + " within "
                    + wait.toSeconds() + " s (" + cause.getClass().getSimpleName() + "; " + Settings.KAFKA_STARTUP_WAIT_SECONDS
                    + " sets how long to wait)");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while reaching Kafka at " + bootstrap, e);
        }
    }
}
