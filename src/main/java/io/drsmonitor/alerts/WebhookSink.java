package io.drsmonitor.alerts;

import io.drsmonitor.model.CheckAlert;
import io.drsmonitor.avro.RecordJson;
import io.vertx.core.buffer.Buffer;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * A generic JSON webhook: the body is the CheckAlert as JSON. With a secret, the
 * {@value #SIGNATURE} header carries {@code sha256=} and the hex HMAC-SHA256 of the exact body bytes,
 * so a receiver holding the same secret can verify it; {@value #DELIVERY_ID} is the same for every
 * attempt at one transition, so a receiver can drop a repeat.
 */
final class WebhookSink extends AlertSink {
    static final String NAME = "webhook";
    static final String SIGNATURE = "X-DRS-Signature-256";
    static final String DELIVERY_ID = "X-DRS-Delivery-Id";

    private final Optional<SecretKeySpec> key;

    WebhookSink(URI url, Optional<String> secret) {
        super(NAME, url);
        this.key = secret.map(s -> new SecretKeySpec(s.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
    }

    @Override
    SinkRequest request(CheckAlert alert, CheckAlert previous) {
        byte[] body = RecordJson.toJson(alert).encode().getBytes(StandardCharsets.UTF_8);
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Content-Type", "application/json");
        headers.put(DELIVERY_ID, alert.getAlertId() + ":" + alert.getState() + ":" + alert.getRaisedAt().toEpochMilli());
        key.ifPresent(k -> headers.put(SIGNATURE, "sha256=" + hmac(k, body)));
        return new SinkRequest(Buffer.buffer(body), headers);
    }

    private static String hmac(SecretKeySpec key, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            return HexFormat.of().formatHex(mac.doFinal(body));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every Java runtime", e);
        }
    }
}
