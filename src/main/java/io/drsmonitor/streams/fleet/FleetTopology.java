package io.drsmonitor.streams.fleet;

import io.drsmonitor.avro.SpecificAvroSerde;
import io.drsmonitor.kafka.TopicNames;
import io.drsmonitor.model.FleetItem;
import io.drsmonitor.model.FleetSlice;
import io.drsmonitor.streams.internals.CommitHookStore;
import io.drsmonitor.streams.internals.WriteBackStore;
import io.drsmonitor.streams.state.FleetItemState;
import io.drsmonitor.streams.state.ProjectDelta;
import io.drsmonitor.streams.state.SliceTotals;
import io.drsmonitor.streams.state.SummaryDelta;
import java.time.Duration;
import java.util.Map;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.Branched;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;

/**
 * The fleet view's part of the summaries' topology: the per-job changes combined per task into item
 * and slice changes ({@link #combine}), which cross the summaries' one repartition topic beside the
 * projects' deltas; on the far side, item and slice totals published to the two compacted fleet
 * topics ({@link #summarize}), which every instance reads back whole ({@link FleetViewApp}). Every
 * processor, store and topic is named, so changelogs stay stable.
 */
public final class FleetTopology {
    /** The counts behind each published item. */
    static final String ITEM_TOTALS_STORE = "fleet-item-totals";
    /** The counts of each slice. */
    static final String SLICE_TOTALS_STORE = "fleet-slice-totals";
    static final String COMBINER_COMMIT_HOOK = "fleet-combiner-commits";

    private FleetTopology() {
    }

    /** The fleet's combined changes of one task, as {@link ProjectDelta}s keyed by item or by slice, from the job processors' {@code jobChanges}. */
    public static KStream<String, ProjectDelta> combine(StreamsBuilder builder, KStream<String, SummaryDelta> jobChanges) {
        builder.addStateStore(CommitHookStore.builder(COMBINER_COMMIT_HOOK));
        return jobChanges.process(() -> new FleetCombiner(COMBINER_COMMIT_HOOK), Named.as("fleet-combiner"), COMBINER_COMMIT_HOOK);
    }

    /** Whether a record of the summaries' repartition topic is a fleet change ({@link #summarize} takes those). */
    public static boolean isFleetChange(ProjectDelta change) {
        return change.getFleetItem() != null || change.getFleetSlice() != null;
    }

    /** Adds the item and slice totals and the fleet topics they feed, fed by the repartitioned {@code fleetChanges}. */
    public static void summarize(StreamsBuilder builder, KStream<String, ProjectDelta> fleetChanges, Map<String, Object> serdeConfig,
                                 Duration publishEvery, TopicNames names) {
        Serde<String> keys = Serdes.String();
        builder.addStateStore(WriteBackStore.builder(ITEM_TOTALS_STORE, keys, SpecificAvroSerde.forValues(FleetItemState.class, serdeConfig)));
        builder.addStateStore(WriteBackStore.builder(SLICE_TOTALS_STORE, keys, SpecificAvroSerde.forValues(SliceTotals.class, serdeConfig)));
        fleetChanges.split(Named.as("fleet-changes-"))
                .branch((key, change) -> change.getFleetItem() != null, Branched.withConsumer(items -> items
                        .mapValues(ProjectDelta::getFleetItem, Named.as("fleet-item-change"))
                        .process(() -> new FleetSummarizer<>(ITEM_TOTALS_STORE, publishEvery, FleetItems.COUNTS),
                                Named.as("fleet-item-summarizer"), ITEM_TOTALS_STORE)
                        .to(names.fleetItems(), Produced.with(keys, SpecificAvroSerde.forValues(FleetItem.class, serdeConfig))
                                .withName("fleet-items-sink")), "items"))
                .defaultBranch(Branched.withConsumer(slices -> slices
                        .mapValues(ProjectDelta::getFleetSlice, Named.as("fleet-slice-change"))
                        .process(() -> new FleetSummarizer<>(SLICE_TOTALS_STORE, publishEvery, FleetCounts.SLICES),
                                Named.as("fleet-slice-summarizer"), SLICE_TOTALS_STORE)
                        .to(names.fleetTotals(), Produced.with(keys, SpecificAvroSerde.forValues(FleetSlice.class, serdeConfig))
                                .withName("fleet-totals-sink")), "slices"));

    }
}
