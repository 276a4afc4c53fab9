package io.drsmonitor.drs;

import java.util.List;

/** A ShowJobList answer: one page of jobs and how many match the query in all ({@code total_record}). */
public record JobListPage(Integer totalRecord, List<JobInfo> jobs) {
    public JobListPage {
        totalRecord = totalRecord == null ? 0 : totalRecord;
        jobs = jobs == null ? List.of() : List.copyOf(jobs);
    }
}
