package io.drsmonitor.app;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.JsonEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.OutputStreamAppender;
import java.util.Iterator;
import org.slf4j.LoggerFactory;

/**
 * {@code log.format}: {@code text} (the pattern of logback.xml) or {@code json}, one JSON object per
 * line from logback's own {@link JsonEncoder}, for log pipelines (Loki, Elasticsearch, Cloud Logging).
 * The setting is read with the others, after logging has started, so the console appenders' encoder
 * is swapped in place.
 */
final class LogFormat {
    static final String TEXT = "text";
    static final String JSON = "json";

    private LogFormat() {
    }

    static void apply(String format) {
        if (!JSON.equals(format) || !(LoggerFactory.getILoggerFactory() instanceof LoggerContext context)) {
            return;
        }
        Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        for (Iterator<Appender<ILoggingEvent>> it = root.iteratorForAppenders(); it.hasNext(); ) {
            if (it.next() instanceof OutputStreamAppender<ILoggingEvent> appender) {
                JsonEncoder json = new JsonEncoder();
                json.setContext(context);
                // The message as people read it; the template and its arguments would repeat it, and
                // the logger context is the same on every line.
                json.setWithFormattedMessage(true);
                json.setWithMessage(false);
                json.setWithArguments(false);
                json.setWithContext(false);
                json.start();
                appender.stop();
                appender.setEncoder(json);
                appender.start();
            }
        }
    }
}
