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
    void everyListedSettingIsAcceptedAndEveryEnvironmentNameMapsBack() {
        Matcher row = Pattern.compile("(?m)^\\| `([a-z0-9.]+)` \\| (\\w+) \\|").matcher(printed());
        Set<String> names = new HashSet<>();
        while (row.find()) {
            names.add(row.group(1));
            if (!row.group(2).equals("prefix")) {
                // Each setting parses from the file form and from DRSMON_ form; the value given back is the default's text.
                String env = "DRSMON_" + row.group(1).toUpperCase(Locale.ROOT).replace('.', '_');
                AppConfig.load(Optional.empty(), Map.of(env, defaultText(row.group(1))));
            }
        }
        assertTrue(names.contains("kafka.bootstrap.servers") && names.contains("alerts.webhook.secret")
                && names.size() > 45, names.toString());
    }

    private static String defaultText(String name) {
        return switch (name) {
            case "deployment.name" -> "drs";
            case "drs.language" -> "en-us";
            case "alerts.min.severity" -> "warning";
            case "demo.events" -> "false";
            case "topics.replication.factor", "topics.partitions" -> "2";
            case "collector.precheck.confirm.seconds" -> "120";
            case "collector.poll.max.ms" -> "70000";
            case "kafka.embedded.port", "schema.registry.embedded.port", "query.port", "simulator.port",
                 "drs.auth.retry.seconds", "drs.batch.size", "drs.max.concurrent.requests", "collector.poll.min.ms",
                 "collector.precheck.deadline.minutes", "collector.dr.deadline.minutes",
                 "collector.retention.hours", "alerts.dr.stall.minutes", "alerts.alertmanager.resend.seconds",
                 "demo.dr.stall.seconds", "streams.standby.replicas", "streams.rocksdb.memory.mb" -> "7";
            default -> "";
        };
    }
}
