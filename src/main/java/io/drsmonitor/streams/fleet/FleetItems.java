package io.drsmonitor.streams.fleet;

import io.drsmonitor.model.CheckResult;
import io.drsmonitor.model.FleetItem;
import io.drsmonitor.model.ItemRegionCount;
import io.drsmonitor.model.ItemVerdictCount;
import io.drsmonitor.model.ReasonCount;
import io.drsmonitor.streams.state.FleetItemState;
import io.drsmonitor.streams.state.ItemCounts;
import io.drsmonitor.streams.state.VerdictCounts;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/** An item's counts: made empty, changed by one job, added up, and rendered as the published {@link FleetItem}. */
final class FleetItems {
    /** failed_reason values published per verdict (and region): the most given. */
    static final int TOP_REASONS = 3;

    private FleetItems() {
    }

    static FleetItemState empty() {
        return FleetItemState.newBuilder().setFailed(emptyVerdict()).setAlarm(emptyVerdict()).build();
    }

    private static VerdictCounts emptyVerdict() {
        return VerdictCounts.newBuilder().setAll(emptyCounts()).setRegions(new HashMap<>()).build();
    }

    private static ItemCounts emptyCounts() {
        return ItemCounts.newBuilder().setReasons(new HashMap<>()).setProjects(new HashMap<>()).build();
    }

    /** Adds ({@code sign} 1) or removes (-1) one job with the item in {@code verdict}, in place. */
    static void count(FleetItemState counts, CheckResult verdict, String project, String region, String reason, int sign) {
        VerdictCounts v = verdict == CheckResult.FAILED ? counts.getFailed() : counts.getAlarm();
        for (ItemCounts c : List.of(v.getAll(), v.getRegions().computeIfAbsent(region == null ? "" : region, r -> emptyCounts()))) {
            c.setJobs(c.getJobs() + sign);
            if (reason != null) {
                add(c.getReasons(), reason, sign);
            }
            add(c.getProjects(), project, sign);
        }
    }

    /** The summarizer's rules for an item's counts. */
    static final FleetSummarizer.Counts<FleetItemState, FleetItem> COUNTS = new FleetSummarizer.Counts<>() {
        @Override
        public FleetItemState empty() {
            return FleetItems.empty();
        }

        @Override
        public void add(FleetItemState counts, FleetItemState change) {
            FleetItems.add(counts, change);
        }

        @Override
        public boolean isEmpty(FleetItemState counts) {
            return FleetItems.isEmpty(counts);
        }

        @Override
        public boolean dirty(FleetItemState counts) {
            return counts.getDirty();
        }

        @Override
        public void setDirty(FleetItemState counts, boolean dirty) {
            counts.setDirty(dirty);
        }

        @Override
        public FleetItem published(String item, FleetItemState counts) {
            return FleetItems.published(item, counts);
        }
    };

    /** Adds {@code change} (signed sums, and its group when it names one) to {@code counts}, in place; a region left without jobs leaves. */
    static void add(FleetItemState counts, FleetItemState change) {
        if (!change.getGroup().isEmpty()) {
            counts.setGroup(change.getGroup());
        }
        add(counts.getFailed(), change.getFailed());
        add(counts.getAlarm(), change.getAlarm());
        counts.setUpdatedAt(Math.max(counts.getUpdatedAt(), change.getUpdatedAt()));
    }

    private static void add(VerdictCounts counts, VerdictCounts change) {
        add(counts.getAll(), change.getAll());
        change.getRegions().forEach((region, c) -> {
            ItemCounts in = counts.getRegions().computeIfAbsent(region, r -> emptyCounts());
            add(in, c);
            if (isEmpty(in)) {
                counts.getRegions().remove(region);
            }
        });
    }

    private static void add(ItemCounts counts, ItemCounts change) {
        counts.setJobs(counts.getJobs() + change.getJobs());
        change.getReasons().forEach((reason, jobs) -> add(counts.getReasons(), reason, jobs));
        change.getProjects().forEach((project, jobs) -> add(counts.getProjects(), project, jobs));
    }

    private static void add(Map<String, Integer> counts, String key, int jobs) {
        int now = counts.getOrDefault(key, 0) + jobs;
        if (now == 0) {
            counts.remove(key);
        } else {
            counts.put(key, now);
        }
    }

    private static boolean isEmpty(ItemCounts c) {
        return c.getJobs() == 0 && c.getReasons().isEmpty() && c.getProjects().isEmpty();
    }

    /** No job has the item: the change cancelled out, or the item is gone. */
    static boolean isEmpty(FleetItemState counts) {
        return isEmpty(counts.getFailed().getAll()) && isEmpty(counts.getAlarm().getAll()) && counts.getFailed().getRegions().isEmpty()
                && counts.getAlarm().getRegions().isEmpty();
    }

    static FleetItem published(String item, FleetItemState counts) {
        List<ItemRegionCount> regions = new ArrayList<>();
        TreeSet<String> names = new TreeSet<>(counts.getFailed().getRegions().keySet());
        names.addAll(counts.getAlarm().getRegions().keySet());
        for (String region : names) {
            regions.add(new ItemRegionCount(region.isEmpty() ? null : region, count(counts.getFailed().getRegions().get(region)),
                    count(counts.getAlarm().getRegions().get(region))));
        }
        return FleetItem.newBuilder().setItem(item).setGroup(counts.getGroup().isEmpty() ? null : counts.getGroup())
                .setFailed(count(counts.getFailed().getAll())).setAlarm(count(counts.getAlarm().getAll())).setRegions(regions)
                .setUpdatedAt(Instant.ofEpochMilli(counts.getUpdatedAt())).build();
    }

    private static ItemVerdictCount count(ItemCounts c) {
        if (c == null) {
            return new ItemVerdictCount(0, 0, new ArrayList<>());
        }
        List<Map.Entry<String, Integer>> reasons = new ArrayList<>(c.getReasons().entrySet());
        reasons.sort(Map.Entry.<String, Integer>comparingByValue(Comparator.reverseOrder()).thenComparing(Map.Entry.comparingByKey()));
        List<ReasonCount> top = new ArrayList<>();
        for (Map.Entry<String, Integer> reason : reasons.subList(0, Math.min(TOP_REASONS, reasons.size()))) {
            top.add(new ReasonCount(reason.getKey(), reason.getValue()));
        }
        return new ItemVerdictCount(c.getJobs(), c.getProjects().size(), top);
    }
}
