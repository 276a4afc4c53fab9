package io.drsmonitor.app;

import static io.drsmonitor.app.Settings.DEFINITION;
import static io.drsmonitor.app.Settings.DRS_AK;
import static io.drsmonitor.app.Settings.DRS_IAM_USER;
import static io.drsmonitor.app.Settings.DRS_SECURITY_TOKEN;
import static io.drsmonitor.app.Settings.DRS_SK;
import static io.drsmonitor.app.Settings.DRS_TOKEN;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeMap;

/**
 * Where settings come from, in order: a properties file, then environment variables ({@code DRSMON_}
 * + the name upper-cased with dots as underscores), then, for settings still empty, the names other
 * tools use ({@code DRS_AUTH_TOKEN}, Huawei SDK's {@code HUAWEICLOUD_SDK_*}).
 */
final class ConfigSources {
    private ConfigSources() {
    }

    /** The settings given by {@code file} (if any) and {@code env}, as text; an unknown {@code DRSMON_} name stops here. */
    static Map<String, String> read(Optional<Path> file, Map<String, String> env) {
        Map<String, String> values = new TreeMap<>();
        if (file.isPresent()) {
            Properties properties = new Properties();
            try (Reader reader = Files.newBufferedReader(file.get())) {
                properties.load(reader);
            } catch (IOException e) {
                throw new AppConfig.ConfigError("config file", "cannot read " + file.get() + ": " + e.getMessage());
            }
            properties.stringPropertyNames().forEach(name -> values.put(name, properties.getProperty(name).trim()));
        }
        env.forEach((name, value) -> {
            if (name.startsWith(AppConfig.ENV_PREFIX)) {
                String setting = name.substring(AppConfig.ENV_PREFIX.length()).toLowerCase(Locale.ROOT).replace('_', '.');
                boolean defined = DEFINITION.names().stream().anyMatch(s -> Settings.environmentName(s).equals(name));
                if (!defined && !Settings.isPassThrough(setting)) {
                    throw new AppConfig.ConfigError(name, "unknown setting (known: " + String.join(", ", DEFINITION.names()) + ")");
                }
                values.put(setting, value.trim());
            }
        });
        // Then fallbacks, for settings still empty, under the names other tools use: DRS_AUTH_TOKEN, and Huawei's SDK's own AK/SK names.
        fallback(values, env, "DRS_AUTH_TOKEN", DRS_TOKEN);
        if (blank(values.get(DRS_TOKEN)) && blank(values.get(DRS_IAM_USER))) {
            // The SDK's variables are often exported in a Huawei user's shell: they fill in AK/SK
            // only when no other way to authenticate was chosen.
            fallback(values, env, "HUAWEICLOUD_SDK_AK", DRS_AK);
            fallback(values, env, "HUAWEICLOUD_SDK_SK", DRS_SK);
            fallback(values, env, "HUAWEICLOUD_SDK_SECURITY_TOKEN", DRS_SECURITY_TOKEN);
        }
        return values;
    }

    private static boolean blank(String value) {
        return value == null || value.isBlank();
    }

    private static void fallback(Map<String, String> values, Map<String, String> env, String envName, String setting) {
        String value = env.get(envName);
        if (value != null && !value.isBlank() && blank(values.get(setting))) {
            values.put(setting, value.trim());
        }
    }
}
