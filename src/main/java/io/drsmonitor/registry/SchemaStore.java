package io.drsmonitor.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.TreeMap;
import org.apache.avro.Schema;

/**
 * The registry's state, rebuilt from and changed only through {@link LogRecord}s: every change is
 * first planned as records, written to the log, then applied, so replaying the log at start gives
 * the same ids and versions. Not thread-safe: the server confines it to one event-loop context.
 */
final class SchemaStore {
    private static final ObjectMapper JSON = new ObjectMapper();

    record Version(String subject, int version, int id, String schema, boolean deleted) {
    }

    record Registration(int id, List<LogRecord> records) {
    }

    private final Map<Integer, String> schemasById = new HashMap<>();
    private final Map<String, Integer> idsBySchema = new HashMap<>();
    private final Map<String, NavigableMap<Integer, Version>> subjects = new TreeMap<>();
    private final Map<String, CompatibilityLevel> subjectLevels = new HashMap<>();
    private final CompatibilityLevel defaultLevel;
    private CompatibilityLevel globalLevel;

    SchemaStore(CompatibilityLevel defaultLevel) {
        this.defaultLevel = defaultLevel;
        this.globalLevel = defaultLevel;
    }

    // ---- reads

    Optional<String> schemaById(int id) {
        return Optional.ofNullable(schemasById.get(id));
    }

    List<String> subjects(boolean includeDeleted) {
        List<String> names = new ArrayList<>();
        subjects.forEach((name, versions) -> {
            if (versions.values().stream().anyMatch(v -> includeDeleted || !v.deleted())) {
                names.add(name);
            }
        });
        return names;
    }

    List<Integer> versions(String subject, boolean includeDeleted) {
        return live(subject, includeDeleted).stream().map(Version::version).toList();
    }

    Version version(String subject, String versionSpec, boolean includeDeleted) {
        List<Version> versions = live(subject, includeDeleted);
        if ("latest".equals(versionSpec) || "-1".equals(versionSpec)) {
            return versions.get(versions.size() - 1);
        }
        int number = parseVersion(versionSpec);
        return versions.stream().filter(v -> v.version() == number).findFirst()
                .orElseThrow(() -> RegistryError.versionNotFound(versionSpec));
    }

    Version lookup(String subject, String schemaText, boolean includeDeleted) {
        String canonical = canonical(schemaText).toString();
        return live(subject, includeDeleted).stream().filter(v -> v.schema().equals(canonical)).findFirst()
                .orElseThrow(RegistryError::schemaNotFound);
    }

    /** Subjects and versions that hold schema {@code id}. */
    List<Version> usages(int id) {
        List<Version> usages = new ArrayList<>();
        subjects.values().forEach(vs -> vs.values().stream().filter(v -> v.id() == id && !v.deleted()).forEach(usages::add));
        return usages;
    }

    CompatibilityLevel globalLevel() {
        return globalLevel;
    }

    Optional<CompatibilityLevel> subjectLevel(String subject) {
        return Optional.ofNullable(subjectLevels.get(subject));
    }

    CompatibilityLevel effectiveLevel(String subject) {
        return subjectLevels.getOrDefault(subject, globalLevel);
    }

    /** Problems with {@code schemaText} following the given version(s) of {@code subject}; empty when compatible. */
    List<String> compatibilityProblems(String subject, String versionSpec, String schemaText) {
        Schema candidate = canonical(schemaText);
        List<Version> versions = live(subject, false);
        CompatibilityLevel level = effectiveLevel(subject);
        List<Schema> against;
        if ("latest".equals(versionSpec) || "-1".equals(versionSpec)) {
            against = versions.stream().map(v -> canonical(v.schema())).toList();
        } else {
            against = List.of(canonical(version(subject, versionSpec, false).schema()));
            level = level.transitive() ? CompatibilityLevel.valueOf(level.name().replace("_TRANSITIVE", "")) : level;
        }
        return level.violations(candidate, against);
    }

    // ---- planned changes

    Registration planRegister(String subject, String schemaText) {
        validateSubject(subject);
        Schema schema = canonical(schemaText);
        String canonical = schema.toString();
        NavigableMap<Integer, Version> versions = subjects.getOrDefault(subject, new TreeMap<>());
        Optional<Version> existing = versions.values().stream()
                .filter(v -> !v.deleted() && v.schema().equals(canonical)).findFirst();
        if (existing.isPresent()) {
            return new Registration(existing.get().id(), List.of());
        }
        List<Schema> earlier = versions.values().stream().filter(v -> !v.deleted())
                .map(v -> canonical(v.schema())).toList();
        List<String> problems = effectiveLevel(subject).violations(schema, earlier);
        if (!problems.isEmpty()) {
            throw RegistryError.incompatible(subject, problems.toString());
        }
        int id = idsBySchema.getOrDefault(canonical,
                schemasById.keySet().stream().mapToInt(Integer::intValue).max().orElse(0) + 1);
        int version = versions.isEmpty() ? 1 : versions.lastKey() + 1;
        return new Registration(id, List.of(schemaRecord(new Version(subject, version, id, canonical, false))));
    }

