package io.drsmonitor.collector;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.drsmonitor.model.DrInitPhase;
import io.drsmonitor.model.PrecheckPhase;
import io.drsmonitor.model.TrackedJob;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.Test;
import io.drsmonitor.avro.SpecificAvroSerde;
import java.util.Map;

/** The index of jobs with calls to make, rebuilt from the store, and the retention of finished jobs. */
class TrackedJobsTest {

    static KeyValueStore<String, TrackedJob> store(String scope) {
        MockProcessorContext<Object, Object> context = new MockProcessorContext<>();
        KeyValueStore<String, TrackedJob> store = Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(CollectorTopology.JOBS_STORE), Serdes.String(),
                        SpecificAvroSerde.forValues(TrackedJob.class, Map.of("schema.registry.url", "mock://" + scope)))
                .withLoggingDisabled().build();
        store.init(context.getStateStoreContext(), store);
        return store;
    }

    private static TrackedJob job(String id, PrecheckPhase precheck, DrInitPhase dr) {
        return TrackedJob.newBuilder().setJobId(id).setProjectId("p").setPrecheck(precheck).setDrInit(dr).build();
    }

    @Test
    void onlyJobsWithCallsToMakeAreIndexedAndFinishedOnesExpire() {
        AtomicLong now = new AtomicLong(1_000_000);
        KeyValueStore<String, TrackedJob> backing = store("tracked-jobs-test");
        TrackedJobs jobs = new TrackedJobs(backing, now::get);
        jobs.put("polling", job("polling", PrecheckPhase.POLL, DrInitPhase.NONE));
        jobs.put("dr", job("dr", PrecheckPhase.DONE, DrInitPhase.POLL));
        jobs.put("done", job("done", PrecheckPhase.DONE, DrInitPhase.DONE));
        jobs.put("confirming", job("confirming", PrecheckPhase.CONFIRM, DrInitPhase.NONE));
        assertEquals(List.of("polling", "dr", "confirming"), jobs.active());

        // A new owner rebuilds the index from the store alone.
        assertEquals(3, new TrackedJobs(backing, now::get).active().size());

        TrackedJob finished = jobs.get("polling");
        finished.setPrecheck(PrecheckPhase.DONE);
        now.addAndGet(Duration.ofHours(1).toMillis());
        jobs.put("polling", finished);
        assertEquals(List.of("dr", "confirming"), jobs.active());

        now.addAndGet(Duration.ofHours(23).toMillis() + 1);
        assertEquals(1, jobs.sweep(Duration.ofHours(24)), "'done' is 24 h old, 'polling' finished only 23 h ago");
        assertNull(jobs.get("done"));
        assertEquals(PrecheckPhase.DONE, jobs.get("polling").getPrecheck());
        assertEquals(3, jobs.size());
    }
}
