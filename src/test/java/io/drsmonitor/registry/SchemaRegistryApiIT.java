package io.drsmonitor.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.drsmonitor.kafka.KafkaFixture;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Confluent's REST API as its clients use it, over real HTTP, with schemas kept in real Kafka. */
@ExtendWith(KafkaFixture.class)
class SchemaRegistryApiIT {
    private static final String CT = "application/vnd.schemaregistry.v1+json";
    private static final String V1 = schema("""
            {"type":"record","name":"Thing","namespace":"t","fields":[{"name":"a","type":"string"}]}""");
    private static final String V2 = schema("""
            {"type":"record","name":"Thing","namespace":"t","fields":[{"name":"a","type":"string"},
             {"name":"b","type":["null","int"],"default":null}]}""");
    private static final String BREAKING = schema("""
            {"type":"record","name":"Thing","namespace":"t","fields":[{"name":"a","type":"int"}]}""");
    private static final String REQUIRED_NEW_FIELD = schema("""
            {"type":"record","name":"Thing","namespace":"t","fields":[{"name":"a","type":"string"},
             {"name":"c","type":"long"}]}""");

    private static RegistryHarness harness;
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @BeforeAll
    static void start() {
        harness = RegistryHarness.start(KafkaFixture.bootstrapServers());
    }

    @AfterAll
    static void stop() throws Exception {
        harness.close();
    }

    private static String schema(String json) {
        return new JsonObject().put("schema", new JsonObject(json).encode()).encode();
    }

    private record Answer(int status, String body, String contentType) {
        JsonObject json() {
            return new JsonObject(body);
        }

        JsonArray array() {
            return new JsonArray(body);
        }
    }

