package io.drsmonitor.query;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
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
    Future<Object> byKey(String store, String key, LocalRead local, String internalPath) {
        StoreQueries.KeyHosts hosts = queries.hostsOf(store, key);
        if (hosts.active().equals(queries.self())) {
            return blocking(() -> local.read(hosts.partition(), false));
        }
        Future<Object> active = remote(hosts.active(), internalPath).map(body -> body.getValue("value"));
        return active.recover(down -> {
            // The active instance did not answer (it may be dying): a standby copy, slightly behind, beats a 503.
            if (hosts.standbys().contains(queries.self())) {
                return blocking(() -> local.read(hosts.partition(), true));
            }
            for (HostInfo standby : hosts.standbys()) {
                String sep = internalPath.contains("?") ? "&" : "?";
                return remote(standby, internalPath + sep + "stale=true").map(body -> body.getValue("value"));
            }
            return Future.failedFuture(down);
        });
    }

    /** One read on every instance ({@code local} here, {@code internalPath} elsewhere), the answers in a list. */
    Future<List<JsonObject>> everywhere(Callable<JsonObject> local, String internalPath) {
        List<Future<JsonObject>> parts = new ArrayList<>();
        for (HostInfo host : queries.allInstances()) {
            parts.add(host.equals(queries.self()) ? blocking(local) : remote(host, internalPath));
        }
        return Future.all(parts).map(all -> parts.stream().map(Future::result).toList());
    }

    Future<JsonObject> remote(HostInfo host, String path) {
        return web.get(host.port(), host.host(), path).putHeader(FORWARDED, "1").putHeader(SECRET_HEADER, secret)
                .timeout(10_000).send()
                .recover(e -> Future.failedFuture(new NotReadyException("instance " + host + " did not answer: " + e.getMessage())))
                .compose(response -> {
                    if (response.statusCode() == 200) {
                        return Future.succeededFuture(response.bodyAsJsonObject());
                    }
                    return Future.failedFuture(new NotReadyException("instance " + host + " answered " + response.statusCode()
                            + (response.statusCode() == 403 ? " (set the same " + "query.internal.secret on every instance)" : "")));
                });
    }

    /** The whole answer of another instance to a public route (used where the reply is built there). */
    Future<HttpResponse<Buffer>> forward(HostInfo owner, String uri) {
        return web.get(owner.port(), owner.host(), uri).putHeader(FORWARDED, "1").timeout(10_000).send()
                .recover(e -> Future.failedFuture(new NotReadyException("instance " + owner + " did not answer")));
    }

    /** A read of this instance's copy of one partition. */
    @FunctionalInterface
    interface LocalRead {
        Object read(int partition, boolean stale) throws Exception;
    }
}
