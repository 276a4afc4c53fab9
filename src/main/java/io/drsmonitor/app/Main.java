package io.drsmonitor.app;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import java.net.ConnectException;
import java.net.http.HttpConnectTimeoutException;

/** The {@code drs-monitor} command line. */
@Command(name = "drs-monitor", mixinStandardHelpOptions = true, version = "drs-monitor " + Main.VERSION,
        description = "Watches Huawei Cloud DRS pre-checks and DR initialization through Kafka.",
        subcommands = {RunCommand.class, SimulatorCommand.class, SubmitCommand.class, QueryCommand.class, TailCommand.class,
            SettingsCommand.class})
public final class Main implements Runnable {
    static final String VERSION = "0.1.0";

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    @CommandLine.Option(names = "--verbose", scope = CommandLine.ScopeType.INHERIT,
            description = "On failure, print the stack trace too.")
    boolean verbose;

    /**
     * A failure is one line on stderr naming the command, and an exit code: 2 for a bad setting or
     * argument, 1 for anything else (an unreachable API, a refused request). {@code --verbose} adds
     * the stack trace.
     */
    static CommandLine commandLine() {
        CommandLine commandLine = new CommandLine(new Main());
        commandLine.setExecutionExceptionHandler((e, cmd, parsed) -> {
            cmd.getErr().println(cmd.getCommandName() + ": " + describe(e));
            if (cmd.getParseResult().hasMatchedOption("--verbose")) {
                e.printStackTrace(cmd.getErr());
            }
            return e instanceof AppConfig.ConfigError || e instanceof IllegalArgumentException ? 2 : 1;
        });
        return commandLine;
    }

    private static String describe(Throwable e) {
        if (e instanceof ConnectException || e instanceof HttpConnectTimeoutException) {
            return (e.getMessage() == null ? "cannot connect" : e.getMessage())
                    + " (is drs-monitor running there? --url or query.port choose where)";
        }
        String message = e.getMessage();
        return message == null || message.isBlank() ? e.getClass().getSimpleName() : message;
    }

    @Override
    public void run() {
        CommandLine.usage(this, System.out);
    }
}
