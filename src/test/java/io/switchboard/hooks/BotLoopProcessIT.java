package io.switchboard.hooks;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.api.auth.Secrets;
import io.switchboard.api.handoff.Fixtures;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 14 §3, the loop closed with real processes: the packaged jar on the file journal, a real
 * HTTP receiver playing the bot, an agent on a real WebSocket. The bot subscribes with its
 * integration key, hands over in Dialogflow CX form, gets the agent's signed {@code ticket.replied}
 * (Standard Webhooks signature checked here), finds its conversation in it and relays the
 * customer's answer, which the agent sees on its socket. Then the receiver fails (503), goes down,
 * Switchboard is killed with SIGKILL in the middle of the outage and restarted on the same data dir
 * and port, and the receiver comes back: every event reaches it under exactly one
 * {@code webhook-id}, a repeat is only a redelivery of the same id with the same body, and the bot's
 * de-duplication by id processes each event exactly once (one customer answer per agent reply).
 *
 * <p>The outage lasts {@code -Dbotloop.outageSeconds} (default 2, so the default build stays
 * short; {@code -Dbotloop.outageSeconds=60} is the one-minute outage). Retries are shortened
 * by config ({@code webhooks.initialBackoff}/{@code maxBackoff}); the retry horizon stays 24 h.
 */
class BotLoopProcessIT {
    private static final Pattern LISTENING = Pattern.compile("Switchboard listening on http://([^:]+):(\\d+)");
    private static final Path JAR = Path.of("target/switchboard.jar");
    private static final String BOT_KEY = "sbk_botloop-helpbot-key-0123456789abcdefghijkl";
    private static final String SESSION = "projects/acme-shop/locations/global/agents/"
            + "0f1e2d3c-4b5a-6978-8a9b-0c1d2e3f4a5b/sessions/web-7f3a21c9";
    private static final List<String> TYPES = List.of("ticket.created", "ticket.assigned", "ticket.replied",
            "customer.message", "ticket.resolved");

    @TempDir
    Path dir;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final Map<String, String> env = new HashMap<>();
    private String base;
    private String secret;
    /** The bot's de-duplication: webhook-id → what it did with it, filled once per id. */
    private final Map<String, String> processed = new LinkedHashMap<>();

