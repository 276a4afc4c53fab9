package io.drsmonitor.query;

import io.drsmonitor.model.FleetItem;
import io.drsmonitor.model.FleetSlice;
import io.drsmonitor.streams.fleet.FleetViewApp;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.QueryableStoreTypes;

/** The fleet view's two global stores ({@link FleetViewApp}), read on this instance; every instance holds them whole. */
public final class FleetStores {
    /** For an API without a fleet view: every read answers 503. */
    static final FleetStores NONE = new FleetStores(null);

    private final KafkaStreams view;

    /** @param view the running {@link FleetViewApp}'s client */
    public FleetStores(KafkaStreams view) {
        this.view = view;
    }

    /** Every published item. */
    public List<FleetItem> items() {
        return all(FleetViewApp.ITEMS_STORE);
    }

    /** Every published slice. */
    public List<FleetSlice> slices() {
        return all(FleetViewApp.TOTALS_STORE);
    }

    private <V> List<V> all(String store) {
        if (view == null) {
            throw new NotReadyException("this instance runs no fleet view");
        }
        if (view.state() != KafkaStreams.State.RUNNING) {
            throw new NotReadyException("the fleet view is " + view.state());
        }
        List<V> values = new ArrayList<>();
        try (KeyValueIterator<String, V> all = view.store(StoreQueryParameters.fromNameAndType(store,
                QueryableStoreTypes.<String, V>keyValueStore())).all()) {
            all.forEachRemaining(kv -> values.add(kv.value));
        } catch (InvalidStateStoreException e) {
            throw new NotReadyException("the fleet view is " + view.state());
        }
        return values;
    }
}
