package io.drsmonitor.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.drsmonitor.TestSupport;
import io.drsmonitor.kafka.EmbeddedKafkaBroker;
import io.drsmonitor.kafka.KafkaFixture;
import io.drsmonitor.kafka.TopicNames;
import io.drsmonitor.registry.RegistryHarness;
import io.drsmonitor.simulator.ApigSignatureCheck;
import io.drsmonitor.simulator.DrsSimulator;
import io.drsmonitor.simulator.JobSpec;
import io.drsmonitor.simulator.Scenario;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The README's ACLs, checked: on an in-process broker with SASL/PLAIN and Kafka's StandardAuthorizer,
 * a principal granted exactly those runs the whole pipeline (its topics created, both Kafka Streams
 * applications exactly-once, a job event submitted, a pre-check run kept and served), while a principal
 * without ACLs sees none of its topics. The schema registry runs on the unsecured fixture broker: it
 * has credentials of its own.
 */
@ExtendWith(KafkaFixture.class)
class SecuredClusterIT {
    private static final String ADMIN = "admin";
    private static final String DRS = "drs-monitor";
    private static final String NOBODY = "nobody";
    private static final Map<String, String> USERS = Map.of(ADMIN, "admin-secret", DRS, "drs-secret", NOBODY, "nobody-secret");
    private static final String AK = "AKSECUREDCLUSTERIT01";
    private static final String SK = "sk-secured-cluster-it-0123456789abcdef";
    private static final String REGION = "ap-southeast-1";
    private static final Duration PATIENCE = Duration.ofSeconds(90);

    @Test
    void theDocumentedAclsAreEnoughForTheWholePipeline() throws Exception {
        try (EmbeddedKafkaBroker broker = new EmbeddedKafkaBroker(KafkaFixture.tempDir("secured-kafka"), "127.0.0.1", 0)
                .withSaslPlain(USERS, ADMIN).start()) {
            try (Admin admin = Admin.create(client(broker, ADMIN))) {
                admin.createAcls(documentedAcls("User:" + DRS)).all().get(30, TimeUnit.SECONDS);
            }
            Vertx vertx = Vertx.vertx();
            String project = UUID.randomUUID().toString().replace("-", "");
            String job = Scenario.jobId(new Random(), 26);
            DrsSimulator simulator = DrsSimulator.start(vertx, DrsSimulator.Settings.local(0, null, 26)
                    .withAkSk(new ApigSignatureCheck.Credentials(AK, SK, null)),
                    new Scenario(List.of(JobSpec.of(project, job, JobSpec.Engine.MYSQL, false).withTimes(2, 3).withRegion(REGION))))
                    .await(10, TimeUnit.SECONDS);
            Map<String, String> settings = new HashMap<>(Map.of(Settings.KAFKA_BOOTSTRAP, broker.bootstrapServers(),
                    Settings.REGISTRY_URL, RegistryHarness.shared(KafkaFixture.bootstrapServers()).url(),
                    Settings.DATA_DIR, KafkaFixture.tempDir("secured-run").toString(), Settings.POLL_MIN_MS, "300",
                    Settings.POLL_MAX_MS, "1500", Settings.DRS_REGION, REGION, Settings.DRS_ENDPOINT, simulator.baseUrl() + "/" + REGION,
                    Settings.DRS_AK, AK, Settings.DRS_SK, SK));
            settings.put(Settings.DEMO_EVENTS, "false");
            settings.put(Settings.QUERY_PORT, String.valueOf(TestSupport.freePort()));
            EmbeddedKafkaBroker.saslClientSettings(DRS, USERS.get(DRS))
                    .forEach((name, value) -> settings.put(Settings.KAFKA_CLIENT_PREFIX + name, value));
            try (Application app = Application.start(AppConfig.of(settings))) {
                Cli.run(settings, "submit", "--project", project, "--job", job, "--region", REGION);
                String runs = "http://127.0.0.1:" + app.queryPort() + "/api/jobs/" + job + "/runs";
                TestSupport.awaitTrue("the job's pre-check run is kept and served", PATIENCE, () -> {
                    JsonObject answer = get(runs);
                    return answer != null && answer.getJsonArray("runs").size() == 1;
                });
                assertEquals(1, simulator.precheckStarts(job));
            } finally {
                simulator.stop().await(10, TimeUnit.SECONDS);
                vertx.close().await(10, TimeUnit.SECONDS);
            }
            try (Admin drs = Admin.create(client(broker, DRS)); Admin nobody = Admin.create(client(broker, NOBODY))) {
                Set<String> seen = drs.listTopics().names().get(30, TimeUnit.SECONDS);
                assertTrue(seen.contains(TopicNames.JOB_EVENTS) && seen.contains(TopicNames.PRECHECK_RUNS), seen.toString());
                assertFalse(seen.stream().anyMatch(t -> !t.startsWith("drs.") && !t.startsWith("drs-monitor-")),
                        "drs-monitor's principal sees its own topics only: " + seen);
                assertEquals(Set.of(), nobody.listTopics().names().get(30, TimeUnit.SECONDS), "the authorizer is on");
            }
        }
    }

    /** The README's table ("On a secured cluster"), for the standard deployment. */
    private static List<AclBinding> documentedAcls(String principal) {
        List<AclBinding> acls = new ArrayList<>();
        allow(acls, principal, ResourceType.TOPIC, "drs.", PatternType.PREFIXED, AclOperation.CREATE, AclOperation.DESCRIBE,
                AclOperation.DESCRIBE_CONFIGS, AclOperation.READ, AclOperation.WRITE);
        allow(acls, principal, ResourceType.TOPIC, "drs-monitor-", PatternType.PREFIXED, AclOperation.CREATE, AclOperation.DELETE,
                AclOperation.DESCRIBE, AclOperation.DESCRIBE_CONFIGS, AclOperation.READ, AclOperation.WRITE);
        allow(acls, principal, ResourceType.GROUP, "drs-monitor-", PatternType.PREFIXED, AclOperation.READ, AclOperation.DESCRIBE,
                AclOperation.DELETE);
        allow(acls, principal, ResourceType.TRANSACTIONAL_ID, "drs-monitor-", PatternType.PREFIXED, AclOperation.WRITE,
                AclOperation.DESCRIBE);
        allow(acls, principal, ResourceType.CLUSTER, "kafka-cluster", PatternType.LITERAL, AclOperation.DESCRIBE,
                AclOperation.IDEMPOTENT_WRITE);
        return acls;
    }

    private static void allow(List<AclBinding> acls, String principal, ResourceType type, String name, PatternType pattern,
                              AclOperation... operations) {
        for (AclOperation operation : operations) {
            acls.add(new AclBinding(new ResourcePattern(type, name, pattern),
                    new AccessControlEntry(principal, "*", operation, AclPermissionType.ALLOW)));
        }
    }

    private static Map<String, Object> client(EmbeddedKafkaBroker broker, String user) {
        Map<String, Object> config = new HashMap<>(EmbeddedKafkaBroker.saslClientSettings(user, USERS.get(user)));
        config.put("bootstrap.servers", broker.bootstrapServers());
        return config;
    }

    private static JsonObject get(String url) {
        try {
            HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url)).build(),
                    HttpResponse.BodyHandlers.ofString());
            return response.statusCode() == 200 ? new JsonObject(response.body()) : null;
        } catch (Exception e) {
            return null;
        }
    }
}