    @Test
    void botHandsOver_agentReplies_botAnswers_throughOutageAndKill9_everyEventExactlyOncePerId() throws Exception {
        int outageSeconds = Integer.getInteger("botloop.outageSeconds", 2);
        int port;
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        try (WebhookReceiver receiver = new WebhookReceiver()) {
            Path config = dir.resolve("botloop.yaml");
            try (var demo = BotLoopProcessIT.class.getResourceAsStream("/switchboard-demo.yaml")) {
                Files.writeString(config, new String(demo.readAllBytes(), StandardCharsets.UTF_8)
                        + "\nsecurity:\n  rateLimit: {perSecond: 1000000, burst: 1000000}\n"
                        + "  apiKeys:\n    - {name: helpbot, role: integration, sha256: " + Secrets.sha256(BOT_KEY) + "}\n"
                        + "webhooks:\n  allowPrivateNetworks: true\n  initialBackoff: 50ms\n  maxBackoff: 400ms\n"
                        + "  requestTimeout: 2s\n  subscriptions: []\n");
            }
            env.put("SWITCHBOARD_HTTP_PORT", Integer.toString(port));
            env.put("SWITCHBOARD_DATA_DIR", dir.resolve("data").toString());
            env.put("SWITCHBOARD_CONFIG", config.toString());
            long t0 = System.nanoTime();
            Process server = start("first");
            Process restarted = null;
            try {
                awaitListening(server);
                // The bot subscribes with its own key: it gets only the tickets it creates.
                HttpResponse<String> made = send("POST", "/v1/webhooks", BOT_KEY, new JsonObject()
                        .put("url", receiver.url()).put("types", new JsonArray(TYPES)).encode());
                assertThat(made.statusCode()).as(made.body()).isEqualTo(201);
                secret = new JsonObject(made.body()).getString("secret");
                String token = mintAgentToken();
                AgentSocket alice = AgentSocket.open(http, port, token);
                alice.await(m -> m.getString("type").equals("welcome"), "welcome");
                alice.send(new JsonObject().put("type", "presence").put("status", "available").put("id", "p1"));
                alice.await(m -> "p1".equals(m.getString("id")), "ack of available");

                // 1. Handoff in Dialogflow CX form; the agent accepts on the socket and replies.
                long handoffAt = System.nanoTime();
                String t1 = handOver(Fixtures.text(Fixtures.DIALOGFLOW));
                accept(alice, t1);
                reply(token, t1, "Your parcel left the warehouse today.");
                receiver.await(r -> count(r, t1, "ticket.replied") == 1, 20, "the agent's reply as ticket.replied");
                botProcesses(receiver);
                assertThat(processed.values()).contains("answered " + t1);
                awaitAgentSeesCustomerMessage(alice, token, t1, 1);
                long t1Loop = System.nanoTime();

                // 2. The receiver fails, then is down; Switchboard is killed in the middle and restarted.
                receiver.answer.set(503);
                reply(token, t1, "It should arrive tomorrow morning.");
                receiver.await(r -> r.stream().filter(x -> x.answered() == 503
                        && x.type().equals("ticket.replied")).count() >= 2, 20, "the second reply retried after 503s");
                receiver.down();
                JsonObject second = Fixtures.json(Fixtures.DIALOGFLOW).put("detectIntentResponseId", "second-conversation");
                second.getJsonObject("sessionInfo").put("session", SESSION.replace("web-7f3a21c9", "web-8b4c32d0"));
                String t2 = handOver(second.encode());
                accept(alice, t2);
                reply(token, t2, "Let me check that invoice for you.");
                Thread.sleep(outageSeconds * 500L);
                alice.close();
                server.destroyForcibly(); // SIGKILL while deliveries are pending and being retried
                assertThat(server.waitFor(10, TimeUnit.SECONDS)).isTrue();
                long killedAt = System.nanoTime();
                restarted = start("second");
                awaitListening(restarted);
                long restartMs = (System.nanoTime() - killedAt) / 1_000_000;
                alice = AgentSocket.open(http, port, token);
                alice.await(m -> m.getString("type").equals("welcome"), "welcome after the restart");
                Thread.sleep(Math.max(0, outageSeconds * 500L - restartMs));
                receiver.answer.set(200);
                receiver.up();
                long upAt = System.nanoTime();

                // 3. Back up: the pending replies arrive; the bot answers each once; the agent sees them.
                receiver.await(r -> count(delivered(r), t1, "ticket.replied") == 2
                        && count(delivered(r), t2, "ticket.replied") == 1, 30, "the replies sent during the outage");
                long catchUpMs = (System.nanoTime() - upAt) / 1_000_000;
                botProcesses(receiver);
                awaitAgentSeesCustomerMessage(alice, token, t1, 2);
                awaitAgentSeesCustomerMessage(alice, token, t2, 1);
                for (String id : List.of(t1, t2)) {
                    HttpResponse<String> resolved = send("POST", "/v1/tickets/" + id + "/resolve", token, "{}");
                    assertThat(resolved.statusCode()).as(resolved.body()).isEqualTo(200);
                }

                Map<String, Integer> expected = new java.util.TreeMap<>(Map.of(
                        t1 + " ticket.created", 1, t1 + " ticket.assigned", 1, t1 + " ticket.replied", 2,
                        t1 + " customer.message", 2, t1 + " ticket.resolved", 1,
                        t2 + " ticket.created", 1, t2 + " ticket.assigned", 1, t2 + " ticket.replied", 1,
                        t2 + " customer.message", 1, t2 + " ticket.resolved", 1));
                receiver.await(r -> eventsByDistinctId(delivered(r)).equals(expected), 30, "every expected event");
                Thread.sleep(500); // anything extra that was still under way would show now
                botProcesses(receiver);
                alice.close();

                List<WebhookReceiver.Received> all = receiver.all();
                assertThat(eventsByDistinctId(delivered(all))).as("one webhook-id per event, none missing, none extra")
                        .isEqualTo(expected);
                assertThat(delivered(all).stream().map(WebhookReceiver.Received::id).collect(Collectors.toSet()))
                        .as("every id that failed was delivered later under the same id")
                        .containsAll(all.stream().map(WebhookReceiver.Received::id).toList());
                Map<String, String> bodies = new HashMap<>();
                int repeats = 0;
                for (WebhookReceiver.Received r : all) {
                    assertThat(WebhookReceiver.signedWith(secret, r)).as("signature of " + r.id()).isTrue();
                    String earlier = bodies.putIfAbsent(r.id(), r.body());
                    if (earlier != null) {
                        repeats++;
                        assertThat(r.body()).as("a repeat is the same message: " + r.id()).isEqualTo(earlier);
                    }
                }
                assertThat(processed).as("the bot processed each id once").hasSize(bodies.size());
                assertThat(customerMessages(token, t1)).as("one customer answer per agent reply, despite redeliveries")
                        .containsExactly(answerTo(t1, 1), answerTo(t1, 2));
                assertThat(customerMessages(token, t2)).containsExactly(answerTo(t2, 1));
                System.out.printf("BotLoopProcessIT: %d events, %d requests (%d answered 503, %d repeats of an id);"
                        + " outage %d s, kill -9 to listening again %d ms, catch-up after the receiver came back %d ms;"
                        + " handoff to the customer's answer seen by the agent %d ms; total %d ms%n", bodies.size(), all.size(),
                        all.stream().filter(r -> r.answered() != 200).count(), repeats, outageSeconds, restartMs,
                        catchUpMs, (t1Loop - handoffAt) / 1_000_000, (System.nanoTime() - t0) / 1_000_000);
            } finally {
                server.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                if (restarted != null) {
                    restarted.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                }
            }
        }
    }

