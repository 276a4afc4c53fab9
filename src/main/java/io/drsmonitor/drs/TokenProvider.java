package io.drsmonitor.drs;

import io.vertx.core.Future;

/** Supplies the {@code X-Auth-Token} value. Implementations never log the token. */
public interface TokenProvider {
    Future<String> token();

    /** DRS refused {@code token} (401): forget it so the next call gets a fresh one. */
    default void invalidate(String token) {
    }

    /** A fixed token: the {@code drs.auth.token} setting or {@code DRS_AUTH_TOKEN}. */
    static TokenProvider fixed(String token) {
        if (token == null || token.isBlank()) {
            throw new IllegalArgumentException("the DRS token is empty");
        }
        return new TokenProvider() {
            @Override
            public Future<String> token() {
                return Future.succeededFuture(token);
            }

            @Override
            public String toString() {
                return "FixedToken[****]";
            }
        };
    }
}
