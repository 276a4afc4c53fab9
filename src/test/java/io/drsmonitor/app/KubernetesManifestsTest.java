package io.drsmonitor.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.drsmonitor.query.HealthState;
import io.drsmonitor.query.QueryApi;
import io.drsmonitor.query.RenderedSummaries;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretKeySelector;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.TopologySpreadConstraint;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.openshift.api.model.monitoring.v1.Endpoint;
import io.fabric8.openshift.api.model.monitoring.v1.PrometheusRule;
import io.fabric8.openshift.api.model.monitoring.v1.ServiceMonitor;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.state.HostInfo;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.MapperFeature;
import tools.jackson.databind.cfg.MapperConfig;
import tools.jackson.databind.introspect.Annotated;
import tools.jackson.databind.introspect.JacksonAnnotationIntrospector;
import tools.jackson.databind.json.JsonMapper;

/**
 * deploy/kubernetes cannot be applied here (no cluster), so each manifest is read into Kubernetes' own
 * model (fabric8's, the Prometheus Operator's for ServiceMonitor and PrometheusRule) where a field
 * the model does not know fails, and the manifests are checked against each other and against what the
 * application reads: selectors match the pods, probes ask paths the query API serves, every
 * {@code DRSMON_*} variable is a setting drs-monitor accepts, secrets come only from the Secret, the
 * PrometheusRule holds deploy/prometheus/alerts.yml's rules, and kustomization.yaml lists every file.
 */
