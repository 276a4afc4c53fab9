package io.drsmonitor.collector;

import io.drsmonitor.drs.DrsErrors;
import io.drsmonitor.drs.PostPreCheckResp;
import io.drsmonitor.drs.PrecheckResultItem;
import io.drsmonitor.drs.QueryPreCheckResp;
import io.drsmonitor.drs.StructProcessObject;
import io.drsmonitor.drs.StructProcessResp;
import io.drsmonitor.model.CheckResult;
import io.drsmonitor.model.FailedSubJob;
import io.drsmonitor.model.JobDirection;
import io.drsmonitor.model.ObservationOutcome;
import io.drsmonitor.model.PrecheckItem;
import io.drsmonitor.model.PrecheckResult;
import io.drsmonitor.model.PrecheckSubmission;
import io.drsmonitor.model.StructObjectState;
import io.drsmonitor.model.StructProcess;
import io.drsmonitor.model.StructProcessEntry;
import io.drsmonitor.model.SubmissionStatus;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.List;
import io.drsmonitor.drs.DrsRules;

/** Turns DRS answers into the Avro records drs-monitor publishes. */
final class Snapshots {
    private Snapshots() {
    }

    static PrecheckSubmission submission(String projectId, String jobId, String mode, PostPreCheckResp answer, String eventId,
                                         Instant at) {
        SubmissionStatus status = switch (String.valueOf(answer.status())) {
            case PostPreCheckResp.SUCCESS -> SubmissionStatus.SUCCESS;
            case PostPreCheckResp.FAILED -> SubmissionStatus.FAILED;
            default -> SubmissionStatus.UNKNOWN;
        };
        return PrecheckSubmission.newBuilder().setProjectId(projectId).setJobId(jobId)
                .setPrecheckMode(mode != null ? mode : DrsRules.FOR_START_JOB)
                .setPrecheckId(answer.precheckId())
                .setStatus(status).setStatusRaw(answer.status()).setErrorCode(answer.errorCode()).setErrorMsg(answer.errorMsg())
                .setOutcome(answer.succeeded() ? ObservationOutcome.OK : ObservationOutcome.JOB_ERROR)
                .setEventId(eventId).setSubmittedAt(at).build();
    }

    /** {@code runRequestedAt}: when the run was asked for, which tells a re-check from the run before it. */
    static PrecheckResult precheckResult(String projectId, String jobId, QueryPreCheckResp r, Instant runRequestedAt, Instant at) {
        return PrecheckResult.newBuilder()
                .setProjectId(projectId).setJobId(jobId).setPrecheckId(r.precheckId()).setRunRequestedAt(runRequestedAt)
                .setPassed(r.result()).setProcess(r.process()).setProcessPercent(r.processPercent())
                .setTotalPassedRate(r.totalPassedRate()).setTotalPassedRatePercent(r.totalPassedRatePercent())
                .setRdsInstanceId(r.rdsInstanceId()).setJobDirectionRaw(r.jobDirection())
                .setJobDirection(direction(r.jobDirection()))
                .setItems(r.precheckResult().stream().map(Snapshots::item).toList())
                .setErrorCode(r.errorCode()).setErrorMsg(r.errorMsg())
                .setOutcome(r.errorCode() == null ? ObservationOutcome.OK : ObservationOutcome.JOB_ERROR)
                .setComplete(r.isComplete()).setConsecutiveFailures(0).setObservedAt(at).build();
    }

    static PrecheckResult precheckApiFailure(String projectId, String jobId, String precheckId, String code, String message,
                                             int failures, Instant at) {
        return PrecheckResult.newBuilder().setProjectId(projectId).setJobId(jobId).setPrecheckId(precheckId)
                .setItems(List.of()).setErrorCode(code).setErrorMsg(message).setOutcome(ObservationOutcome.API_FAILURE)
                .setComplete(false).setConsecutiveFailures(failures).setObservedAt(at).build();
    }