    /**
     * The bot: each delivered webhook-id not seen before is checked (signature, conversation) and
     * processed once; a {@code ticket.replied} is answered by relaying the customer's answer to the
     * ticket, with an {@code Idempotency-Key} derived from the webhook-id.
     */
    private void botProcesses(WebhookReceiver receiver) throws Exception {
        for (WebhookReceiver.Received r : delivered(receiver.all())) {
            if (processed.containsKey(r.id())) {
                continue;
            }
            assertThat(WebhookReceiver.signedWith(secret, r)).as("signature of " + r.id()).isTrue();
            JsonObject data = r.data();
            String ticketId = data.getString("ticketId");
            if (!r.type().equals("ticket.replied")) {
                processed.put(r.id(), r.type() + " " + ticketId);
                continue;
            }
            JsonObject conversation = data.getJsonObject("ticket").getJsonObject("conversation");
            assertThat(conversation.getString("platform")).isEqualTo("dialogflow-cx");
            assertThat(conversation.getString("conversationId")).startsWith(SESSION.substring(0, SESSION.indexOf("web-")));
            int nth = (int) processed.values().stream().filter(v -> v.equals("answered " + ticketId)).count() + 1;
            String body = new JsonObject().put("message", answerTo(ticketId, nth)).encode();
            HttpResponse<String> first = send("POST", "/v1/tickets/" + ticketId + "/messages", BOT_KEY, body,
                    "Idempotency-Key", "answer-" + r.id());
            assertThat(first.statusCode()).as(first.body()).isEqualTo(200);
            HttpResponse<String> retried = send("POST", "/v1/tickets/" + ticketId + "/messages", BOT_KEY, body,
                    "Idempotency-Key", "answer-" + r.id());
            assertThat(retried.statusCode()).as("a relay retried with its key: " + retried.body()).isEqualTo(200);
            processed.put(r.id(), "answered " + ticketId);
        }
    }

    private static String answerTo(String ticketId, int nth) {
        return "Customer's answer " + nth + " on " + ticketId;
    }

    private void awaitAgentSeesCustomerMessage(AgentSocket agent, String token, String ticketId, int nth)
            throws Exception {
        JsonObject entry = null;
        for (Object e : timeline(token, ticketId)) {
            JsonObject event = (JsonObject) e;
            if (event.getString("type").equals("customer_messaged")
                    && answerTo(ticketId, nth).equals(event.getJsonObject("details").getString("message"))) {
                entry = event;
            }
        }
        assertThat(entry).as("customer message " + nth + " on " + ticketId + " in the timeline").isNotNull();
        Instant at = Instant.parse(entry.getString("at"));
        agent.await(m -> m.getString("type").equals("ticket_updated")
                && m.getJsonObject("ticket").getString("id").equals(ticketId)
                && Instant.parse(m.getJsonObject("ticket").getString("updatedAt")).equals(at),
                "ticket_updated for the customer's message on " + ticketId);
    }

    private List<String> customerMessages(String token, String ticketId) throws Exception {
        List<String> messages = new ArrayList<>();
        for (Object e : timeline(token, ticketId)) {
            JsonObject event = (JsonObject) e;
            if (event.getString("type").equals("customer_messaged")) {
                messages.add(event.getJsonObject("details").getString("message"));
            }
        }
        return messages;
    }

    private JsonArray timeline(String token, String ticketId) throws Exception {
        HttpResponse<String> reply = send("GET", "/v1/tickets/" + ticketId + "/timeline", token, null);
        assertThat(reply.statusCode()).as(reply.body()).isEqualTo(200);
        return new JsonObject(reply.body()).getJsonArray("timeline");
    }

    private static List<WebhookReceiver.Received> delivered(List<WebhookReceiver.Received> all) {
        return all.stream().filter(r -> r.answered() == 200).toList();
    }

