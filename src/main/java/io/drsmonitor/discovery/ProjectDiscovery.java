package io.drsmonitor.discovery;

import io.drsmonitor.drs.DrsApiException;
import io.drsmonitor.drs.DrsCalls;
import io.drsmonitor.drs.DrsErrors;
import io.drsmonitor.drs.DrsRules;
import io.drsmonitor.drs.JobAnswer;
import io.drsmonitor.drs.JobInfo;
import io.drsmonitor.drs.JobListQuery;
import io.drsmonitor.drs.JobStatusResp;
import io.drsmonitor.drs.QueryPreCheckResp;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Discovers one project while this instance owns it: a round every {@code statusEvery}, each a full listing
 * (every {@code db_use_type}, page by page) once {@code listEvery} has passed, else one batch-status of the
 * jobs it follows; then, when due, the pre-check results of its jobs in CONFIGURATION. What changed is
 * published ({@link DiscoveryPublisher}) and only then remembered, so a round that could not be published
 * is made again, with the same events. Rounds never overlap; DRS errors end a round, not the discovery.
 */
final class ProjectDiscovery {
    private static final Logger LOG = LoggerFactory.getLogger(ProjectDiscovery.class);

    private final Vertx vertx;
    private final ProjectRef project;
    private final int partition;
    private final DrsCalls drs;
    private final DiscoverySettings settings;
    private final DiscoveryPublisher publisher;
    private final DiscoveryMetrics metrics;
    /** Job id to what is known of it: the restored state, then each published round's. */
    private final Map<String, KnownJob> known = new ConcurrentHashMap<>();
    private volatile boolean stopped;
    private volatile long timer = -1;
    private long nextListing;
    private long nextPrecheckPoll;
    /** The last DRS problem logged (call and kind), so each is logged once until a DRS call of the project succeeds. */
    private String drsProblem;
    /** The last Kafka problem logged, likewise until a round is published. */
    private String kafkaProblem;

    ProjectDiscovery(Vertx vertx, ProjectRef project, int partition, Map<String, KnownJob> restored, DrsCalls drs,
                     DiscoverySettings settings, DiscoveryPublisher publisher, DiscoveryMetrics metrics) {
        this.vertx = vertx;
        this.project = project;
        this.partition = partition;
        this.drs = drs;
        this.settings = settings;
        this.publisher = publisher;
        this.metrics = metrics;
        known.putAll(restored);
    }

    void start() {
        metrics.owns(project, true);
        metrics.jobs(project, known.size());
        LOG.info("Discovery of {} starts here, {} jobs known", project, known.size());
        vertx.runOnContext(v -> round());
    }

    /** No round starts after this; one in flight publishes nothing more. */
    void stop() {
        stopped = true;
        vertx.cancelTimer(timer);
        metrics.owns(project, false);
        LOG.info("Discovery of {} stops here", project);
    }

    private void round() {
        if (stopped) {
            return;
        }
        long now = System.currentTimeMillis();
        // A listing that missed a page is made again next round.
        Future<Void> main = now >= nextListing ? listing().map(complete -> {
            if (complete) {
                nextListing = now + settings.listEvery().toMillis();
            }
            return null;
        }) : statusCheck();
        main.recover(e -> Future.succeededFuture())
                .compose(v -> settings.precheck() != DiscoverySettings.PrecheckMode.OFF && now >= nextPrecheckPoll
                        ? precheckPoll().onSuccess(done -> nextPrecheckPoll = now + settings.precheckPollEvery().toMillis())
                        : Future.<Void>succeededFuture())
                .onComplete(done -> {
                    if (!stopped) {
                        timer = vertx.setTimer(settings.statusEvery().toMillis(), id -> round());
                    }
                });
    }

    /** Every job of every scenario, page by page; jobs a complete listing misses count toward their deletion. True: complete. */
    private Future<Boolean> listing() {
        Map<String, KnownJob> seen = new LinkedHashMap<>();
        Future<Boolean> complete = Future.succeededFuture(true);
        for (String dbUseType : DrsRules.DB_USE_TYPES) {
            complete = complete.compose(all -> listPages(dbUseType, 1, seen).map(listed -> all && listed));
        }
        return complete.compose(all -> {
            List<JobChanges.Change> changes = new ArrayList<>();
            seen.values().forEach(job -> changes.add(JobChanges.listed(known.get(job.jobId()), job, settings.precheck())));
            if (all) {
                known.values().stream().filter(job -> !seen.containsKey(job.jobId())).forEach(job -> changes.add(JobChanges.notListed(job)));
            }
            return publish(changes).map(all);
        });
    }

