package io.drsmonitor.streams;

import io.drsmonitor.model.CheckAlert;

/**
 * Keys of the recent-alerts store: {@code project|reverse raisedAt|alertId|state} (a FIRING and its
 * RESOLVED raised in the same millisecond keep two entries). Keys sort newest first
 * within a project, so a prefix scan reads a project's newest alerts, and a trim keeps the first ones
 * it scans. Project ids hold only letters, digits, '-' and '_', all below '|'.
 */
public final class AlertKeys {
    private static final char SEPARATOR = '|';

    private AlertKeys() {
    }

    static String of(CheckAlert alert) {
        String reverse = Long.toString(Long.MAX_VALUE - alert.getRaisedAt().toEpochMilli());
        StringBuilder key = new StringBuilder(alert.getProjectId().length() + 21 + alert.getAlertId().length())
                .append(alert.getProjectId()).append(SEPARATOR);
        for (int pad = reverse.length(); pad < 19; pad++) {
            key.append('0');
        }
        return key.append(reverse).append(SEPARATOR).append(alert.getAlertId()).append(SEPARATOR).append(alert.getState())
                .toString();
    }

    /** Every key of the project starts with this. */
    public static String prefix(String projectId) {
        return projectId + SEPARATOR;
    }

    /** Past every key of the project ('}' follows '|'). */
    static String end(String projectId) {
        return projectId + '}';
    }
}
