package io.drsmonitor.streams;

import java.nio.file.Path;
import java.util.Map;

/** The summaries in a process of their own, so a test can SIGKILL them. Args: bootstrap registry stateDir. */
public final class SummaryProcessMain {
    public static void main(String[] args) throws Exception {
        SummaryApp app = new SummaryApp(io.drsmonitor.TestSupport.fastFailover(args[0]), Map.of("schema.registry.url", args[1]),
                SummaryKillIT.SETTINGS, Path.of(args[2]), (short) 1, 0, "127.0.0.1:1").start();
        System.out.println("summaries started " + app.streams().state());
        Thread.sleep(Long.MAX_VALUE);
    }

    private SummaryProcessMain() {
    }
}
