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

    /** The API description as served. */
    static String openApi() {
        try (InputStream in = OpenApiContract.class.getResourceAsStream("/query/openapi.json")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
