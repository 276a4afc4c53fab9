package io.drsmonitor.simulator;

/**
 * A fault the simulator injects into one endpoint's answers, set at run time.
 *
 * @param latencyMs         added before answering (every request)
 * @param status            answer with this HTTP status instead (0: no)
 * @param retryAfterSeconds sent as Retry-After with {@code status} (-1: no header)
 * @param drop              close the connection without answering
 * @param malformed         answer 200 with a body that is not valid JSON
 * @param slowBodyMs        send half the body, wait this long, send the rest (0: no)
 * @param remaining         how many requests to affect (-1: until cleared)
 * @param probability       chance that a request is affected (1: all)
 */
public record Fault(long latencyMs, int status, int retryAfterSeconds, boolean drop, boolean malformed,
                    long slowBodyMs, int remaining, double probability) {

    public Fault {
        probability = probability <= 0 ? 1.0 : probability;
    }

    public static Fault latency(long millis) {
        return new Fault(millis, 0, -1, false, false, 0, -1, 1);
    }

    public static Fault status(int status, int times) {
        return new Fault(0, status, -1, false, false, 0, times, 1);
    }

    public static Fault tooManyRequests(int retryAfterSeconds, int times) {
        return new Fault(0, 429, retryAfterSeconds, false, false, 0, times, 1);
    }

    public static Fault dropConnection(int times) {
        return new Fault(0, 0, -1, true, false, 0, times, 1);
    }

    public static Fault malformedBody(int times) {
        return new Fault(0, 0, -1, false, true, 0, times, 1);
    }

    public static Fault slowBody(long millis, int times) {
        return new Fault(0, 0, -1, false, false, millis, times, 1);
    }

    /** Whether this fault changes the answer (beyond latency). */
    boolean altersAnswer() {
        return status > 0 || drop || malformed || slowBodyMs > 0;
    }

    Fault consumedOnce() {
        return remaining < 0 ? this : new Fault(latencyMs, status, retryAfterSeconds, drop, malformed, slowBodyMs,
                remaining - 1, probability);
    }
}
