package io.drsmonitor.kafka;

import java.time.Duration;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The topic names and Kafka application ids of one deployment. The deployment name replaces the
 * leading {@code drs} of every standard name ({@value #JOB_EVENTS} becomes
 * {@code blue.job-events}, {@code drs-monitor-collector} becomes {@code blue-monitor-collector}), so
 * two deployments share a cluster without sharing a record; the default, {@code drs}, gives the
 * standard names below.
 */
public record TopicNames(String deployment) {
    // The standard deployment's names, which users and scripts rely on.
    public static final String JOB_EVENTS = "drs.job-events";
    public static final String JOB_EVENTS_DLQ = "drs.job-events.dlq";
    public static final String PRECHECK_SUBMISSIONS = "drs.precheck.submissions";
    public static final String PRECHECK_RESULTS = "drs.precheck.results";
    public static final String DR_STRUCT_PROCESS = "drs.dr.struct-process";
    public static final String ALERTS = "drs.alerts";
    /** Finished pre-check runs with what changed since the job's previous run, keyed by job id. */
    public static final String PRECHECK_RUNS = "drs.precheck.runs";
    public static final String PROJECT_PRECHECK_SUMMARY = "drs.project.precheck-summary";
    public static final String PROJECT_DR_INIT_SUMMARY = "drs.project.dr-init-summary";
    /** Each check item across every project and region (FleetItem), keyed by item name. */
    public static final String FLEET_ITEMS = "drs.fleet.items";
    /** Job counts per slice of the fleet (FleetSlice), keyed region|engine|direction. */
    public static final String FLEET_TOTALS = "drs.fleet.totals";
    public static final String SCHEMAS = "_schemas";
    /** Alert transitions a sink refused for good, with the sink and the reason in headers. */
    public static final String ALERT_DELIVERY_DLQ = "drs.alerts.delivery.dlq";
    /** The last transition each sink handled per alert id, in the partition of the alert's drs.alerts partition. */
    public static final String ALERT_DELIVERY_STATE = "drs.alerts.delivery.state";
    /** Records the summaries topology could not read or process, with Kafka Streams' error headers. */
    public static final String SUMMARIES_DLQ = "drs.summaries.dlq";
    /** Job events re-keyed by project, so one collector task owns all of a project's jobs. */
    public static final String JOB_EVENTS_BY_PROJECT = "drs.job-events.by-project";
    /**
     * What discovery knows of each job it follows, keyed by {@code region:project/job}, a project's jobs in
     * one partition: the partition's owner in the discovery group discovers the project and reads it back.
     */
    public static final String DISCOVERY_JOBS = "drs.discovery.jobs";

    /** Lower-case letters, digits and dashes, starting with a letter: legal in topic names and group ids alike. */
    private static final Pattern VALID = Pattern.compile("[a-z][a-z0-9-]{0,31}");
    public static final String DEFAULT_DEPLOYMENT = "drs";
    public static final TopicNames DEFAULT = new TopicNames(DEFAULT_DEPLOYMENT);

    public TopicNames {
        if (!valid(deployment)) {
            throw new IllegalArgumentException("a deployment name is 1 to 32 lower-case letters, digits or '-', starting with a letter");
        }
    }

    public static boolean valid(String deployment) {
        return deployment != null && VALID.matcher(deployment).matches();
    }

    public String jobEvents() {
        return topic(TopicNames.JOB_EVENTS);
    }

    public String jobEventsDlq() {
        return topic(TopicNames.JOB_EVENTS_DLQ);
    }

    public String jobEventsByProject() {
        return topic(TopicNames.JOB_EVENTS_BY_PROJECT);
    }

    public String precheckSubmissions() {
        return topic(TopicNames.PRECHECK_SUBMISSIONS);
    }

    public String precheckResults() {
        return topic(TopicNames.PRECHECK_RESULTS);
    }

    public String drStructProcess() {
        return topic(TopicNames.DR_STRUCT_PROCESS);
    }

    public String precheckRuns() {
        return topic(PRECHECK_RUNS);
    }

    public String alerts() {
        return topic(TopicNames.ALERTS);
    }

    public String alertDeliveryDlq() {
        return topic(TopicNames.ALERT_DELIVERY_DLQ);
    }

    public String alertDeliveryState() {
        return topic(TopicNames.ALERT_DELIVERY_STATE);
    }

    public String projectPrecheckSummary() {
        return topic(TopicNames.PROJECT_PRECHECK_SUMMARY);
    }

    public String projectDrInitSummary() {
        return topic(TopicNames.PROJECT_DR_INIT_SUMMARY);
    }

    public String fleetItems() {
        return topic(TopicNames.FLEET_ITEMS);
    }

    public String fleetTotals() {
        return topic(TopicNames.FLEET_TOTALS);
    }

    public String discoveryJobs() {
        return topic(TopicNames.DISCOVERY_JOBS);
    }

    public String summariesDlq() {
        return topic(TopicNames.SUMMARIES_DLQ);
    }

    /** A Kafka Streams application id or consumer group of this deployment: {@code <deployment>-monitor-<part>}. */
    public String applicationId(String part) {
        return deployment + "-monitor-" + part;
    }

    /**
     * The deployment's topics. Results and summaries are latest-state records per key, so they are
     * compacted; events, dead letters and alerts are a history, so they are not.
     */
    public List<TopicSpec> applicationTopics(int partitions, short replicationFactor) {
        return applicationTopics(partitions, replicationFactor, DEFAULT_RUNS_RETENTION);
    }

    /** Finished runs are a history kept this long by default ({@code history.runs.retention.days}). */
    public static final Duration DEFAULT_RUNS_RETENTION = Duration.ofDays(90);

    /** The deployment's topics, the finished runs kept {@code runsRetention}. */
    public List<TopicSpec> applicationTopics(int partitions, short replicationFactor, Duration runsRetention) {
        return List.of(
                TopicSpec.deleted(jobEvents(), partitions, replicationFactor),
                TopicSpec.deleted(jobEventsDlq(), partitions, replicationFactor),
                TopicSpec.deleted(jobEventsByProject(), partitions, replicationFactor),
                TopicSpec.deleted(summariesDlq(), partitions, replicationFactor),
                TopicSpec.compacted(precheckSubmissions(), partitions, replicationFactor),
                TopicSpec.compacted(precheckResults(), partitions, replicationFactor),
                TopicSpec.compacted(drStructProcess(), partitions, replicationFactor),
                TopicSpec.deleted(alerts(), partitions, replicationFactor),
                TopicSpec.deleted(precheckRuns(), partitions, replicationFactor).retainedFor(runsRetention),
                TopicSpec.deleted(alertDeliveryDlq(), partitions, replicationFactor),
                TopicSpec.compacted(alertDeliveryState(), partitions, replicationFactor),
                TopicSpec.compacted(projectPrecheckSummary(), partitions, replicationFactor),
                TopicSpec.compacted(projectDrInitSummary(), partitions, replicationFactor),
                TopicSpec.compacted(fleetItems(), partitions, replicationFactor),
                TopicSpec.compacted(fleetTotals(), partitions, replicationFactor),
                TopicSpec.compacted(discoveryJobs(), partitions, replicationFactor));
    }

    private String topic(String standard) {
        return deployment + standard.substring(DEFAULT_DEPLOYMENT.length());
    }
}
