package io.drsmonitor.drs;

import java.util.List;

/**
 * One job of a ShowJobList page ({@code JobInfo}; a dual-active DR task lists its forward and backward
 * subtasks under {@code children}, as {@code ChildrenJobInfo}, which has the same fields and no children).
 *
 * @param dbUseType  {@code migration}, {@code sync} or {@code cloudDataGuard}
 * @param createTime epoch milliseconds as a string, as DRS sends it
 */
public record JobInfo(String id, String name, String status, String engineType, String jobDirection, String dbUseType,
                      String taskType, String createTime, List<JobInfo> children) {
    public JobInfo {
        children = children == null ? List.of() : List.copyOf(children);
    }
}
