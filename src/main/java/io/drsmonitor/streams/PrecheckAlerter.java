package io.drsmonitor.streams;

import io.drsmonitor.model.AlertKind;
import io.drsmonitor.model.AlertState;
import io.drsmonitor.model.CheckAlert;
import io.drsmonitor.model.CheckResult;
import io.drsmonitor.model.ObservationOutcome;
import io.drsmonitor.model.PrecheckItem;
import io.drsmonitor.model.PrecheckResult;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Turns a job's pre-check snapshots into alerts on transitions only: an item turning FAILED or
 * ALARM, a pre-check ending with result=false, DRS calls failing; each resolved when it ends. The
 * per-job state makes a replayed or late (older) snapshot change nothing.
 */
final class PrecheckAlerter implements Processor<String, PrecheckResult, String, CheckAlert> {
    private ProcessorContext<String, CheckAlert> context;
    private KeyValueStore<String, PrecheckAlertState> states;

    @Override
    public void init(ProcessorContext<String, CheckAlert> context) {
        this.context = context;
        this.states = context.getStateStore(SummaryTopology.PRECHECK_ALERT_STORE);
    }

    @Override
    public void process(Record<String, PrecheckResult> record) {
        PrecheckResult r = record.value();
        if (r == null) {
            return;
        }
        PrecheckAlertState before = states.get(record.key());
        if (before == null) {
            before = PrecheckAlertState.none();
        }
        long observedAt = r.getObservedAt().toEpochMilli();
        if (observedAt < before.observedAt()) {
            return;
        }
        long now = context.currentSystemTimeMs();
        boolean apiFailing = r.getOutcome() == ObservationOutcome.API_FAILURE;
        if (apiFailing != before.apiFailing()) {
            emit(Alerts.of(r.getProjectId(), r.getJobId(), AlertKind.DRS_API_FAILING, "precheck",
                    apiFailing ? AlertState.FIRING : AlertState.RESOLVED, observedAt, now)
                    .setErrorCode(r.getErrorCode()).setDetail(r.getErrorMsg()).setPrecheckId(r.getPrecheckId())
                    .setMessage(apiFailing ? "DRS pre-check calls keep failing (" + r.getConsecutiveFailures() + " in a row)"
                            : "DRS pre-check calls succeed again").build());
        }
        if (apiFailing) {
            states.put(record.key(), new PrecheckAlertState(observedAt, before.failedItems(), before.alarmItems(),
                    before.precheckFailed(), true));
            return;
        }
        Set<String> failed = new TreeSet<>(before.failedItems());
        Set<String> alarm = new TreeSet<>(before.alarmItems());
        Map<String, PrecheckItem> reported = new HashMap<>();
        r.getItems().forEach(i -> reported.put(i.getItem(), i));
        Set<String> names = new HashSet<>(reported.keySet());
        names.addAll(before.failedItems());
        names.addAll(before.alarmItems());
        for (String name : new TreeSet<>(names)) {
            PrecheckItem item = reported.get(name);
            // An item not yet reported by a running re-check keeps its state; a finished one that omits it clears it.
            if (item == null && !r.getComplete()) {
                continue;
            }
            CheckResult verdict = item == null ? CheckResult.PASSED : item.getVerdict();
            transition(r, item, name, failed, verdict == CheckResult.FAILED, AlertKind.CHECK_ITEM_FAILED, observedAt, now);
            transition(r, item, name, alarm, verdict == CheckResult.ALARM, AlertKind.CHECK_ITEM_ALARM, observedAt, now);
        }
        boolean precheckFailed = before.precheckFailed();
        boolean refused = r.getOutcome() == ObservationOutcome.JOB_ERROR;
        boolean finished = r.getComplete() || refused;
        if (finished) {
            boolean nowFailed = refused || !Boolean.TRUE.equals(r.getPassed());
            if (nowFailed != precheckFailed) {
                emit(Alerts.of(r.getProjectId(), r.getJobId(), AlertKind.PRECHECK_FAILED, null,
                        nowFailed ? AlertState.FIRING : AlertState.RESOLVED, observedAt, now)
                        .setPrecheckId(r.getPrecheckId()).setErrorCode(r.getErrorCode()).setDetail(r.getErrorMsg())
                        .setMessage(nowFailed ? (refused ? "DRS refused the pre-check: " + r.getErrorCode()
                                : "Pre-check failed (passed rate " + r.getTotalPassedRate() + ")") : "Pre-check passed").build());
                precheckFailed = nowFailed;
            }
        }
        states.put(record.key(), new PrecheckAlertState(observedAt, failed, alarm, precheckFailed, false));
    }

    private void transition(PrecheckResult r, PrecheckItem item, String name, Set<String> firing, boolean isNow,
                            AlertKind kind, long observedAt, long now) {
        boolean was = firing.contains(name);
        if (was == isNow) {
            return;
        }
        if (isNow) {
            firing.add(name);
        } else {
            firing.remove(name);
        }
        String verdict = kind == AlertKind.CHECK_ITEM_FAILED ? "FAILED" : "ALARM";
        emit(Alerts.of(r.getProjectId(), r.getJobId(), kind, name, isNow ? AlertState.FIRING : AlertState.RESOLVED, observedAt, now)
                .setItem(name).setGroup(item == null ? null : item.getGroup()).setPrecheckId(r.getPrecheckId())
                .setDetail(item == null ? null : item.getFailedReason())
                .setMessage(isNow ? "Check item " + name + " is " + verdict : "Check item " + name + " is no longer " + verdict)
                .build());
    }

    private void emit(CheckAlert alert) {
        context.forward(new Record<>(alert.getProjectId(), alert, alert.getRaisedAt().toEpochMilli()));
    }
}
