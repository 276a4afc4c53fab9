package io.drsmonitor.drs;

import java.time.Duration;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Remembers that DRS refused our credentials. A wrong SK or a revoked token will be refused on every
 * call; rather than send each poll to be refused (a storm of 401s, and an account the gateway may
 * lock), calls are refused locally until {@code retryAfter} has passed, then one goes out to see
 * whether the credentials were fixed. The refusal is logged once, at ERROR, with what to check.
 */
final class AuthGate {
    private static final Logger LOG = LoggerFactory.getLogger(AuthGate.class);

    private final Duration retryAfter;
    private final String region;
    private Instant refusedUntil;
    private String problem;

    AuthGate(Duration retryAfter, String region) {
        this.retryAfter = retryAfter;
        this.region = region;
    }

    /**
     * A local refusal while the gate is closed; null when a call may go out. Once the hold-back has
     * passed, one call goes out to probe and the others wait another round for its answer.
     */
    synchronized DrsApiException refusal(DrsEndpoint endpoint, int attempts) {
        if (problem == null) {
            return null;
        }
        if (Instant.now().isAfter(refusedUntil)) {
            refusedUntil = Instant.now().plus(retryAfter);
            return null;
        }
        return new DrsApiException(DrsApiException.Kind.UNAUTHORIZED, endpoint.pathSuffix(), 401, null,
                "not sent: " + problem, attempts, null);
    }

    /** DRS said 401 and new credentials would not help: close the gate. */
    synchronized DrsApiException refused(DrsEndpoint endpoint, String errorCode, String errorMsg, int attempts) {
        String why = "DRS (" + region + ") refused the credentials: HTTP 401"
                + (errorCode != null ? " " + errorCode : "") + (errorMsg != null ? " " + errorMsg : "");
        if (problem == null) {
            LOG.error("{}. Check drs.ak/drs.sk (or drs.auth.token, drs.iam.*) and the clock (X-Sdk-Date may be off by"
                    + " at most 15 minutes); DRS calls are held back for {} at a time until it accepts them", why, retryAfter);
        }
        problem = why;
        refusedUntil = Instant.now().plus(retryAfter);
        return new DrsApiException(DrsApiException.Kind.UNAUTHORIZED, endpoint.pathSuffix(), 401, errorCode, errorMsg,
                attempts, null);
    }

    synchronized void accepted() {
        if (problem != null) {
            LOG.info("DRS ({}) accepts the credentials again", region);
            problem = null;
        }
    }

    /** False while calls are refused locally; true when none is refused or the next one may go out to probe. */
    synchronized boolean open() {
        return problem == null || Instant.now().isAfter(refusedUntil);
    }

    synchronized String problem() {
        return problem;
    }
}
