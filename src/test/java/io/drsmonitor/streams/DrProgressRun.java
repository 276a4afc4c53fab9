package io.drsmonitor.streams;

import io.drsmonitor.avro.SpecificAvroSerde;
import io.drsmonitor.kafka.TopicNames;
import io.drsmonitor.model.CheckAlert;
import io.drsmonitor.model.ObservationOutcome;
import io.drsmonitor.model.ProjectDrInitSummary;
import io.drsmonitor.model.StructObjectState;
import io.drsmonitor.model.StructProcess;
import io.drsmonitor.model.StructProcessEntry;
import io.drsmonitor.simulator.DrProgress;
import io.drsmonitor.simulator.MutableClock;
import io.drsmonitor.streams.state.DrJobState;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * One DR job polled through the summaries topology (TopologyTestDriver) while a {@link DrProgress}
 * model says how far it got: the simulator's clock (a {@link MutableClock}) and the driver's wall clock
 * move together, one poll at a time, so hours of initialization run in a second.
 */
public final class DrProgressRun implements AutoCloseable {
    public static final String PROJECT = "5e7a11ed0c0ffee0d15ea5e0000000aa";
    public static final String JOB = "00000000-0000-0000-0000-0000000jb901";
    /** Objects to copy: one table type, 12,000 tables (100 a minute for a 2-hour steady copy). */
    public static final long OBJECTS = 12_000;
    public static final Instant T0 = Instant.parse("2026-11-23T10:00:00Z");

    /** What the monitor showed after one poll, beside the model's truth. */
    public record Poll(long elapsedMs, long dst, Long etaSeconds, Double ratePerMinute, boolean stalled, long trueRemainingMs,
                       List<CheckAlert> alerts) {
        public double fraction() {
            return (double) dst / OBJECTS;
        }
    }

    private final MutableClock clock = new MutableClock(T0);
    private final TopologyTestDriver driver;
    private final TestInputTopic<String, StructProcess> structs;
    private final TestOutputTopic<String, CheckAlert> alerts;
    private final ReadOnlyKeyValueStore<String, DrJobState> jobs;

    public DrProgressRun(SummarySettings settings) {
        Map<String, Object> serde = Map.of("schema.registry.url", "mock://dr-progress-" + UUID.randomUUID());
        Properties props = TestDrivers.properties("dr-progress-test");
        driver = new TopologyTestDriver(SummaryTopology.build(serde, settings, SummaryListener.NONE, TopicNames.DEFAULT), props, T0);
        structs = driver.createInputTopic(TopicNames.DR_STRUCT_PROCESS, Serdes.String().serializer(),
                SpecificAvroSerde.forValues(StructProcess.class, serde).serializer());
        alerts = driver.createOutputTopic(TopicNames.ALERTS, Serdes.String().deserializer(),
                SpecificAvroSerde.forValues(CheckAlert.class, serde).deserializer());
        jobs = TestDrivers.jobStore(driver, SummaryTopology.DR_JOBS_STORE);
    }

    /** The standard settings: stalls after 10 minutes (and 3 typical gaps), slow below 0.2 of the peak. */
    public static SummarySettings settings() {
        return SummarySettings.withStallAfter(Duration.ofMinutes(10), Duration.ofSeconds(10));
    }

    /** Polls {@code model} every {@code every} from {@code firstAt} after its start until it ends (or fails) or {@code until}. */
    public static List<Poll> run(DrProgress model, Duration firstAt, Duration every, Duration until) {
        try (DrProgressRun run = new DrProgressRun(settings())) {
            return run.follow(model, firstAt, every, until);
        }
    }

    /** Polls as {@link #run} does, on this run's clocks. */
    public List<Poll> follow(DrProgress model, Duration firstAt, Duration every, Duration until) {
        List<Poll> polls = new ArrayList<>();
        advance(firstAt);
        while (elapsedMs() <= until.toMillis()) {
            long elapsed = elapsedMs();
            long dst = (long) Math.floor(OBJECTS * model.fraction(elapsed) + 1e-9);
            long end = model.endMs();
            polls.add(poll(dst, model.failed(elapsed), end < 0 ? -1 : Math.max(0, end - elapsed)));
            if (dst >= OBJECTS || model.failed(elapsed)) {
                break;
            }
            advance(every);
        }
        return polls;
    }

    /** Moves the simulator's clock and the topology's wall clock together. */
    public void advance(Duration by) {
        clock.advance(by);
        driver.advanceWallClockTime(by);
    }

    public long elapsedMs() {
        return clock.millis() - T0.toEpochMilli();
    }

    /** One snapshot showing {@code dst} tables copied (or a DRS error), observed now; what the monitor shows after it. */
    public Poll poll(long dst, boolean failed, long trueRemainingMs) {
        boolean complete = dst >= OBJECTS;
        StructProcessEntry table = StructProcessEntry.newBuilder().setType("table").setStatus(complete ? 2 : 1)
                .setState(complete ? StructObjectState.COMPLETED : StructObjectState.IN_PROGRESS)
                .setSrcCount(OBJECTS).setDstCount(dst).setStartTime(T0).build();
        StructProcess s = StructProcess.newBuilder().setProjectId(PROJECT).setJobId(JOB).setEntries(List.of(table))
                .setOutcome(failed ? ObservationOutcome.JOB_ERROR : ObservationOutcome.OK).setComplete(complete || failed)
                .setErrorCode(failed ? "DRS.M03500" : null).setObservedAt(clock.instant()).build();
        structs.pipeInput(JOB, s, s.getObservedAt());
        DrJobState state = jobs.get(JOB);
        return new Poll(elapsedMs(), dst, DrPace.etaSeconds(state), DrPace.shownRatePerMinute(state), state.getAnswer().getStalled(),
                trueRemainingMs, alerts.readValuesToList());
    }

    /** The project's DR summary once published (both clocks move a publication interval). */
    public ProjectDrInitSummary summary() {
        advance(Duration.ofSeconds(1));
        KeyValueStore<String, ProjectDrInitSummary> store = driver.getKeyValueStore(SummaryTopology.DR_SUMMARY_STORE);
        return store.get(PROJECT);
    }

    /** Alerts raised since the last poll (stalls are found between polls, by the wall clock). */
    public List<CheckAlert> newAlerts() {
        return alerts.readValuesToList();
    }

    @Override
    public void close() {
        driver.close();
    }
}
