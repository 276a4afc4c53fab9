package io.drsmonitor.avro;

import java.net.URI;
import java.time.Duration;
import java.util.Locale;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.types.Password;

/**
 * How to reach a schema registry: Confluent's setting names, so a Confluent SR, Karapace or
 * Apicurio's ccompat endpoint is configured exactly as for Confluent's own clients.
 */
public record RegistryClientConfig(
        List<URI> urls,
        Optional<String> basicAuthUserInfo,
        Optional<TlsSettings> tls,
        Duration requestTimeout,
        int maxRetries,
        Duration retryBackoff) {

    public static final String URL = "schema.registry.url";
    public static final String BASIC_AUTH_SOURCE = "basic.auth.credentials.source";
    public static final String BASIC_AUTH_USER_INFO = "basic.auth.user.info";
    public static final String REQUEST_TIMEOUT_MS = "schema.registry.request.timeout.ms";
    public static final String MAX_RETRIES = "schema.registry.max.retries";
    public static final String RETRY_BACKOFF_MS = "schema.registry.retries.wait.ms";
    public static final String SSL_PREFIX = "schema.registry.ssl.";

    /** Keystore and truststore for a registry behind TLS, in the JDK's keystore formats. */
    public record TlsSettings(Optional<String> truststoreLocation, Optional<String> truststorePassword,
                              String truststoreType, Optional<String> keystoreLocation,
                              Optional<String> keystorePassword, String keystoreType,
                              Optional<String> keyPassword) {
        @Override
        public String toString() {
            return "TlsSettings[truststore=" + truststoreLocation.orElse("(JDK default)")
                    + ", keystore=" + keystoreLocation.orElse("(none)") + "]";
        }
    }

    public static RegistryClientConfig from(Map<String, ?> configs) {
        String urlSetting = string(configs, URL)
                .orElseThrow(() -> new ConfigException(URL, null, "a schema registry URL is required"));
        List<URI> urls = Arrays.stream(urlSetting.split(","))
                .map(String::trim)
                .filter(s -> !s.isEmpty())
                .map(s -> parseUrl(s))
                .toList();
        if (urls.isEmpty()) {
            throw new ConfigException(URL, urlSetting, "no URL given");
        }
        String source = string(configs, BASIC_AUTH_SOURCE).orElse("URL").toUpperCase(Locale.ROOT);
        Optional<String> userInfo = switch (source) {
            case "USER_INFO" -> Optional.of(string(configs, BASIC_AUTH_USER_INFO).orElseThrow(
                    () -> new ConfigException(BASIC_AUTH_USER_INFO, null, "required when "
                            + BASIC_AUTH_SOURCE + "=USER_INFO")));
            case "URL" -> Optional.ofNullable(urls.get(0).getUserInfo());
            default -> throw new ConfigException(BASIC_AUTH_SOURCE, source, "expected USER_INFO or URL");
        };
        Optional<TlsSettings> tls = Optional.empty();
        if (string(configs, SSL_PREFIX + "truststore.location").isPresent()
                || string(configs, SSL_PREFIX + "keystore.location").isPresent()) {
            tls = Optional.of(new TlsSettings(
                    string(configs, SSL_PREFIX + "truststore.location"),
                    string(configs, SSL_PREFIX + "truststore.password"),
                    string(configs, SSL_PREFIX + "truststore.type").orElse("JKS"),
                    string(configs, SSL_PREFIX + "keystore.location"),
                    string(configs, SSL_PREFIX + "keystore.password"),
                    string(configs, SSL_PREFIX + "keystore.type").orElse("JKS"),
                    string(configs, SSL_PREFIX + "key.password")));
        }
        return new RegistryClientConfig(urls, userInfo, tls,
                Duration.ofMillis(positiveLong(configs, REQUEST_TIMEOUT_MS, 10_000)),
                (int) positiveLong(configs, MAX_RETRIES, 3),
                Duration.ofMillis(positiveLong(configs, RETRY_BACKOFF_MS, 200)));
    }

    public static RegistryClientConfig of(String url) {
        return from(Map.of(URL, url));
    }

    private static URI parseUrl(String s) {
        try {
            URI uri = URI.create(s);
            if (uri.getHost() == null || !(uri.getScheme().equals("http") || uri.getScheme().equals("https"))) {
                throw new IllegalArgumentException("not an http(s) URL");
            }
            return uri;
        } catch (IllegalArgumentException e) {
            // The URL may carry credentials: name the setting, not the value.
            throw new ConfigException(URL + " must be a comma-separated list of http(s) URLs: " + e.getMessage());
        }
    }

    private static Optional<String> string(Map<String, ?> configs, String key) {
        Object value = configs.get(key);
        if (value == null) {
            return Optional.empty();
        }
        String s = value instanceof Password p ? p.value() : value.toString();
        return s.isBlank() ? Optional.empty() : Optional.of(s.trim());
    }

    private static long positiveLong(Map<String, ?> configs, String key, long fallback) {
        Optional<String> value = string(configs, key);
        if (value.isEmpty()) {
            return fallback;
        }
        try {
            long parsed = Long.parseLong(value.get());
            if (parsed < 0) {
                throw new NumberFormatException();
            }
            return parsed;
        } catch (NumberFormatException e) {
            throw new ConfigException(key, value.get(), "expected a non-negative whole number");
        }
    }

    /** The URLs without credentials, for logs and errors. */
    public String describeUrls() {
        return urls.stream().map(u -> u.getScheme() + "://" + u.getHost() + (u.getPort() > 0 ? ":" + u.getPort() : "")
                + (u.getPath() == null ? "" : u.getPath())).toList().toString();
    }

    @Override
    public String toString() {
        return "RegistryClientConfig[urls=" + describeUrls() + ", basicAuth=" + basicAuthUserInfo.isPresent()
                + ", tls=" + tls.map(Object::toString).orElse("off") + ", requestTimeout=" + requestTimeout
                + ", maxRetries=" + maxRetries + "]";
    }
}