    static StructProcess structProcess(String projectId, String jobId, StructProcessResp r, Instant at) {
        List<StructProcessEntry> entries = r.structProcess() == null ? List.of()
                : r.structProcess().result().stream().map(Snapshots::entry).toList();
        String createTime = r.structProcess() == null ? null : r.structProcess().createTime();
        boolean allDone = !entries.isEmpty() && entries.stream().allMatch(e -> e.getState() == StructObjectState.COMPLETED);
        return StructProcess.newBuilder().setProjectId(projectId).setJobId(jobId)
                .setCreateTime(createTime).setCreateTimeMillis(epochMillis(createTime)).setEntries(entries)
                .setErrorCode(r.errorCode()).setErrorMessage(r.errorMessage())
                .setOutcome(r.errorCode() == null ? ObservationOutcome.OK : ObservationOutcome.JOB_ERROR)
                .setComplete(allDone || r.errorCode() != null && !DrsErrors.NO_RESULT.equals(r.errorCode()))
                .setConsecutiveFailures(0).setObservedAt(at).build();
    }

    static StructProcess structApiFailure(String projectId, String jobId, String code, String message, int failures, Instant at) {
        return StructProcess.newBuilder().setProjectId(projectId).setJobId(jobId).setEntries(List.of())
                .setErrorCode(code).setErrorMessage(message).setOutcome(ObservationOutcome.API_FAILURE)
                .setComplete(false).setConsecutiveFailures(failures).setObservedAt(at).build();
    }

    /** Identifies a snapshot's content, leaving out when it was observed and how many failures preceded it. */
    static long fingerprint(PrecheckResult r) {
        return digest(PrecheckResult.newBuilder(r).setObservedAt(Instant.EPOCH).setConsecutiveFailures(0).build().toString());
    }

    static long fingerprint(StructProcess s) {
        return digest(StructProcess.newBuilder(s).setObservedAt(Instant.EPOCH).setConsecutiveFailures(0)
                .setCreateTime(null).setCreateTimeMillis(null).build().toString());
    }

    static JobDirection direction(String raw) {
        if (raw == null) {
            return null;
        }
        return switch (raw) {
            case "up" -> JobDirection.UP;
            case "down" -> JobDirection.DOWN;
            case "non-dbs" -> JobDirection.NON_DBS;
            default -> JobDirection.UNKNOWN;
        };
    }

    private static PrecheckItem item(PrecheckResultItem i) {
        CheckResult verdict;
        try {
            verdict = i.result() == null ? CheckResult.UNKNOWN : CheckResult.valueOf(i.result());
        } catch (IllegalArgumentException e) {
            verdict = CheckResult.UNKNOWN;
        }
        return PrecheckItem.newBuilder().setItem(String.valueOf(i.item())).setVerdict(verdict).setResultRaw(i.result())
                .setGroup(i.group()).setFailedReason(i.failedReason()).setData(i.data()).setRawErrorMsg(i.rawErrorMsg())
                .setFailedSubJobs(i.failedSubJobs().stream().map(s -> new FailedSubJob(s.id(), s.name(), s.checkResult())).toList())
                .build();
    }

    private static StructProcessEntry entry(StructProcessObject o) {
        StructObjectState state = o.status() == null ? StructObjectState.UNKNOWN : switch (o.status()) {
            case StructProcessObject.IN_PROGRESS -> StructObjectState.IN_PROGRESS;
            case StructProcessObject.COMPLETED -> StructObjectState.COMPLETED;
            default -> StructObjectState.UNKNOWN;
        };
        return StructProcessEntry.newBuilder().setType(String.valueOf(o.type())).setStatus(o.status()).setState(state)
                .setSrcCount(o.srcCount()).setDstCount(o.dstCount())
                .setStartTime(o.startTime() == null ? null : Instant.ofEpochMilli(o.startTime()))
                .setEndTime(o.endTime() == null ? null : Instant.ofEpochMilli(o.endTime())).build();
    }

    private static Instant epochMillis(String raw) {
        if (raw == null) {
            return null;
        }
        try {
            return Instant.ofEpochMilli(Long.parseLong(raw.trim()));
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static long digest(String text) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return ByteBuffer.wrap(hash).getLong();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
