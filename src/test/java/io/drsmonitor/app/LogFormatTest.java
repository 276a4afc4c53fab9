package io.drsmonitor.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.OutputStreamAppender;
import ch.qos.logback.core.encoder.Encoder;
import io.vertx.core.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** {@code log.format=json} turns the console's lines into JSON objects a log pipeline parses. */
class LogFormatTest {
    @Test
    void jsonLogsOneParsableObjectPerLine() {
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        Map<OutputStreamAppender<ILoggingEvent>, Encoder<ILoggingEvent>> before = new HashMap<>();
        for (Iterator<Appender<ILoggingEvent>> it = root.iteratorForAppenders(); it.hasNext(); ) {
            if (it.next() instanceof OutputStreamAppender<ILoggingEvent> appender) {
                before.put(appender, appender.getEncoder());
            }
        }
        assertTrue(!before.isEmpty(), "the test logging has a console appender");
        PrintStream out = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
            LogFormat.apply(LogFormat.JSON);
            LoggerFactory.getLogger("io.drsmonitor.logtest").info("hello {}", "pipeline");
        } finally {
            System.setOut(out);
            before.forEach((appender, encoder) -> {
                appender.stop();
                appender.setEncoder(encoder);
                appender.start();
            });
        }
        List<JsonObject> lines = captured.toString(StandardCharsets.UTF_8).lines().filter(l -> l.contains("logtest"))
                .map(JsonObject::new).toList();
        assertEquals(1, lines.size(), captured.toString(StandardCharsets.UTF_8));
        JsonObject line = lines.get(0);
        assertEquals("INFO", line.getString("level"));
        assertEquals("io.drsmonitor.logtest", line.getString("loggerName"));
        assertEquals("hello pipeline", line.getString("formattedMessage"), line.encode());
    }
}
