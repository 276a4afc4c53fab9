package io.drsmonitor.streams;

import io.drsmonitor.model.AlertKind;
import io.drsmonitor.model.AlertState;
import io.drsmonitor.model.CheckAlert;
import io.drsmonitor.model.CheckResult;
import io.drsmonitor.model.ObservationOutcome;
import io.drsmonitor.model.PrecheckItem;
import io.drsmonitor.model.PrecheckResult;
import io.drsmonitor.streams.state.PrecheckJobState;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Alerts on the transitions of one job's pre-check: an item turning FAILED or ALARM, a pre-check
 * ending with result=false or refused by DRS, DRS calls failing; each resolved when it ends. Which
 * conditions are firing lives in the job's {@link PrecheckJobState}, updated here.
 */
final class PrecheckAlertRules {
    private PrecheckAlertRules() {
    }

    /**
     * The alerts {@code r} raises or resolves given the firing conditions in {@code state}, whose
     * firing fields are updated. {@code wasApiFailing}: the job's newest observation before {@code r}
     * was an API failure.
     */
    static List<CheckAlert> transitions(PrecheckJobState state, boolean wasApiFailing, PrecheckResult r, long now) {
        List<CheckAlert> alerts = new ArrayList<>();
        long observedAt = r.getObservedAt().toEpochMilli();
        boolean apiFailing = r.getOutcome() == ObservationOutcome.API_FAILURE;
        if (apiFailing != wasApiFailing) {
            alerts.add(Alerts.of(r.getProjectId(), r.getJobId(), AlertKind.DRS_API_FAILING, "precheck",
                            apiFailing ? AlertState.FIRING : AlertState.RESOLVED, observedAt, now)
                    .setErrorCode(r.getErrorCode()).setDetail(r.getErrorMsg()).setPrecheckId(r.getPrecheckId())
                    .setMessage(apiFailing ? "DRS pre-check calls keep failing (" + r.getConsecutiveFailures() + " in a row)"
                            : "DRS pre-check calls succeed again").build());
        }
        if (apiFailing) {
            return alerts;
        }
        if (state.getFiringFailedItems().isEmpty() && state.getFiringAlarmItems().isEmpty() && noneFires(r.getItems())) {
            return precheckTransition(alerts, state, r, observedAt, now); // the usual snapshot: no item fires or did
        }
        TreeSet<String> failed = new TreeSet<>(state.getFiringFailedItems());
        TreeSet<String> alarm = new TreeSet<>(state.getFiringAlarmItems());
        Map<String, PrecheckItem> reported = new HashMap<>();
        r.getItems().forEach(i -> reported.putIfAbsent(i.getItem(), i));
        TreeSet<String> names = new TreeSet<>(reported.keySet());
        names.addAll(failed);
        names.addAll(alarm);
        for (String name : names) {
            PrecheckItem item = reported.get(name);
            // An item not yet reported by a running re-check keeps its state; a finished one that omits it clears it.
            if (item == null && !r.getComplete()) {
                continue;
            }
            CheckResult verdict = item == null ? CheckResult.PASSED : item.getVerdict();
            item(alerts, r, item, name, failed, verdict == CheckResult.FAILED, AlertKind.CHECK_ITEM_FAILED, now);
            item(alerts, r, item, name, alarm, verdict == CheckResult.ALARM, AlertKind.CHECK_ITEM_ALARM, now);
        }
        // Written only when changed: a write into the (old-generation) state costs the next young collection a card scan.
        List<String> nowFailed = new ArrayList<>(failed);
        if (!nowFailed.equals(state.getFiringFailedItems())) {
            state.setFiringFailedItems(nowFailed);
        }
        List<String> nowAlarm = new ArrayList<>(alarm);
        if (!nowAlarm.equals(state.getFiringAlarmItems())) {
            state.setFiringAlarmItems(nowAlarm);
        }
        return precheckTransition(alerts, state, r, observedAt, now);
    }

    private static boolean noneFires(List<PrecheckItem> items) {
        for (PrecheckItem item : items) {
            if (item.getVerdict() == CheckResult.FAILED || item.getVerdict() == CheckResult.ALARM) {
                return false;
            }
        }
        return true;
    }

