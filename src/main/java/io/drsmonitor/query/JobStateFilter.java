package io.drsmonitor.query;

import io.drsmonitor.streams.state.DrStatus;
import io.drsmonitor.streams.state.PrecheckStatus;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/** The values of a job list's {@code state} parameter: what each selects, by the job's states in the stores. */
enum JobStateFilter {
    FAILED("failed", job -> precheckIs(job, PrecheckStatus.FAILED)),
    /** Any item ALARM in the newest pre-check answer, whatever the verdict. */
    ALARM("alarm", job -> job.precheck() != null && !job.precheck().getAnswer().getAlarmItems().isEmpty()),
    RUNNING("running", job -> precheckIs(job, PrecheckStatus.IN_PROGRESS)),
    PASSED("passed", job -> precheckIs(job, PrecheckStatus.PASSED)),
    ERROR("error", job -> precheckIs(job, PrecheckStatus.ERROR)),
    /** The newest observation of the pre-check or of the DR initialization is an API failure. */
    API_FAILING("api-failing", job -> job.precheck() != null && job.precheck().getAnswer().getApiFailing()
            || job.dr() != null && job.dr().getAnswer().getApiFailing()),
    DR_INITIALIZING("dr-initializing", job -> drIs(job, DrStatus.INITIALIZING)),
    DR_STALLED("dr-stalled", job -> job.dr() != null && job.dr().getAnswer().getStalled()),
    DR_FAILED("dr-failed", job -> drIs(job, DrStatus.FAILED)),
    DR_DONE("dr-done", job -> drIs(job, DrStatus.DONE));

    private final String parameter;
    private final Predicate<JobStates> selects;

    JobStateFilter(String parameter, Predicate<JobStates> selects) {
        this.parameter = parameter;
        this.selects = selects;
    }

    String parameter() {
        return parameter;
    }

    /**
     * The filters named by every {@code state} value (each comma-separated, empty parts ignored).
     *
     * @throws BadRequestException naming the accepted values when one is unknown
     */
    static Set<JobStateFilter> parse(List<String> values) {
        Set<JobStateFilter> filters = EnumSet.noneOf(JobStateFilter.class);
        for (String value : values) {
            for (String name : value.split(",", -1)) {
                String trimmed = name.trim();
                if (trimmed.isEmpty()) {
                    continue;
                }
                filters.add(Arrays.stream(values()).filter(f -> f.parameter.equals(trimmed)).findFirst()
                        .orElseThrow(() -> new BadRequestException("state must be one or more of " + accepted())));
            }
        }
        return filters;
    }

    /** Whether {@code job} passes {@code filters}: any one of them selects it (none: every job). */
    static boolean anySelects(Set<JobStateFilter> filters, JobStates job) {
        if (filters.isEmpty()) {
            return true;
        }
        for (JobStateFilter filter : filters) {
            if (filter.selects.test(job)) {
                return true;
            }
        }
        return false;
    }

    /** The filters as one {@code state} value, as another instance's internal route takes them. */
    static String joined(Set<JobStateFilter> filters) {
        return filters.stream().map(JobStateFilter::parameter).collect(Collectors.joining(","));
    }

    private static String accepted() {
        return Arrays.stream(values()).map(JobStateFilter::parameter).collect(Collectors.joining(", "));
    }

    private static boolean precheckIs(JobStates job, PrecheckStatus status) {
        return job.precheck() != null && job.precheck().getAnswer().getStatus() == status;
    }

    private static boolean drIs(JobStates job, DrStatus status) {
        return job.dr() != null && job.dr().getAnswer().getStatus() == status;
    }
}
