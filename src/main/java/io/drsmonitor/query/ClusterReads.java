package io.drsmonitor.query;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.function.Function;
import org.apache.kafka.streams.state.HostInfo;

/**
 * Reads across the instances of the summaries: a key from the instance that holds it (the active
 * copy, else a standby), a list from every instance. Local reads run on a worker thread; remote ones
 * call the other instance's internal routes, which need the shared secret.
 */
final class ClusterReads {
    static final String FORWARDED = "X-DRS-Forwarded";
    static final String SECRET_HEADER = "X-DRS-Internal-Secret";

    private final Vertx vertx;
    private final WebClient web;
    private final StoreQueries queries;
    private final String secret;

    ClusterReads(Vertx vertx, StoreQueries queries, String secret) {
        this.vertx = vertx;
        this.web = WebClient.create(vertx);
        this.queries = queries;
        this.secret = secret;
    }

    StoreQueries queries() {
        return queries;
    }

    /** Runs a store read off the event loop; reads of different requests may run side by side. */
    <T> Future<T> blocking(Callable<T> read) {
        return vertx.executeBlocking(read, false);
    }

    /**
     * The key's value as JSON from the instance holding it: {@code local} reads this instance's copy
     * (partition, stale allowed), {@code internalPath} is the same read on another instance
     * ({@code stale=true} is appended for a standby).
     */
    Future<JsonObject> byKey(String store, String key, LocalRead<JsonObject> local, String internalPath) {
        return byKey(queries.hostsOf(store, key), local, internalPath, value -> value);
    }

    /**
     * The same, where the caller has already looked up where the key lives and wants the value as
     * {@code T}: {@code fromPeer} turns another instance's answer (its {@code value}, null when it has
     * no such key) into one.
     */
    <T> Future<T> byKey(StoreQueries.KeyHosts hosts, LocalRead<T> local, String internalPath, Function<JsonObject, T> fromPeer) {
        Future<T> active = hosts.active().equals(queries.self())
                ? blocking(() -> local.read(hosts.partition(), false))
                : remote(hosts.active(), internalPath).map(body -> fromPeer.apply(body.getJsonObject("value")));
        // The active copy did not answer (its instance may be dying, or it is still restoring here):
        // a standby's copy, slightly behind, beats a 503. Tried in turn: this instance's, then the others'.
        return active.recover(down -> {
            if (!(down instanceof NotReadyException)) {
                return Future.failedFuture(down);
            }
            Future<T> fallback = Future.failedFuture(down);
            if (hosts.standbys().contains(queries.self())) {
                fallback = fallback.recover(e -> blocking(() -> local.read(hosts.partition(), true)).compose(ClusterReads::found));
            }
            String stalePath = internalPath + (internalPath.contains("?") ? "&" : "?") + "stale=true";
            for (HostInfo standby : hosts.standbys()) {
                if (!standby.equals(queries.self())) {
                    fallback = fallback.recover(e -> e instanceof NotReadyException
                            ? remote(standby, stalePath).map(body -> fromPeer.apply(body.getJsonObject("value")))
                                    .compose(ClusterReads::found)
                            : Future.failedFuture(e));
                }
            }
            return fallback;
        });
    }

    /**
     * A standby's answer, trusted only when it has the key: a standby placed by the last rebalance may
     * still be filling from the changelog, and its "no such key" would be a false 404.
     */
    private static <T> Future<T> found(T value) {
        return value != null ? Future.succeededFuture(value)
                : Future.failedFuture(new NotReadyException("a standby copy does not have the key (yet)"));
    }

    /** One read on every instance ({@code local} here, {@code internalPath} elsewhere), the answers in a list. */
    Future<List<JsonObject>> everywhere(Callable<JsonObject> local, String internalPath) {
        List<Future<JsonObject>> parts = new ArrayList<>();
        for (HostInfo host : queries.allInstances()) {
            parts.add(host.equals(queries.self()) ? blocking(local) : remote(host, internalPath));
        }
        return Future.all(parts).map(all -> parts.stream().map(Future::result).toList());
    }

