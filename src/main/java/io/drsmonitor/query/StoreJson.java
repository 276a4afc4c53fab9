package io.drsmonitor.query;

import io.drsmonitor.avro.RecordJson;
import io.drsmonitor.model.CheckAlert;
import io.drsmonitor.streams.SummaryTopology;
import io.drsmonitor.streams.state.DrJobState;
import io.drsmonitor.streams.state.PrecheckJobState;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
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

    private final StoreQueries queries;

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
