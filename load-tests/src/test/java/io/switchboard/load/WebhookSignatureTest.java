package io.switchboard.load;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The Standard Webhooks specification's published test vector (standard-webhooks, spec/standard-webhooks.md). */
class WebhookSignatureTest {
    static final String SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    static final String ID = "msg_p5jXN8AQM9LWM0D4loKWxJek";
    static final String TIMESTAMP = "1614265330";
    static final byte[] BODY = "{\"test\": 2432232314}".getBytes(StandardCharsets.UTF_8);
    static final String SIGNATURE = "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=";

    @Test
    void valid_specTestVector_accepted() {
        assertTrue(WebhookSignature.valid(SECRET, ID, TIMESTAMP, BODY, SIGNATURE));
    }

    @Test
    void valid_rotationHeaderWithTheRightSignatureSecond_accepted() {
        assertTrue(WebhookSignature.valid(SECRET, ID, TIMESTAMP, BODY,
                "v1,AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA= " + SIGNATURE));
    }

    @Test
    void valid_bodyTimestampOrSecretChanged_refused() {
        assertFalse(WebhookSignature.valid(SECRET, ID, TIMESTAMP, "{\"test\": 2432232315}".getBytes(StandardCharsets.UTF_8),
                SIGNATURE));
        assertFalse(WebhookSignature.valid(SECRET, ID, "1614265331", BODY, SIGNATURE));
        assertFalse(WebhookSignature.valid("whsec_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", ID, TIMESTAMP, BODY, SIGNATURE));
        assertFalse(WebhookSignature.valid(null, ID, TIMESTAMP, BODY, SIGNATURE));
        assertFalse(WebhookSignature.valid(SECRET, ID, TIMESTAMP, BODY, null));
    }
}
