package io.drsmonitor.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.drsmonitor.TestSupport;
import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;

/** A CLI failure is one line naming the command and an exit code; the stack trace only with --verbose. */
class CliErrorsTest {
    private record Outcome(int exit, String err) {
    }

    private static Outcome run(String... args) {
        StringWriter err = new StringWriter();
        CommandLine command = Main.commandLine();
        command.setOut(new PrintWriter(new StringWriter(), true));
        command.setErr(new PrintWriter(err, true));
        return new Outcome(command.execute(args), err.toString());
    }

    private static Path config(String... settings) throws Exception {
        Path file = Files.createTempFile("drs-run", ".properties");
        Path data = Files.createTempDirectory("drs-run-data");
        Files.writeString(file, "data.dir=" + data + "\n" + String.join("\n", settings));
        return file;
    }

    @Test
    void aPortInUseStopsRunInOneLineNamingTheSetting() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            long started = System.nanoTime();
            Outcome o = run("run", "--config", config("query.port=" + taken.getLocalPort()).toString());
            assertEquals(2, o.exit(), o.err());
            assertEquals(1, o.err().lines().count(), o.err());
            assertTrue(o.err().contains("query.port") && o.err().contains("port " + taken.getLocalPort() + " on 127.0.0.1 is in use"),
                    o.err());
            System.out.printf("port in use: run failed in %d ms: %s", (System.nanoTime() - started) / 1_000_000, o.err());
        }
    }

    @Test
    void anUnreachableKafkaStopsRunNamingTheSettingAndAddress() throws Exception {
        String address = "127.0.0.1:" + TestSupport.freePort();
        long started = System.nanoTime();
        Outcome o = run("run", "--config", config("kafka.bootstrap.servers=" + address, "schema.registry.url=http://127.0.0.1:1",
                "query.port=0", "simulator.port=0", "kafka.startup.wait.seconds=2").toString());
        long millis = (System.nanoTime() - started) / 1_000_000;
        assertEquals(2, o.exit(), o.err());
        assertTrue(o.err().contains("kafka.bootstrap.servers") && o.err().contains(address) && o.err().contains("within 2 s"), o.err());
        assertEquals(1, o.err().lines().count(), o.err());
        System.out.printf("unreachable Kafka: run failed in %d ms: %s", millis, o.err());
    }

    @Test
    void anExternalKafkaWithoutARegistryUrlStopsRunNamingTheSetting() throws Exception {
        Outcome o = run("run", "--config", config("kafka.bootstrap.servers=127.0.0.1:" + TestSupport.freePort(),
                "query.port=0", "simulator.port=0").toString());
        assertEquals(2, o.exit(), o.err());
        assertEquals(1, o.err().lines().count(), o.err());
        assertTrue(o.err().contains("schema.registry.url: is required with an external Kafka cluster"), o.err());
    }

    @Test
    void aMalformedProjectIdIsOneLineAndExitCode2() {
        Outcome o = run("query", "--project", "has space");
        assertEquals(2, o.exit());
        assertEquals(1, o.err().lines().count(), o.err());
        assertTrue(o.err().startsWith("query: --project must be"), o.err());
    }

    @Test
    void anUnreachableApiIsOneLineNamingWhereAndExitCode1() throws Exception {
        String url = "http://127.0.0.1:" + TestSupport.freePort();
        Outcome o = run("query", "--project", "p1", "--url", url);
        assertEquals(1, o.exit());
        assertEquals(1, o.err().lines().count(), o.err());
        assertTrue(o.err().contains("cannot connect to 127.0.0.1:"), o.err());
        assertFalse(o.err().contains("\tat "), "no stack trace: " + o.err());

        Outcome verbose = run("query", "--project", "p1", "--url", url, "--verbose");
        assertEquals(1, verbose.exit());
        assertTrue(verbose.err().contains("\tat "), "--verbose adds the stack trace: " + verbose.err());
    }
}
