package io.drsmonitor.drs;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The request rules the DRS reference states: a non-empty job list of unique ids in the format its
 * examples use, a documented {@code precheck_mode}, a project id that is one path segment.
 */
public final class DrsRules {
    /**
     * 8-4-4-4-12 like a UUID, but of lower-case letters and digits: DRS ids end in a suffix such as
     * {@code jb101} that is not hex (140b5236-88ad-43c8-811c-1268453jb101).
     */
    public static final Pattern JOB_ID = Pattern.compile("[0-9a-z]{8}-[0-9a-z]{4}-[0-9a-z]{4}-[0-9a-z]{4}-[0-9a-z]{12}");
    /** Project ids are 32 hex characters in practice; accept any short token that is safe in a path. */
    public static final Pattern PROJECT_ID = Pattern.compile("[A-Za-z0-9_-]{1,64}");
    /** {@code precheck_mode} for a job in CONFIGURATION started for the first time. */
    public static final String FOR_START_JOB = "forStartJob";
    /** {@code precheck_mode} for a job in its incremental phase after its objects were edited, or retried after a failure. */
    public static final String FOR_RETRY_JOB = "forRetryJob";
    public static final Set<String> PRECHECK_MODES = Set.of(FOR_START_JOB, FOR_RETRY_JOB);
    /** batch-precheck takes at most this many jobs per call (the reference updated 2025-12). */
    public static final int MAX_PRECHECK_JOBS = 10;
    /** The one job status whose pre-check takes {@code forStartJob}. */
    public static final String STATUS_CONFIGURATION = "CONFIGURATION";
    /** Statuses whose pre-check takes {@code forRetryJob}: the incremental phase, or after a failure. */
    public static final Set<String> RETRY_STATUSES = Set.of("INCRE_TRANSFER_STARTED", "START_JOB_FAILED",
            "FULL_TRANSFER_FAILED", "INCRE_TRANSFER_FAILED");
    public static final Set<String> LANGUAGES = Set.of("en-us", "zh-cn");
    /** ShowJobList's {@code per_page} maximum (the reference: 0 to 100; 0 means "all", which we never ask for). */
    public static final int MAX_LIST_PAGE = 100;
    /** ShowJobList's mandatory {@code db_use_type}: real-time migration, synchronization, disaster recovery. */
    public static final String MIGRATION = "migration";
    public static final String SYNC = "sync";
    public static final String CLOUD_DATA_GUARD = "cloudDataGuard";
    public static final List<String> DB_USE_TYPES = List.of(MIGRATION, SYNC, CLOUD_DATA_GUARD);

    private DrsRules() {
    }

    /** Huawei Cloud region ids: ap-southeast-1, eu-west-101, my-kualalumpur-1. */
    public static final Pattern REGION = Pattern.compile("[a-z]{2}(-[a-z0-9]+)+");

    public static boolean isRegion(String region) {
        return region != null && region.length() <= 64 && REGION.matcher(region).matches();
    }

    public static boolean isJobId(String id) {
        return id != null && JOB_ID.matcher(id).matches();
    }

    public static boolean isProjectId(String id) {
        return id != null && PROJECT_ID.matcher(id).matches();
    }

    static void checkProject(String projectId) {
        if (!isProjectId(projectId)) {
            throw new DrsRequestException("project id must be 1 to 64 letters, digits, '-' or '_' (a single path segment)");
        }
    }

    static void checkJobs(List<String> jobIds) {
        if (jobIds == null || jobIds.isEmpty()) {
            throw new DrsRequestException("the job list must not be empty");
        }
        Set<String> seen = new HashSet<>();
        for (String id : jobIds) {
            if (!isJobId(id)) {
                throw new DrsRequestException("job id " + printable(id) + " is not in the DRS id format "
                        + "(8-4-4-4-12 lower-case letters and digits)");
            }
            if (!seen.add(id)) {
                throw new DrsRequestException("job id " + id + " appears more than once; DRS requires unique ids");
            }
        }
    }

    static void checkListQuery(JobListQuery query) {
        if (query.curPage() < 1 || query.perPage() < 1 || query.perPage() > MAX_LIST_PAGE) {
            throw new DrsRequestException("cur_page must be 1 or more and per_page 1 to " + MAX_LIST_PAGE);
        }
        if (!DB_USE_TYPES.contains(query.dbUseType())) {
            throw new DrsRequestException("db_use_type " + printable(query.dbUseType()) + " is not one of " + DB_USE_TYPES);
        }
    }

    static void checkPrecheckMode(String mode) {
        if (!PRECHECK_MODES.contains(mode)) {
            throw new DrsRequestException("precheck_mode " + printable(mode) + " is not documented; use one of " + PRECHECK_MODES);
        }
    }

    private static String printable(String s) {
        if (s == null) {
            return "null";
        }
        String cut = s.length() > 80 ? s.substring(0, 80) + "..." : s;
        return "'" + cut.replaceAll("\\p{Cntrl}", "?") + "'";
    }
}
