package io.switchboard.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.config.Role;
import io.switchboard.api.web.WebAssets;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The browser clients over a real server: pages with a strict CSP and no caching, versioned
 * immutable assets with their media types and gzip, the one-time sign-in code exchange, and CORS
 * for the origins in {@code security.allowedOrigins} only.
 */
@ExtendWith(VertxExtension.class)
class WebUiServerTest {
    private static final String WITH_ORIGIN = TestServer.CONFIG.replace("server:\n",
            "security:\n  allowedOrigins: [https://desk.example.com]\nserver:\n");

    private TestServer server;

    @BeforeEach
    void start(Vertx vertx) {
        server = TestServer.start(vertx, WITH_ORIGIN);
        server.putAgent("alice", "support", new JsonObject().put("general", 3), new JsonObject().put("chat", 1));
    }

    @Test
    void pages_deskBoardAndReports_htmlNoCacheStrictCspNoInlineCode() {
        for (String page : new String[] {"/desk/", "/board/", "/reports/"}) {
            TestServer.Reply reply = server.send("GET", page, null, TestServer.NO_AUTH, "");
            assertThat(reply.status()).isEqualTo(200);
            assertThat(reply.contentType()).isEqualTo("text/html; charset=utf-8");
            assertThat(reply.header("Cache-Control")).isEqualTo("no-cache");
            assertThat(reply.header("X-Content-Type-Options")).isEqualTo("nosniff");
            String csp = reply.header("Content-Security-Policy");
            assertThat(csp).contains("default-src 'none'", "script-src 'self'", "style-src 'self'", "connect-src 'self'",
                    "frame-ancestors 'none'").doesNotContain("unsafe");
            String version = WebAssets.packaged().version();
            assertThat(reply.body()).contains("/ui/" + version + "/app.css").doesNotContain("{{assets}}")
                    .doesNotContainPattern("<script(?![^>]*\\bsrc=)[^>]*>").doesNotContain("<style", " style=");
        }
        TestServer.Reply bare = server.send("GET", "/desk", null, TestServer.NO_AUTH, "");
        assertThat(bare.status()).isEqualTo(302);
        assertThat(bare.header("Location")).isEqualTo("/desk/");
    }

    @Test
    void assets_currentVersion_immutableTypedAndGzipped_otherVersion404() {
        String base = "/ui/" + WebAssets.packaged().version() + "/";
        TestServer.Reply js = server.send("GET", base + "desk.js", null, TestServer.NO_AUTH, "", "Accept-Encoding", "gzip");
        assertThat(js.status()).isEqualTo(200);
        assertThat(js.contentType()).isEqualTo("text/javascript; charset=utf-8");
        assertThat(js.header("Content-Encoding")).isEqualTo("gzip");
        assertThat(js.header("Cache-Control")).isEqualTo("public, max-age=31536000, immutable");
        assertThat(js.header("Vary")).isEqualTo("Accept-Encoding");
        TestServer.Reply css = server.send("GET", base + "app.css", null, TestServer.NO_AUTH, "");
        assertThat(css.contentType()).isEqualTo("text/css; charset=utf-8");
        assertThat(css.header("Content-Encoding")).isNull();
        assertThat(css.body()).contains(".desk");
        assertThat(server.send("GET", "/ui/0123456789ab/desk.js", null, TestServer.NO_AUTH, "").status()).isEqualTo(404);
        assertThat(server.send("GET", base + "desk.html", null, TestServer.NO_AUTH, "").status()).isEqualTo(404);
        assertThat(server.send("GET", base + "nope.js", null, TestServer.NO_AUTH, "").contentType())
                .isEqualTo("application/problem+json");
    }

