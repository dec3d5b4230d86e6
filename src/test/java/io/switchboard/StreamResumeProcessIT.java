package io.switchboard;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import io.switchboard.store.RedisProcess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Issue 15 §1 across {@code kill -9}: the packaged jar numbers an agent's stream (on the default
 * file journal, and on the Redis journal) or a supervisor's notification stream; it is killed with
 * SIGKILL and started again on the same journal, and the client resumes with the last seq it
 * processed. It gets the message it missed under the same seq and type as before the crash, then
 * the stream continues from there: no duplicate, no gap.
 */
class StreamResumeProcessIT {
    private static final Pattern LISTENING = Pattern.compile("Switchboard listening on http://([^:]+):(\\d+)");
    private static final Pattern ADMIN_KEY = Pattern.compile("  admin key: (sbk_[A-Za-z0-9_-]+)");
    private static final Path JAR = Path.of("target/switchboard.jar");
    private static final String CONFIG = String.join("\n",
            "skills: [general, billing]",
            "teams: [support]",
            "routing: {unroutableAfter: 1s}",
            "queues:",
            "  - name: general",
            "  - name: billing",
            "    requiredSkills: {billing: 5}",
            "    supervisors: [sup-li]",
            "rules:",
            "  - match: {types: [refund]}",
            "    queue: billing",
            "agents:",
            "  - {id: alice, team: support, tier: L2, skills: {general: 3}, languages: [en], capacity: {chat: 2}}",
            "");

    @TempDir
    Path dir;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private String adminKey;

    @ParameterizedTest(name = "{0} journal")
    @ValueSource(strings = {"file", "redis"})
    void kill9_resumeWithLastSeq_missedMessageReplayedUnderItsSeqThenTheStreamContinues(String backend)
            throws Exception {
        RedisProcess redis = backend.equals("redis") ? RedisProcess.start(dir.resolve("redis")) : null;
        try {
            agentStreamAcrossKill9(environment(redis));
        } finally {
            if (redis != null) {
                redis.stop();
            }
        }
    }

    @Test
    void kill9_supervisorResumesWithLastSeq_missedAlertReplayedUnderItsSeqThenTheStreamContinues() throws Exception {
        Map<String, String> env = environment(null);
        Process server = start(env, "first");
        String base = baseUrl(server);
        String token = mintToken(env, "sup-li", "supervisor");
        String path = "/v1/supervisors/sup-li/ws?resume=";

        Client before = new Client(base, token, path + 0);
        assertThat(before.next("welcome").getLong("seq")).isZero();
        String first = create(base, "refund");
        JsonObject alert = before.next("ticket_unroutable");
        String second = create(base, "refund");
        JsonObject missed = before.next("ticket_unroutable");
        assertThat(List.of(alert.getLong("seq"), missed.getLong("seq"))).containsExactly(1L, 2L);
        assertThat(missed.getJsonObject("ticket").getString("id")).isEqualTo(second);

        server.destroyForcibly().waitFor(30, TimeUnit.SECONDS); // SIGKILL: no shutdown hook runs
        Process again = start(env, "second");
        String restarted = baseUrl(again);
        try {
            // The supervisor processed seq 1 only: the second alert (2) was "lost" with the connection.
            Client after = new Client(restarted, token, path + 1);
            JsonObject welcome = after.next("welcome");
            JsonObject replayed = after.next("ticket_unroutable");
            String third = create(restarted, "refund");
            JsonObject live = after.next("ticket_unroutable");

            assertThat(welcome.getBoolean("resumed")).isTrue();
            assertThat(welcome.getLong("seq")).isEqualTo(1);
            assertThat(welcome.getLong("upTo")).as("the replay is the one alert missed").isEqualTo(2);
            assertThat(replayed.getLong("seq")).as("the same seq as before the crash").isEqualTo(2);
            assertThat(replayed.getJsonObject("ticket").getString("id")).isEqualTo(second).isNotEqualTo(first);
            assertThat(replayed.getJsonObject("event")).as("the same alert").isEqualTo(missed.getJsonObject("event"));
            assertThat(live.getLong("seq")).as("the stream continues where it stopped").isEqualTo(3);
            assertThat(live.getJsonObject("ticket").getString("id")).isEqualTo(third);
        } finally {
            again.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        }
    }

    private Map<String, String> environment(RedisProcess redis) throws Exception {
        Files.writeString(dir.resolve("resume.yaml"), CONFIG);
        Map<String, String> env = new HashMap<>();
        env.put("SWITCHBOARD_HTTP_PORT", "0");
        env.put("SWITCHBOARD_DATA_DIR", dir.resolve("data").toString());
        env.put("SWITCHBOARD_CONFIG", dir.resolve("resume.yaml").toString());
        if (redis != null) {
            env.put("SWITCHBOARD_REDIS_URL", redis.url());
        }
        return env;
    }

