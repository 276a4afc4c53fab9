package io.drsmonitor.drs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.huaweicloud.sdk.core.auth.AKSKSigner;
import com.huaweicloud.sdk.core.auth.BasicCredentials;
import com.huaweicloud.sdk.core.http.HttpMethod;
import com.huaweicloud.sdk.core.http.HttpRequest;
import io.drsmonitor.simulator.ApigSignatureCheck;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * The AK/SK signature against the published example of Huawei's "API Request Signing Guide", and
 * the client's signer (Huawei's SDK signer) against the simulator's own, independently written
 * verification on a DRS request with a body.
 */
class AkSkSigningTest {
    // The guide's worked example: GET .../vpcs?limit=2&marker=..., X-Sdk-Date 20191115T033655Z.
    private static final String GUIDE_AK = "QTWAOYTTINDUT2QVKYUC";
    private static final String GUIDE_SK = "MFyfvK41ba2giqM7Uio6PznpdUKGpownRZlmVmHc";
    private static final String GUIDE_DATE = "20191115T033655Z";
    private static final Instant GUIDE_INSTANT = Instant.parse("2019-11-15T03:36:55Z");
    private static final URI GUIDE_URL = URI.create(
            "https://service.region.example.com/v1/77b6a44cba5143ab91d13ab9a8ff44fd/vpcs?marker=13551d6b-755d-4757-b956-536f674975c0&limit=2");
    private static final String GUIDE_STRING_TO_SIGN_HASH = "b25362e603ee30f4f25e7858e8a7160fd36e803bb2dfe206278659d71a9bcd7a";
    private static final String GUIDE_SIGNATURE = "7be6668032f70418fcc22abc52071e57aff61b84a1d2381bb430d6870f4f6ebe";

    private static final String DRS_BODY = "{\"jobs\":[{\"job_id\":\"140b5236-88ad-43c8-811c-1268453jb101\","
            + "\"precheck_mode\":\"forStartJob\"}]}";
    private static final URI DRS_URL = URI.create("http://127.0.0.1:8090/eu-west-101/v3/054ba152d480d55b2f5dc0069e7ddef0/jobs/batch-precheck");

    private static Clock at(Instant instant) {
        return Clock.fixed(instant, ZoneOffset.UTC);
    }

    /**
     * Huawei's SDK signer (3.1.130) never signs Content-Type (nor headers containing '_'), while the
     * guide's example does; the gateway checks whatever set SignedHeaders names. So on the guide's
     * request the client signs host and x-sdk-date, and its signature must be what the guide's
     * algorithm (the simulator's own code, which reproduces the published signature below) gives for
     * that set; and the published header itself must pass the simulator's check.
     */
    @Test
    void clientSignerFollowsTheGuidesAlgorithmOnItsExampleRequest() {
        AkSkCredentials credentials = new AkSkCredentials(GUIDE_AK, GUIDE_SK, null, at(GUIDE_INSTANT));
        Map<String, String> added = credentials.sign(new DrsCredentials.OutgoingRequest("GET", GUIDE_URL,
                Map.of("Content-Type", "application/json"), new byte[0]));
        assertEquals(GUIDE_DATE, added.get("X-Sdk-Date"));
        Map<String, String> headers = Map.of("content-type", "application/json", "host", "service.region.example.com",
                "x-sdk-date", GUIDE_DATE);
        ApigSignatureCheck.Received request = new ApigSignatureCheck.Received("GET", GUIDE_URL.getRawPath(), GUIDE_URL.getRawQuery(),
                name -> headers.get(name.toLowerCase(Locale.ROOT)), new byte[0]);
        String expected = ApigSignatureCheck.signature(GUIDE_SK, ApigSignatureCheck.stringToSign(GUIDE_DATE,
                ApigSignatureCheck.canonicalRequest(request, List.of("host", "x-sdk-date"))));
        assertEquals("SDK-HMAC-SHA256 Access=" + GUIDE_AK + ", SignedHeaders=host;x-sdk-date, Signature=" + expected,
                added.get("Authorization"));

        Map<String, String> published = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        published.putAll(headers);
        published.put("Authorization", "SDK-HMAC-SHA256 Access=" + GUIDE_AK + ", SignedHeaders=content-type;host;x-sdk-date, "
                + "Signature=" + GUIDE_SIGNATURE);
        ApigSignatureCheck gateway = new ApigSignatureCheck(new ApigSignatureCheck.Credentials(GUIDE_AK, GUIDE_SK, null));
        assertEquals(Optional.empty(), gateway.problem(new ApigSignatureCheck.Received("GET", GUIDE_URL.getRawPath(),
                GUIDE_URL.getRawQuery(), published::get, new byte[0]), GUIDE_INSTANT));
        Map<String, String> ours = caseInsensitive(published);
        ours.putAll(added);
        assertEquals(Optional.empty(), gateway.problem(new ApigSignatureCheck.Received("GET", GUIDE_URL.getRawPath(),
                GUIDE_URL.getRawQuery(), ours::get, new byte[0]), GUIDE_INSTANT));
    }

