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
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where settings come from, in order: a properties file, then environment variables ({@code DRSMON_}
 * + the name upper-cased with dots as underscores), then, for settings still empty, the names other
 * tools use ({@code DRS_AUTH_TOKEN}, Huawei SDK's {@code HUAWEICLOUD_SDK_*}).
 */
final class ConfigSources {
    private static final Logger LOG = LoggerFactory.getLogger(ConfigSources.class);

    /**
     * The variables Kubernetes injects into every container for a Service named {@code drsmon} in its
     * namespace (service links: {@code DRSMON_PORT=tcp://10.0.0.1:8080}, {@code DRSMON_PORT_8080_TCP_ADDR},
     * {@code DRSMON_SERVICE_HOST}, {@code DRSMON_SERVICE_PORT_HTTP}...). No setting has such a name, and
     * the user did not set them: they are ignored rather than stopping start-up as unknown settings.
     */
    private static final Pattern KUBERNETES_SERVICE_LINK = Pattern.compile(
            "DRSMON_(PORT(_[0-9]+_(TCP|UDP|SCTP)(_ADDR|_PORT|_PROTO)?)?|SERVICE_HOST|SERVICE_PORT(_[A-Z0-9_]+)?)");

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
        TreeSet<String> serviceLinks = new TreeSet<>();
        env.forEach((name, value) -> {
            if (name.startsWith(AppConfig.ENV_PREFIX)) {
                String setting = name.substring(AppConfig.ENV_PREFIX.length()).toLowerCase(Locale.ROOT).replace('_', '.');
                boolean defined = DEFINITION.names().stream().anyMatch(s -> Settings.environmentName(s).equals(name));
                if (!defined && !Settings.isPassThrough(setting)) {
                    if (isKubernetesServiceLink(name)) {
                        serviceLinks.add(name);
                        return;
                    }
                    throw new AppConfig.ConfigError(name, "unknown setting (known: " + String.join(", ", DEFINITION.names()) + ")");
                }
                values.put(setting, value.trim());
            }
        });
        if (!serviceLinks.isEmpty()) {
            LOG.debug("Ignored {}: Kubernetes' service-link variables of a Service named drsmon, not settings", serviceLinks);
        }
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

    /** True for a variable Kubernetes injects for a Service named {@code drsmon}: see {@link #KUBERNETES_SERVICE_LINK}. */
    static boolean isKubernetesServiceLink(String name) {
        return KUBERNETES_SERVICE_LINK.matcher(name).matches();
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
