package io.drsmonitor.app;

import io.drsmonitor.discovery.ProjectRef;
import io.drsmonitor.drs.DrsRules;
import io.drsmonitor.kafka.TopicNames;
import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.types.Password;

/** The checks of single settings in {@link Settings}: each names the setting, and none echoes a value that may be secret. */
final class SettingValidators {
    private SettingValidators() {
    }

    static ConfigDef.Validator port() {
        return (name, value) -> {
            int port = (Integer) value;
            if (port < 0 || port > 65535) {
                throw new AppConfig.ConfigError(name, "must be a port number from 0 to 65535");
            }
        };
    }

    static ConfigDef.Validator atLeast(int min) {
        return (name, value) -> {
            if ((Integer) value < min) {
                throw new AppConfig.ConfigError(name, min == 0 ? "must be 0 or more" : "must be at least " + min);
            }
        };
    }

    static ConfigDef.Validator between(int min, int max) {
        return (name, value) -> {
            if ((Integer) value < min || (Integer) value > max) {
                throw new AppConfig.ConfigError(name, "must be from " + min + " to " + max);
            }
        };
    }

    /** {@code region:projectId} pairs: a bad entry stops start-up naming the setting. */
    static List<ProjectRef> parseDiscoveryProjects(String name, String value) {
        try {
            return ProjectRef.parseAll(value);
        } catch (IllegalArgumentException e) {
            throw new AppConfig.ConfigError(name, e.getMessage());
        }
    }

    static ConfigDef.Validator oneOf(Set<String> allowed) {
        return (name, value) -> {
            if (!allowed.contains((String) value)) {
                throw new AppConfig.ConfigError(name, "must be one of " + String.join(", ", allowed.stream().sorted().toList()));
            }
        };
    }

    static ConfigDef.Validator oneOfIgnoringCase(Set<String> allowed) {
        return (name, value) -> oneOf(allowed).ensureValid(name, ((String) value).toLowerCase(Locale.ROOT));
    }

    static ConfigDef.Validator deploymentName() {
        return (name, value) -> {
            if (!TopicNames.valid((String) value)) {
                throw new AppConfig.ConfigError(name, "1 to 32 lower-case letters, digits or '-', starting with a letter");
            }
        };
    }

    static ConfigDef.Validator region() {
        return (name, value) -> {
            String region = (String) value;
            if (!region.isBlank() && !DrsRules.isRegion(region)) {
                throw new AppConfig.ConfigError(name, "not a Huawei Cloud region id such as ap-southeast-1");
            }
        };
    }

    /** Blank, or an http(s) URL with a host. The value is never echoed: webhook URLs hold tokens. */
    static ConfigDef.Validator optionalUrl() {
        return (name, value) -> {
            String text = value instanceof Password password ? password.value() : (String) value;
            if (!text.isBlank()) {
                httpUrl(name, text);
            }
        };
    }

    static ConfigDef.Validator projectNames() {
        return (name, value) -> parseProjectNames(name, (String) value);
    }

    /** {@code projectId=name} pairs, comma-separated; blank entries are skipped. */
    static Map<String, String> parseProjectNames(String name, String value) {
        Map<String, String> names = new TreeMap<>();
        for (String pair : value.split(",")) {
            if (pair.isBlank()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String project = eq < 0 ? "" : pair.substring(0, eq).trim();
            String display = eq < 0 ? "" : pair.substring(eq + 1).trim();
            if (!DrsRules.isProjectId(project) || display.isEmpty() || display.length() > 128) {
                throw new AppConfig.ConfigError(name, "expected projectId=name pairs separated by commas (a name of 1 to 128 "
                        + "characters), e.g. 5b00c084d896bd871491eeaa6be9d240=payments");
            }
            names.put(project, display);
        }
        return names;
    }

    static ConfigDef.Validator regionEndpoints() {
        return (name, value) -> parseRegionEndpoints(name, (String) value);
    }

    /** {@code region=URL} pairs, comma-separated; blank entries are skipped. */
    static Map<String, URI> parseRegionEndpoints(String name, String value) {
        Map<String, URI> endpoints = new TreeMap<>();
        for (String pair : value.split(",")) {
            if (pair.isBlank()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String region = eq < 0 ? "" : pair.substring(0, eq).trim();
            if (!DrsRules.isRegion(region)) {
                throw new AppConfig.ConfigError(name, "expected region=URL pairs separated by commas, e.g. "
                        + "eu-west-101=https://drs.eu-west-101.myhuaweicloud.eu");
            }
            endpoints.put(region, httpUrl(name, pair.substring(eq + 1).trim()));
        }
        return endpoints;
    }

    static URI httpUrl(String name, String url) {
        try {
            URI uri = URI.create(url);
            if (uri.getHost() == null || !(url.startsWith("http://") || url.startsWith("https://"))) {
                throw new IllegalArgumentException();
            }
            return uri;
        } catch (IllegalArgumentException e) {
            throw new AppConfig.ConfigError(name, "must be an http:// or https:// URL");
        }
    }
}
