package io.switchboard.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.JWTOptions;
import io.vertx.ext.auth.PubSecKeyOptions;
import io.vertx.ext.auth.jwt.JWTAuth;
import io.vertx.ext.auth.jwt.JWTAuthOptions;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Tokens of an external identity provider, verified with a configured ES256 public key. */
class IdentityProviderKeysTest {
    private final Vertx vertx = Vertx.vertx();

    @AfterEach
    void stop() {
        TestServer.await(vertx.close());
    }

    private static KeyPair ecKeys() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        return generator.generateKeyPair();
    }

    private static String pem(String kind, byte[] der) {
        return "-----BEGIN " + kind + "-----\n" + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(der)
                + "\n-----END " + kind + "-----\n";
    }

    private String token(KeyPair keys, String role) {
        JWTAuth idp = JWTAuth.create(vertx, new JWTAuthOptions().addPubSecKey(new PubSecKeyOptions()
                .setAlgorithm("ES256").setBuffer(pem("PRIVATE KEY", keys.getPrivate().getEncoded()))));
        return idp.generateToken(new JsonObject().put("role", role), new JWTOptions().setAlgorithm("ES256")
                .setSubject("ops").setIssuer("https://idp.example").setAudience(List.of("switchboard-prod"))
                .setExpiresInSeconds(600));
    }

    @Test
    void es256PublicKey_tokenFromTheProvider_acceptedAndOtherKeysRefused() throws Exception {
        KeyPair provider = ecKeys();
        String publicPem = pem("PUBLIC KEY", provider.getPublic().getEncoded()).replace("\n", "\\n");
        TestServer server = TestServer.start(vertx, TestServer.CONFIG + String.join("\n",
                "security:",
                "  jwt:",
                "    issuer: https://idp.example",
                "    audience: switchboard-prod",
                "    publicKeys:",
                "      - {algorithm: ES256, pem: \"" + publicPem + "\"}",
                ""));

        assertThat(server.send("GET", "/v1/queues", null, "Authorization", "Bearer " + token(provider, "admin"))
                .status()).isEqualTo(200);
        TestServer.Reply forged = server.send("GET", "/v1/queues", null, "Authorization",
                "Bearer " + token(ecKeys(), "admin"));
        assertThat(forged.status()).isEqualTo(401);
        assertThat(forged.json().getString("type")).endsWith("/invalid-credentials");
    }
}