    /** Adds to {@code alerts} the pre-check's own FIRING or RESOLVED when {@code r} ends it one way or the other. */
    private static List<CheckAlert> precheckTransition(List<CheckAlert> alerts, PrecheckJobState state, PrecheckResult r,
                                                       long observedAt, long now) {
        boolean refused = r.getOutcome() == ObservationOutcome.JOB_ERROR;
        if (r.getComplete() || refused) {
            boolean nowFailed = refused || !Boolean.TRUE.equals(r.getPassed());
            if (nowFailed != state.getPrecheckFailedFiring()) {
                alerts.add(Alerts.of(r.getProjectId(), r.getJobId(), AlertKind.PRECHECK_FAILED, null,
                                nowFailed ? AlertState.FIRING : AlertState.RESOLVED, observedAt, now)
                        .setPrecheckId(r.getPrecheckId()).setErrorCode(r.getErrorCode()).setDetail(r.getErrorMsg())
                        .setMessage(nowFailed ? (refused ? "DRS refused the pre-check: " + r.getErrorCode()
                                : "Pre-check failed (passed rate " + r.getTotalPassedRate() + ")") : "Pre-check passed").build());
                state.setPrecheckFailedFiring(nowFailed);
            }
        }
        return alerts;
    }

    /** RESOLVED for every condition of the job still firing (the job was deleted or moved away); clears them. */
    static List<CheckAlert> resolveAll(PrecheckJobState state, String jobId, String why, long now) {
        List<CheckAlert> alerts = new ArrayList<>();
        String project = state.getProjectId();
        long at = state.getObservedAt();
        if (state.getAnswer().getApiFailing()) {
            alerts.add(Alerts.of(project, jobId, AlertKind.DRS_API_FAILING, "precheck", AlertState.RESOLVED, at, now)
                    .setMessage("DRS pre-check calls no longer watched: " + why).build());
        }
        for (String name : state.getFiringFailedItems()) {
            alerts.add(Alerts.of(project, jobId, AlertKind.CHECK_ITEM_FAILED, name, AlertState.RESOLVED, at, now).setItem(name)
                    .setMessage("Check item " + name + " no longer watched: " + why).build());
        }
        for (String name : state.getFiringAlarmItems()) {
            alerts.add(Alerts.of(project, jobId, AlertKind.CHECK_ITEM_ALARM, name, AlertState.RESOLVED, at, now).setItem(name)
                    .setMessage("Check item " + name + " no longer watched: " + why).build());
        }
        if (state.getPrecheckFailedFiring()) {
            alerts.add(Alerts.of(project, jobId, AlertKind.PRECHECK_FAILED, null, AlertState.RESOLVED, at, now)
                    .setMessage("Pre-check no longer watched: " + why).build());
        }
        state.setFiringFailedItems(new ArrayList<>());
        state.setFiringAlarmItems(new ArrayList<>());
        state.setPrecheckFailedFiring(false);
        return alerts;
    }

    private static void item(List<CheckAlert> alerts, PrecheckResult r, PrecheckItem item, String name, TreeSet<String> firing,
                             boolean isNow, AlertKind kind, long now) {
        if (firing.contains(name) == isNow) {
            return;
        }
        if (isNow) {
            firing.add(name);
        } else {
            firing.remove(name);
        }
        String verdict = kind == AlertKind.CHECK_ITEM_FAILED ? "FAILED" : "ALARM";
        alerts.add(Alerts.of(r.getProjectId(), r.getJobId(), kind, name, isNow ? AlertState.FIRING : AlertState.RESOLVED,
                        r.getObservedAt().toEpochMilli(), now)
                .setItem(name).setGroup(item == null ? null : item.getGroup()).setPrecheckId(r.getPrecheckId())
                .setDetail(item == null ? null : item.getFailedReason())
                .setMessage(isNow ? "Check item " + name + " is " + verdict : "Check item " + name + " is no longer " + verdict)
                .build());
    }
}
