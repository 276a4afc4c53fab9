package io.drsmonitor.streams;

import io.drsmonitor.model.CheckAlert;
import io.drsmonitor.model.ProjectDrInitSummary;
import io.drsmonitor.model.ProjectPrecheckSummary;
import io.drsmonitor.streams.internals.EncodedStore;
import io.drsmonitor.streams.internals.WriteBackStore;
import io.drsmonitor.streams.state.EncodedAlert;
import io.drsmonitor.streams.state.ProjectTotals;
import io.drsmonitor.streams.state.HourRuns;
import io.drsmonitor.streams.state.ProjectDelta;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.WindowStore;

/**
 * Adds the combined deltas of one project's jobs ({@link DeltaCombiner}) to its {@link ProjectTotals}, keeps its hourly pass-rate
 * history and its newest alerts (one store entry per alert), and publishes the summaries of the
 * projects that changed once per {@code publishEvery}, not once per delta.
 *
 * <p>The totals live in a {@link WriteBackStore}: changed by every delta, serialized once per commit.
 *
 * <p>Which projects await publishing is kept in the totals themselves ({@code precheckDirty},
 * {@code drDirty}), written in the same transaction as the change, so a crash between a change and
 * its publication still publishes it: the new task finds the flags when it starts.
 */
final class ProjectSummarizer implements Processor<String, ProjectDelta, String, ProjectOutput> {
    private final SummarySettings settings;
    private final SummaryListener listener;
    private final Set<String> dirty = new LinkedHashSet<>();

    private ProcessorContext<String, ProjectOutput> context;
    private KeyValueStore<String, ProjectTotals> totals;
    private KeyValueStore<String, ProjectPrecheckSummary> precheckSummaries;
    private KeyValueStore<String, ProjectDrInitSummary> drSummaries;
    /** recent-alerts, written with the bytes each alert was published with. */
    private EncodedStore alerts;
    private WindowStore<String, HourlyPassRate> history;

    private final AlertEncoder alertEncoder;

    /** @param alertEncoder encodes alerts that deltas of earlier builds carry decoded */
    ProjectSummarizer(SummarySettings settings, SummaryListener listener, AlertEncoder alertEncoder) {
        this.settings = settings;
        this.listener = listener;
        this.alertEncoder = alertEncoder;
    }

    @Override
    public void init(ProcessorContext<String, ProjectOutput> context) {
        this.context = context;
        dirty.clear();
        totals = context.getStateStore(SummaryTopology.PROJECT_TOTALS_STORE);
        precheckSummaries = context.getStateStore(SummaryTopology.PRECHECK_SUMMARY_STORE);
        drSummaries = context.getStateStore(SummaryTopology.DR_SUMMARY_STORE);
        alerts = EncodedStore.under(context.getStateStore(SummaryTopology.RECENT_ALERTS_STORE));
        history = context.getStateStore(SummaryTopology.PRECHECK_HISTORY_STORE);
        try (KeyValueIterator<String, ProjectTotals> all = totals.all()) {
            all.forEachRemaining(kv -> {
                if (kv.value.getPrecheckDirty() || kv.value.getDrDirty()) {
                    dirty.add(kv.key);
                }
            });
        }
        context.schedule(settings.publishEvery(), PunctuationType.WALL_CLOCK_TIME, now -> publish());
    }