    private static long count(List<WebhookReceiver.Received> received, String ticketId, String type) {
        return received.stream().filter(r -> r.type().equals(type) && ticketId.equals(r.data().getString("ticketId")))
                .map(WebhookReceiver.Received::id).distinct().count();
    }

    /** "ticket type" → how many distinct webhook-ids carried it. */
    private static Map<String, Integer> eventsByDistinctId(List<WebhookReceiver.Received> received) {
        Map<String, String> byId = new LinkedHashMap<>();
        received.forEach(r -> byId.putIfAbsent(r.id(), r.data().getString("ticketId") + " " + r.type()));
        Map<String, Integer> counts = new java.util.TreeMap<>();
        byId.values().forEach(k -> counts.merge(k, 1, Integer::sum));
        return counts;
    }

    private String handOver(String payload) throws Exception {
        HttpResponse<String> reply = send("POST", "/v1/handoff/dialogflow-cx", BOT_KEY, payload);
        assertThat(reply.statusCode()).as(reply.body()).isEqualTo(200);
        return reply.headers().firstValue("Location").orElseThrow().substring("/v1/tickets/".length());
    }

    private static void accept(AgentSocket agent, String ticketId) throws Exception {
        JsonObject offer = agent.await(m -> m.getString("type").equals("offer")
                && m.getJsonObject("ticket").getString("id").equals(ticketId), "offer of " + ticketId);
        agent.send(new JsonObject().put("type", "accept").put("offerId", offer.getString("offerId")));
        agent.await(m -> m.getString("type").equals("assigned")
                && m.getJsonObject("ticket").getString("id").equals(ticketId), "assigned " + ticketId);
    }

    private void reply(String token, String ticketId, String message) throws Exception {
        HttpResponse<String> reply = send("POST", "/v1/tickets/" + ticketId + "/reply", token,
                new JsonObject().put("message", message).encode());
        assertThat(reply.statusCode()).as(reply.body()).isEqualTo(200);
    }

    private HttpResponse<String> send(String method, String path, String credential, String body, String... headers)
            throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(10))
                .header("Authorization", "Bearer " + credential)
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private String mintAgentToken() throws Exception {
        Process mint = command("mint", "mint-token", "--sub", "alice", "--role", "agent");
        assertThat(mint.waitFor(30, TimeUnit.SECONDS)).isTrue();
        String token = new String(mint.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        assertThat(mint.exitValue()).as(Files.readString(dir.resolve("mint.log"))).isZero();
        return token;
    }

    private Process start(String name) throws Exception {
        return command(name);
    }

    private Process command(String name, String... args) throws Exception {
        assertThat(JAR).as("run after 'package'").exists();
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-Xmx512m", jarTmpDir(), "-jar", JAR.toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().putAll(env);
        builder.redirectError(dir.resolve(name + ".log").toFile());
        return builder.start();
    }

    private void awaitListening(Process server) throws Exception {
        BufferedReader out = new BufferedReader(new InputStreamReader(server.getInputStream(), StandardCharsets.UTF_8));
        String line = CompletableFuture.supplyAsync(() -> {
            try {
                for (String next; (next = out.readLine()) != null; ) {
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
        base = "http://localhost:" + m.group(2);
    }

    /** An agent's socket with the JDK's WebSocket client and the agent's JWT in the handshake. */
    private static final class AgentSocket implements WebSocket.Listener {
        private final List<JsonObject> messages = new java.util.concurrent.CopyOnWriteArrayList<>();
        private final StringBuilder partial = new StringBuilder();
        private WebSocket socket;

        static AgentSocket open(HttpClient http, int port, String token) throws Exception {
            AgentSocket agent = new AgentSocket();
            agent.socket = http.newWebSocketBuilder().header("Authorization", "Bearer " + token)
                    .buildAsync(URI.create("ws://localhost:" + port + "/v1/agents/alice/ws"), agent)
                    .get(10, TimeUnit.SECONDS);
            return agent;
        }

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                messages.add(new JsonObject(partial.toString()));
                partial.setLength(0);
            }
            webSocket.request(1);
            return null;
        }

        void send(JsonObject message) throws Exception {
            socket.sendText(message.encode(), true).get(10, TimeUnit.SECONDS);
        }

        /** The first message so far or within 20 s that matches {@code wanted} (messages are kept, not consumed). */
        JsonObject await(Predicate<JsonObject> wanted, String what) throws InterruptedException {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (System.nanoTime() < deadline) {
                for (JsonObject m : messages) {
                    if (wanted.test(m)) {
                        return m;
                    }
                }
                Thread.sleep(20);
            }
            throw new AssertionError("agent socket: timed out waiting for " + what + "; got " + messages);
        }

        void close() {
            socket.abort();
        }
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