    private static Answer call(String method, String path, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(harness.url() + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                .header("Content-Type", CT).header("Accept", CT);
        HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        return new Answer(response.statusCode(), response.body(), response.headers().firstValue("Content-Type").orElse(""));
    }

    @Test
    void registersLooksUpAndListsLikeConfluent() throws Exception {
        Answer first = call("POST", "/subjects/api-a-value/versions", V1);
        assertEquals(200, first.status(), first.body());
        assertEquals(CT, first.contentType());
        int id = first.json().getInteger("id");

        assertEquals(id, call("POST", "/subjects/api-a-value/versions", V1).json().getInteger("id"),
                "the same schema registered twice keeps its id");
        assertEquals(id, call("POST", "/subjects/api-other-value/versions", V1).json().getInteger("id"),
                "the same schema under another subject shares the id");

        Answer v2 = call("POST", "/subjects/api-a-value/versions", V2);
        assertEquals(200, v2.status(), v2.body());
        int id2 = v2.json().getInteger("id");
        assertNotEquals(id, id2);

        JsonObject lookup = call("POST", "/subjects/api-a-value", V2).json();
        assertEquals(2, lookup.getInteger("version"));
        assertEquals(id2, lookup.getInteger("id"));
        assertEquals("api-a-value", lookup.getString("subject"));

        assertEquals(new JsonArray().add(1).add(2), call("GET", "/subjects/api-a-value/versions", null).array());
        JsonObject latest = call("GET", "/subjects/api-a-value/versions/latest", null).json();
        assertEquals(2, latest.getInteger("version"));
        assertEquals(id2, latest.getInteger("id"));
        assertEquals(id, call("GET", "/subjects/api-a-value/versions/1", null).json().getInteger("id"));
        assertTrue(call("GET", "/subjects", null).array().contains("api-a-value"));

        String byId = call("GET", "/schemas/ids/" + id, null).json().getString("schema");
        assertEquals(new JsonObject(new JsonObject(V1).getString("schema")), new JsonObject(byId));
        Answer raw = call("GET", "/schemas/ids/" + id + "/schema", null);
        assertEquals(new JsonObject(byId), raw.json());
        assertEquals(new JsonArray().add("AVRO"), call("GET", "/schemas/types", null).array());
    }

    @Test
    void answersConfluentErrorCodes() throws Exception {
        assertError(call("GET", "/subjects/api-none/versions", null), 404, 40401);
        assertError(call("GET", "/schemas/ids/999999", null), 404, 40403);
        call("POST", "/subjects/api-err-value/versions", V1);
        assertError(call("GET", "/subjects/api-err-value/versions/7", null), 404, 40402);
        assertError(call("GET", "/subjects/api-err-value/versions/zero", null), 422, 42202);
        assertError(call("POST", "/subjects/api-err-value", V2), 404, 40403);
        assertError(call("POST", "/subjects/api-err-value/versions",
                new JsonObject().put("schema", "{\"type\":\"recrod\"}").encode()), 422, 42201);
        assertError(call("POST", "/subjects/api-err-value/versions",
                new JsonObject().put("schema", "syntax = \"proto3\";").put("schemaType", "PROTOBUF").encode()), 422, 42201);
        assertError(call("POST", "/subjects/api-err-value/versions", "not json"), 400, 400);
        assertError(call("PUT", "/config", "{\"compatibility\":\"SIDEWAYS\"}"), 422, 42203);
        assertError(call("GET", "/no/such/route", null), 404, 404);
    }

    @Test
    void refusesIncompatibleSchemasWith409AndHonoursCompatibilityConfig() throws Exception {
        assertEquals(200, call("POST", "/subjects/api-compat-value/versions", V1).status());
        assertError(call("POST", "/subjects/api-compat-value/versions", BREAKING), 409, 409);
        assertError(call("POST", "/subjects/api-compat-value/versions", REQUIRED_NEW_FIELD), 409, 409);

        JsonObject check = call("POST", "/compatibility/subjects/api-compat-value/versions/latest?verbose=true",
                BREAKING).json();
        assertFalse(check.getBoolean("is_compatible"));
        assertFalse(check.getJsonArray("messages").isEmpty());
        assertTrue(call("POST", "/compatibility/subjects/api-compat-value/versions/1", V2).json()
                .getBoolean("is_compatible"));

        assertEquals("BACKWARD", call("GET", "/config", null).json().getString("compatibilityLevel"));
        assertError(call("GET", "/config/api-compat-value", null), 404, 40408);
        assertEquals("BACKWARD", call("GET", "/config/api-compat-value?defaultToGlobal=true", null).json()
                .getString("compatibilityLevel"));
        assertEquals("NONE", call("PUT", "/config/api-compat-value", "{\"compatibility\":\"none\"}").json()
                .getString("compatibility"));
        assertEquals("NONE", call("GET", "/config/api-compat-value", null).json().getString("compatibilityLevel"));
        assertEquals(200, call("POST", "/subjects/api-compat-value/versions", BREAKING).status(),
                "NONE lets any change through");

        assertEquals("NONE", call("DELETE", "/config/api-compat-value", null).json().getString("compatibilityLevel"));
        assertError(call("GET", "/config/api-compat-value", null), 404, 40408);
    }

    @Test
    void fullTransitiveChecksEveryEarlierVersion() throws Exception {
        call("PUT", "/config/api-full-value", "{\"compatibility\":\"FULL_TRANSITIVE\"}");
        assertEquals(200, call("POST", "/subjects/api-full-value/versions", V1).status());
        assertEquals(200, call("POST", "/subjects/api-full-value/versions", V2).status());
        // Dropping a field without a default breaks FORWARD (old readers need 'a').
        String dropsA = schema("""
                {"type":"record","name":"Thing","namespace":"t","fields":[
                 {"name":"b","type":["null","int"],"default":null}]}""");
        assertError(call("POST", "/subjects/api-full-value/versions", dropsA), 409, 409);
    }

    @Test
    void softThenPermanentDelete() throws Exception {
        call("POST", "/subjects/api-del-value/versions", V1);
        call("POST", "/subjects/api-del-value/versions", V2);
        assertError(call("DELETE", "/subjects/api-del-value?permanent=true", null), 404, 40405);
        assertEquals(new JsonArray().add(1).add(2), call("DELETE", "/subjects/api-del-value", null).array());
        assertFalse(call("GET", "/subjects", null).array().contains("api-del-value"));
        assertTrue(call("GET", "/subjects?deleted=true", null).array().contains("api-del-value"));
        assertError(call("GET", "/subjects/api-del-value/versions", null), 404, 40401);
        assertError(call("DELETE", "/subjects/api-del-value", null), 404, 40404);
        assertEquals(new JsonArray().add(1).add(2),
                call("DELETE", "/subjects/api-del-value?permanent=true", null).array());
        assertFalse(call("GET", "/subjects?deleted=true", null).array().contains("api-del-value"));
    }

    private static void assertError(Answer answer, int status, int errorCode) {
        assertEquals(status, answer.status(), answer.body());
        assertEquals(CT, answer.contentType());
        assertEquals(errorCode, answer.json().getInteger("error_code"), answer.body());
        assertFalse(answer.json().getString("message").isBlank());
    }
}