    /** The pages of one scenario from {@code page} on; true when every page came. */
    private Future<Boolean> listPages(String dbUseType, int page, Map<String, KnownJob> seen) {
        metrics.call(DiscoveryMetrics.Call.LIST, project.region());
        return drs.listJobs(project.region(), project.projectId(), JobListQuery.page(dbUseType, page, settings.pageSize()))
                .compose(answer -> {
                    recovered();
                    for (JobInfo info : answer.jobs()) {
                        seen.put(info.id(), JobChanges.fromListing(project, info, null, dbUseType));
                        // A dual-active DR task's forward and backward subtasks are jobs of their own.
                        info.children().forEach(child -> seen.put(child.id(), JobChanges.fromListing(project, child, info.id(), dbUseType)));
                    }
                    boolean more = !answer.jobs().isEmpty() && (long) (page - 1) * settings.pageSize() + answer.jobs().size() < answer.totalRecord();
                    return more ? listPages(dbUseType, page + 1, seen) : Future.succeededFuture(true);
                })
                .recover(e -> {
                    failed(DiscoveryMetrics.Call.LIST, e);
                    return Future.succeededFuture(false);
                });
    }

    /** The status of every job followed, in batches; a deleted one ends. */
    private Future<Void> statusCheck() {
        List<String> ids = List.copyOf(known.keySet());
        if (ids.isEmpty()) {
            return Future.succeededFuture();
        }
        for (int i = 0; i < ids.size(); i += Math.min(settings.pageSize(), DrsRules.MAX_LIST_PAGE)) {
            metrics.call(DiscoveryMetrics.Call.STATUS, project.region());
        }
        return drs.batchJobStatus(project.region(), project.projectId(), ids, settings.pageSize())
                .onFailure(e -> failed(DiscoveryMetrics.Call.STATUS, e))
                .compose(answers -> {
                    recovered();
                    List<JobChanges.Change> changes = new ArrayList<>();
                    for (JobAnswer<JobStatusResp> answer : answers) {
                        KnownJob job = known.get(answer.jobId());
                        JobStatusResp status = answer.result();
                        if (job == null) {
                            continue;
                        }
                        if (DrsErrors.JOB_DELETED.equals(status.errorCode())) {
                            changes.add(JobChanges.deleted(job));
                        } else if (status.errorCode() == null && status.status() != null) {
                            changes.add(JobChanges.statusSeen(job, status.status()));
                        }
                    }
                    return publish(changes);
                });
    }

    /** Read-only: what DRS has of the pre-checks of the jobs in CONFIGURATION. */
    private Future<Void> precheckPoll() {
        List<String> ids = known.values().stream().filter(job -> DrsRules.STATUS_CONFIGURATION.equals(job.status()))
                .map(KnownJob::jobId).toList();
        if (ids.isEmpty()) {
            return Future.succeededFuture();
        }
        metrics.call(DiscoveryMetrics.Call.PRECHECK_RESULT, project.region());
        return drs.batchPrecheckResult(project.region(), project.projectId(), ids)
                .onFailure(e -> failed(DiscoveryMetrics.Call.PRECHECK_RESULT, e))
                .compose(answers -> {
                    recovered();
                    List<JobChanges.Change> changes = new ArrayList<>();
                    for (JobAnswer<QueryPreCheckResp> answer : answers) {
                        KnownJob job = known.get(answer.jobId());
                        if (job != null) {
                            changes.add(JobChanges.precheckSeen(job, answer.result()));
                        }
                    }
                    return publish(changes);
                })
                .recover(e -> Future.succeededFuture());
    }

    /** Publishes the round's changes, then remembers them; nothing is remembered of a round not published. */
    private Future<Void> publish(List<JobChanges.Change> all) {
        List<JobChanges.Change> changes = all.stream().filter(JobChanges.Change::changed).toList();
        if (changes.isEmpty() || stopped) {
            return Future.succeededFuture();
        }
        return publisher.publish(new DiscoveryPublisher.Round(project, partition, changes))
                .onSuccess(v -> {
                    for (JobChanges.Change change : changes) {
                        String jobId = change.next() != null ? change.next().jobId() : change.previous().jobId();
                        if (change.next() == null) {
                            known.remove(jobId);
                        } else {
                            known.put(jobId, change.next());
                        }
                    }
                    metrics.jobs(project, known.size());
                    published();
                })
                .onFailure(this::publishFailed);
    }

    private void failed(DiscoveryMetrics.Call call, Throwable e) {
        metrics.failure(call, project.region());
        // The same failure with another attempt count is no new state.
        String kind = e instanceof DrsApiException api ? api.kind() + " " + api.httpStatus() + " " + api.errorCode() : e.getClass().getSimpleName();
        String state = call + ": " + kind;
        synchronized (this) {
            if (!state.equals(drsProblem)) {
                LOG.warn("Discovery of {}: {} failed: {} (logged once until the project's DRS calls succeed)", project,
                        call.name().toLowerCase(Locale.ROOT), e.getMessage());
                drsProblem = state;
            }
        }
    }

    private synchronized void recovered() {
        if (drsProblem != null) {
            LOG.info("Discovery of {}: DRS answers again", project);
            drsProblem = null;
        }
    }

    private synchronized void publishFailed(Throwable e) {
        if (!e.getClass().getName().equals(kafkaProblem)) {
            LOG.warn("Discovery of {}: publishing to Kafka failed, the round is made again: {}", project, e.toString());
            kafkaProblem = e.getClass().getName();
        }
    }

    private synchronized void published() {
        if (kafkaProblem != null) {
            LOG.info("Discovery of {}: publishing to Kafka works again", project);
            kafkaProblem = null;
        }
    }
}
