package io.drsmonitor.drs;

import java.util.List;

/** Every DRS batch answer: {@code {"results": [...], "count": N}}. */
public record BatchResponse<T>(List<T> results, Integer count) {
    public BatchResponse {
        results = results == null ? List.of() : results;
    }
}
