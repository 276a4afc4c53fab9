package io.drsmonitor.query;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.dialect.Dialects;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The schemas of the API description the query API serves ({@code /query/openapi.json}), as a JSON
 * schema validator reads them (OpenAPI 3.0's dialect: {@code nullable}): an answer that does not fit
 * its schema fails the test naming each mismatch.
 */
final class OpenApiContract {
    private static final String DOCUMENT = "https://drs-monitor.invalid/openapi.json";
    private static final String SCHEMAS_AT = "#/components/schemas/";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final SchemaRegistry SCHEMAS = SchemaRegistry.withDefaultDialect(Dialects.getOpenApi30(),
            builder -> builder.schemas(Map.of(DOCUMENT, openApi())));

    /** The API description, as a whole. */
    static final JsonObject DESCRIPTION = new JsonObject(openApi());

    private OpenApiContract() {
    }

    /** Fails unless {@code answer} fits {@code #/components/schemas/<component>}. */
    static void assertFits(String component, JsonObject answer) {
        Schema schema = SCHEMAS.getSchema(SchemaLocation.of(DOCUMENT + "#/components/schemas/" + component));
        JsonNode node;
        try {
            node = JSON.readTree(answer.encode());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<Error> errors = schema.validate(node);
        assertEquals("", errors.stream().map(e -> e.getInstanceLocation() + ": " + e.getMessage()).collect(Collectors.joining("\n")),
                component + " does not fit its schema: " + answer.encode());
    }

    /**
     * Fails unless {@code route} (a path of openapi.json, e.g. {@code /api/jobs/{jobId}}) declares
     * {@code status} with a JSON schema of its components, and {@code answer} fits that schema.
     */
    static void assertAnswerFits(String route, int status, JsonObject answer) {
        assertFits(declaredSchema(route, status), answer);
    }

    /** The component schema openapi.json declares for {@code route}'s GET answer {@code status}; fails when it declares none. */
    static String declaredSchema(String route, int status) {
        JsonObject operation = DESCRIPTION.getJsonObject("paths").getJsonObject(route, new JsonObject()).getJsonObject("get");
        assertNotNull(operation, route + " is not a GET route of openapi.json");
        JsonObject response = operation.getJsonObject("responses").getJsonObject(String.valueOf(status));
        assertNotNull(response, route + " does not declare the status " + status);
        String shared = response.getString("$ref");
        if (shared != null) {
            response = DESCRIPTION.getJsonObject("components").getJsonObject("responses").getJsonObject(shared.substring(shared.lastIndexOf('/') + 1));
        }
        JsonObject json = response.getJsonObject("content", new JsonObject()).getJsonObject("application/json");
        assertNotNull(json, route + " " + status + " is not declared as JSON");
        String schema = json.getJsonObject("schema", new JsonObject()).getString("$ref", "");
        assertTrue(schema.startsWith(SCHEMAS_AT), route + " " + status + " does not refer to a component schema: " + json);
        return schema.substring(SCHEMAS_AT.length());
    }

    /**
     * Fails unless a live answer to {@code target} (path and query) fits what openapi.json declares for
     * the route the path is of and the answer's status (the status declared, the body its schema); an
     * answer to a path of no route must be an error fitting Error.
     */
    static void assertLiveAnswerFits(String target, int status, String body) {
        String path = target.split("\\?", 2)[0];
        String route = DESCRIPTION.getJsonObject("paths").fieldNames().stream().filter(template -> isOf(path, template)).findFirst()
                .orElse(null);
        if (route == null) {
            assertTrue(status >= 400, target + " is of no route of openapi.json, yet answered " + status);
            assertFits("Error", new JsonObject(body));
        } else if (!route.equals("/metrics") || status != 200) {
            assertAnswerFits(route, status, new JsonObject(body));
        }
    }

    /** Whether {@code path} is of {@code template}: segment by segment the same, a {@code {parameter}} matching any. */
    private static boolean isOf(String path, String template) {
        String[] segments = path.split("/", -1);
        String[] pattern = template.split("/", -1);
        if (segments.length != pattern.length) {
            return false;
        }
        for (int i = 0; i < segments.length; i++) {
            if (!(pattern[i].startsWith("{") && !segments[i].isEmpty()) && !pattern[i].equals(segments[i])) {
                return false;
            }
        }
        return true;
    }

    /** The API description as served. */
    static String openApi() {
        try (InputStream in = OpenApiContract.class.getResourceAsStream("/query/openapi.json")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
