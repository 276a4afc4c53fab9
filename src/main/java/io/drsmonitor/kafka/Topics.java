package io.drsmonitor.kafka;

import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.TopicExistsException;

/** The standard topic names users and scripts rely on (deployment {@code drs}; see {@link TopicNames}), and idempotent topic creation. */
public final class Topics {
    public static final String JOB_EVENTS = "drs.job-events";
    public static final String JOB_EVENTS_DLQ = "drs.job-events.dlq";
    public static final String PRECHECK_SUBMISSIONS = "drs.precheck.submissions";
    public static final String PRECHECK_RESULTS = "drs.precheck.results";
    public static final String DR_STRUCT_PROCESS = "drs.dr.struct-process";
    public static final String ALERTS = "drs.alerts";
    public static final String PROJECT_PRECHECK_SUMMARY = "drs.project.precheck-summary";
    public static final String PROJECT_DR_INIT_SUMMARY = "drs.project.dr-init-summary";
    public static final String SCHEMAS = "_schemas";
    /** Alert transitions a sink refused for good, with the sink and the reason in headers. */
    public static final String ALERT_DELIVERY_DLQ = "drs.alerts.delivery.dlq";
    /** The last transition each sink handled per alert id, in the partition of the alert's drs.alerts partition. */
    public static final String ALERT_DELIVERY_STATE = "drs.alerts.delivery.state";
    /** Records the summaries topology could not read or process, with Kafka Streams' error headers. */
    public static final String SUMMARIES_DLQ = "drs.summaries.dlq";
    /** Job events re-keyed by project, so one collector task owns all of a project's jobs. */
    public static final String JOB_EVENTS_BY_PROJECT = "drs.job-events.by-project";

    private Topics() {
    }

    /** The standard deployment's topics ({@link TopicNames#applicationTopics}). */
    public static List<TopicSpec> applicationTopics(int partitions, short replicationFactor) {
        return TopicNames.DEFAULT.applicationTopics(partitions, replicationFactor);
    }

    /** Creates the topics that do not exist yet; existing ones are left as they are. */
    public static void ensure(Admin admin, List<TopicSpec> specs) {
        try {
            Set<String> existing = admin.listTopics().names().get(60, TimeUnit.SECONDS);
            List<org.apache.kafka.clients.admin.NewTopic> missing = specs.stream()
                    .filter(spec -> !existing.contains(spec.name()))
                    .map(TopicSpec::toNewTopic)
                    .toList();
            if (missing.isEmpty()) {
                return;
            }
            try {
                admin.createTopics(missing).all().get(60, TimeUnit.SECONDS);
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof TopicExistsException)) {
                    throw e;
                }
            }
        } catch (ExecutionException | TimeoutException e) {
            throw new KafkaException("cannot create topics " + specs.stream().map(TopicSpec::name).toList()
                    + ": " + (e.getCause() == null ? e : e.getCause()).getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KafkaException("interrupted while creating topics", e);
        }
    }
}
