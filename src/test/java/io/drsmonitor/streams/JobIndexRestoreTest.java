package io.drsmonitor.streams;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.drsmonitor.avro.SpecificAvroSerde;
import io.drsmonitor.streams.internals.ObjectStore;
import io.drsmonitor.streams.state.DrJobState;
import io.drsmonitor.streams.state.PrecheckJobState;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.StateRestoreCallback;
import org.apache.kafka.streams.processor.StateStore;
import org.apache.kafka.streams.processor.StateStoreContext;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.Test;

/**
 * A task that is active again after a standby period: Kafka Streams kept its stores open and restored
 * into the per-job stores what another instance wrote meanwhile. The job index, derived from them (no
 * changelog of its own) and kept as memos beside the states, must be built anew from what they hold now.
 * The restores are driven through the callback the per-job store registers, as Kafka Streams drives them.
 */
class JobIndexRestoreTest {
    private static final String J = "11111111-1111-1111-1111-1111111jb001";
    private static final String K = "22222222-2222-2222-2222-2222222jb002";
    private final Map<String, Object> serde = Map.of("schema.registry.url", "mock://index-restore-" + UUID.randomUUID());
    private final Serde<PrecheckJobState> states = SpecificAvroSerde.forValues(PrecheckJobState.class, serde);
    private final ObjectStore<PrecheckJobState> prechecks = ObjectStore.builder(SummaryTopology.PRECHECK_JOBS_STORE, states)
            .withLoggingDisabled().build();
    private final ObjectStore<DrJobState> drs = ObjectStore.builder(SummaryTopology.DR_JOBS_STORE,
            SpecificAvroSerde.forValues(DrJobState.class, serde)).withLoggingDisabled().build();
    private final KeyValueStore<String, String> index = Stores.keyValueStoreBuilder(
                    Stores.inMemoryKeyValueStore(SummaryTopology.JOBS_BY_PROJECT_STORE), Serdes.String(), Serdes.String())
            .withLoggingDisabled().build();
    private final JobProjectsStore projects = JobProjectsStore.builder(SummaryTopology.JOB_PROJECTS_STORE).build();
    private final Map<String, StateRestoreCallback> restorers = new HashMap<>();

    @Test
    void aTaskActiveAgainAfterRestoresListsEachJobUnderItsRestoredProject() {
        MockProcessorContext<String, Object> context = new MockProcessorContext<>();
        StateStoreContext restoring = restoringContext();
        prechecks.init(restoring, prechecks);
        drs.init(restoring, drs);
        index.init(context.getStateStoreContext(), index);
        projects.init(context.getStateStoreContext(), projects);
        List.of(prechecks, drs, index, projects).forEach(context::addStateStore);

        // The task's first active period: J in project P, K in P too.
        restore(J, state("P", 1_000));
        restore(K, state("P", 1_000));
        JobIndex.attach(context);
        assertEquals(Map.of("P", List.of(J, K)), listed());

        // A standby period: another instance moved J to Q and deleted K; their changelog records are restored.
        restore(J, state("Q", 2_000));
        restore(K, null);
        assertEquals("Q", prechecks.get(J).getProjectId(), "queries read the restored bytes");
        assertNull(prechecks.get(K));

        // Active again: the processors start anew on the kept stores.
        JobIndex active = JobIndex.attach(context);
        assertEquals(Map.of("Q", List.of(J)), listed(), "built from what the stores hold now, not kept from before");
        assertEquals("Q", projects.get(J));
        assertNull(projects.get(K));

        // The usual snapshot of J in Q after that: read from the memo, still listed under Q only.
        PrecheckJobState before = prechecks.live(J);
        assertEquals("Q", before.getProjectId(), "the live state, decoded from the restored bytes");
        PrecheckJobState after = state("Q", 3_000);
        prechecks.write(J, after);
        active.precheckChanged(J, before, after);
        assertEquals(Map.of("Q", List.of(J)), listed());
        assertEquals("Q", prechecks.memo(J));
    }

    private void restore(String job, PrecheckJobState state) {
        restorers.get(SummaryTopology.PRECHECK_JOBS_STORE).restore(Serdes.String().serializer().serialize("changelog", job),
                state == null ? null : states.serializer().serialize("changelog", state));
    }

    private static PrecheckJobState state(String project, long observedAt) {
        return PrecheckParts.newState(project, observedAt);
    }

    /** Project to jobs, as the index lists them. */
    private Map<String, List<String>> listed() {
        Map<String, List<String>> byProject = new TreeMap<>();
        try (KeyValueIterator<String, String> all = index.all()) {
            all.forEachRemaining(kv -> byProject.computeIfAbsent(JobIndex.projectOf(kv.key), p -> new ArrayList<>())
                    .add(JobIndex.jobOf(kv.key)));
        }
        return byProject;
    }

    /** A store context that keeps the restore callback each store registers, as Kafka Streams' state manager does. */
    private StateStoreContext restoringContext() {
        return (StateStoreContext) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {StateStoreContext.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("register")) {
                        restorers.put(((StateStore) args[0]).name(), (StateRestoreCallback) args[1]);
                        return null;
                    }
                    throw new UnsupportedOperationException(method.getName());
                });
    }
}
