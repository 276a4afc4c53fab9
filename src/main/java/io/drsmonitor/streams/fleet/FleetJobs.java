package io.drsmonitor.streams.fleet;

import io.drsmonitor.model.CheckResult;
import io.drsmonitor.streams.state.ItemRef;
import io.drsmonitor.streams.state.PrecheckJobState;
import io.drsmonitor.streams.state.PrecheckPart;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import org.apache.kafka.streams.KeyValue;

/**
 * The jobs behind an item's counts, read from the per-job pre-check states the counts are made from (an
 * item's jobs are spread over every partition, so each instance lists those it holds and the API merges
 * the parts): a job has the item in the verdict its latest answer gives it, FAILED before ALARM, as
 * {@link FleetCombiner} counts it.
 */
public final class FleetJobs {
    /** One job with the item: its project and region, the verdict, the reason and since when. */
    public record Affected(String jobId, String projectId, String region, CheckResult verdict, String failedReason, long since) {
    }

    private FleetJobs() {
    }

    /**
     * The jobs of {@code states} with {@code item} in {@code verdict} whose id sorts after {@code afterJob}
     * (null: from the first), by job id, at most {@code limit}.
     */
    public static List<Affected> affected(Iterator<KeyValue<String, PrecheckJobState>> states, String item, CheckResult verdict,
                                          String afterJob, int limit) {
        return affected(states, item, verdict, null, afterJob, limit);
    }

    /**
     * As {@link #affected(Iterator, String, CheckResult, String, int)}, only the jobs of {@code region} (null: every
     * region), as the region's counts count them: a job whose region is not known is in none.
     */
    public static List<Affected> affected(Iterator<KeyValue<String, PrecheckJobState>> states, String item, CheckResult verdict,
                                          String region, String afterJob, int limit) {
        List<Affected> found = new ArrayList<>();
        while (states.hasNext()) {
            KeyValue<String, PrecheckJobState> kv = states.next();
            if (afterJob != null && kv.key.compareTo(afterJob) <= 0) {
                continue;
            }
            PrecheckPart part = kv.value.getAnswer();
            if (region != null && !region.equals(part.getRegion())) {
                continue;
            }
            ItemRef ref = find(part.getFailedItems(), item);
            CheckResult has = CheckResult.FAILED;
            if (ref == null) {
                ref = find(part.getAlarmItems(), item);
                has = CheckResult.ALARM;
            }
            if (ref != null && has == verdict) {
                found.add(new Affected(kv.key, kv.value.getProjectId(), part.getRegion(), verdict, ref.getReason(), ref.getSince()));
            }
        }
        found.sort(Comparator.comparing(Affected::jobId));
        return found.subList(0, Math.min(limit, found.size()));
    }

    private static ItemRef find(List<ItemRef> items, String item) {
        for (ItemRef ref : items) {
            if (ref.getItem().equals(item)) {
                return ref;
            }
        }
        return null;
    }
}
