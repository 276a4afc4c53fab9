package io.drsmonitor.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The README's settings table is what {@code settings} prints, and every setting it lists is one {@code run} accepts. */
class SettingsTableTest {
    private static final String BEGIN = "<!-- settings:begin -->";
    private static final String END = "<!-- settings:end -->";

    private static String printed() {
        StringWriter out = new StringWriter();
        CommandLine command = Main.commandLine();
        command.setOut(new PrintWriter(out, true));
        command.setErr(new PrintWriter(new StringWriter(), true));
        assertEquals(0, command.execute("settings"));
        return out.toString();
    }

    @Test
    void theReadmesTableIsTheGeneratedOne() throws Exception {
        String readme = Files.readString(Path.of("README.md"));
        int begin = readme.indexOf(BEGIN);
        int end = readme.indexOf(END);
        assertTrue(begin >= 0 && end > begin, "README.md has the markers " + BEGIN + " and " + END);
        String documented = readme.substring(begin + BEGIN.length(), end).strip();
        assertEquals(printed().strip(), documented,
                "README.md's settings table differs from the code: run `java -jar target/drs-monitor.jar settings` and paste it");
    }

    @Test
    void everyListedDefaultIsAcceptedUnderItsEnvironmentName() {
        // | `name` | type | `default` or (empty) | meaning |
        Matcher row = Pattern.compile("(?m)^\\| `([a-z0-9.*]+)` \\| (\\w+) \\| (?:`([^`]*)`|\\(empty\\))? ?\\|").matcher(printed());
        Set<String> names = new HashSet<>();
        while (row.find()) {
            names.add(row.group(1));
            if (!row.group(2).equals("prefix")) {
                String env = "DRSMON_" + row.group(1).toUpperCase(Locale.ROOT).replace('.', '_');
                String documentedDefault = row.group(3) == null ? "" : row.group(3);
                AppConfig.load(Optional.empty(), Map.of(env, documentedDefault));
            }
        }
        assertTrue(names.contains("kafka.bootstrap.servers") && names.contains("alerts.webhook.secret")
                && names.contains("kafka.client.*") && names.size() > 45, names.toString());
    }
}
