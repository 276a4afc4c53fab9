package io.drsmonitor.query;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How request failures are logged, so that no client can flood the log: a client's fault (a
 * malformed or refused request) once per cause at DEBUG, without a stack trace; a server-side fault
 * (an answer 500) once per cause at ERROR with its stack trace, repeats at DEBUG without one; a
 * peer's refusal once per cause at WARN. The causes remembered are bounded: past that, DEBUG only.
 */
final class FaultLog {
    private static final Logger LOG = LoggerFactory.getLogger(FaultLog.class);
    private static final int MAX_CAUSES = 512;
    private static final Set<String> SEEN = ConcurrentHashMap.newKeySet();

    private FaultLog() {
    }

    /** A request refused for what the client sent; {@code cause} is a fixed description, {@code detail} this request's. */
    static void client(String cause, String detail) {
        if (LOG.isDebugEnabled() && firstTime("client:" + cause)) {
            LOG.debug("refused a request ({}; further ones not logged): {}", cause, shortened(detail));
        }
    }

    /** Another instance refused a forwarded read (a setting differs between instances): once per instance and status at WARN. */
    static void peer(String refusal) {
        if (firstTime("peer:" + refusal)) {
            LOG.warn("{} (logged once)", refusal);
        } else {
            LOG.debug("{}", refusal);
        }
    }

    /**
     * A failure of this server (answered 5xx): the first of each cause (the exception's class and where it
     * was thrown, or the status when there is no exception) at ERROR with its stack trace.
     */
    static void server(String path, int status, Throwable failure) {
        String cause = "HTTP " + status;
        if (failure != null) {
            StackTraceElement[] stack = failure.getStackTrace();
            cause = failure.getClass().getName() + (stack.length > 0 ? " at " + stack[0] : "");
        }
        if (firstTime("server:" + cause)) {
            LOG.error("query {} failed with {} (further failures of this cause are logged at DEBUG)", shortened(path), cause, failure);
        } else if (LOG.isDebugEnabled()) {
            LOG.debug("query {} failed with {}: {}", shortened(path), cause, String.valueOf(failure));
        }
    }

    /** What a client sent, cut short: a log line is not a place for 64 KB of someone's URI. */
    private static String shortened(String text) {
        return text == null || text.length() <= 200 ? text : text.substring(0, 200) + "...";
    }

    private static boolean firstTime(String cause) {
        return SEEN.size() < MAX_CAUSES && SEEN.add(cause);
    }
}
