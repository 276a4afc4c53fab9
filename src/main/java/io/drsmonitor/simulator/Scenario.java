package io.drsmonitor.simulator;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

/** The jobs a simulator starts with. */
public record Scenario(List<JobSpec> jobs) {
    /** The project of the DRS reference's examples. */
    public static final String EXAMPLE_PROJECT = "054ba152d480d55b2f5dc0069e7ddef0";

    public static Scenario empty() {
        return new Scenario(List.of());
    }

    /** The jobs of the DRS reference's examples, answering as the reference shows. */
    public static Scenario examples() {
        return new Scenario(List.of(
                JobSpec.of(EXAMPLE_PROJECT, "140b5236-88ad-43c8-811c-1268453jb101", JobSpec.Engine.MYSQL, false)
                        .withRdsInstanceId("e05a3679efe241d8b5dee80b17c1a863in01"),
                JobSpec.of(EXAMPLE_PROJECT, "a281f62f-4631-45d6-a2d3-679a9f4jb105", JobSpec.Engine.DDS, false)
                        .withRdsInstanceId("3cadd5a0ef724f55ac7fa5bcb5f4fc5fin02")
                        .withScripted(Map.of("srcCollHasTtlIndex", "ALARM", "srcShardKeyConfiguration", "ALARM")),
                JobSpec.of(EXAMPLE_PROJECT, "0ea5c5a0-e1b5-4421-80a9-7c9ff27jb502", JobSpec.Engine.MYSQL, true),
                JobSpec.of(EXAMPLE_PROJECT, "8ee21a0b-fff5-46b4-a6dd-6c54d5djb201", JobSpec.Engine.MYSQL, true)));
    }

    /** The region most demo projects live in; one lives in {@link #DEMO_SECOND_REGION}. */
    public static final String DEMO_REGION = "ap-southeast-1";
    public static final String DEMO_SECOND_REGION = "eu-west-101";

    /**
     * Several projects of MySQL and DDS jobs in two regions, some DR, some alarming or failing their
     * checks, one DR initialization that stalls and one that fails: every feature has something to show.
     */
    public static Scenario demo(long seed) {
        Random random = new Random(seed);
        List<JobSpec> jobs = new ArrayList<>(examples().jobs());
        String[] directions = {"up", "down", "non-dbs"};
        for (int p = 0; p < 4; p++) {
            String project = hex(random, 32);
            for (int j = 0; j < 6; j++) {
                JobSpec.Engine engine = j % 3 == 2 ? JobSpec.Engine.DDS : JobSpec.Engine.MYSQL;
                boolean dr = j % 2 == 1;
                JobSpec job = JobSpec.of(project, jobId(random, p * 10 + j), engine, dr)
                        .withDirection(directions[(p + j) % directions.length])
                        .withChances(j == 3 ? 0.15 : 0.03, j == 4 ? 0.08 : 0.005)
                        .withTimes(8 + random.nextInt(20), 20 + random.nextInt(60))
                        .withRegion(p == 3 ? DEMO_SECOND_REGION : DEMO_REGION);
                if (p == 1 && j == 1) {
                    job = job.withDrScript(JobSpec.DrScript.STALL, 0.45);
                } else if (p == 2 && j == 3) {
                    job = job.withDrScript(JobSpec.DrScript.FAIL, 0.6);
                }
                jobs.add(job);
            }
        }
        return new Scenario(jobs);
    }

    /** The project of {@link #drProgress()}. */
    public static final String PROGRESS_PROJECT = "5e7a11ed0c0ffee0d15ea5e0000000aa";

    /**
     * Five DR initializations of 12,000-odd objects with known progress, for ETA and alert checks: steady
     * (2 h), bursty (a step every 12 minutes, 4 h), slowing (to 1/200 of its speed at 40 %), stalled
     * (stands still 45 minutes at 50 %) and failed (at 60 %).
     */
    public static Scenario drProgress() {
        Duration twoHours = Duration.ofHours(2);
        List<DrProgress> models = List.of(DrProgress.steady(twoHours), DrProgress.bursty(Duration.ofHours(4), Duration.ofMinutes(12)),
                DrProgress.slowing(twoHours, 0.4, 0.005), DrProgress.stalled(twoHours, 0.5, Duration.ofMinutes(45)),
                DrProgress.failed(twoHours, 0.6));
        List<JobSpec> jobs = new ArrayList<>();
        for (int i = 0; i < models.size(); i++) {
            jobs.add(JobSpec.of(PROGRESS_PROJECT, progressJobId(models.get(i).kind()), JobSpec.Engine.MYSQL, true)
                    .withDrProgress(models.get(i)));
        }
        return new Scenario(jobs);
    }

    /** The job of {@link #drProgress()} that follows this model, e.g. 00000000-0000-0000-0000-0000000jb902 for BURSTY. */
    public static String progressJobId(DrProgress.Kind kind) {
        return String.format(Locale.ROOT, "00000000-0000-0000-0000-0000000jb%03d", 901 + kind.ordinal());
    }

    /** A DRS-style id: 8-4-4-4-12 with a job suffix, like 140b5236-88ad-43c8-811c-1268453jb101. */
    public static String jobId(Random random, int n) {
        return hex(random, 8) + "-" + hex(random, 4) + "-" + hex(random, 4) + "-" + hex(random, 4) + "-"
                + hex(random, 7) + String.format("jb%03d", n % 1000);
    }

    private static String hex(Random random, int length) {
        StringBuilder s = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            s.append(Character.forDigit(random.nextInt(16), 16));
        }
        return s.toString();
    }
}
