package io.drsmonitor.drs;

/**
 * A ShowJobList request ({@code QueryJobsReq}): the page ({@code cur_page} from 1, {@code per_page} at most
 * {@value DrsRules#MAX_LIST_PAGE}) of one scenario's jobs ({@code db_use_type}, which the reference makes
 * mandatory); {@code engineType}, {@code status} and {@code name} are optional filters (null: not sent).
 */
public record JobListQuery(int curPage, int perPage, String dbUseType, String engineType, String status, String name) {
    public static JobListQuery page(String dbUseType, int curPage, int perPage) {
        return new JobListQuery(curPage, perPage, dbUseType, null, null, null);
    }
}
