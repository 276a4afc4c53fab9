package io.drsmonitor.query;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** A fault of the server is still a 500 logged at ERROR with its stack trace, once per cause; repeats at DEBUG without one. */
class ServerFaultLogTest {
    @Test
    void aServerFaultIsLoggedOncePerCauseWithItsStackTrace() throws Exception {
        Logger faults = (Logger) LoggerFactory.getLogger(FaultLog.class);
        ListAppender<ILoggingEvent> logged = new ListAppender<>();
        logged.start();
        faults.addAppender(logged);
        faults.setLevel(Level.DEBUG);
        Vertx vertx = Vertx.vertx();
        try {
            Router router = Router.router(vertx);
            router.get("/boom").handler(ctx -> {
                throw new IllegalStateException("a bug of ours");
            });
            router.route().failureHandler(JsonAnswers::failure);
            HttpServer server = vertx.createHttpServer().requestHandler(router).listen(0, "127.0.0.1").await(10, TimeUnit.SECONDS);
            for (int i = 0; i < 5; i++) {
                RawHttp.Answer answer = RawHttp.send(server.actualPort(), "GET", "/boom", "", null);
                assertEquals(500, answer.status());
                assertEquals(new JsonObject().put("status", 500).put("error", "internal error"), new JsonObject(answer.body()));
            }
        } finally {
            vertx.close().await(10, TimeUnit.SECONDS);
            faults.detachAppender(logged);
            faults.setLevel(null);
        }
        List<ILoggingEvent> errors = logged.list.stream().filter(e -> e.getLevel() == Level.ERROR).toList();
        assertEquals(1, errors.size(), "once per cause: " + logged.list);
        assertNotNull(errors.get(0).getThrowableProxy(), "with its stack trace");
        assertEquals("a bug of ours", errors.get(0).getThrowableProxy().getMessage());
        List<ILoggingEvent> repeats = logged.list.stream().filter(e -> e.getLevel() == Level.DEBUG).toList();
        assertEquals(4, repeats.size());
        repeats.forEach(e -> assertNull(e.getThrowableProxy(), "repeats without a stack trace"));
    }
}
