package io.drsmonitor.streams;

import io.drsmonitor.kafka.TopicNames;
import io.drsmonitor.model.CheckResult;
import io.drsmonitor.model.JobDirection;
import io.drsmonitor.model.ObservationOutcome;
import io.drsmonitor.model.PrecheckItem;
import io.drsmonitor.model.PrecheckResult;
import io.drsmonitor.model.StructObjectState;
import io.drsmonitor.model.StructProcess;
import io.drsmonitor.model.StructProcessEntry;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.avro.specific.SpecificRecord;
import java.time.temporal.ChronoUnit;

/**
 * A seeded stream of snapshots as the collector might deliver them at its worst: progress,
 * verdicts, flapping items, exact duplicates, older snapshots arriving late, tombstones, jobs moving
 * projects, API failures, for pre-checks and DR initializations.
 */
final class SnapshotScenario {
    record Event(String topic, String jobId, SpecificRecord value) {
    }

    private static final String[] ITEMS = {"srcDbConnection", "dstDbConnection", "srcBinlogFormatCheck", "dbParamConsistency",
            "srcCollHasTtlIndex"};
    private static final String[] GROUPS = {"network", "network", "db_params", "db_params", "db_params"};
    private static final String[] TYPES = {"database", "table", "view"};

    private SnapshotScenario() {
    }

    static List<Event> generate(long seed, String runPrefix, int jobs, int projects, int events) {
        Random random = new Random(seed);
        Instant base = Instant.now().truncatedTo(ChronoUnit.MILLIS).minus(Duration.ofHours(2));
        List<Event> out = new ArrayList<>(events);
        Map<String, List<Event>> sent = new HashMap<>();
        Map<String, String> projectOf = new HashMap<>();
        long clock = 0;
        for (int i = 0; i < events; i++) {
            int job = random.nextInt(jobs);
            boolean dr = job % 3 == 0;
            String jobId = String.format("%08x-%04x-4000-8000-%07x%s%03d", job, seed & 0xffff, job, dr ? "dr" : "jb", job % 1000);
            // DR jobs have pre-checks too: one event in four of a DR job is a pre-check snapshot.
            String topic = dr && random.nextInt(4) != 0 ? TopicNames.DR_STRUCT_PROCESS : TopicNames.PRECHECK_RESULTS;
            String project = projectOf.computeIfAbsent(jobId, k -> project(runPrefix, random.nextInt(projects)));
            int action = random.nextInt(100);
            List<Event> history = sent.computeIfAbsent(jobId, k -> new ArrayList<>());
            Event event;
            if (action < 8 && !history.isEmpty()) {
                event = history.get(random.nextInt(history.size())); // an exact duplicate of an earlier delivery
            } else if (action < 16) {
                // a late snapshot, observed before the newest one
                Instant at = base.plusMillis(Math.max(0, clock - 1 - random.nextInt(50)) * 1000);
                event = snapshot(random, topic, jobId, project, at, random.nextInt(10) == 0);
            } else if (action < 20) {
                event = new Event(topic, jobId, null);
            } else if (action < 24) {
                project = project(runPrefix, random.nextInt(projects));
                projectOf.put(jobId, project);
                event = snapshot(random, topic, jobId, project, base.plusMillis(++clock * 1000), false);
            } else {
                event = snapshot(random, topic, jobId, project, base.plusMillis(++clock * 1000), action < 32);
            }
            if (event.value() != null) {
                history.add(event);
            }
            out.add(event);
        }
        return out;
    }

    static String project(String runPrefix, int n) {
        return runPrefix + String.format("%08x", n);
    }

    private static Event snapshot(Random random, String topic, String jobId, String project, Instant at, boolean apiFailure) {
        if (topic.equals(TopicNames.PRECHECK_RESULTS)) {
            return new Event(topic, jobId, precheck(random, jobId, project, at, apiFailure));
        }
        return new Event(topic, jobId, struct(random, jobId, project, at, apiFailure));
    }

    /*
     * Region, engine and reason follow from the project, job and time, not from the random source, so the
     * scenario's other draws stay as they were. A project lives in one of three regions; one snapshot in
     * eleven names no region and one in thirteen no engine (the job keeps the last one named).
     */
    private static String region(String project, Instant at) {
        return at.getEpochSecond() % 11 == 0 ? null : "region-" + Math.floorMod(project.hashCode(), 3);
    }

    private static String engine(String jobId, Instant at) {
        return at.getEpochSecond() % 13 == 0 ? null : Math.floorMod(jobId.hashCode(), 2) == 0 ? "mysql" : "postgresql";
    }

