package io.drsmonitor.drs;

import java.util.List;

/** DR initialization progress ({@code struct_process}): {@code create_time} is epoch millis as a string. */
public record StructProcessInfo(String createTime, List<StructProcessObject> result) {
    public StructProcessInfo {
        result = result == null ? List.of() : List.copyOf(result);
    }
}
