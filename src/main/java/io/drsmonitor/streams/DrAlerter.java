package io.drsmonitor.streams;

import io.drsmonitor.model.AlertKind;
import io.drsmonitor.model.AlertState;
import io.drsmonitor.model.CheckAlert;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

/** Alerts on DR initialization failing, stalling or its DRS calls failing; each resolved when it ends. */
final class DrAlerter implements Processor<String, DrJobView, String, CheckAlert> {
    private ProcessorContext<String, CheckAlert> context;
    private KeyValueStore<String, DrAlertState> states;

    @Override
    public void init(ProcessorContext<String, CheckAlert> context) {
        this.context = context;
        this.states = context.getStateStore(SummaryTopology.DR_ALERT_STORE);
    }

    @Override
    public void process(Record<String, DrJobView> record) {
        DrJobView view = record.value();
        DrAlertState before = states.get(record.key());
        if (before == null) {
            before = new DrAlertState(false, false, false);
        }
        boolean api = view.apiFailure();
        boolean failed = view.state() == DrJobView.State.FAILED && !api;
        boolean stalled = view.stalled();
        long now = context.currentSystemTimeMs();
        if (failed != before.failed()) {
            emit(view, AlertKind.DR_INIT_FAILED, failed, now, failed ? "DR initialization failed: " + view.errorCode()
                    : "DR initialization is no longer failing");
        }
        if (stalled != before.stalled()) {
            emit(view, AlertKind.DR_INIT_STALLED, stalled, now, stalled ? "DR initialization made no progress"
                    : "DR initialization is moving again");
        }
        if (api != before.apiFailing()) {
            emit(view, AlertKind.DRS_API_FAILING, api, now, api ? "DRS struct-process calls keep failing"
                    : "DRS struct-process calls succeed again");
        }
        DrAlertState after = new DrAlertState(failed, stalled, api);
        if (!after.equals(before)) {
            states.put(record.key(), after);
        }
    }

    private void emit(DrJobView view, AlertKind kind, boolean firing, long now, String message) {
        String stalledTypes = view.types().stream().filter(t -> !t.completed()).map(DrJobView.TypeProgress::type)
                .reduce((a, b) -> a + "," + b).orElse(null);
        CheckAlert alert = Alerts.of(view.projectId(), view.jobId(), kind, kind == AlertKind.DRS_API_FAILING ? "dr" : null,
                        firing ? AlertState.FIRING : AlertState.RESOLVED, view.observedAt(), now)
                .setErrorCode(view.errorCode())
                .setDetail(kind == AlertKind.DR_INIT_STALLED ? "object types not completed: " + stalledTypes : view.errorMessage())
                .setMessage(message).build();
        context.forward(new Record<>(alert.getProjectId(), alert, now));
    }
}
