package io.drsmonitor.app;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code settings}: every setting with its type, default and meaning, as the README's Markdown table. */
@Command(name = "settings", mixinStandardHelpOptions = true,
        description = "Print every setting (type, default, meaning) as a Markdown table.")
final class SettingsCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().getOut().print(Settings.markdownTable());
        spec.commandLine().getOut().flush();
        return 0;
    }
}