    /** The answers of the instances that answered, and the {@code host:port} of those that did not. */
    record Gathered(List<JsonObject> answers, List<String> unavailable) {
    }

    /**
     * One read on each of {@code holders}, as {@link #everywhere}, but an instance that is unreachable or not
     * ready is left out and named rather than failing the whole: what it holds is missing from the
     * answer, which says so. So is one that has no such route (404: an older version, during a rolling
     * upgrade). This instance's own read, and any other refusal ({@link PeerRefusedException}: a wrong
     * secret), still fail it.
     */
    Future<Gathered> gather(Set<HostInfo> holders, Callable<JsonObject> local, String internalPath) {
        List<HostInfo> hosts = new ArrayList<>(holders);
        List<Future<JsonObject>> parts = new ArrayList<>();
        for (HostInfo host : hosts) {
            parts.add(host.equals(queries.self()) ? blocking(local)
                    : remote(host, internalPath).recover(e -> e instanceof NotReadyException
                            || e instanceof PeerRefusedException refused && refused.status() == 404
                            ? Future.succeededFuture(null) : Future.failedFuture(e)));
        }
        return Future.all(parts).map(all -> {
            List<JsonObject> answers = new ArrayList<>();
            List<String> unavailable = new ArrayList<>();
            for (int i = 0; i < hosts.size(); i++) {
                if (parts.get(i).result() == null) {
                    unavailable.add(hosts.get(i).host() + ":" + hosts.get(i).port());
                } else {
                    answers.add(parts.get(i).result());
                }
            }
            return new Gathered(answers, unavailable);
        });
    }

    /**
     * A read on another instance. It being unreachable, slow, not ready or failing (5xx) is a
     * {@link NotReadyException} (try elsewhere, or 503 with Retry-After); any other answer, a 403 for
     * a wrong {@code query.internal.secret} above all, is a {@link PeerRefusedException} (502): retrying
     * will not help, the configuration must change.
     */
    Future<JsonObject> remote(HostInfo host, String path) {
        return web.get(host.port(), host.host(), path).putHeader(FORWARDED, "1").putHeader(SECRET_HEADER, secret)
                .timeout(10_000).send()
                .recover(e -> Future.failedFuture(new NotReadyException("instance " + host + " did not answer: " + e.getMessage())))
                .compose(response -> {
                    if (response.statusCode() == 200) {
                        return Future.succeededFuture(response.bodyAsJsonObject());
                    }
                    if (response.statusCode() >= 500) {
                        // Not ready, or failing while its partitions move: another copy, or a 503 with Retry-After.
                        return Future.failedFuture(new NotReadyException("instance " + host + " is not ready (HTTP "
                                + response.statusCode() + ")"));
                    }
                    return Future.failedFuture(new PeerRefusedException(response.statusCode(), "instance " + host
                            + " refused a forwarded read (HTTP "
                            + response.statusCode() + ")" + (response.statusCode() == 403
                            ? ": set the same query.internal.secret on every instance" : "")));
                });
    }

    /** Another instance refused a forwarded read for a reason retrying will not cure: answered 502. */
    static final class PeerRefusedException extends RuntimeException {
        private final int status;

        PeerRefusedException(int status, String message) {
            super(message, null, false, false);
            this.status = status;
        }

        /** The other instance's HTTP status. */
        int status() {
            return status;
        }
    }

    /** The whole answer of another instance to a public route (used where the reply is built there). */
    Future<HttpResponse<Buffer>> forward(HostInfo owner, String uri) {
        return web.get(owner.port(), owner.host(), uri).putHeader(FORWARDED, "1").timeout(10_000).send()
                .recover(e -> Future.failedFuture(new NotReadyException("instance " + owner + " did not answer")));
    }

    /** A read of this instance's copy of one partition. */
    @FunctionalInterface
    interface LocalRead<T> {
        T read(int partition, boolean stale) throws Exception;
    }
}
