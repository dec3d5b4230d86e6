package io.switchboard.api.auth;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.config.SecuritySettings;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.JWTOptions;
import io.vertx.ext.auth.PubSecKeyOptions;
import io.vertx.ext.auth.jwt.JWTAuth;
import io.vertx.ext.auth.jwt.JWTAuthOptions;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@link Security#authenticate} on a real server (one event loop, so every request meets the loop's
 * remembered header): a remembered header is honoured only by the node that verified it and only
 * before its token's {@code exp}. The answer is the caller's id and the principal's identity, which
 * tells a remembered principal from a fresh verification.
 */
class HeaderAuthenticationTest {
    private static final String SECRET = "test-jwt-secret-0123456789abcdefghijklmnopqrstuvwxyz";
    private static final String OTHER_SECRET = "another-secret-0123456789abcdefghijklmnopqrstuvwxyz";
    private final Vertx vertx = Vertx.vertx();
    private final HttpClient client = HttpClient.newHttpClient();
    private HttpServer server;

    @BeforeEach
    void start() throws Exception {
        Security nodeA = Security.create(vertx, SecuritySettings.DEFAULTS, SECRET);
        Security nodeB = Security.create(vertx, SecuritySettings.DEFAULTS, OTHER_SECRET);
        server = vertx.createHttpServer().requestHandler(request -> {
            Security node = "b".equals(request.getParam("node")) ? nodeB : nodeA;
            node.authenticate(request).onComplete(done -> request.response().setStatusCode(done.succeeded() ? 200 : 401)
                    .end(done.succeeded() ? done.result().id() + " " + System.identityHashCode(done.result()) : ""));
        }).listen(0).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    @AfterEach
    void stop() throws Exception {
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    private String token(long expSeconds) {
        JWTAuth signer = JWTAuth.create(vertx, new JWTAuthOptions().addPubSecKey(new PubSecKeyOptions()
                .setAlgorithm("HS256").setBuffer(SECRET)));
        return signer.generateToken(new JsonObject().put("sub", "alice").put("role", "agent").put("iss", "switchboard")
                .put("aud", "switchboard").put("exp", expSeconds), new JWTOptions().setAlgorithm("HS256").setNoTimestamp(true));
    }

    private HttpResponse<String> get(String node, String token) throws Exception {
        return client.send(HttpRequest.newBuilder(URI.create("http://localhost:" + server.actualPort() + "/?node=" + node))
                .header("Authorization", "Bearer " + token).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void authenticate_sameHeaderTwice_answersTheRememberedCaller() throws Exception {
        String token = token(System.currentTimeMillis() / 1000 + 600);

        HttpResponse<String> first = get("a", token);
        HttpResponse<String> second = get("a", token);
        HttpResponse<String> third = get("a", token);

        assertThat(first.statusCode()).isEqualTo(200);
        assertThat(second.body()).startsWith("alice ");
        assertThat(third.body()).isEqualTo(second.body());
    }

    @Test
    void authenticate_headerRememberedByAnotherNode_refusedByThisNodesSecret() throws Exception {
        String token = token(System.currentTimeMillis() / 1000 + 600);
        get("a", token);
        get("a", token); // now the loop's remembered header, for node a

        assertThat(get("b", token).statusCode()).isEqualTo(401);
        assertThat(get("a", token).statusCode()).isEqualTo(200);
    }

    @Test
    void authenticate_rememberedHeaderPastItsExp_verifiedAgainEachTime() throws Exception {
        long exp = System.currentTimeMillis() / 1000 + 2;
        String token = token(exp);
        get("a", token);
        String remembered = get("a", token).body();
        // The only thing to wait for is the clock passing the token's exp (then within the 30 s leeway).
        while (System.currentTimeMillis() < exp * 1000 + 50) {
            Thread.sleep(50);
        }

        HttpResponse<String> afterExp = get("a", token);
        HttpResponse<String> again = get("a", token);

        assertThat(afterExp.statusCode()).isEqualTo(200);
        assertThat(afterExp.body()).isNotEqualTo(remembered);
        assertThat(again.body()).isNotEqualTo(afterExp.body());
    }
}