    /** Soft delete marks every version deleted; a permanent delete removes soft-deleted versions. */
    List<LogRecord> planDeleteSubject(String subject, boolean permanent) {
        NavigableMap<Integer, Version> versions = subjects.get(subject);
        if (versions == null || versions.isEmpty()) {
            throw RegistryError.subjectNotFound(subject);
        }
        List<LogRecord> records = new ArrayList<>();
        if (permanent) {
            if (versions.values().stream().anyMatch(v -> !v.deleted())) {
                throw RegistryError.subjectNotSoftDeleted(subject);
            }
            versions.values().forEach(v -> records.add(new LogRecord(schemaKey(subject, v.version()), null)));
            if (subjectLevels.containsKey(subject)) {
                records.add(new LogRecord(configKey(subject), null));
            }
        } else {
            if (versions.values().stream().allMatch(Version::deleted)) {
                throw RegistryError.subjectSoftDeleted(subject);
            }
            versions.values().stream().filter(v -> !v.deleted()).forEach(v -> records.add(
                    schemaRecord(new Version(subject, v.version(), v.id(), v.schema(), true))));
        }
        return records;
    }

    LogRecord planSetLevel(String subject, CompatibilityLevel level) {
        ObjectNode value = JSON.createObjectNode().put("compatibilityLevel", level.name());
        return new LogRecord(configKey(subject), value.toString());
    }

    LogRecord planClearLevel(String subject) {
        return new LogRecord(configKey(subject), null);
    }

    // ---- applying the log

    void apply(LogRecord record) {
        JsonNode key = parse(record.key());
        JsonNode value = record.value() == null ? null : parse(record.value());
        String subject = key.path("subject").isNull() || key.path("subject").isMissingNode()
                ? null : key.path("subject").asText();
        switch (key.path("keytype").asText()) {
            case "SCHEMA" -> applySchema(subject, key.path("version").asInt(), value);
            case "CONFIG" -> applyConfig(subject, value);
            default -> {
                // NOOP, MODE and other Confluent key types carry nothing this registry serves.
            }
        }
    }

    private void applySchema(String subject, int version, JsonNode value) {
        if (value == null) {
            NavigableMap<Integer, Version> versions = subjects.get(subject);
            if (versions != null) {
                versions.remove(version);
                if (versions.isEmpty()) {
                    subjects.remove(subject);
                }
            }
            return;
        }
        int id = value.path("id").asInt();
        String schema = value.path("schema").asText();
        schemasById.put(id, schema);
        idsBySchema.putIfAbsent(schema, id);
        subjects.computeIfAbsent(subject, s -> new TreeMap<>())
                .put(version, new Version(subject, version, id, schema, value.path("deleted").asBoolean(false)));
    }

    private void applyConfig(String subject, JsonNode value) {
        if (subject == null) {
            globalLevel = value == null ? defaultLevel : CompatibilityLevel.parse(value.path("compatibilityLevel").asText());
        } else if (value == null) {
            subjectLevels.remove(subject);
        } else {
            subjectLevels.put(subject, CompatibilityLevel.parse(value.path("compatibilityLevel").asText()));
        }
    }

    // ---- helpers

    private List<Version> live(String subject, boolean includeDeleted) {
        NavigableMap<Integer, Version> versions = subjects.get(subject);
        List<Version> live = versions == null ? List.of()
                : versions.values().stream().filter(v -> includeDeleted || !v.deleted()).toList();
        if (live.isEmpty()) {
            throw RegistryError.subjectNotFound(subject);
        }
        return live;
    }

    static int parseVersion(String spec) {
        try {
            int number = Integer.parseInt(spec);
            if (number < 1) {
                throw new NumberFormatException();
            }
            return number;
        } catch (NumberFormatException e) {
            throw RegistryError.invalidVersion(spec);
        }
    }

    static Schema canonical(String schemaText) {
        if (schemaText == null || schemaText.isBlank()) {
            throw RegistryError.invalidSchema("empty schema");
        }
        try {
            return new Schema.Parser().parse(schemaText);
        } catch (RuntimeException e) { // Avro reports some malformed schemas with NullPointerException
            throw RegistryError.invalidSchema(e.getMessage());
        }
    }

    private static void validateSubject(String subject) {
        if (subject.isBlank() || subject.length() > 255 || subject.chars().anyMatch(Character::isISOControl)) {
            throw RegistryError.badRequest("Invalid subject name");
        }
    }

    private static LogRecord schemaRecord(Version v) {
        ObjectNode value = JSON.createObjectNode()
                .put("subject", v.subject()).put("version", v.version()).put("id", v.id())
                .put("schema", v.schema()).put("deleted", v.deleted());
        return new LogRecord(schemaKey(v.subject(), v.version()), value.toString());
    }

    private static String schemaKey(String subject, int version) {
        return JSON.createObjectNode().put("keytype", "SCHEMA").put("subject", subject).put("version", version)
                .put("magic", 1).toString();
    }

    private static String configKey(String subject) {
        ObjectNode key = JSON.createObjectNode().put("keytype", "CONFIG");
        if (subject == null) {
            key.putNull("subject");
        } else {
            key.put("subject", subject);
        }
        return key.put("magic", 0).toString();
    }

    private static JsonNode parse(String json) {
        try {
            return JSON.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException("unreadable _schemas record: " + json, e);
        }
    }

}