    @Test
    void signIn_linkCode_tradedOnceForAWorkingToken_neverABearerItself() {
        String code = server.signInCode("alice", Role.AGENT);
        TestServer.Reply asBearer = server.send("GET", "/v1/agents/alice", null, "Authorization", "Bearer " + code);
        assertThat(asBearer.status()).as("a code is not a credential").isEqualTo(401);

        TestServer.Reply traded = server.send("POST", "/v1/sign-in", new JsonObject().put("code", code).encode(),
                TestServer.NO_AUTH, "");
        assertThat(traded.status()).isEqualTo(200);
        assertThat(traded.header("Cache-Control")).isEqualTo("no-store");
        JsonObject body = traded.json();
        assertThat(body.getString("sub")).isEqualTo("alice");
        assertThat(body.getString("role")).isEqualTo("agent");
        assertThat(body.getString("expiresAt")).isNotNull();
        TestServer.Reply me = server.send("GET", "/v1/agents/alice", null, "Authorization", "Bearer " + body.getString("token"));
        assertThat(me.status()).isEqualTo(200);

        TestServer.Reply again = server.send("POST", "/v1/sign-in", new JsonObject().put("code", code).encode(),
                TestServer.NO_AUTH, "");
        assertThat(again.status()).isEqualTo(401);
        assertThat(again.json().getString("type")).endsWith("/invalid-credentials");
        assertThat(again.json().getString("detail")).contains("already used");
    }

    @Test
    void signIn_badCodes_problemsAndNothingGranted() {
        TestServer.Reply forged = server.send("POST", "/v1/sign-in", new JsonObject().put("code", "a.b.c").encode(),
                TestServer.NO_AUTH, "");
        assertThat(forged.status()).isEqualTo(401);
        assertThat(forged.contentType()).isEqualTo("application/problem+json");
        // a regular token is not a sign-in code either (wrong audience)
        TestServer.Reply token = server.send("POST", "/v1/sign-in",
                new JsonObject().put("code", server.token("alice", Role.AGENT)).encode(), TestServer.NO_AUTH, "");
        assertThat(token.status()).isEqualTo(401);
        TestServer.Reply missing = server.send("POST", "/v1/sign-in", "{}", TestServer.NO_AUTH, "");
        assertThat(missing.status()).isEqualTo(422);
        assertThat(missing.json().getJsonArray("errors").getJsonObject(0).getString("pointer")).isEqualTo("/code");
        TestServer.Reply notJson = server.send("POST", "/v1/sign-in", "code=x", TestServer.NO_AUTH, "");
        assertThat(notJson.status()).isIn(400, 415);
        assertThat(server.get("/health/ready").status()).isEqualTo(200);
    }

    @Test
    void cors_listedOrigin_preflightAndAnswersCarryIt_otherOriginRefused() {
        TestServer.Reply preflight = server.send("OPTIONS", "/v1/tickets", null, TestServer.NO_AUTH, "",
                "Origin", "https://desk.example.com", "Access-Control-Request-Method", "POST",
                "Access-Control-Request-Headers", "authorization, content-type");
        assertThat(preflight.status()).isIn(200, 204);
        assertThat(preflight.header("Access-Control-Allow-Origin")).isEqualTo("https://desk.example.com");
        assertThat(preflight.header("Access-Control-Allow-Headers")).containsIgnoringCase("Authorization");
        TestServer.Reply get = server.send("GET", "/v1/queues", null, "Origin", "https://desk.example.com");
        assertThat(get.status()).isEqualTo(200);
        assertThat(get.header("Access-Control-Allow-Origin")).isEqualTo("https://desk.example.com");
        TestServer.Reply other = server.send("GET", "/v1/queues", null, "Origin", "https://evil.example.com");
        assertThat(other.header("Access-Control-Allow-Origin")).isNull();
    }

    @Test
    void cors_noOriginsConfigured_noCorsHeaders() {
        Vertx own = Vertx.vertx(); // one server per Vert.x instance
        try {
            TestServer plain = TestServer.start(own);
            TestServer.Reply get = plain.send("GET", "/v1/queues", null, "Origin", "https://desk.example.com");
            assertThat(get.status()).isEqualTo(200);
            assertThat(get.header("Access-Control-Allow-Origin")).isNull();
        } finally {
            TestServer.await(own.close());
        }
    }
}
