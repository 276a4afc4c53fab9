package io.drsmonitor.simulator;

import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The API gateway's side of AK/SK authentication ({@code SDK-HMAC-SHA256}), written from Huawei's
 * "API Request Signing Guide" and independent of the SDK's signer that the client uses: the
 * canonical request is rebuilt from what arrived (method, path with a trailing {@code /}, sorted
 * query, the signed headers lower-cased and trimmed, the body's SHA-256 unless
 * {@code X-Sdk-Content-Sha256: UNSIGNED-PAYLOAD}), hashed into the string to sign with
 * {@code X-Sdk-Date}, and HMAC-SHA256'd with the secret key.
 */
public final class ApigSignatureCheck {
    public static final String ALGORITHM = "SDK-HMAC-SHA256";
    /** The gateway refuses a request whose X-Sdk-Date is further than this from its clock. */
    public static final Duration MAX_SKEW = Duration.ofMinutes(15);
    private static final DateTimeFormatter SDK_DATE = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);
    private static final Pattern AUTHORIZATION = Pattern.compile(
            ALGORITHM + "\\s+Access=([^,\\s]+),\\s*SignedHeaders=([^,\\s]+),\\s*Signature=([0-9a-fA-F]+)\\s*");

    /** Accepted credentials; {@code securityToken} non-null for temporary credentials. */
    public record Credentials(String accessKey, String secretKey, String securityToken) {
        @Override
        public String toString() {
            return "Credentials[ak=" + accessKey + ", sk=****" + (securityToken != null ? ", token=****" : "") + "]";
        }
    }

    /** What arrived: {@code header} looks a header up by name, case-insensitively; null when absent. */
    public record Received(String method, String rawPath, String rawQuery, Function<String, String> header, byte[] body) {
    }

    private final Credentials credentials;

    public ApigSignatureCheck(Credentials credentials) {
        this.credentials = credentials;
    }

    /** Why {@code request} is refused, or empty when its signature is good. */
    public Optional<String> problem(Received request, Instant now) {
        String authorization = request.header().apply("Authorization");
        if (authorization == null || authorization.isBlank()) {
            return Optional.of("Authorization not found");
        }
        Matcher parts = AUTHORIZATION.matcher(authorization);
        if (!parts.matches()) {
            return Optional.of("Authorization is not " + ALGORITHM + " Access=..., SignedHeaders=..., Signature=...");
        }
        if (!credentials.accessKey().equals(parts.group(1))) {
            return Optional.of("the access key is not known");
        }
        List<String> signed = List.of(parts.group(2).split(";"));
        if (!signed.contains("x-sdk-date") || !signed.contains("host")) {
            return Optional.of("host and x-sdk-date must be signed");
        }
        String date = request.header().apply("X-Sdk-Date");
        try {
            Instant at = SDK_DATE.parse(date, Instant::from);
            if (Duration.between(at, now).abs().compareTo(MAX_SKEW) > 0) {
                return Optional.of("X-Sdk-Date " + date + " is more than " + MAX_SKEW.toMinutes() + " minutes from the gateway's clock");
            }
        } catch (DateTimeParseException | NullPointerException e) {
            return Optional.of("X-Sdk-Date is missing or not yyyyMMdd'T'HHmmss'Z'");
        }
        if (credentials.securityToken() != null) {
            if (!credentials.securityToken().equals(request.header().apply("X-Security-Token"))) {
                return Optional.of("the security token is missing or not valid for this access key");
            }
            if (!signed.contains("x-security-token")) {
                return Optional.of("x-security-token must be signed");
            }
        }
        for (String name : signed) {
            if (request.header().apply(name) == null) {
                return Optional.of("signed header " + name + " was not sent");
            }
        }
        String expected = signature(credentials.secretKey(), stringToSign(date, canonicalRequest(request, signed)));
        boolean same = MessageDigest.isEqual(expected.getBytes(StandardCharsets.US_ASCII),
                parts.group(3).toLowerCase(Locale.ROOT).getBytes(StandardCharsets.US_ASCII));
        return same ? Optional.empty() : Optional.of("verify aksk signature fail");
    }

    /** The guide's CanonicalRequest over the headers named in {@code signedHeaders} (lower case). */
    public static String canonicalRequest(Received request, List<String> signedHeaders) {
        List<String> names = signedHeaders.stream().map(n -> n.toLowerCase(Locale.ROOT)).sorted().toList();
        StringBuilder headers = new StringBuilder();
        for (String name : names) {
            headers.append(name).append(':').append(request.header().apply(name).trim()).append('\n');
        }
        String payloadHash = "UNSIGNED-PAYLOAD".equals(request.header().apply("X-Sdk-Content-Sha256"))
                ? "UNSIGNED-PAYLOAD" : hex(sha256(request.body() == null ? new byte[0] : request.body()));
        return String.join("\n", request.method().toUpperCase(Locale.ROOT), canonicalUri(request.rawPath()),
                canonicalQuery(request.rawQuery()), headers.toString(), String.join(";", names), payloadHash);
    }

    public static String stringToSign(String sdkDate, String canonicalRequest) {
        return ALGORITHM + "\n" + sdkDate + "\n" + hex(sha256(canonicalRequest.getBytes(StandardCharsets.UTF_8)));
    }

    public static String signature(String secretKey, String stringToSign) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secretKey.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return hex(mac.doFinal(stringToSign.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }

    /** Each segment decoded then RFC 3986-encoded, and always a trailing slash. */
    static String canonicalUri(String rawPath) {
        StringBuilder uri = new StringBuilder();
        for (String segment : rawPath.split("/", -1)) {
            if (!segment.isEmpty()) {
                uri.append('/').append(encode(URLDecoder.decode(segment, StandardCharsets.UTF_8)));
            }
        }
        return uri.append('/').toString();
    }

    /** Parameters sorted by name (then value), names and values RFC 3986-encoded. */
    static String canonicalQuery(String rawQuery) {
        if (rawQuery == null || rawQuery.isEmpty()) {
            return "";
        }
        Map<String, List<String>> sorted = new TreeMap<>();
        for (String pair : rawQuery.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            sorted.computeIfAbsent(encode(name), k -> new ArrayList<>()).add(encode(value));
        }
        List<String> out = new ArrayList<>();
        sorted.forEach((name, values) -> values.stream().sorted().forEach(v -> out.add(name + "=" + v)));
        return String.join("&", out);
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20").replace("*", "%2A").replace("%7E", "~");
    }

    private static byte[] sha256(byte[] bytes) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    private static String hex(byte[] bytes) {
        return HexFormat.of().formatHex(bytes);
    }
}
