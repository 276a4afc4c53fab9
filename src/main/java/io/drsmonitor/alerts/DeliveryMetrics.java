package io.drsmonitor.alerts;

import io.drsmonitor.model.AlertState;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.HashMap;

/** A sink's counters, registered at start so every series exists before the first alert. */
final class DeliveryMetrics {
    /** The bounded reasons an attempt is retried, as {@link HttpDelivery} names them. */
    static final List<String> RETRY_REASONS = List.of("unreachable", "timeout", "throttled", "server_error", "misconfigured");

    private final Map<AlertState, Counter> delivered = new EnumMap<>(AlertState.class);
    private final Map<String, Counter> failures = new HashMap<>();
    private final Counter deadLettered;
    private final Counter duplicates;

    DeliveryMetrics(MeterRegistry registry, String sink) {
        for (AlertState state : AlertState.values()) {
            delivered.put(state, Counter.builder("drs.alerts.delivered")
                    .description("Alert transitions a sink accepted (2xx), by sink and state")
                    .tag("sink", sink).tag("state", state.name().toLowerCase(Locale.ROOT)).register(registry));
        }
        for (String reason : RETRY_REASONS) {
            failures.put(reason, Counter.builder("drs.alerts.delivery.failures")
                    .description("Failed delivery attempts that will be retried, by sink and reason")
                    .tag("sink", sink).tag("reason", reason).register(registry));
        }
        deadLettered = Counter.builder("drs.alerts.dead.lettered")
                .description("Alert transitions a sink refused for good, written to drs.alerts.delivery.dlq")
                .tag("sink", sink).register(registry);
        duplicates = Counter.builder("drs.alerts.duplicates.skipped")
                .description("Redelivered alert transitions a sink had already handled, not sent again")
                .tag("sink", sink).register(registry);
    }

    void delivered(AlertState state) {
        delivered.get(state).increment();
    }

    void failed(String reason) {
        failures.get(reason).increment();
    }

    void deadLettered() {
        deadLettered.increment();
    }

    void duplicate() {
        duplicates.increment();
    }
}
