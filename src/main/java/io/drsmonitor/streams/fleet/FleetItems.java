package io.drsmonitor.streams.fleet;

import io.drsmonitor.model.FleetItem;
import io.drsmonitor.model.ItemRegionCount;
import io.drsmonitor.model.ItemVerdictCount;
import io.drsmonitor.model.ReasonCount;
import io.drsmonitor.streams.state.FleetItemState;
import io.drsmonitor.streams.state.RegionTally;
import io.drsmonitor.streams.state.VerdictTally;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Renders an item's counts as the published {@link FleetItem}. */
final class FleetItems {
    /** failed_reason values published per verdict (and region): the most given. */
    static final int TOP_REASONS = 3;

    private FleetItems() {
    }

    static VerdictTally emptyTally() {
        return VerdictTally.newBuilder().setReasons(new HashMap<>()).build();
    }

    static FleetItem published(String item, FleetItemState state) {
        List<ItemRegionCount> regions = new ArrayList<>();
        new TreeMap<>(state.getRegions()).forEach((region, tally) -> regions.add(regionCount(region, tally)));
        return FleetItem.newBuilder().setItem(item).setGroup(state.getGroup().isEmpty() ? null : state.getGroup())
                .setFailed(count(state.getFailed())).setAlarm(count(state.getAlarm())).setRegions(regions)
                .setUpdatedAt(Instant.ofEpochMilli(state.getUpdatedAt())).build();
    }

    private static ItemRegionCount regionCount(String region, RegionTally tally) {
        return new ItemRegionCount(region.isEmpty() ? null : region, count(tally.getFailed()), count(tally.getAlarm()));
    }

    private static ItemVerdictCount count(VerdictTally tally) {
        List<Map.Entry<String, Integer>> reasons = new ArrayList<>(tally.getReasons().entrySet());
        reasons.sort(Map.Entry.<String, Integer>comparingByValue(Comparator.reverseOrder()).thenComparing(Map.Entry.comparingByKey()));
        List<ReasonCount> top = new ArrayList<>();
        for (Map.Entry<String, Integer> reason : reasons.subList(0, Math.min(TOP_REASONS, reasons.size()))) {
            top.add(new ReasonCount(reason.getKey(), reason.getValue()));
        }
        return new ItemVerdictCount(tally.getJobs(), tally.getProjects(), top);
    }
}
