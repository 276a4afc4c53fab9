package io.drsmonitor.drs;

import io.vertx.core.Future;
import java.util.Map;
import java.net.URI;

/**
 * How drs-monitor proves who it is to DRS: AK/SK request signing, an IAM token from a password
 * login, or a fixed token. Exactly one is configured. Implementations never put a secret in a log
 * line, an exception message or {@code toString()}.
 */
public interface DrsCredentials {

    /** The auth mode's name for the start-up log, e.g. "AK/SK (access key ABCD****)". Never a secret. */
    String describe();

    /**
     * The headers that authenticate {@code request}. Called for every attempt, retries included, so
     * a signature is always computed over the attempt's own date.
     */
    Future<Map<String, String>> authenticate(OutgoingRequest request);

    /**
     * DRS answered 401 to an attempt that carried {@code sent}. True when a new attempt would carry
     * different credentials (an IAM token is renewed); false when it would only be refused again.
     */
    default boolean renewAfterRefusal(Map<String, String> sent) {
        return false;
    }

    /** What is about to be sent; the body is exactly the bytes on the wire. */
    record OutgoingRequest(String method, URI url, Map<String, String> headers, byte[] body) {
    }

    /** A fixed {@code X-Auth-Token}: the {@code drs.auth.token} setting or {@code DRS_AUTH_TOKEN}. */
    static DrsCredentials fixedToken(String token) {
        if (token == null || token.isBlank()) {
            throw new IllegalArgumentException("the DRS token is empty");
        }
        Map<String, String> header = Map.of("X-Auth-Token", token);
        return new DrsCredentials() {
            @Override
            public String describe() {
                return "static X-Auth-Token";
            }

            @Override
            public Future<Map<String, String>> authenticate(OutgoingRequest request) {
                return Future.succeededFuture(header);
            }

            @Override
            public String toString() {
                return "FixedToken[****]";
            }
        };
    }
}
