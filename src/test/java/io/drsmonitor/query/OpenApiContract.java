package io.drsmonitor.query;

import static org.junit.jupiter.api.Assertions.assertEquals;

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
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final SchemaRegistry SCHEMAS = SchemaRegistry.withDefaultDialect(Dialects.getOpenApi30(),
            builder -> builder.schemas(Map.of(DOCUMENT, openApi())));

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

    /** The API description as served. */
    static String openApi() {
        try (InputStream in = OpenApiContract.class.getResourceAsStream("/query/openapi.json")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
