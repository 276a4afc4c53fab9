package io.drsmonitor.app;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code drs-monitor} command line. */
@Command(name = "drs-monitor", mixinStandardHelpOptions = true, version = "drs-monitor 0.1.0",
        description = "Watches Huawei Cloud DRS pre-checks and DR initialization through Kafka.",
        subcommands = {RunCommand.class, SimulatorCommand.class, SubmitCommand.class, QueryCommand.class, TailCommand.class})
public final class Main implements Runnable {

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    static CommandLine commandLine() {
        CommandLine commandLine = new CommandLine(new Main());
        commandLine.setExecutionExceptionHandler((e, cmd, parsed) -> {
            if (e instanceof AppConfig.ConfigError) {
                cmd.getErr().println(e.getMessage());
                return 2;
            }
            throw e;
        });
        return commandLine;
    }

    @Override
    public void run() {
        CommandLine.usage(this, System.out);
    }
}
