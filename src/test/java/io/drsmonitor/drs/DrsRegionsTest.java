package io.drsmonitor.drs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.huaweicloud.sdk.core.region.Region;
import com.huaweicloud.sdk.drs.v3.region.DrsRegion;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.net.URI;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** Our region table is the SDK's, and a job's region picks its endpoint. */
class DrsRegionsTest {

    @Test
    void tableEqualsTheSdksDrsRegion() throws Exception {
        Map<String, URI> sdk = new TreeMap<>();
        for (Field field : DrsRegion.class.getFields()) {
            if (Modifier.isStatic(field.getModifiers()) && field.getType() == Region.class) {
                Region region = (Region) field.get(null);
                sdk.put(region.getId(), URI.create(region.getEndpoints().get(0)));
            }
        }
        assertTrue(sdk.size() > 20, "the SDK lists " + sdk.size() + " regions");
        assertEquals(sdk, DrsRegions.all());
        assertEquals(URI.create("https://drs.eu-west-101.myhuaweicloud.eu"), DrsRegions.publicEndpoint("eu-west-101").orElseThrow());
    }

    @Test
    void jobsRouteByTheirRegionWithTheDefaultAndOverridesFirst() {
        RegionEndpoints real = RegionEndpoints.real("ap-southeast-1", URI.create("https://drs.private.example"),
                Map.of("eu-west-101", URI.create("https://proxy.example/eu")));
        assertEquals("ap-southeast-1", real.regionOf(null));
        assertEquals("ap-southeast-1", real.regionOf(" "));
        assertEquals(URI.create("https://drs.private.example"), real.endpoint("ap-southeast-1").orElseThrow());
        assertEquals(URI.create("https://proxy.example/eu"), real.endpoint("eu-west-101").orElseThrow());
        assertEquals(URI.create("https://drs.cn-north-4.myhuaweicloud.com"), real.endpoint("cn-north-4").orElseThrow());
        assertTrue(real.endpoint("xx-nowhere-9").isEmpty(), "a region without an endpoint has none");

        RegionEndpoints single = RegionEndpoints.real(null, URI.create("https://drs.private.example"),
                Map.of("eu-west-101", URI.create("https://proxy.example/eu")));
        assertEquals(URI.create("https://drs.private.example"), single.endpoint("cn-north-4").orElseThrow(),
                "drs.endpoint without drs.region serves every region: credentials go nowhere else");
        assertEquals(URI.create("https://proxy.example/eu"), single.endpoint("eu-west-101").orElseThrow());

        RegionEndpoints simulated = RegionEndpoints.simulated(URI.create("http://127.0.0.1:8090"));
        assertEquals(DrsClient.DEFAULT_REGION, simulated.regionOf(null));
        assertEquals(URI.create("http://127.0.0.1:8090"), simulated.endpoint(DrsClient.DEFAULT_REGION).orElseThrow());
        assertEquals(URI.create("http://127.0.0.1:8090/eu-west-101"), simulated.endpoint("eu-west-101").orElseThrow());
    }
}
