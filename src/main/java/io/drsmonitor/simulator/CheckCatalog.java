package io.drsmonitor.simulator;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;

/**
 * The check items each engine's pre-check runs, in the order and groups of the DRS reference's
 * example responses (MySQL and DDS), with the {@code data} those examples show.
 */
final class CheckCatalog {

    /** One check item; the *Data and *Reason fields are what DRS showed for it when PASSED or not. */
    record CheckItem(String item, String group, String passedData, String passedFailedReason,
                     String problemData, String problemReason) {
    }

    private static final Map<JobSpec.Engine, List<CheckItem>> ITEMS = load();

    private CheckCatalog() {
    }

    static List<CheckItem> items(JobSpec.Engine engine) {
        return ITEMS.get(engine);
    }

    private static Map<JobSpec.Engine, List<CheckItem>> load() {
        try (InputStream in = CheckCatalog.class.getResourceAsStream("/simulator/check-items.json")) {
            return new ObjectMapper().readValue(in, new TypeReference<Map<JobSpec.Engine, List<CheckItem>>>() { });
        } catch (IOException e) {
            throw new UncheckedIOException("check-items.json is missing from the jar", e);
        }
    }
}
