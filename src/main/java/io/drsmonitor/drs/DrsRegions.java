package io.drsmonitor.drs;

import java.net.URI;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.Collections;

/**
 * The public DRS endpoint of each Huawei Cloud region, as Huawei's own SDK has it
 * ({@code com.huaweicloud.sdk.drs.v3.region.DrsRegion} in {@code huaweicloud-sdk-drs} 3.1.130;
 * {@code DrsRegionsTest} checks this table against it). Not every region is {@code .com}:
 * {@code eu-west-101} is {@code drs.eu-west-101.myhuaweicloud.eu}.
 */
public final class DrsRegions {
    private static final Map<String, URI> PUBLIC_ENDPOINTS = new TreeMap<>();

    static {
        PUBLIC_ENDPOINTS.put("ae-ad-1", URI.create("https://drs.ae-ad-1.myhuaweicloud.com"));
        PUBLIC_ENDPOINTS.put("af-south-1", URI.create("https://drs.af-south-1.myhuaweicloud.com"));
        PUBLIC_ENDPOINTS.put("ap-southeast-1", URI.create("https://drs.ap-southeast-1.myhuaweicloud.com"));
        PUBLIC_ENDPOINTS.put("ap-southeast-2", URI.create("https://drs.ap-southeast-2.myhuaweicloud.com"));
        PUBLIC_ENDPOINTS.put("ap-southeast-3", URI.create("https://drs.ap-southeast-3.myhuaweicloud.com"));
        PUBLIC_ENDPOINTS.put("ap-southeast-4", URI.create("https://drs.ap-southeast-4.myhuaweicloud.com"));
        PUBLIC_ENDPOINTS.put("ap-southeast-5", URI.create("https://drs.ap-southeast-5.myhuaweicloud.com"));
        PUBLIC_ENDPOINTS.put("cn-east-2", URI.create("https://drs.cn-east-2.myhuaweicloud.com"));
        PUBLIC_ENDPOINTS.put("cn-east-3", URI.create("https://drs.cn-east-3.myhuaweicloud.com"));
        PUBLIC_ENDPOINTS.put("cn-north-1", URI.create("https://drs.cn-north-1.myhuaweicloud.com"));
        PUBLIC_ENDPOINTS.put("cn-north-2", URI.create("https://drs.cn-north-2.myhuaweicloud.com"));
        PUBLIC_ENDPOINTS.put("cn-north-4", URI.create("https://drs.cn-north-4.myhuaweicloud.com"));
        PUBLIC_ENDPOINTS.put("cn-north-9", URI.create("https://drs.cn-north-9.myhuaweicloud.com"));
        PUBLIC_ENDPOINTS.put("cn-south-1", URI.create("https://drs.cn-south-1.myhuaweicloud.com"));
        PUBLIC_ENDPOINTS.put("cn-south-2", URI.create("https://drs.cn-south-2.myhuaweicloud.com"));
        PUBLIC_ENDPOINTS.put("cn-south-4", URI.create("https://drs.cn-south-4.myhuaweicloud.com"));
        PUBLIC_ENDPOINTS.put("cn-southwest-2", URI.create("https://drs.cn-southwest-2.myhuaweicloud.com"));
        PUBLIC_ENDPOINTS.put("eu-west-0", URI.create("https://drs.eu-west-0.myhuaweicloud.com"));
        PUBLIC_ENDPOINTS.put("eu-west-101", URI.create("https://drs.eu-west-101.myhuaweicloud.eu"));
        PUBLIC_ENDPOINTS.put("la-north-2", URI.create("https://drs.la-north-2.myhuaweicloud.com"));
        PUBLIC_ENDPOINTS.put("la-south-2", URI.create("https://drs.la-south-2.myhuaweicloud.com"));
        PUBLIC_ENDPOINTS.put("my-kualalumpur-1", URI.create("https://drs.my-kualalumpur-1.myhuaweicloud.com"));
        PUBLIC_ENDPOINTS.put("na-mexico-1", URI.create("https://drs.na-mexico-1.myhuaweicloud.com"));
        PUBLIC_ENDPOINTS.put("ru-moscow-1", URI.create("https://drs.ru-moscow-1.myhuaweicloud.com"));
        PUBLIC_ENDPOINTS.put("ru-northwest-2", URI.create("https://drs.ru-northwest-2.myhuaweicloud.com"));
        PUBLIC_ENDPOINTS.put("sa-brazil-1", URI.create("https://drs.sa-brazil-1.myhuaweicloud.com"));
        PUBLIC_ENDPOINTS.put("tr-west-1", URI.create("https://drs.tr-west-1.myhuaweicloud.com"));
    }

    private DrsRegions() {
    }

    /** The region's public endpoint, empty for a region the table does not know. */
    public static Optional<URI> publicEndpoint(String region) {
        return Optional.ofNullable(region == null ? null : PUBLIC_ENDPOINTS.get(region));
    }

    /** Every region with a public endpoint, sorted. */
    public static Map<String, URI> all() {
        return Collections.unmodifiableMap(PUBLIC_ENDPOINTS);
    }
}