    @Test
    void simulatorsOwnCanonicalisationReproducesTheGuidesExample() {
        Map<String, String> headers = Map.of("content-type", "application/json", "host", "service.region.example.com",
                "x-sdk-date", GUIDE_DATE);
        ApigSignatureCheck.Received request = new ApigSignatureCheck.Received("GET", GUIDE_URL.getRawPath(), GUIDE_URL.getRawQuery(),
                name -> headers.get(name.toLowerCase(Locale.ROOT)), new byte[0]);
        String canonical = ApigSignatureCheck.canonicalRequest(request, List.of("content-type", "host", "x-sdk-date"));
        assertEquals(String.join("\n", "GET", "/v1/77b6a44cba5143ab91d13ab9a8ff44fd/vpcs/",
                "limit=2&marker=13551d6b-755d-4757-b956-536f674975c0",
                "content-type:application/json\nhost:service.region.example.com\nx-sdk-date:" + GUIDE_DATE + "\n",
                "content-type;host;x-sdk-date",
                "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"), canonical);
        String stringToSign = ApigSignatureCheck.stringToSign(GUIDE_DATE, canonical);
        assertEquals("SDK-HMAC-SHA256\n" + GUIDE_DATE + "\n" + GUIDE_STRING_TO_SIGN_HASH, stringToSign);
        assertEquals(GUIDE_SIGNATURE, ApigSignatureCheck.signature(GUIDE_SK, stringToSign));
    }

    @Test
    void clientSignatureOnADrsRequestWithABodyIsTheSdksAndPassesTheSimulatorsCheck() {
        Instant now = Instant.parse("2026-11-23T10:15:30Z");
        AkSkCredentials credentials = new AkSkCredentials("AKDRSMONITORTEST0001", "sk-for-tests-0123456789abcdefghijABCDEFGH",
                "temporary-security-token", at(now));
        Map<String, String> headers = new LinkedHashMap<>(Map.of("Content-Type", "application/json", "X-Language", "en-us"));
        byte[] body = DRS_BODY.getBytes(StandardCharsets.UTF_8);
        Map<String, String> added = credentials.sign(new DrsCredentials.OutgoingRequest("POST", DRS_URL, headers, body));

        // The SDK's signer, driven directly as its own clients drive it, gives the same Authorization.
        HttpRequest sdkRequest = HttpRequest.newBuilder().withEndpoint("http://127.0.0.1:8090").withPath(DRS_URL.getPath())
                .withMethod(HttpMethod.POST).withContentType("application/json").addHeader("X-Language", "en-us")
                .addHeader("X-Sdk-Date", "20261123T101530Z").addHeader("X-Security-Token", "temporary-security-token")
                .withBodyAsString(DRS_BODY).build();
        Map<String, String> sdk = AKSKSigner.getInstance().sign(sdkRequest, new BasicCredentials()
                .withAk("AKDRSMONITORTEST0001").withSk("sk-for-tests-0123456789abcdefghijABCDEFGH"));
        assertEquals(sdk.get("Authorization"), added.get("Authorization"));
        assertTrue(added.get("Authorization").contains("SignedHeaders=host;x-language;x-sdk-date;x-security-token,"),
                added.get("Authorization"));

        // The simulator's independent check accepts it as sent, and refuses every tampering.
        Map<String, String> sent = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        sent.putAll(headers);
        sent.putAll(added);
        sent.put("Host", "127.0.0.1:8090");
        ApigSignatureCheck check = new ApigSignatureCheck(new ApigSignatureCheck.Credentials("AKDRSMONITORTEST0001",
                "sk-for-tests-0123456789abcdefghijABCDEFGH", "temporary-security-token"));
        assertEquals(Optional.empty(), check.problem(received(sent, body), now.plusSeconds(30)));
        byte[] otherBody = DRS_BODY.replace("jb101", "jb102").getBytes(StandardCharsets.UTF_8);
        assertEquals(Optional.of("verify aksk signature fail"), check.problem(received(sent, otherBody), now));
        assertTrue(check.problem(received(sent, body), now.plusSeconds(16 * 60)).orElseThrow().contains("X-Sdk-Date"),
                "a date 16 minutes old is refused");
        Map<String, String> otherLanguage = caseInsensitive(sent);
        otherLanguage.put("X-Language", "zh-cn");
        assertEquals(Optional.of("verify aksk signature fail"), check.problem(received(otherLanguage, body), now));
        ApigSignatureCheck wrongSk = new ApigSignatureCheck(new ApigSignatureCheck.Credentials("AKDRSMONITORTEST0001",
                "another-secret-key", "temporary-security-token"));
        assertEquals(Optional.of("verify aksk signature fail"), wrongSk.problem(received(sent, body), now));
        Map<String, String> unsigned = caseInsensitive(sent);
        unsigned.remove("Authorization");
        assertEquals(Optional.of("Authorization not found"), check.problem(received(unsigned, body), now));
    }

    @Test
    void secretsStayOutOfToStringAndDescriptions() {
        AkSkCredentials credentials = new AkSkCredentials("AKDRSMONITORTEST0001", "super-secret-sk-value", "tmp-token-value",
                Clock.systemUTC());
        for (String shown : List.of(credentials.toString(), credentials.describe())) {
            assertFalse(shown.contains("super-secret-sk-value"), shown);
            assertFalse(shown.contains("tmp-token-value"), shown);
            assertFalse(shown.contains("AKDRSMONITORTEST0001"), "only a prefix of the access key: " + shown);
        }
        assertFalse(new ApigSignatureCheck.Credentials("AK", "super-secret-sk-value", null).toString().contains("super-secret"));
    }

    private static Map<String, String> caseInsensitive(Map<String, String> headers) {
        Map<String, String> copy = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        copy.putAll(headers);
        return copy;
    }

    private static ApigSignatureCheck.Received received(Map<String, String> headers, byte[] body) {
        return new ApigSignatureCheck.Received("POST", DRS_URL.getRawPath(), null, headers::get, body);
    }
}
