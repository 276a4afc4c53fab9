package io.drsmonitor.avro;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.drsmonitor.model.JobEvent;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The client's behaviour towards a registry that misbehaves, over real HTTP on loopback: a small
 * server that answers 503 a set number of times before answering like Confluent.
 */
class RestSchemaRegistryClientTest {
    private Vertx vertx;
    private HttpServer server;
    private final AtomicInteger failuresLeft = new AtomicInteger();
    private final AtomicInteger status = new AtomicInteger(200);
    private final List<String> authorizations = new CopyOnWriteArrayList<>();
    private final List<String> contentTypes = new CopyOnWriteArrayList<>();

    @BeforeEach
    void start() throws Exception {
        vertx = Vertx.vertx();
        server = vertx.createHttpServer().requestHandler(req -> req.body().onSuccess(body -> {
            authorizations.add(String.valueOf(req.getHeader("Authorization")));
            contentTypes.add(String.valueOf(req.getHeader("Content-Type")));
            if (failuresLeft.getAndDecrement() > 0) {
                req.response().setStatusCode(503).end("{\"error_code\":50301,\"message\":\"busy\"}");
            } else if (status.get() != 200) {
                req.response().setStatusCode(status.get()).end("{\"error_code\":40401,\"message\":\"Subject not found.\"}");
            } else {
                req.response().putHeader("Content-Type", RestSchemaRegistryClient.CONTENT_TYPE)
                        .end(new JsonObject().put("id", 42).encode());
            }
        })).listen(0, "127.0.0.1").await(10, TimeUnit.SECONDS);
    }

    @AfterEach
    void stop() throws Exception {
        vertx.close().await(10, TimeUnit.SECONDS);
    }

    private RestSchemaRegistryClient client(String userInfo) {
        return new RestSchemaRegistryClient(RegistryClientConfig.from(Map.of(
                RegistryClientConfig.URL, "http://127.0.0.1:" + server.actualPort(),
                RegistryClientConfig.BASIC_AUTH_SOURCE, "USER_INFO",
                RegistryClientConfig.BASIC_AUTH_USER_INFO, userInfo,
                RegistryClientConfig.MAX_RETRIES, "3",
                RegistryClientConfig.RETRY_BACKOFF_MS, "10")));
    }

    @Test
    void retriesServerErrorsThenSucceedsAndSendsConfluentHeaders() {
        failuresLeft.set(2);
        assertEquals(42, client("alice:s3cret").register("t-value", JobEvent.getClassSchema()));
        assertEquals(3, authorizations.size(), "two 503s then a success");
        assertTrue(authorizations.stream().allMatch(a -> a.equals("Basic YWxpY2U6czNjcmV0")), authorizations.toString());
        assertTrue(contentTypes.stream().allMatch(RestSchemaRegistryClient.CONTENT_TYPE::equals));
    }

    @Test
    void givesUpAfterMaxRetriesWithTheLastError() {
        failuresLeft.set(100);
        SchemaRegistryException e = assertThrows(SchemaRegistryException.class,
                () -> client("alice:s3cret").register("t-value", JobEvent.getClassSchema()));
        assertEquals(503, e.httpStatus());
        assertEquals(4, authorizations.size(), "one try and three retries");
        assertFalse(e.getMessage().contains("s3cret"));
    }

    @Test
    void neverRetriesClientErrors() {
        status.set(404);
        SchemaRegistryException e = assertThrows(SchemaRegistryException.class,
                () -> client("alice:s3cret").idOf("t-value", JobEvent.getClassSchema()));
        assertEquals(40401, e.errorCode());
        assertEquals(1, authorizations.size());
    }

    @Test
    void cachesAnswers() {
        RestSchemaRegistryClient client = client("alice:s3cret");
        for (int i = 0; i < 100; i++) {
            client.register("t-value", JobEvent.getClassSchema());
            client.idOf("t-value", JobEvent.getClassSchema());
        }
        assertEquals(1, authorizations.size());
    }

    @Test
    void configNeverShowsCredentials() {
        RegistryClientConfig config = RegistryClientConfig.of("http://bob:hunter2@127.0.0.1:1/");
        assertEquals("bob:hunter2", config.basicAuthUserInfo().orElseThrow());
        assertFalse(config.toString().contains("hunter2"), config.toString());
        assertFalse(new RestSchemaRegistryClient(config).toString().contains("hunter2"));
    }
}
