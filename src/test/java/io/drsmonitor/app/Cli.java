package io.drsmonitor.app;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Collectors;
import picocli.CommandLine;

/** Runs a CLI command in-process with {@code settings} as its {@code --config} file; its output, or the test fails. */
public final class Cli {
    private Cli() {
    }

    public static String run(Map<String, String> settings, String... args) throws Exception {
        Path config = Files.createTempFile("drs-cli", ".properties");
        Files.writeString(config, settings.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                .collect(Collectors.joining("\n")));
        String[] withConfig = new String[args.length + 2];
        System.arraycopy(args, 0, withConfig, 0, args.length);
        withConfig[args.length] = "--config";
        withConfig[args.length + 1] = config.toString();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine command = Main.commandLine();
        command.setOut(new PrintWriter(out, true));
        command.setErr(new PrintWriter(err, true));
        int exit = command.execute(withConfig);
        assertEquals(0, exit, "exit code of " + String.join(" ", args) + ": " + err);
        return out.toString();
    }
}