    /** The direction a DR job's events give (stable per job), left out of one snapshot in seven. */
    private static JobDirection eventDirection(String jobId, Instant at) {
        return at.getEpochSecond() % 7 == 0 ? null : JobDirection.values()[Math.floorMod(jobId.hashCode(), 3)];
    }

    private static String reason(int item, Instant at) {
        return "REASON_" + item + "_" + at.getEpochSecond() % 3;
    }

    private static PrecheckResult precheck(Random random, String jobId, String project, Instant at, boolean apiFailure) {
        PrecheckResult.Builder b = PrecheckResult.newBuilder().setProjectId(project).setJobId(jobId).setPrecheckId(jobId)
                .setObservedAt(at).setItems(List.of()).setRegion(region(project, at)).setEngineType(engine(jobId, at));
        if (apiFailure) {
            return b.setOutcome(ObservationOutcome.API_FAILURE).setErrorCode("DRSMON.API_FAILURE").setErrorMsg("GAVE_UP")
                    .setConsecutiveFailures(1 + random.nextInt(5)).setComplete(false).build();
        }
        if (random.nextInt(15) == 0) {
            return b.setOutcome(ObservationOutcome.JOB_ERROR).setErrorCode("DRS.M00289").setErrorMsg("The job does not exist.")
                    .setComplete(false).build();
        }
        int process = 20 * random.nextInt(6);
        boolean complete = process == 100;
        List<PrecheckItem> items = new ArrayList<>();
        int reported = complete ? ITEMS.length : random.nextInt(ITEMS.length + 1);
        int failed = 0;
        for (int i = 0; i < reported; i++) {
            int roll = random.nextInt(10);
            CheckResult verdict = roll == 0 ? CheckResult.FAILED : roll == 1 ? CheckResult.ALARM : CheckResult.PASSED;
            failed += verdict == CheckResult.FAILED ? 1 : 0;
            items.add(PrecheckItem.newBuilder().setItem(ITEMS[i]).setGroup(GROUPS[i]).setVerdict(verdict)
                    .setResultRaw(verdict.name()).setFailedReason(verdict == CheckResult.PASSED ? null : reason(i, at)).build());
        }
        double rate = reported == 0 ? 100 : 100.0 * (reported - failed) / reported;
        rate = Math.round(rate);
        JobDirection direction = JobDirection.values()[random.nextInt(3)];
        return b.setOutcome(ObservationOutcome.OK).setProcess(process + "%").setProcessPercent((double) process)
                .setPassed(complete ? failed == 0 : null).setComplete(complete).setTotalPassedRate((long) rate + "%")
                .setTotalPassedRatePercent(rate).setJobDirection(direction).setJobDirectionRaw(direction.name().toLowerCase(Locale.ROOT))
                .setItems(items).setRunRequestedAt(at.minusSeconds(600 + random.nextInt(3) * 60L)).build();
    }

    private static StructProcess struct(Random random, String jobId, String project, Instant at, boolean apiFailure) {
        StructProcess.Builder b = StructProcess.newBuilder().setProjectId(project).setJobId(jobId).setObservedAt(at).setEntries(List.of())
                .setRegion(region(project, at)).setEngineType(engine(jobId, at)).setJobDirection(eventDirection(jobId, at));
        if (apiFailure) {
            return b.setOutcome(ObservationOutcome.API_FAILURE).setErrorCode("DRSMON.API_FAILURE").setErrorMessage("GAVE_UP")
                    .setConsecutiveFailures(1 + random.nextInt(5)).setComplete(false).build();
        }
        if (random.nextInt(12) == 0) {
            return b.setOutcome(ObservationOutcome.JOB_ERROR).setErrorCode("DRS.M03500").setErrorMessage("initialization failed")
                    .setComplete(true).build();
        }
        List<StructProcessEntry> entries = new ArrayList<>();
        boolean allDone = true;
        Instant started = at.minusSeconds(60L * (1 + random.nextInt(30)));
        for (int t = 0; t < 1 + random.nextInt(TYPES.length); t++) {
            long src = 10 + random.nextInt(90);
            boolean done = random.nextInt(3) == 0;
            long dst = done ? src : random.nextInt((int) src);
            allDone &= done;
            entries.add(StructProcessEntry.newBuilder().setType(TYPES[t]).setStatus(done ? 2 : 1)
                    .setState(done ? StructObjectState.COMPLETED : StructObjectState.IN_PROGRESS).setSrcCount(src)
                    .setDstCount(dst).setStartTime(started.plusSeconds(t)).setEndTime(done ? at : null).build());
        }
        return b.setOutcome(ObservationOutcome.OK).setEntries(entries).setComplete(allDone).build();
    }
}
