package io.drsmonitor.drs;

import java.net.URI;
import java.time.Duration;

/**
 * Where DRS is and how to call it. Batch size: DRS documents no maximum, so the default is
 * conservative; lift it if your account allows.
 */
public record DrsClientConfig(
        URI baseUrl,
        String language,
        int batchSize,
        int maxConcurrentRequests,
        Duration requestTimeout,
        Duration callDeadline,
        int maxRetries,
        Duration backoffBase,
        Duration backoffMax,
        int circuitFailureThreshold,
        Duration circuitResetTimeout,
        Duration authRetryInterval) {

    public static final int DEFAULT_BATCH_SIZE = 20;

    public DrsClientConfig {
        if (!"http".equals(baseUrl.getScheme()) && !"https".equals(baseUrl.getScheme()) || baseUrl.getHost() == null) {
            throw new IllegalArgumentException("DRS endpoint must be an http(s) URL with a host");
        }
        if (!DrsRules.LANGUAGES.contains(language)) {
            throw new IllegalArgumentException("X-Language must be one of " + DrsRules.LANGUAGES);
        }
        if (batchSize < 1 || maxConcurrentRequests < 1 || maxRetries < 0 || circuitFailureThreshold < 1) {
            throw new IllegalArgumentException("batch size, concurrency and circuit threshold must be positive");
        }
    }

    /** Defaults against {@code baseUrl}. */
    public static DrsClientConfig of(URI baseUrl) {
        return new DrsClientConfig(baseUrl, "en-us", DEFAULT_BATCH_SIZE, 8, Duration.ofSeconds(10),
                Duration.ofSeconds(60), 5, Duration.ofMillis(200), Duration.ofSeconds(10), 5, Duration.ofSeconds(30),
                Duration.ofSeconds(60));
    }

    public DrsClientConfig withBatchSize(int size) {
        return new DrsClientConfig(baseUrl, language, size, maxConcurrentRequests, requestTimeout, callDeadline,
                maxRetries, backoffBase, backoffMax, circuitFailureThreshold, circuitResetTimeout, authRetryInterval);
    }

    public DrsClientConfig withRetries(int retries, Duration base, Duration max, Duration deadline) {
        return new DrsClientConfig(baseUrl, language, batchSize, maxConcurrentRequests, requestTimeout, deadline,
                retries, base, max, circuitFailureThreshold, circuitResetTimeout, authRetryInterval);
    }

    public DrsClientConfig withCircuit(int threshold, Duration reset) {
        return new DrsClientConfig(baseUrl, language, batchSize, maxConcurrentRequests, requestTimeout, callDeadline,
                maxRetries, backoffBase, backoffMax, threshold, reset, authRetryInterval);
    }

    public DrsClientConfig withRequestTimeout(Duration timeout) {
        return new DrsClientConfig(baseUrl, language, batchSize, maxConcurrentRequests, timeout, callDeadline,
                maxRetries, backoffBase, backoffMax, circuitFailureThreshold, circuitResetTimeout, authRetryInterval);
    }

    public DrsClientConfig withLanguage(String lang) {
        return new DrsClientConfig(baseUrl, lang, batchSize, maxConcurrentRequests, requestTimeout, callDeadline,
                maxRetries, backoffBase, backoffMax, circuitFailureThreshold, circuitResetTimeout, authRetryInterval);
    }

    /** How long calls are held back after DRS refused the credentials (401) before one tries again. */
    public DrsClientConfig withAuthRetryInterval(Duration interval) {
        return new DrsClientConfig(baseUrl, language, batchSize, maxConcurrentRequests, requestTimeout, callDeadline,
                maxRetries, backoffBase, backoffMax, circuitFailureThreshold, circuitResetTimeout, interval);
    }

    /** The same settings against another endpoint (another region). */
    public DrsClientConfig withBaseUrl(URI url) {
        return new DrsClientConfig(url, language, batchSize, maxConcurrentRequests, requestTimeout, callDeadline,
                maxRetries, backoffBase, backoffMax, circuitFailureThreshold, circuitResetTimeout, authRetryInterval);
    }

    public DrsClientConfig withMaxConcurrentRequests(int max) {
        return new DrsClientConfig(baseUrl, language, batchSize, max, requestTimeout, callDeadline,
                maxRetries, backoffBase, backoffMax, circuitFailureThreshold, circuitResetTimeout, authRetryInterval);
    }
}
