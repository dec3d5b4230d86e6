package io.switchboard.api.auth;

import io.switchboard.config.Role;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.switchboard.config.SecuritySettings;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.JWTOptions;
import io.vertx.ext.auth.PubSecKeyOptions;
import io.vertx.ext.auth.jwt.JWTAuth;
import io.vertx.ext.auth.jwt.JWTAuthOptions;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * JWT checks the HTTP suites do not reach: {@code nbf} with leeway, RS256 tokens of an identity provider,
 * and the memory of verified tokens (until {@code exp}, never longer).
 */
class JwtVerificationTest {
    private static final String SECRET = "test-jwt-secret-0123456789abcdefghijklmnopqrstuvwxyz";
    private final Vertx vertx = Vertx.vertx();

    @AfterEach
    void stop() throws Exception {
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    private static long nowSeconds() {
        return System.currentTimeMillis() / 1000;
    }

    private static JsonObject claims() {
        return new JsonObject().put("sub", "alice").put("role", "agent").put("iss", "switchboard")
                .put("aud", "switchboard").put("exp", nowSeconds() + 600);
    }

    private JWTAuth hs256Signer() {
        return JWTAuth.create(vertx, new JWTAuthOptions().addPubSecKey(new PubSecKeyOptions().setAlgorithm("HS256")
                .setBuffer(SECRET)));
    }

    private static String sign(JWTAuth signer, JsonObject claims, String algorithm) {
        return signer.generateToken(claims, new JWTOptions().setAlgorithm(algorithm).setNoTimestamp(true));
    }

    private static <T> T await(Future<T> future) throws Exception {
        return future.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    @Test
    void token_notBeforeInTheFutureBeyondLeeway_refused() {
        Security security = Security.create(vertx, SecuritySettings.DEFAULTS, SECRET); // leeway 30 s
        String token = sign(hs256Signer(), claims().put("nbf", nowSeconds() + 600), "HS256");

        assertThatThrownBy(() -> await(security.token(token))).rootCause().isInstanceOf(AuthFailure.class);
    }

    @Test
    void token_notBeforeWithinLeeway_accepted() throws Exception {
        Security security = Security.create(vertx, SecuritySettings.DEFAULTS, SECRET);
        String token = sign(hs256Signer(), claims().put("nbf", nowSeconds() + 5), "HS256");

        Principal principal = await(security.token(token));

        assertThat(principal.role()).isEqualTo(Role.AGENT);
    }

    @Test
    void token_verifiedOnce_laterUsesAnswerTheSameCallerFromMemory() throws Exception {
        Security security = Security.create(vertx, SecuritySettings.DEFAULTS, SECRET);
        String token = sign(hs256Signer(), claims(), "HS256");

        Principal first = await(security.token(token));
        Principal second = await(security.token(token));

        assertThat(second).isSameAs(first);
        assertThat(second.id()).isEqualTo("alice");
    }

    @Test
    void token_pastExpWithinLeeway_acceptedButNeverRemembered() throws Exception {
        Security security = Security.create(vertx, SecuritySettings.DEFAULTS, SECRET); // leeway 30 s
        String token = sign(hs256Signer(), claims().put("exp", nowSeconds() - 5), "HS256");

        Principal first = await(security.token(token));
        Principal second = await(security.token(token));

        assertThat(second).isNotSameAs(first).isEqualTo(first);
    }

    @Test
    void token_sameClaimsSignedWithAnotherSecret_refusedAfterTheGenuineOneWasRemembered() throws Exception {
        Security security = Security.create(vertx, SecuritySettings.DEFAULTS, SECRET);
        JsonObject claims = claims();
        await(security.token(sign(hs256Signer(), claims, "HS256")));
        JWTAuth stranger = JWTAuth.create(vertx, new JWTAuthOptions().addPubSecKey(new PubSecKeyOptions()
                .setAlgorithm("HS256").setBuffer("another-secret-0123456789abcdefghijklmnopqrstuvwxyz")));

        assertThatThrownBy(() -> await(security.token(sign(stranger, claims, "HS256"))))
                .rootCause().isInstanceOf(AuthFailure.class);
    }

    @Test
    void token_rs256SignedByTheConfiguredProvider_acceptedAndByAnotherKeyRefused() throws Exception {
        KeyPair provider = rsa();
        KeyPair stranger = rsa();
        SecuritySettings settings = new SecuritySettings(List.of(), SecuritySettings.DEFAULTS.defaultRate(),
                "switchboard", "switchboard", SecuritySettings.DEFAULTS.leeway(), null,
                List.of(new SecuritySettings.JwtKey("RS256", pem("PUBLIC KEY", provider.getPublic().getEncoded()))),
                List.of(), SecuritySettings.DEFAULTS.wsTicketTtl());
        Security security = Security.create(vertx, settings, SECRET);

        Principal principal = await(security.token(sign(rs256Signer(provider), claims(), "RS256")));

        assertThat(principal.role()).isEqualTo(Role.AGENT);
        String forged = sign(rs256Signer(stranger), claims(), "RS256");
        assertThatThrownBy(() -> await(security.token(forged))).rootCause().isInstanceOf(AuthFailure.class);
    }

    private JWTAuth rs256Signer(KeyPair keys) {
        return JWTAuth.create(vertx, new JWTAuthOptions().addPubSecKey(new PubSecKeyOptions().setAlgorithm("RS256")
                .setBuffer(pem("PRIVATE KEY", keys.getPrivate().getEncoded()))));
    }

    private static KeyPair rsa() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        return generator.generateKeyPair();
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }
}
