package io.drsmonitor.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.drsmonitor.TestSupport;
import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

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
