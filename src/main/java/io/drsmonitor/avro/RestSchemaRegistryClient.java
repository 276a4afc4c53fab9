package io.drsmonitor.avro;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.apache.avro.Schema;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.apache.kafka.common.config.ConfigException;

/**
 * A client for Confluent's Schema Registry REST API. Every answer is cached, so serializing a
 * record costs no HTTP call once its schema is known.
 */
public final class RestSchemaRegistryClient implements SchemaRegistryClient {
    public static final String CONTENT_TYPE = "application/vnd.schemaregistry.v1+json";
    private static final Logger LOG = LoggerFactory.getLogger(RestSchemaRegistryClient.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final RegistryClientConfig config;
    private final HttpClient http;
    private final Optional<String> authorization;
    private final Map<Integer, Schema> schemasById = new ConcurrentHashMap<>();
    private final Map<String, Integer> registeredIds = new ConcurrentHashMap<>();
    private final Map<String, Integer> lookedUpIds = new ConcurrentHashMap<>();

    public RestSchemaRegistryClient(RegistryClientConfig config) {
        this.config = config;
        // HTTP/1.1, as Confluent's own client speaks: the JDK's default first asks a plain-http server to
        // upgrade to h2c, one more handshake on every new connection for no gain on small JSON calls.
        HttpClient.Builder builder = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(config.requestTimeout());
        config.tls().ifPresent(tls -> builder.sslContext(sslContext(tls)));
        this.http = builder.build();
        this.authorization = config.basicAuthUserInfo()
                .map(info -> "Basic " + Base64.getEncoder().encodeToString(info.getBytes(StandardCharsets.UTF_8)));
    }

    @Override
    public int register(String subject, Schema schema) {
        return registeredIds.computeIfAbsent(cacheKey(subject, schema), k -> {
            JsonNode answer = post("/subjects/" + encode(subject) + "/versions", schemaBody(schema));
            int id = answer.path("id").asInt(-1);
            schemasById.putIfAbsent(id, schema);
            return id;
        });
    }

    @Override
    public int idOf(String subject, Schema schema) {
        Integer registered = registeredIds.get(cacheKey(subject, schema));
        if (registered != null) {
            return registered;
        }
        return lookedUpIds.computeIfAbsent(cacheKey(subject, schema), k -> {
            JsonNode answer = post("/subjects/" + encode(subject), schemaBody(schema));
            int id = answer.path("id").asInt(-1);
            schemasById.putIfAbsent(id, schema);
            return id;
        });
    }

    @Override
    public Schema schemaById(int id) {
        return schemasById.computeIfAbsent(id, k -> {
            JsonNode answer = send(HttpRequest.newBuilder().GET(), "/schemas/ids/" + id);
            String type = answer.path("schemaType").asText("AVRO");
            if (!"AVRO".equals(type)) {
                throw new SchemaRegistryException(200, -1, "schema id " + id + " is of type " + type + ", not AVRO");
            }
            return new Schema.Parser().parse(answer.path("schema").asText());
        });
    }

    private static String cacheKey(String subject, Schema schema) {
        return subject + '\u0000' + schema.toString();
    }

    private static String schemaBody(Schema schema) {
        ObjectNode body = JSON.createObjectNode();
        body.put("schema", schema.toString());
        return body.toString();
    }

    private JsonNode post(String path, String body) {
        return send(HttpRequest.newBuilder().POST(HttpRequest.BodyPublishers.ofString(body))
                .header("Content-Type", CONTENT_TYPE), path);
    }

    /** Sends to each configured URL in turn, retrying 5xx and I/O failures with a doubling pause. */
    private JsonNode send(HttpRequest.Builder request, String path) {
        RuntimeException last = null;
        for (int attempt = 0; attempt <= config.maxRetries(); attempt++) {
            URI base = config.urls().get(attempt % config.urls().size());
            if (attempt > 0) {
                pause(config.retryBackoff().toMillis() << Math.min(attempt - 1, 10));
            }
            try {
                HttpRequest.Builder builder = request.copy().uri(resolve(base, path))
                        .timeout(config.requestTimeout())
                        .header("Accept", CONTENT_TYPE + ", application/json");
                authorization.ifPresent(value -> builder.header("Authorization", value));
                HttpResponse<String> response = http.send(builder.build(), HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() / 100 == 2) {
                    return JSON.readTree(response.body());
                }
                SchemaRegistryException error = errorOf(response);
                if (response.statusCode() < 500) {
                    throw error;
                }
                last = error;
            } catch (IOException e) {
                last = new SchemaRegistryException("schema registry " + base.getHost() + ":" + base.getPort()
                        + " did not answer " + path + ": " + e, e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new SchemaRegistryException("interrupted while calling the schema registry", e);
            }
            LOG.debug("schema registry call {} failed (attempt {}): {}", path, attempt + 1, last.getMessage());
        }
        throw last;
    }

    private static SchemaRegistryException errorOf(HttpResponse<String> response) {
        try {
            JsonNode body = JSON.readTree(response.body());
            return new SchemaRegistryException(response.statusCode(), body.path("error_code").asInt(-1),
                    body.path("message").asText(response.body()));
        } catch (IOException | RuntimeException e) {
            return new SchemaRegistryException(response.statusCode(), -1, "registry answered: " + abbreviate(response.body()));
        }
    }

    private static String abbreviate(String s) {
        return s.length() > 200 ? s.substring(0, 200) + "..." : s;
    }

    private static URI resolve(URI base, String path) {
        // userinfo is sent as a header, never in the request line
        String prefix = base.getPath() == null || base.getPath().equals("/") ? "" : base.getPath().replaceAll("/$", "");
        return URI.create(base.getScheme() + "://" + base.getHost() + (base.getPort() > 0 ? ":" + base.getPort() : "")
                + prefix + path);
    }

    private static String encode(String segment) {
        return URLEncoder.encode(segment, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SchemaRegistryException("interrupted while waiting to retry the schema registry", e);
        }
    }

    private static SSLContext sslContext(RegistryClientConfig.TlsSettings tls) {
        try {
            TrustManagerFactory tmf = null;
            if (tls.truststoreLocation().isPresent()) {
                KeyStore trust = load(tls.truststoreType(), tls.truststoreLocation().get(), tls.truststorePassword());
                tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
                tmf.init(trust);
            }
            KeyManagerFactory kmf = null;
            if (tls.keystoreLocation().isPresent()) {
                KeyStore keys = load(tls.keystoreType(), tls.keystoreLocation().get(), tls.keystorePassword());
                kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
                kmf.init(keys, tls.keyPassword().or(tls::keystorePassword).map(String::toCharArray).orElse(null));
            }
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(kmf == null ? null : kmf.getKeyManagers(), tmf == null ? null : tmf.getTrustManagers(), null);
            return context;
        } catch (GeneralSecurityException | IOException e) {
            throw new ConfigException(
                    RegistryClientConfig.SSL_PREFIX + "* settings are unusable: " + e.getClass().getSimpleName());
        }
    }

    private static KeyStore load(String type, String location, Optional<String> password)
            throws GeneralSecurityException, IOException {
        KeyStore store = KeyStore.getInstance(type);
        try (InputStream in = new FileInputStream(location)) {
            store.load(in, password.map(String::toCharArray).orElse(null));
        }
        return store;
    }

    @Override
    public String toString() {
        return "RestSchemaRegistryClient" + config.describeUrls();
    }
}
