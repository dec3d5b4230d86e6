package io.switchboard.load;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The Standard Webhooks check, written from the specification (standardwebhooks.com, "Verifying
 * webhook authenticity"), not from the server's signer: {@code v1,} + base64 HMAC-SHA256 over
 * {@code <webhook-id>.<webhook-timestamp>.<body>} with the key that is the base64 after
 * {@code whsec_}; the header may hold several space-separated signatures (rotation).
 */
final class WebhookSignature {
    private WebhookSignature() {
    }

    /** True when one of {@code header}'s signatures is {@code secret}'s over id, timestamp and the raw body. */
    static boolean valid(String secret, String webhookId, String timestamp, byte[] body, String header) {
        if (secret == null || webhookId == null || timestamp == null || header == null || !secret.startsWith("whsec_")) {
            return false;
        }
        byte[] expected;
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(Base64.getDecoder().decode(secret.substring("whsec_".length())), "HmacSHA256"));
            mac.update((webhookId + "." + timestamp + ".").getBytes(StandardCharsets.UTF_8));
            expected = ("v1," + Base64.getEncoder().encodeToString(mac.doFinal(body))).getBytes(StandardCharsets.US_ASCII);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            return false;
        }
        for (String candidate : header.split(" ")) {
            if (MessageDigest.isEqual(expected, candidate.getBytes(StandardCharsets.US_ASCII))) {
                return true;
            }
        }
        return false;
    }
}
