package io.drsmonitor.query;

import io.drsmonitor.avro.RecordJson;
import io.drsmonitor.streams.fleet.FleetJobs;
import io.drsmonitor.model.CheckAlert;
import io.drsmonitor.model.PrecheckRun;
import io.drsmonitor.streams.JobIndex;
import io.drsmonitor.streams.PrecheckRuns;
import io.drsmonitor.streams.SummaryTopology;
import io.drsmonitor.streams.state.DrJobState;
import io.drsmonitor.streams.state.PrecheckJobState;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.apache.kafka.streams.KeyValue;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.generic.GenericRecord;

/**
 * This instance's store reads as the JSON the API answers, the same whether a public route reads
 * here or another instance's internal route does. Reads touch RocksDB: call them off the event loop.
 */
final class StoreJson {
    /** The project summaries, listed by {@code GET /api/projects}. */
    static final List<String> SUMMARY_STORES = List.of(SummaryTopology.PRECHECK_SUMMARY_STORE,
            SummaryTopology.DR_SUMMARY_STORE);
    static final List<String> JOB_STORES = List.of(SummaryTopology.PRECHECK_JOBS_STORE, SummaryTopology.DR_JOBS_STORE);

    /**
     * How long this instance keeps its part of a job list. A project's list decodes the states of all its
     * jobs here; dashboards and scripts ask for the same pages again and again, and the summaries commit
     * once a second, so a list is at most this much older than the stores.
     */
    static final Duration JOB_PAGE_TTL = Duration.ofSeconds(1);

    private final StoreQueries queries;
    private final RecentValues<JsonObject> jobPages = new RecentValues<>(JOB_PAGE_TTL);

    StoreJson(StoreQueries queries) {
        this.queries = queries;
    }

    /** A project summary of one of {@link #SUMMARY_STORES}, or null. */
    JsonObject summary(String store, String projectId, int partition, boolean stale) {
        GenericRecord summary = queries.get(store, projectId, partition, stale);
        return summary == null ? null : RecordJson.toJson(summary);
    }

    /** A job's part in one of {@link #JOB_STORES}, or null. */
    JsonObject job(String store, String jobId, int partition, boolean stale) {
        if (store.equals(SummaryTopology.PRECHECK_JOBS_STORE)) {
            PrecheckJobState precheck = queries.get(store, jobId, partition, stale);
            return precheck == null ? null : JobViews.precheck(jobId, precheck);
        }
        DrJobState dr = queries.get(store, jobId, partition, stale);
        return dr == null ? null : JobViews.dr(jobId, dr);
    }

    /** A job's finished pre-check runs, newest first ({@link JobViews#runs}), or null. */
    JsonObject runs(String jobId, int partition, boolean stale) {
        List<PrecheckRun> kept = queries.valuesWithPrefix(SummaryTopology.PRECHECK_RUNS_STORE, PrecheckRuns.prefix(jobId),
                partition, stale);
        return kept.isEmpty() ? null : JobViews.runs(kept);
    }

    /** This instance's jobs with the query's item, a page and one more ({@link FleetJobs#affected}): {@code {"jobs": [...]}}. */
    JsonObject fleetItemJobs(FleetItemQuery query) {
        List<KeyValue<String, PrecheckJobState>> states = queries.all(SummaryTopology.PRECHECK_JOBS_STORE);
        JsonArray jobs = new JsonArray();
        FleetJobs.affected(states.iterator(), query.item(), query.verdict(), query.region(), query.afterJob(), query.limit() + 1)
                .forEach(job -> jobs.add(FleetViews.affected(job)));
        return new JsonObject().put("jobs", jobs);
    }

    /** This instance's part of a job list ({@link JobPages#local}), made at most {@link #JOB_PAGE_TTL} ago. */
    JsonObject jobPage(JobQuery query) {
        String key = query.internalPath();
        long now = System.nanoTime();
        JsonObject page = jobPages.get(key, now);
        if (page == null) {
            page = freshJobPage(query);
            jobPages.put(key, page, now);
        }
        return page;
    }

    private JsonObject freshJobPage(JobQuery query) {
        String prefix = query.projectId() == null ? JobIndex.BY_PROJECT : JobIndex.projectPrefix(query.projectId());
        List<String> listed = queries.keysWithPrefix(SummaryTopology.JOBS_BY_PROJECT_STORE, prefix);
        List<String> jobIds = listed.stream().map(JobIndex::jobOf).toList();
        List<PrecheckJobState> prechecks = queries.getAll(SummaryTopology.PRECHECK_JOBS_STORE, jobIds);
        List<DrJobState> drs = queries.getAll(SummaryTopology.DR_JOBS_STORE, jobIds);
        List<JobStates> held = new ArrayList<>(listed.size());
        for (int i = 0; i < listed.size(); i++) {
            // Listed but gone from both stores: deleted between the two reads.
            if (prechecks.get(i) != null || drs.get(i) != null) {
                held.add(new JobStates(jobIds.get(i), JobIndex.projectOf(listed.get(i)), prechecks.get(i), drs.get(i)));
            }
        }
        return JobPages.local(held, query);
    }

    /** Every project summary of this instance's active copies of {@code store}, by project id. */
    JsonObject all(String store) {
        JsonObject entries = new JsonObject();
        queries.<GenericRecord>all(store).forEach(kv -> entries.put(kv.key, RecordJson.toJson(kv.value)));
        return entries;
    }

    /** {@code {"alerts": [...]}}: the newest {@code limit} alerts of every project this instance holds. */
    JsonObject newestAlerts(int limit) {
        return alertsJson(queries.newestAlerts(limit));
    }

    /** {@code {"alerts": [...]}}: a project's newest {@code limit} alerts. */
    JsonObject projectAlerts(String projectId, int partition, boolean stale, int limit) {
        return alertsJson(queries.projectAlerts(projectId, partition, stale, limit));
    }

    private static JsonObject alertsJson(List<CheckAlert> alerts) {
        return new JsonObject().put("alerts", new JsonArray(alerts.stream().map(RecordJson::toJson).toList()));
    }
}
