package io.drsmonitor.query;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.drsmonitor.model.JobDirection;
import io.drsmonitor.streams.state.ItemRef;
import io.drsmonitor.streams.state.PrecheckJobState;
import io.drsmonitor.streams.state.PrecheckPart;
import io.drsmonitor.streams.state.PrecheckStatus;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A job view's items show each item's own reason, and the reasons a state stored before items carried them. */
class JobViewsTest {
    @Test
    void eachItemShowsItsOwnReason() {
        PrecheckJobState state = state(List.of(new ItemRef("srcDbConnection", "network", "ACL denies 3306", 5L)),
                List.of(new ItemRef("dbParamConsistency", "db_params", "max_allowed_packet differs", 5L)), Map.of());
        JsonObject view = JobViews.precheck("job-1", state);
        assertEquals(new JsonArray().add(new JsonObject().put("item", "srcDbConnection").put("group", "network")
                .put("failedReason", "ACL denies 3306")), view.getJsonArray("failedItems"));
        assertEquals("max_allowed_packet differs", view.getJsonArray("alarmItems").getJsonObject(0).getString("failedReason"));
    }

    @Test
    void aStateStoredBeforeItemsCarriedReasonsShowsThemFromItsMap() {
        PrecheckJobState state = state(List.of(new ItemRef("srcDbConnection", "network", null, 0L)), List.of(),
                Map.of("srcDbConnection", "ACL denies 3306"));
        assertEquals("ACL denies 3306", JobViews.precheck("job-1", state).getJsonArray("failedItems").getJsonObject(0)
                .getString("failedReason"));
    }

    private static PrecheckJobState state(List<ItemRef> failed, List<ItemRef> alarm, Map<String, String> reasons) {
        PrecheckPart answer = new PrecheckPart(PrecheckStatus.FAILED, false, 50.0, JobDirection.UP, new ArrayList<>(failed),
                new ArrayList<>(alarm), null, "region-1", "mysql", true);
        return PrecheckJobState.newBuilder().setProjectId("p").setObservedAt(1_000).setAnswer(answer).setFailedReasons(reasons)
                .setFiringFailedItems(List.of()).setFiringAlarmItems(List.of()).build();
    }
}
