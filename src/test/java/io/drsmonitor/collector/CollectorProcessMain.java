package io.drsmonitor.collector;

import io.drsmonitor.TestSupport;
import io.drsmonitor.drs.DrsClient;
import io.drsmonitor.drs.DrsClients;
import io.drsmonitor.drs.DrsClientConfig;
import io.drsmonitor.drs.DrsCredentials;
import io.drsmonitor.streams.StreamsEnvironment;
import io.drsmonitor.streams.StreamsRunner;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Vertx;
import java.net.URI;
import java.nio.file.Path;
import java.util.Map;

/** A collector in a process of its own, so a test can kill it with SIGKILL. Args: bootstrap registry drs token stateDir. */
public final class CollectorProcessMain {
    public static void main(String[] args) throws Exception {
        Vertx vertx = Vertx.vertx();
        DrsClient drs = new DrsClient(vertx, DrsClientConfig.of(URI.create(args[2])), DrsCredentials.fixedToken(args[3]),
                new SimpleMeterRegistry());
        StreamsRunner collector = Collector.create(StreamsEnvironment.of(TestSupport.fastFailover(args[0]),
                Map.of("schema.registry.url", args[1]), Path.of(args[4])), DrsClients.single(drs), CollectorIT.SETTINGS,
                new CollectorMetrics(new SimpleMeterRegistry()));
        collector.start();
        System.out.println("collector started");
        Thread.sleep(Long.MAX_VALUE);
    }
}
