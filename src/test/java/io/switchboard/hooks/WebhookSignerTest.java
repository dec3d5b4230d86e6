package io.switchboard.hooks;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The signer against the Standard Webhooks specification's published test vector (the "sign
 * function works" case of the reference libraries' tests, e.g. libraries/javascript/src/webhook.test.ts
 * and libraries/python/tests/test_webhooks.py in github.com/standard-webhooks/standard-webhooks at
 * b2fa7b8719fb75d326b591077f5d1b385cfcdfae).
 */
class WebhookSignerTest {
    private static final String SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    private static final String ID = "msg_p5jXN8AQM9LWM0D4loKWxJek";
    private static final long TIMESTAMP = 1614265330;
    private static final String BODY = "{\"test\": 2432232314}";
    private static final String EXPECTED = "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=";

    @Test
    void sign_specificationVector_matchesPublishedSignature() {
        assertThat(WebhookSigner.sign(SECRET, ID, TIMESTAMP, BODY)).isEqualTo(EXPECTED);
    }

    @Test
    void verify_publishedSignature_accepted_andTamperedBodyOrTimestampRefused() {
        assertThat(WebhookSigner.verify(SECRET, ID, TIMESTAMP, BODY, EXPECTED)).isTrue();
        assertThat(WebhookSigner.verify(SECRET, ID, TIMESTAMP, "{\"test\": 2432232315}", EXPECTED)).isFalse();
        assertThat(WebhookSigner.verify(SECRET, ID, TIMESTAMP + 1, BODY, EXPECTED)).isFalse();
        // the python library's tests use this one-character change of the signature
        assertThat(WebhookSigner.verify(SECRET, ID, TIMESTAMP, BODY,
                "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OA=")).isFalse();
    }

    @Test
    void header_duringRotation_carriesOneSignaturePerSecret_eachVerifies() {
        String next = WebhookSigner.newSecret();
        String header = WebhookSigner.header(List.of(next, SECRET), ID, TIMESTAMP, BODY);
        assertThat(header.split(" ")).hasSize(2).contains(EXPECTED);
        assertThat(WebhookSigner.verify(next, ID, TIMESTAMP, BODY, header)).isTrue();
        assertThat(WebhookSigner.verify(SECRET, ID, TIMESTAMP, BODY, header)).isTrue();
        assertThat(WebhookSigner.verify(WebhookSigner.newSecret(), ID, TIMESTAMP, BODY, header)).isFalse();
    }

    @Test
    void keys_reusedForManyMessages_signEachAsTheStaticSignerDoes() {
        String next = WebhookSigner.newSecret();
        WebhookSigner.Keys keys = new WebhookSigner.Keys(List.of(next, SECRET));
        byte[] body = BODY.getBytes(java.nio.charset.StandardCharsets.UTF_8);

        assertThat(keys.header(ID, TIMESTAMP, body).split(" ")).contains(EXPECTED);
        assertThat(keys.header("msg_other", TIMESTAMP + 7, "{\"b\":\"é\"}".getBytes(java.nio.charset.StandardCharsets.UTF_8)))
                .isEqualTo(WebhookSigner.header(List.of(next, SECRET), "msg_other", TIMESTAMP + 7, "{\"b\":\"é\"}"));
        assertThat(keys.header(ID, TIMESTAMP, body)).as("the Mac is reset after each message")
                .isEqualTo(WebhookSigner.header(List.of(next, SECRET), ID, TIMESTAMP, BODY));
        assertThat(keys.of(List.of(next, SECRET))).isTrue();
        assertThat(keys.of(List.of(SECRET))).as("a rotation replaces the keys").isFalse();
    }

    @Test
    void keys_nonAsciiLongIdsAndAnyTimestamp_signAsTheStaticSignerDoes() {
        WebhookSigner.Keys keys = new WebhookSigner.Keys(List.of(SECRET));
        String body = "{\"message\":\"还没到 \uD83D\uDE9A\"}";
        byte[] bytes = body.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        String longId = "msg_" + "x".repeat(200) + "_9";
        for (String id : List.of("msg_crm_1", "msg_订单_2", longId, "msg_crm_3")) {
            for (long timestamp : List.of(0L, 9L, 10L, TIMESTAMP, Long.MAX_VALUE, -1L, Long.MIN_VALUE)) {
                assertThat(keys.header(id, timestamp, bytes)).as(id + " at " + timestamp)
                        .isEqualTo(WebhookSigner.header(List.of(SECRET), id, timestamp, body));
            }
        }
    }

    @Test
    void valid_secretForms_onlyWhsecWithEnoughKey() {
        assertThat(WebhookSigner.valid(SECRET)).isTrue();
        assertThat(WebhookSigner.valid(WebhookSigner.newSecret())).isTrue();
        assertThat(WebhookSigner.valid("MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw")).isFalse();
        assertThat(WebhookSigner.valid("whsec_short")).isFalse();
        assertThat(WebhookSigner.valid("whsec_not base64!")).isFalse();
        assertThat(WebhookSigner.valid(null)).isFalse();
    }
}
