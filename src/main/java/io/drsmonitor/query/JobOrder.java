package io.drsmonitor.query;

import java.util.Arrays;
import java.util.Comparator;
import java.util.stream.Collectors;

/** The orders of a job list ({@code sort}); ties are broken by job id, so every order is total and pages never overlap. */
enum JobOrder {
    /** Newest {@code updatedAt} first. */
    UPDATED("updated", Comparator.comparingLong(JobRow::updatedAt).reversed().thenComparing(JobRow::jobId)),
    /** Lowest {@code precheck.passedRate} first; jobs without one (no finished pre-check) last. */
    PASS_RATE("passRate", Comparator.comparing(JobRow::passedRate, Comparator.nullsLast(Comparator.<Double>naturalOrder()))
            .thenComparing(JobRow::jobId));

    private final String parameter;
    private final Comparator<JobRow> comparator;

    JobOrder(String parameter, Comparator<JobRow> comparator) {
        this.parameter = parameter;
        this.comparator = comparator;
    }

    String parameter() {
        return parameter;
    }

    Comparator<JobRow> comparator() {
        return comparator;
    }

    /** The order a {@code sort} value names; {@link #UPDATED} when absent. */
    static JobOrder parse(String value) {
        if (value == null) {
            return UPDATED;
        }
        return Arrays.stream(values()).filter(o -> o.parameter.equals(value)).findFirst()
                .orElseThrow(() -> new BadRequestException("sort must be one of "
                        + Arrays.stream(values()).map(JobOrder::parameter).collect(Collectors.joining(", "))));
    }
}
