package io.drsmonitor.query;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** openapi.json describes every answer with a schema a client can validate against, every error with Error. */
class OpenApiResponsesTest {
    private static final Set<String> NOT_JSON = Set.of("/metrics 200");

    @Test
    void everyRouteDeclaresItsAnswersAndTheErrorsEveryPathCanGive() {
        JsonObject paths = OpenApiContract.DESCRIPTION.getJsonObject("paths");
        assertFalse(paths.isEmpty());
        for (String route : paths.fieldNames()) {
            JsonObject responses = paths.getJsonObject(route).getJsonObject("get").getJsonObject("responses");
            assertTrue(responses.fieldNames().containsAll(List.of("200", "400", "405", "414", "431")), route + ": " + responses.fieldNames());
            for (String status : responses.fieldNames()) {
                if (NOT_JSON.contains(route + " " + status)) {
                    continue;
                }
                String schema = OpenApiContract.declaredSchema(route, Integer.parseInt(status));
                // A probe's 503 is its state (not ready), not an error of the request.
                if (Integer.parseInt(status) >= 400 && !(route.startsWith("/health") && status.equals("503"))) {
                    assertEquals("Error", schema, route + " " + status);
                }
            }
        }
    }

    @Test
    void errorsAreStatusAndErrorOnly() {
        OpenApiContract.assertFits("Error", new JsonObject().put("status", 404).put("error", "not found"));
        assertThrows(AssertionError.class, () -> OpenApiContract.assertFits("Error", new JsonObject().put("status", 404)));
        assertThrows(AssertionError.class, () -> OpenApiContract.assertFits("Error", new JsonObject().put("status", 200).put("error", "x")));
        assertThrows(AssertionError.class, () -> OpenApiContract.assertFits("Error",
                new JsonObject().put("status", 500).put("error", "x").put("trace", "at ...")));
        assertThrows(AssertionError.class, () -> OpenApiContract.declaredSchema("/api/info", 404), "an undeclared status fails");
    }
}
