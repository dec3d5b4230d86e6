package io.switchboard.api.auth;

import io.switchboard.config.Role;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.switchboard.config.SecuritySettings;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.JWTOptions;
import io.vertx.ext.auth.PubSecKeyOptions;
import io.vertx.ext.auth.authentication.TokenCredentials;
import io.vertx.ext.auth.jwt.JWTAuth;
import io.vertx.ext.auth.jwt.JWTAuthOptions;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.List;

/**
 * One-time sign-in codes for the browser clients ({@code mint-token --link}): a short-lived HS256
 * JWT signed with the node's secret whose audience is {@code <security.jwt.audience>/sign-in}, so
 * it is never accepted as a bearer credential; it names the person, the role and the lifetime of
 * the token it may be exchanged for, once, at {@code POST /v1/sign-in}. The long-lived token thus
 * never travels in a URL.
 *
 * <p>Spent codes are remembered (by their {@code jti}, bounded) until they expire anyway; a restart
 * forgets them, so a code copied before a restart could be exchanged once more within its few
 * minutes. Thread-safe; shared by every event loop.
 */
final class SignInCodes {
    /** How long a link may be opened. */
    static final long CODE_TTL_SECONDS = 300;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final JWTAuth jwt;
    private final String issuer;
    private final String audience;
    private final Cache<String, Boolean> spent = Caffeine.newBuilder().maximumSize(100_000)
            .expireAfterWrite(Duration.ofSeconds(CODE_TTL_SECONDS + 60)).build();

    /** What a redeemed code grants: a token for {@code subject} in {@code role} for {@code ttlSeconds}. */
    record Grant(String subject, Role role, long ttlSeconds) {}

    SignInCodes(Vertx vertx, SecuritySettings settings, String hs256Secret) {
        this.issuer = settings.issuer();
        this.audience = settings.audience() + "/sign-in";
        this.jwt = JWTAuth.create(vertx, new JWTAuthOptions()
                .addPubSecKey(new PubSecKeyOptions().setAlgorithm("HS256").setBuffer(hs256Secret))
                .setJWTOptions(new JWTOptions().setIssuer(issuer).setAudience(List.of(audience))
                        .setLeeway((int) settings.leeway().toSeconds())));
    }

    String issue(String subject, Role role, long tokenTtlSeconds) {
        byte[] nonce = new byte[16];
        RANDOM.nextBytes(nonce);
        return jwt.generateToken(new JsonObject().put("role", role.wire()).put("ttl", tokenTtlSeconds)
                        .put("jti", Base64.getUrlEncoder().withoutPadding().encodeToString(nonce)),
                new JWTOptions().setAlgorithm("HS256").setSubject(subject).setIssuer(issuer)
                        .setAudience(List.of(audience)).setExpiresInSeconds((int) CODE_TTL_SECONDS));
    }

    /** The grant of a valid, unspent code (the code is spent by this), else a failed {@link AuthFailure}. */
    Future<Grant> redeem(String code) {
        if (code == null || code.length() > 4096) {
            return invalid();
        }
        Future<io.vertx.ext.auth.User> verified;
        try {
            verified = jwt.authenticate(new TokenCredentials(code));
        } catch (RuntimeException e) {
            verified = Future.failedFuture(e);
        }
        return verified.recover(e -> invalid()).compose(user -> {
            // signature, issuer, audience and exp were checked by the verifier
            JsonObject claims = user.attributes().getJsonObject("accessToken", new JsonObject());
            Object jti = claims.getValue("jti");
            Object sub = claims.getValue("sub");
            Object ttl = claims.getValue("ttl");
            Role role = claims.getValue("role") instanceof String r ? Role.parse(r).orElse(null) : null;
            if (!(jti instanceof String id) || !(sub instanceof String subject) || !(ttl instanceof Number seconds)
                    || role == null) {
                return invalid();
            }
            if (spent.asMap().putIfAbsent(id, Boolean.TRUE) != null) {
                return Future.failedFuture(new AuthFailure(AuthFailure.INVALID_TOKEN,
                        "this sign-in link was already used; ask for a new one"));
            }
            return Future.succeededFuture(new Grant(subject, role, seconds.longValue()));
        });
    }

    private static <T> Future<T> invalid() {
        return Future.failedFuture(new AuthFailure(AuthFailure.INVALID_TOKEN,
                "the sign-in code is not valid or has expired; ask for a new link"));
    }
}