    private void agentStreamAcrossKill9(Map<String, String> env) throws Exception {
        Process server = start(env, "first");
        String base = baseUrl(server);
        String token = mintToken(env, "alice", "agent");
        String path = "/v1/agents/alice/ws?resume=";

        Client before = new Client(base, token, path + 0);
        assertThat(before.next("welcome").getLong("seq")).isZero();
        before.send(new JsonObject().put("type", "presence").put("status", "available").put("id", "p1"));
        String ticket = create(base, "question");
        JsonObject offer = before.next("offer");
        before.send(new JsonObject().put("type", "accept").put("offerId", offer.getString("offerId")).put("id", "a1"));
        JsonObject assigned = before.next("assigned");
        post(base, "/v1/tickets/" + ticket + "/reply", new JsonObject().put("message", "on it"));
        JsonObject updated = before.next("ticket_updated");
        assertThat(List.of(offer.getLong("seq"), assigned.getLong("seq"), updated.getLong("seq"))).containsExactly(1L, 2L,
                3L);

        server.destroyForcibly().waitFor(30, TimeUnit.SECONDS); // SIGKILL: no shutdown hook runs
        Process again = start(env, "second");
        String restarted = baseUrl(again);
        try {
            // The client processed seq 2 only: the ticket_updated (3) was "lost" with the connection.
            Client after = new Client(restarted, token, path + 2);
            JsonObject welcome = after.next("welcome");
            JsonObject replayed = after.next("ticket_updated");
            post(restarted, "/v1/tickets/" + ticket + "/reply", new JsonObject().put("message", "still on it"));
            JsonObject live = after.next("ticket_updated");

            assertThat(welcome.getBoolean("resumed")).isTrue();
            assertThat(welcome.getLong("seq")).isEqualTo(2);
            assertThat(replayed.getLong("seq")).as("the same seq as before the crash").isEqualTo(3);
            assertThat(replayed.getJsonObject("ticket").getString("id")).isEqualTo(ticket);
            assertThat(live.getLong("seq")).as("the stream continues where it stopped").isEqualTo(4);
        } finally {
            again.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        }
    }

    /** A resumable agent socket (JDK client) that hands out its messages in order. */
    private final class Client implements WebSocket.Listener {
        private final LinkedBlockingQueue<JsonObject> inbox = new LinkedBlockingQueue<>();
        private final StringBuilder partial = new StringBuilder();
        private final WebSocket socket;

        Client(String base, String token, String path) throws Exception {
            socket = http.newWebSocketBuilder().header("Authorization", "Bearer " + token)
                    .buildAsync(URI.create(base.replace("http", "ws") + path), this)
                    .get(10, TimeUnit.SECONDS);
        }

        void send(JsonObject message) {
            socket.sendText(message.encode(), true).join();
        }

        /** The next message of {@code type}; the stream messages before it must not be of another type. */
        JsonObject next(String type) throws InterruptedException {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (System.nanoTime() < deadline) {
                JsonObject m = inbox.poll(100, TimeUnit.MILLISECONDS);
                if (m != null && type.equals(m.getString("type"))) {
                    return m;
                }
                if (m != null && !"ack".equals(m.getString("type"))) {
                    throw new AssertionError("expected " + type + ", got " + m);
                }
            }
            throw new AssertionError("no " + type + " within 10 s");
        }

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                inbox.add(new JsonObject(partial.toString()));
                partial.setLength(0);
            }
            webSocket.request(1);
            return null;
        }
    }

    private String create(String base, String type) throws Exception {
        HttpResponse<String> created = post(base, "/v1/tickets", new JsonObject().put("channel", "chat")
                .put("type", type).put("customer", new JsonObject().put("id", "c-1").put("tier", "standard")));
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        return new JsonObject(created.body()).getString("id");
    }

    private HttpResponse<String> post(String base, String path, JsonObject body) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(base + path))
                .header("Content-Type", "application/json").header("X-Api-Key", adminKey)
                .POST(HttpRequest.BodyPublishers.ofString(body.encode())).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isLessThan(300);
        return response;
    }

    private Process start(Map<String, String> env, String name) throws Exception {
        assertThat(JAR).as("run after 'package'").exists();
        ProcessBuilder builder = new ProcessBuilder(List.of(java(), "-Xmx256m", jarTmpDir(), "-jar", JAR.toString()));
        builder.environment().putAll(env);
        builder.redirectError(dir.resolve(name + ".log").toFile());
        return builder.start();
    }

    private String baseUrl(Process server) throws Exception {
        BufferedReader out = new BufferedReader(new InputStreamReader(server.getInputStream(), StandardCharsets.UTF_8));
        String line = CompletableFuture.supplyAsync(() -> {
            try {
                for (String next; (next = out.readLine()) != null; ) {
                    Matcher key = ADMIN_KEY.matcher(next);
                    if (key.matches()) {
                        adminKey = key.group(1);
                    }
                    if (LISTENING.matcher(next).matches()) {
                        return next;
                    }
                }
                return null;
            } catch (java.io.IOException e) {
                throw new IllegalStateException(e);
            }
        }).get(60, TimeUnit.SECONDS);
        Matcher m = LISTENING.matcher(String.valueOf(line));
        assertThat(m.matches()).as("stdout line: " + line).isTrue();
        return "http://localhost:" + m.group(2);
    }

    private String mintToken(Map<String, String> env, String sub, String role) throws Exception {
        ProcessBuilder builder = new ProcessBuilder(List.of(java(), "-jar", JAR.toString(), "mint-token", "--sub", sub,
                "--role", role));
        builder.environment().putAll(env);
        Process mint = builder.start();
        String token = new String(mint.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        assertThat(mint.waitFor(30, TimeUnit.SECONDS)).isTrue();
        return token;
    }

    private static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /**
     * The jar's {@code java.io.tmpdir}, inside this test's temp dir: what a server killed with
     * {@code kill -9} leaves there (DuckDB's 55 MB native library, Vert.x's file cache) goes
     * with the test's dir instead of piling up in /tmp.
     */
    private String jarTmpDir() throws java.io.IOException {
        return "-Djava.io.tmpdir=" + Files.createDirectories(dir.resolve("jar-tmp"));
    }
}