class KubernetesManifestsTest {
    static final Path DIR = Path.of("deploy/kubernetes");
    private static final Path KUSTOMIZATION = DIR.resolve("kustomization.yaml");
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory()).enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
    /** The resource kinds deploy/kubernetes may hold, by {@code apiVersion/kind}. */
    private static final Map<String, Class<? extends HasMetadata>> KINDS = Map.of(
            "v1/Secret", Secret.class,
            "v1/Service", Service.class,
            "apps/v1/StatefulSet", StatefulSet.class,
            "policy/v1/PodDisruptionBudget", PodDisruptionBudget.class,
            "monitoring.coreos.com/v1/ServiceMonitor", ServiceMonitor.class,
            "monitoring.coreos.com/v1/PrometheusRule", PrometheusRule.class);
    /** Names whose values are secrets, beyond the settings of type PASSWORD: the access key goes with its secret key. */
    private static final Pattern SECRET_NAME = Pattern.compile(".*(SECRET|PASSWORD|TOKEN|_AK|_SK|JAAS|CREDENTIALS).*");
    /** What the placeholders in the example Secret start with. */
    private static final String PLACEHOLDER = "REPLACE-ME";
    /** What the pod's downward-API fields stand for when the settings are loaded here. */
    private static final Map<String, String> FIELD_EXAMPLES = Map.of("status.podIP", "10.244.1.7", "metadata.name", "drs-monitor-0",
            "metadata.namespace", "drs-monitor");

    /**
     * fabric8's model keeps a field it does not know in {@code additionalProperties} (a JSON any-setter),
     * so FAIL_ON_UNKNOWN_PROPERTIES alone would accept a misspelt field: the any-setters are switched off.
     * Scalars are not coerced either ({@code containerPort: "8080"} is refused, as the API server does).
     */
    private static final JsonMapper STRICT = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
            .annotationIntrospector(new JacksonAnnotationIntrospector() {
                @Override
                public Boolean hasAnySetter(MapperConfig<?> config, Annotated a) {
                    return Boolean.FALSE;
                }
            })
            .build();

    private static final Map<Path, JsonNode> TREES = new LinkedHashMap<>();
    private static final Map<Path, HasMetadata> RESOURCES = new LinkedHashMap<>();

    /** Reads every manifest: one that does not fit its kind's model fails the whole class, naming the file and the field. */
    @BeforeAll
    static void readTheManifests() {
        for (Path file : manifestFiles()) {
            JsonNode tree = yaml(file);
            TREES.put(file, tree);
            RESOURCES.put(file, strict(file, tree));
        }
    }

    /** Every YAML file of deploy/kubernetes but kustomization.yaml. */
    private static List<Path> manifestFiles() {
        try (Stream<Path> files = Files.list(DIR)) {
            return files.filter(f -> f.getFileName().toString().matches(".*\\.ya?ml")).filter(f -> !f.equals(KUSTOMIZATION)).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The one YAML document of {@code file}; a second document or a repeated key fails. */
    static JsonNode yaml(Path file) {
        try {
            List<JsonNode> documents = YAML.readerFor(JsonNode.class).<JsonNode>readValues(file.toFile()).readAll();
            assertEquals(1, documents.size(), file + ": one resource per file");
            return documents.get(0);
        } catch (IOException e) {
            throw new AssertionError(file + " is not valid YAML: " + e.getMessage(), e);
        }
    }

    /** {@code tree} read into its kind's model class; an unknown kind or field, or a wrongly typed value, fails naming the file. */
    static HasMetadata strict(Path file, JsonNode tree) {
        String kind = tree.path("apiVersion").asText() + "/" + tree.path("kind").asText();
        Class<? extends HasMetadata> type = KINDS.get(kind);
        assertNotNull(type, file + ": " + kind + " is not a kind deploy/kubernetes holds (" + KINDS.keySet() + ")");
        try {
            return STRICT.readValue(tree.toString(), type);
        } catch (RuntimeException e) {
            throw new AssertionError(file + " does not fit Kubernetes' " + kind + ": " + e.getMessage(), e);
        }
    }

    @SuppressWarnings("unchecked")
    private static <T extends HasMetadata> List<T> all(Class<T> type) {
        return RESOURCES.values().stream().filter(type::isInstance).map(r -> (T) r).toList();
    }

    private static <T extends HasMetadata> T one(Class<T> type) {
        List<T> found = all(type);
        assertEquals(1, found.size(), "one " + type.getSimpleName() + " in " + DIR);
        return found.get(0);
    }

    private static Service service(String name) {
        return all(Service.class).stream().filter(s -> s.getMetadata().getName().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no Service " + name + " in " + DIR));
    }

    private static PodSpec podSpec() {
        return one(StatefulSet.class).getSpec().getTemplate().getSpec();
    }

    private static Container container() {
        List<Container> containers = podSpec().getContainers();
        assertEquals(1, containers.size(), "one container: drs-monitor");
        return containers.get(0);
    }

    private static Map<String, String> podLabels() {
        return one(StatefulSet.class).getSpec().getTemplate().getMetadata().getLabels();
    }

    private static void assertSelects(Map<String, String> selector, Map<String, String> labels, String what) {
        assertTrue(selector != null && !selector.isEmpty(), what + " selects by label");
        assertTrue(labels.entrySet().containsAll(selector.entrySet()), what + ": " + selector + " does not match the labels " + labels);
    }

    private static void assertSelects(LabelSelector selector, Map<String, String> labels, String what) {
        assertTrue(selector.getMatchExpressions() == null || selector.getMatchExpressions().isEmpty(), what + ": matchLabels only");
        assertSelects(selector.getMatchLabels(), labels, what);
    }

    private static ContainerPort containerPort(String name) {
        return container().getPorts().stream().filter(p -> name.equals(p.getName())).findFirst()
                .orElseThrow(() -> new AssertionError("the container has no port named " + name));
    }

    /** The container's environment as the pod sees it: secrets as the example Secret's values, downward-API fields as examples. */
    private static Map<String, String> environment() {
        Secret secret = one(Secret.class);
        Map<String, String> env = new HashMap<>();
        for (EnvVar variable : container().getEnv()) {
            String value = variable.getValue();
            if (variable.getValueFrom() != null && variable.getValueFrom().getSecretKeyRef() != null) {
                SecretKeySelector ref = variable.getValueFrom().getSecretKeyRef();
                assertEquals(secret.getMetadata().getName(), ref.getName(), variable.getName() + " comes from the Secret in " + DIR);
                value = secret.getStringData().get(ref.getKey());
                assertNotNull(value, variable.getName() + ": the Secret has no key " + ref.getKey());
            } else if (variable.getValueFrom() != null && variable.getValueFrom().getFieldRef() != null) {
                value = FIELD_EXAMPLES.get(variable.getValueFrom().getFieldRef().getFieldPath());
                assertNotNull(value, variable.getName() + ": a downward-API field this test knows");
            }
            assertNotNull(value, variable.getName() + " has a value, a secretKeyRef or a fieldRef");
            assertNull(env.put(variable.getName(), value), variable.getName() + " is set once");
        }
        return env;
    }

    @Test
    void everyManifestIsAKindKubernetesKnowsWithOnlyFieldsItKnows() {
        assertEquals(Set.of(Secret.class, Service.class, StatefulSet.class, PodDisruptionBudget.class, ServiceMonitor.class, PrometheusRule.class),
                new HashSet<>(RESOURCES.values().stream().map(Object::getClass).toList()), "the kinds of " + DIR);
        RESOURCES.forEach((file, resource) -> {
            assertTrue(resource.getMetadata().getName().startsWith("drs-monitor"), file + ": named drs-monitor...");
            assertNull(resource.getMetadata().getNamespace(), file + ": the namespace is kustomization.yaml's or kubectl's");
            assertEquals("drs-monitor", resource.getMetadata().getLabels().get("app.kubernetes.io/name"), file + " is labelled");
        });
    }

    @Test
    void aMisspeltOrMistypedFieldFails() {
        JsonNode statefulSet = TREES.get(DIR.resolve("statefulset.yaml")).deepCopy();
        ((ObjectNode) statefulSet.path("spec")).put("replica", 3);
        AssertionError unknown = assertThrows(AssertionError.class, () -> strict(Path.of("bad.yaml"), statefulSet));
        assertTrue(unknown.getMessage().contains("replica"), unknown.getMessage());

        JsonNode service = TREES.get(DIR.resolve("service.yaml")).deepCopy();
        ((ObjectNode) service.path("spec").path("ports").get(0)).put("port", "8080");
        assertThrows(AssertionError.class, () -> strict(Path.of("bad.yaml"), service), "a port given as text");

        JsonNode monitor = TREES.get(DIR.resolve("servicemonitor.yaml")).deepCopy();
        ((ObjectNode) monitor.path("spec").path("endpoints").get(0)).put("paht", "/metrics");
        assertThrows(AssertionError.class, () -> strict(Path.of("bad.yaml"), monitor), "a misspelt field of a ServiceMonitor");
    }

    @Test
    void kustomizationListsEveryFileOnceAndNamesTheImage() {
        JsonNode kustomization = yaml(KUSTOMIZATION);
        assertEquals("kustomize.config.k8s.io/v1beta1", kustomization.path("apiVersion").asText());
        assertEquals("Kustomization", kustomization.path("kind").asText());
        Set<String> fields = new TreeSet<>();
        kustomization.fieldNames().forEachRemaining(fields::add);
        assertTrue(Set.of("apiVersion", "kind", "namespace", "images", "resources").containsAll(fields), "fields: " + fields);
        List<String> listed = new ArrayList<>();
        kustomization.path("resources").forEach(r -> listed.add(r.asText()));
        List<String> files = manifestFiles().stream().map(f -> f.getFileName().toString()).sorted().toList();
        assertEquals(files, listed.stream().sorted().toList(), "kustomization.yaml lists every manifest, each once");
        assertEquals(Set.copyOf(listed).size(), listed.size(), "no file listed twice");

        JsonNode images = kustomization.path("images");
        assertEquals(1, images.size());
        assertEquals(container().getImage(), images.get(0).path("name").asText(), "kustomization.yaml names the container's image");
        assertFalse(images.get(0).path("newName").asText().isBlank());
        assertFalse(images.get(0).path("newTag").asText().isBlank());
    }

    @Test
    void selectorsMatchThePodsAndTheHeadlessServiceGovernsTheStatefulSet() {
        StatefulSet statefulSet = one(StatefulSet.class);
        Map<String, String> pods = podLabels();
        assertSelects(statefulSet.getSpec().getSelector(), pods, "the StatefulSet");
        for (Service service : all(Service.class)) {
            assertSelects(service.getSpec().getSelector(), pods, "Service " + service.getMetadata().getName());
            for (ServicePort port : service.getSpec().getPorts()) {
                ContainerPort target = containerPort(port.getTargetPort().getStrVal());
                assertEquals(port.getPort(), target.getContainerPort(), service.getMetadata().getName() + " forwards to the same port");
            }
            // Kubernetes turns a Service's name into <NAME>_SERVICE_HOST, <NAME>_PORT... for every pod of the namespace.
            String prefix = service.getMetadata().getName().toUpperCase(Locale.ROOT).replace('-', '_');
            assertFalse(prefix.equals("DRSMON") || prefix.startsWith(AppConfig.ENV_PREFIX),
                    service.getMetadata().getName() + " would inject " + prefix + "_* variables where drs-monitor reads its settings");
        }
        assertEquals(Boolean.FALSE, podSpec().getEnableServiceLinks(), "no service-link variables in the pods");

        Service peers = service(statefulSet.getSpec().getServiceName());
        assertEquals("None", peers.getSpec().getClusterIP(), "the governing Service is headless");
        assertEquals(Boolean.TRUE, peers.getSpec().getPublishNotReadyAddresses(), "a restoring instance's address resolves");
        Service api = service("drs-monitor");
        assertFalse("None".equals(api.getSpec().getClusterIP()), "the API Service balances between instances");
        assertEquals(List.of(8080), api.getSpec().getPorts().stream().map(ServicePort::getPort).toList(), "the API on 8080");

        PodDisruptionBudget budget = one(PodDisruptionBudget.class);
        assertSelects(budget.getSpec().getSelector(), pods, "the PodDisruptionBudget");
        assertEquals(1, budget.getSpec().getMaxUnavailable().getIntVal(), "one instance down at a time");
        assertNull(budget.getSpec().getMinAvailable());

        for (TopologySpreadConstraint spread : podSpec().getTopologySpreadConstraints()) {
            assertSelects(spread.getLabelSelector(), pods, "the topology spread");
        }
    }

    @Test
    void theServiceMonitorScrapesTheApiServiceUnderTheJobTheRulesExpect() throws IOException {
        ServiceMonitor monitor = one(ServiceMonitor.class);
        List<Service> selected = all(Service.class).stream()
                .filter(s -> s.getMetadata().getLabels().entrySet().containsAll(monitor.getSpec().getSelector().getMatchLabels().entrySet()))
                .toList();
        assertEquals(List.of("drs-monitor"), selected.stream().map(s -> s.getMetadata().getName()).toList(),
                "one Service scraped, so each instance is scraped once");
        assertNull(monitor.getSpec().getJobLabel(), "the job label is the Service's name");
        Matcher job = Pattern.compile("up\\{job=\"([^\"]+)\"}").matcher(Files.readString(Path.of("deploy/prometheus/alerts.yml")));
        assertTrue(job.find(), "alerts.yml's DrsMonitorDown names the job");
        assertEquals(job.group(1), selected.get(0).getMetadata().getName(), "up{job=...} in alerts.yml is the scraped Service");
        assertEquals(1, monitor.getSpec().getEndpoints().size());
        Endpoint endpoint = monitor.getSpec().getEndpoints().get(0);
        assertTrue(selected.get(0).getSpec().getPorts().stream().anyMatch(p -> p.getName().equals(endpoint.getPort())),
                "the endpoint's port is a port of the Service: " + endpoint.getPort());
        assertEquals("/metrics", endpoint.getPath());
    }

    @Test
    void thePrometheusRuleHoldsExactlyTheRulesOfAlertsYml() {
        PrometheusRule rule = one(PrometheusRule.class);
        assertFalse(rule.getSpec().getGroups().isEmpty());
        JsonNode kubernetes = TREES.get(DIR.resolve("prometheusrule.yaml")).path("spec");
        JsonNode prometheus = yaml(Path.of("deploy/prometheus/alerts.yml"));
        assertEquals(List.of("groups"), names(kubernetes));
        assertEquals(List.of("groups"), names(prometheus));
        assertEquals(prometheus.path("groups"), kubernetes.path("groups"), "the PrometheusRule's groups are alerts.yml's: change both");
    }

    @Test
    void everyVariableIsASettingTheApplicationAccepts() throws IOException {
        Map<String, String> env = environment();
        env.keySet().forEach(name -> assertTrue(name.startsWith(AppConfig.ENV_PREFIX), name + " is a drs-monitor setting"));
        AppConfig config = AppConfig.load(Optional.empty(), env);

        assertTrue(config.kafkaBootstrap().isPresent(), "an external Kafka cluster");
        assertTrue(config.registryUrl().isPresent(), "a schema registry, required with an external Kafka");
        assertFalse(config.demoEvents(), "no demo events");
        assertTrue(config.drsRegion().isPresent() && config.drsEndpoint().isPresent(), "real DRS, in a region");
        assertEquals(AppConfig.AuthMode.AK_SK, config.authMode());
        assertEquals("0.0.0.0", config.bindHost(), "reachable from outside the pod");
        assertEquals(FIELD_EXAMPLES.get("status.podIP"), config.advertisedHost(), "other instances reach the pod at its own address");
        assertFalse(config.internalSecret().isEmpty(), "the instances read each other's stores");
        assertEquals(containerPort("http").getContainerPort(), config.queryPort(), "the container's http port is query.port");
        assertTrue(Files.readString(Path.of("Dockerfile")).contains("EXPOSE " + config.queryPort()), "the image exposes query.port");

        // data.dir is the volume claim, kept across restarts; the rest of the root file system is read-only.
        VolumeMount data = container().getVolumeMounts().stream().filter(m -> m.getMountPath().equals(config.dataDir().toString()))
                .findFirst().orElseThrow(() -> new AssertionError("nothing is mounted at data.dir " + config.dataDir()));
        assertTrue(one(StatefulSet.class).getSpec().getVolumeClaimTemplates().stream().map(PersistentVolumeClaim::getMetadata)
                .anyMatch(m -> m.getName().equals(data.getName())), "data.dir is on a volume claim");
        VolumeMount tmp = container().getVolumeMounts().stream().filter(m -> m.getMountPath().equals("/tmp")).findFirst().orElseThrow();
        Volume tmpVolume = podSpec().getVolumes().stream().filter(v -> v.getName().equals(tmp.getName())).findFirst().orElseThrow();
        assertNotNull(tmpVolume.getEmptyDir(), "/tmp is an emptyDir");
        assertEquals(Boolean.TRUE, container().getSecurityContext().getReadOnlyRootFilesystem());
    }

    @Test
    void secretsComeFromTheSecretNeverALiteralValue() {
        Map<String, String> env = environment(); // checks that every secretKeyRef names a key of the Secret
        assertFalse(env.isEmpty());
        Set<String> secretSettings = new TreeSet<>();
        for (ConfigDef.ConfigKey key : Settings.DEFINITION.configKeys().values()) {
            if (key.type == ConfigDef.Type.PASSWORD) {
                secretSettings.add(Settings.environmentName(key.name));
            }
        }
        secretSettings.add(Settings.environmentName(Settings.DRS_AK));
        for (EnvVar variable : container().getEnv()) {
            if (secretSettings.contains(variable.getName()) || SECRET_NAME.matcher(variable.getName()).matches()) {
                assertNull(variable.getValue(), variable.getName() + " is a secret: no literal value");
                assertNotNull(variable.getValueFrom().getSecretKeyRef(), variable.getName() + " comes from a secretKeyRef");
            }
        }
        Set<String> fromSecret = new TreeSet<>();
        container().getEnv().stream().filter(v -> v.getValueFrom() != null && v.getValueFrom().getSecretKeyRef() != null)
                .forEach(v -> fromSecret.add(v.getName()));
        assertEquals(Set.of("DRSMON_DRS_AK", "DRSMON_DRS_SK", "DRSMON_QUERY_INTERNAL_SECRET"), fromSecret);
        assertTrue(container().getEnvFrom() == null || container().getEnvFrom().isEmpty(), "every variable is named in the StatefulSet");

        Secret secret = one(Secret.class);
        assertTrue(secret.getData() == null || secret.getData().isEmpty(), "the example's values are readable placeholders (stringData)");
        assertFalse(secret.getStringData().isEmpty());
        secret.getStringData().forEach((key, value) -> assertTrue(value.startsWith(PLACEHOLDER), key + " is a marked placeholder: " + value));
    }

    @Test
    void thePodRunsAsTheImagesUserWithoutPrivileges() throws IOException {
        Matcher user = Pattern.compile("(?m)^USER (\\d+):(\\d+)$").matcher(Files.readString(Path.of("Dockerfile")));
        assertTrue(user.find(), "the Dockerfile names its user");
        var pod = podSpec().getSecurityContext();
        assertEquals(Boolean.TRUE, pod.getRunAsNonRoot());
        assertEquals(Long.parseLong(user.group(1)), pod.getRunAsUser(), "the Dockerfile's uid");
        assertEquals(Long.parseLong(user.group(2)), pod.getRunAsGroup(), "the Dockerfile's gid");
        assertEquals(Long.parseLong(user.group(2)), pod.getFsGroup(), "the volume is writable for the user's group");
        var container = container().getSecurityContext();
        assertEquals(Boolean.FALSE, container.getAllowPrivilegeEscalation());
        assertEquals(List.of("ALL"), container.getCapabilities().getDrop());
        assertNotNull(container().getResources().getRequests().get("memory"));
        assertEquals(container().getResources().getRequests().get("memory"), container().getResources().getLimits().get("memory"),
                "the heap is sized from the limit: requested in full");
        assertTrue(podSpec().getTerminationGracePeriodSeconds() >= 60, "time to leave the groups and commit");
    }

    @Test
    void theProbesAskPathsTheQueryApiServes(@TempDir Path state) throws Exception {
        Container container = container();
        Map<String, Probe> probes = Map.of("startup", container.getStartupProbe(), "liveness", container.getLivenessProbe(),
                "readiness", container.getReadinessProbe());
        Map<String, String> paths = new HashMap<>();
        probes.forEach((name, probe) -> {
            assertNotNull(probe, "a " + name + " probe");
            assertEquals("http", probe.getHttpGet().getPort().getStrVal(), name + " probe on the query API's port");
            paths.put(name, probe.getHttpGet().getPath());
        });
        assertEquals(Map.of("startup", "/health/started", "liveness", "/health/live", "readiness", "/health/ready"), paths);
        assertTrue(container.getStartupProbe().getFailureThreshold() * container.getStartupProbe().getPeriodSeconds() >= 300,
                "the startup probe waits minutes, not seconds");

        // The paths on the real query API: the probes' and the ServiceMonitor's.
        Set<String> asked = new TreeSet<>(paths.values());
        asked.add(one(ServiceMonitor.class).getSpec().getEndpoints().get(0).getPath());
        Vertx vertx = Vertx.vertx();
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "kubernetes-manifests-test");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:9"); // never started; its clients try only this closed local port
        props.put(StreamsConfig.STATE_DIR_CONFIG, state.toString());
        StreamsBuilder builder = new StreamsBuilder();
        builder.stream("in").to("out");
        try (KafkaStreams streams = new KafkaStreams(builder.build(), props)) {
            Map<String, Supplier<HealthState>> parts = new LinkedHashMap<>();
            parts.put("kafka", HealthState::up);
            QueryApi api = new QueryApi(vertx, streams, new HostInfo("127.0.0.1", 0), new SimpleMeterRegistry(), parts,
                    () -> "# metrics\n", new RenderedSummaries(), "secret");
            HttpServer server = vertx.createHttpServer(QueryApi.serverOptions()).requestHandler(api.router())
                    .listen(0, "127.0.0.1").await(10, TimeUnit.SECONDS);
            HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
            for (String path : asked) {
                HttpResponse<String> answer = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.actualPort() + path))
                        .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
                assertEquals(200, answer.statusCode(), path + " on the query API: " + answer.body());
            }
            streams.close(Duration.ZERO);
        } finally {
            vertx.close().await(10, TimeUnit.SECONDS);
        }
    }

    private static List<String> names(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
