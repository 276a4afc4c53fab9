package io.drsmonitor.drs;

import com.huaweicloud.sdk.core.auth.AKSKSigner;
import com.huaweicloud.sdk.core.auth.BasicCredentials;
import com.huaweicloud.sdk.core.http.HttpMethod;
import com.huaweicloud.sdk.core.http.HttpRequest;
import io.vertx.core.Future;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.net.URI;
import java.util.ArrayList;

/**
 * AK/SK credentials, the way Huawei Cloud users authenticate (APIG's {@code SDK-HMAC-SHA256}
 * scheme). Each request is signed by Huawei's own signer ({@link AKSKSigner} from
 * {@code huaweicloud-sdk-core}) over its method, path, query, headers, body hash and a fresh
 * {@code X-Sdk-Date}. Temporary credentials add {@code X-Security-Token}, which is signed too.
 */
public final class AkSkCredentials implements DrsCredentials {
    public static final String DATE_HEADER = "X-Sdk-Date";
    public static final String SECURITY_TOKEN_HEADER = "X-Security-Token";
    /** {@code X-Sdk-Date}'s format: basic ISO 8601 in UTC. */
    public static final DateTimeFormatter SDK_DATE = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

    private final String accessKey;
    private final String secretKey;
    private final String securityToken;
    private final Clock clock;

    /** @param securityToken null for permanent credentials */
    public AkSkCredentials(String accessKey, String secretKey, String securityToken, Clock clock) {
        if (accessKey == null || accessKey.isBlank() || secretKey == null || secretKey.isBlank()) {
            throw new IllegalArgumentException("AK/SK needs both an access key and a secret key");
        }
        this.accessKey = accessKey.trim();
        this.secretKey = secretKey.trim();
        this.securityToken = securityToken == null || securityToken.isBlank() ? null : securityToken.trim();
        this.clock = clock;
    }

    @Override
    public String describe() {
        return "AK/SK signing (access key " + maskedAccessKey() + (securityToken != null ? ", temporary credentials" : "") + ")";
    }

    @Override
    public Future<Map<String, String>> authenticate(OutgoingRequest request) {
        try {
            return Future.succeededFuture(sign(request));
        } catch (RuntimeException e) {
            // The SDK's messages never carry the SK; still, report only the kind of failure.
            return Future.failedFuture(new IllegalStateException("AK/SK signing failed: " + e.getClass().getSimpleName()));
        }
    }

    /** The headers to add: {@code X-Sdk-Date}, {@code Authorization}, and {@code X-Security-Token} when set. */
    Map<String, String> sign(OutgoingRequest request) {
        Map<String, String> added = new LinkedHashMap<>();
        added.put(DATE_HEADER, SDK_DATE.format(clock.instant()));
        if (securityToken != null) {
            added.put(SECURITY_TOKEN_HEADER, securityToken);
        }
        URI url = request.url();
        HttpRequest.HttpRequestBuilder builder = HttpRequest.newBuilder()
                .withEndpoint(url.getScheme() + "://" + url.getRawAuthority())
                .withPath(url.getRawPath())
                .withMethod(HttpMethod.valueOf(request.method()));
        if (url.getRawQuery() != null) {
            // The SDK takes each name once, with all its values.
            Map<String, List<String>> query = new LinkedHashMap<>();
            for (String pair : url.getRawQuery().split("&")) {
                int eq = pair.indexOf('=');
                query.computeIfAbsent(decode(eq < 0 ? pair : pair.substring(0, eq)), k -> new ArrayList<>())
                        .add(eq < 0 ? "" : decode(pair.substring(eq + 1)));
            }
            query.forEach(builder::addQueryParam);
        }
        // Every header we send goes to the signer; the SDK's signer leaves Content-Type unsigned.
        request.headers().forEach(builder::addHeader);
        added.forEach(builder::addHeader);
        if (request.body() != null && request.body().length > 0) {
            builder.withBodyAsString(new String(request.body(), StandardCharsets.UTF_8));
        }
        BasicCredentials credentials = new BasicCredentials().withAk(accessKey).withSk(secretKey);
        Map<String, String> signed = AKSKSigner.getInstance().sign(builder.build(), credentials);
        added.put("Authorization", signed.get("Authorization"));
        return added;
    }

    private static String decode(String s) {
        return URLDecoder.decode(s, StandardCharsets.UTF_8);
    }

    private String maskedAccessKey() {
        return accessKey.length() <= 4 ? "****" : accessKey.substring(0, 4) + "****";
    }

    @Override
    public String toString() {
        return "AkSkCredentials[ak=" + maskedAccessKey() + ", sk=****" + (securityToken != null ? ", token=****" : "") + "]";
    }
}
