package io.switchboard.api.auth;

import io.switchboard.config.Role;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import io.switchboard.config.SecuritySettings;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.JWTOptions;
import io.vertx.ext.auth.PubSecKeyOptions;
import io.vertx.ext.auth.authentication.TokenCredentials;
import io.vertx.ext.auth.jwt.JWTAuth;
import io.vertx.ext.auth.jwt.JWTAuthOptions;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Authentication for the whole node: API keys (looked up by SHA-256), JWTs (vertx-auth-jwt; HS256
 * with the node's secret, or RS256/ES256 public keys of an identity provider; issuer, audience and
 * leeway checked; {@code exp}, {@code sub} and {@code role} required), per-caller rate limits and
 * WebSocket connection tickets. One instance is shared by every event loop; all of it is
 * thread-safe. Failure messages never contain the credential.
 *
 * <p>A verified JWT is remembered (bounded, {@link #VERIFIED_TOKENS} entries) until its own
 * {@code exp}, never longer, so a client that sends the same token with every request pays for
 * the signature check and the claim parsing once. Nothing else changes: a token is accepted
 * exactly while the verifier would accept it (within the leeway after {@code exp} it is verified
 * again each time), and failures are never remembered.
 */
public final class Security {
    /** Agent and person ids, as the engine accepts them. */
    private static final Pattern SUBJECT = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.@-]{0,63}");

    private final SecuritySettings settings;
    /** Each API key's caller, made once (it never changes), by the key's SHA-256. */
    private final Map<String, Principal> keysByHash = new HashMap<>();
    private final JWTAuth jwt;
    private final RateLimiter limiter = new RateLimiter();
    private final WsTickets tickets;
    private final SignInCodes signInCodes;
    /**
     * Verified tokens by their text, and by the {@code Authorization} header that carried them; each
     * leaves at its {@code exp} (see the class comment).
     */
    private final Cache<String, Principal> verified;

    /** How many verified tokens are remembered; the least used leave first. */
    static final int VERIFIED_TOKENS = 10_000;

    private Security(Vertx vertx, SecuritySettings settings, String hs256Secret) {
        this.settings = settings;
        settings.apiKeys().forEach(k -> keysByHash.put(k.sha256(), new Principal("key:" + k.name(), k.role(),
                Long.MAX_VALUE, "key/" + k.name(), k.rate())));
        JWTAuthOptions options = new JWTAuthOptions()
                .addPubSecKey(new PubSecKeyOptions().setAlgorithm("HS256").setBuffer(hs256Secret))
                .setJWTOptions(new JWTOptions().setIssuer(settings.issuer()).setAudience(List.of(settings.audience()))
                        .setLeeway((int) settings.leeway().toSeconds()));
        settings.publicKeys().forEach(k -> options.addPubSecKey(new PubSecKeyOptions().setAlgorithm(k.algorithm())
                .setBuffer(k.pem())));
        this.jwt = JWTAuth.create(vertx, options);
        this.tickets = new WsTickets(settings.wsTicketTtl().toMillis());
        this.signInCodes = new SignInCodes(vertx, settings, hs256Secret);
        this.verified = Caffeine.newBuilder().maximumSize(VERIFIED_TOKENS)
                .expireAfter(Expiry.<String, Principal>creating((token, p) ->
                        Duration.ofMillis(Math.max(0, exp(p) - System.currentTimeMillis()))))
                .build();
    }

    /** The token's own {@code exp} (epoch millis): the principal's end of validity less the leeway. */
    private long exp(Principal p) {
        return p.expiresAt() - settings.leeway().toMillis();
    }

    public static Security create(Vertx vertx, SecuritySettings settings, String hs256Secret) {
        return new Security(vertx, settings, hs256Secret);
    }

    public SecuritySettings settings() {
        return settings;
    }

    /**
     * The caller of an HTTP request: {@code X-Api-Key: KEY}, or {@code Authorization: Bearer}
     * followed by an API key or a JWT. Fails with {@link AuthFailure}.
     */
    public Future<Principal> authenticate(HttpServerRequest request) {
        String apiKey = request.getHeader("X-Api-Key");
        String authorization = request.getHeader("Authorization");
        if (apiKey != null) {
            return apiKey(apiKey);
        }
        if (authorization == null) {
            return Future.failedFuture(new AuthFailure(true, "send an API key (X-Api-Key or Authorization: Bearer)"
                    + " or a bearer token"));
        }
        if (!authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return Future.failedFuture(new AuthFailure(false, "the Authorization scheme must be Bearer"));
        }
        // A token's principal is also remembered under the header as sent (one entry more in the
        // same bounded cache, same expiry): a client repeats it byte for byte, and the lookup then
        // needs no copy of the token cut out of it. API keys are not (only their SHA-256 is kept).
        if (authorization.length() <= 8192) {
            // This thread's last verified header first: a string comparison, where the cache
            // hashes the whole header (hundreds of characters) on every request.
            LastHeader last = LAST_HEADER.get();
            long now = System.currentTimeMillis();
            if (last.principal != null && last.owner == this && authorization.equals(last.header)
                    && now < exp(last.principal)) {
                return Future.succeededFuture(last.principal);
            }
            Principal known = verified.getIfPresent(authorization);
            if (known != null && now < exp(known)) {
                last.remember(this, authorization, known);
                return Future.succeededFuture(known);
            }
        }
        String credential = authorization.substring(7).trim();
        if (isApiKey(credential)) {
            return apiKey(credential);
        }
        return token(credential).onSuccess(p -> {
            if (System.currentTimeMillis() < exp(p)) {
                this.verified.put(authorization, p);
            }
        });
    }

    /**
     * One thread's last header found in {@link #verified}, with its principal: the same promise as
     * the cache's entry (verified, used only before its {@code exp}); kept per thread (an event
     * loop), so it needs no synchronization, and by owner, as tests run several nodes in one JVM.
     */
    private static final class LastHeader {
        Security owner;
        String header;
        Principal principal;

        void remember(Security owner, String header, Principal principal) {
            this.owner = owner;
            this.header = header;
            this.principal = principal;
        }
    }

    private static final ThreadLocal<LastHeader> LAST_HEADER = ThreadLocal.withInitial(LastHeader::new);

    /** An API key or a JWT, as sent after {@code Bearer }. */
    public Future<Principal> bearer(String credential) {
        return isApiKey(credential) ? apiKey(credential) : token(credential);
    }

    private static boolean isApiKey(String credential) {
        return credential.startsWith(Secrets.KEY_PREFIX) || credential.indexOf('.') < 0;
    }

    private Future<Principal> apiKey(String key) {
        Principal found = key.length() > 512 ? null : keysByHash.get(Secrets.sha256(key.trim()));
        if (found == null) {
            return Future.failedFuture(new AuthFailure(AuthFailure.INVALID_API_KEY, "the API key is not valid"));
        }
        return Future.succeededFuture(found);
    }

    /** A JWT: signature, {@code iss}, {@code aud}, {@code exp}/{@code nbf} (with leeway), {@code sub}, {@code role}. */
    public Future<Principal> token(String token) {
        if (token.length() > 8192) {
            return Future.failedFuture(new AuthFailure(false, "the token is not valid"));
        }
        Principal known = this.verified.getIfPresent(token);
        if (known != null && System.currentTimeMillis() < exp(known)) {
            return Future.succeededFuture(known);
        }
        return verify(token).onSuccess(p -> {
            if (System.currentTimeMillis() < exp(p)) {
                this.verified.put(token, p);
            }
        });
    }

    private Future<Principal> verify(String token) {
        Future<io.vertx.ext.auth.User> verified;
        try {
            verified = jwt.authenticate(new TokenCredentials(token));
        } catch (RuntimeException e) {
            // A well-signed token with claims of the wrong JSON type makes the library throw.
            verified = Future.failedFuture(e);
        }
        return verified
                .recover(e -> {
                    String why = safeReason(e.getMessage());
                    return Future.failedFuture(new AuthFailure(why.equals("expired") ? AuthFailure.EXPIRED_TOKEN
                            : AuthFailure.INVALID_TOKEN, "the token is not valid: " + why));
                })
                .compose(user -> {
                    JsonObject claims = user.attributes().getJsonObject("accessToken", new JsonObject());
                    Object sub = claims.getValue("sub");
                    Object role = claims.getValue("role");
                    Object exp = claims.getValue("exp");
                    if (!(exp instanceof Number expiry)) {
                        return Future.failedFuture(new AuthFailure(false, "the token must carry exp"));
                    }
                    if (!audienceMatches(claims.getValue("aud"))) {
                        return Future.failedFuture(new AuthFailure(false, "the token is not valid: wrong audience"));
                    }
                    if (!(sub instanceof String subject) || !SUBJECT.matcher(subject).matches()) {
                        return Future.failedFuture(new AuthFailure(false, "the token's sub must be an agent or person id"));
                    }
                    Role parsed = role instanceof String r ? Role.parse(r).orElse(null) : null;
                    if (parsed == null) {
                        return Future.failedFuture(new AuthFailure(false,
                                "the token's role must be integration, agent, supervisor or admin"));
                    }
                    return Future.succeededFuture(new Principal(subject, parsed, expiry.longValue() * 1000
                            + settings.leeway().toMillis(), "jwt/" + subject, settings.defaultRate()));
                });
    }

    private boolean audienceMatches(Object aud) {
        if (aud instanceof String single) {
            return single.equals(settings.audience());
        }
        return aud instanceof JsonArray many && many.contains(settings.audience());
    }

    /** vertx-auth-jwt's messages name the failed check, never the token; keep only known ones. */
    private static String safeReason(String message) {
        String m = message == null ? "" : message.toLowerCase(Locale.ROOT);
        if (m.contains("expired")) {
            return "expired";
        }
        if (m.contains("audience")) {
            return "wrong audience";
        }
        if (m.contains("issuer")) {
            return "wrong issuer";
        }
        if (m.contains("signature")) {
            return "bad signature";
        }
        return "rejected";
    }

    /** 0 when the caller may proceed, else the seconds to put in {@code Retry-After}. */
    public long rateLimit(Principal principal) {
        return limiter.acquire(principal);
    }

    /** A single-use WebSocket connection ticket for {@code principal}. */
    public String issueWsTicket(Principal principal, long now) {
        return tickets.issue(principal, now);
    }

    public long wsTicketTtlMillis() {
        return tickets.ttlMillis();
    }

    /** The principal of a ticket, or null when unknown, already used or expired. */
    public Principal redeemWsTicket(String ticket, long now) {
        return tickets.redeem(ticket, now);
    }

    /**
     * Browsers send {@code Origin} on WebSocket handshakes: it must be listed in
     * {@code security.allowedOrigins}, or, with none listed, be this very host (same origin).
     * Clients that send no Origin (servers, terminals) pass; they still need credentials.
     */
    public boolean originAllowed(String origin, String host) {
        if (origin == null) {
            return true;
        }
        if (!settings.allowedOrigins().isEmpty()) {
            return settings.allowedOrigins().contains(origin);
        }
        return host != null && (origin.equals("http://" + host) || origin.equals("https://" + host));
    }

    /** A signed HS256 token (for the mint-token command and tests); {@code ttlSeconds} > 0. */
    public String mint(String subject, Role role, long ttlSeconds) {
        return jwt.generateToken(new JsonObject().put("role", role.wire()), new JWTOptions().setAlgorithm("HS256")
                .setSubject(subject).setIssuer(settings.issuer()).setAudience(List.of(settings.audience()))
                .setExpiresInSeconds((int) ttlSeconds));
    }

    /**
     * A one-time sign-in code (for {@code mint-token --link}) that {@link #redeemSignInCode} trades,
     * once and within a few minutes, for a token of {@code subject} in {@code role} valid {@code ttlSeconds}.
     */
    public String mintSignInCode(String subject, Role role, long ttlSeconds) {
        return signInCodes.issue(subject, role, ttlSeconds);
    }

    /** The token a valid, unspent sign-in code grants (the code is spent); else a failed {@link AuthFailure}. */
    public Future<String> redeemSignInCode(String code) {
        return signInCodes.redeem(code).map(grant -> mint(grant.subject(), grant.role(), grant.ttlSeconds()));
    }
}
