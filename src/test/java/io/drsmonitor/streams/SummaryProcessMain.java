package io.drsmonitor.streams;

import io.drsmonitor.TestSupport;
import io.drsmonitor.kafka.TopicNames;
import java.nio.file.Path;
import java.util.Map;

/** The summaries in a process of their own, so a test can SIGKILL them. Args: bootstrap registry stateDir deployment. */
public final class SummaryProcessMain {
    public static void main(String[] args) throws Exception {
        StreamsRunner app = SummaryApp.create(StreamsEnvironment.of(TestSupport.fastFailover(args[0]),
                Map.of("schema.registry.url", args[1]), Path.of(args[2])).withNames(new TopicNames(args[3]))
                        .withApplicationServer("127.0.0.1:1"),
                SummaryKillIT.SETTINGS, SummaryListener.NONE).start();
        System.out.println("summaries started " + app.streams().state());
        Thread.sleep(Long.MAX_VALUE);
    }

    private SummaryProcessMain() {
    }
}
