package io.drsmonitor.drs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** {@link DrsClients} as the collector's {@link DrsCalls}: a region without an endpoint is not served, and its calls fail at once. */
class DrsClientsTest {

    @Test
    void callsToARegionWithoutAnEndpointFailNamingIt() throws Exception {
        Vertx vertx = Vertx.vertx();
        try (DrsClients clients = DrsClients.perRegion(vertx, DrsClientConfig.of(URI.create("https://drs.private.example")),
                region -> DrsCredentials.fixedToken("t"), new SimpleMeterRegistry(),
                RegionEndpoints.real("ap-southeast-1", null, Map.of()))) {
            String region = "xx-nowhere-9";
            assertFalse(clients.serves(region));
            assertTrue(clients.sendsCalls(region), "nothing holds the calls of a region without a client back");
            assertTrue(clients.serves(clients.regionOf(null)));
            String project = "0".repeat(32);
            List<Future<?>> calls = List.of(
                    clients.batchPrecheck(region, project, List.of(new PreCheckInfo("job-1", DrsRules.FOR_START_JOB))),
                    clients.batchPrecheckResult(region, project, List.of("job-1")),
                    clients.batchStructProcess(region, project, List.of("job-1")));
            for (Future<?> call : calls) {
                assertTrue(call.failed(), "failed at once");
                assertInstanceOf(IllegalStateException.class, call.cause());
                assertEquals("no DRS endpoint for region xx-nowhere-9 (set drs.region.endpoints)", call.cause().getMessage());
            }
            assertEquals(Map.of(), clients.authProblems());
        } finally {
            vertx.close().await(10, TimeUnit.SECONDS);
        }
    }
}