    @Override
    public void process(Record<String, ProjectDelta> record) {
        String project = record.key();
        ProjectDelta delta = record.value();
        ProjectTotals found = totals.get(project);
        ProjectTotals t = found != null ? found
                : ProjectTotals.newBuilder().setPrecheck(PrecheckSums.empty()).setDr(DrSums.empty()).build();
        if (delta.getPrecheckChanged()) {
            PrecheckSums.add(t.getPrecheck(), delta.getPrecheck());
            t.setPrecheckDirty(true);
        }
        if (delta.getDrChanged()) {
            DrSums.add(t.getDr(), delta.getDr());
            delta.getDrRunningSince().forEach((job, since) -> {
                if (since == null) {
                    t.getDr().getRunningSince().remove(job);
                } else {
                    t.getDr().getRunningSince().put(job, since);
                }
            });
            delta.getDrCompletionAt().forEach((job, at) -> {
                if (at == null) {
                    t.getDr().getCompletionAt().remove(job);
                } else {
                    t.getDr().getCompletionAt().put(job, at);
                }
            });
            t.setDrDirty(true);
        }
        for (HourRuns runs : delta.getFinishedRuns()) {
            HourlyPassRate rate = history.fetch(project, runs.getHour());
            history.put(project, (rate == null ? HourlyPassRate.empty() : rate).plus(runs.getFinished(), runs.getPassed()),
                    runs.getHour());
        }
        for (CheckAlert alert : delta.getAlerts()) {
            keep(project, t, alertEncoder.encode(alert));
        }
        for (EncodedAlert alert : delta.getEncodedAlerts()) {
            keep(project, t, alert);
        }
        // Trimmed in batches (one store scan per half of the limit), not one scan per alert.
        if (t.getAlertsKept() > settings.recentAlerts() + Math.max(1, settings.recentAlerts() / 2)) {
            t.setAlertsKept(keepNewestAlerts(project, settings.recentAlerts()));
        }
        totals.put(project, t);
        if (t.getPrecheckDirty() || t.getDrDirty()) {
            dirty.add(project);
        }
    }

    /**
     * Publishes an alert transition and keeps it in recent-alerts, both with the bytes it was encoded to. The
     * project's count of kept alerts may count one twice (a transition of the same alert and state raised in
     * the same millisecond has the same key): it is made exact at each trim, not with a store read per alert.
     */
    private void keep(String project, ProjectTotals t, EncodedAlert alert) {
        byte[] value = AlertEncoder.bytes(alert);
        context.forward(new Record<>(project, new ProjectOutput(ProjectOutput.Kind.ALERT, value), alert.getRaisedAt()));
        alerts.put(alert.getStoreKey(), value);
        t.setAlertsKept(t.getAlertsKept() + 1);
    }

    /** Deletes all but the project's {@code limit} newest alerts (its keys sort newest first); returns how many are left. */
    private int keepNewestAlerts(String project, int limit) {
        List<Bytes> older = new ArrayList<>();
        int seen = 0;
        try (KeyValueIterator<Bytes, byte[]> entries = alerts.range(AlertKeys.prefix(project), AlertKeys.end(project))) {
            while (entries.hasNext()) {
                Bytes key = entries.next().key;
                if (++seen > limit) {
                    older.add(key);
                }
            }
        }
        older.forEach(alerts::delete);
        return seen - older.size();
    }

    /** Publishes (topic and summary store) the summaries of every project changed since the last time. */
    private void publish() {
        long now = context.currentSystemTimeMs();
        for (String project : dirty) {
            ProjectTotals t = totals.get(project);
            if (t == null) {
                continue;
            }
            if (t.getPrecheckDirty()) {
                ProjectPrecheckSummary summary = t.getPrecheck().getJobs() == 0 ? null
                        : PrecheckSums.toSummary(project, t.getPrecheck(), settings.topFailingItems());
                precheckSummaries.put(project, summary);
                listener.changed(SummaryTopology.PRECHECK_SUMMARY_STORE, project);
                context.forward(new Record<>(project, new ProjectOutput(ProjectOutput.Kind.PRECHECK_SUMMARY, summary), now));
                t.setPrecheckDirty(false);
            }
            if (t.getDrDirty()) {
                ProjectDrInitSummary summary = t.getDr().getJobs() == 0 ? null : DrSums.toSummary(project, t.getDr());
                drSummaries.put(project, summary);
                listener.changed(SummaryTopology.DR_SUMMARY_STORE, project);
                context.forward(new Record<>(project, new ProjectOutput(ProjectOutput.Kind.DR_SUMMARY, summary), now));
                t.setDrDirty(false);
            }
            boolean empty = t.getPrecheck().getJobs() == 0 && t.getDr().getJobs() == 0 && t.getAlertsKept() == 0;
            if (empty) {
                totals.delete(project);
            } else {
                totals.put(project, t);
            }
        }
        dirty.clear();
    }

}
