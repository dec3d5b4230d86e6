package io.switchboard.hooks;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.api.AgentClient;
import io.switchboard.api.PrometheusText;
import io.switchboard.api.TestServer;
import io.switchboard.api.auth.Secrets;
import io.switchboard.app.DurabilitySettings;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Outgoing webhooks end to end: a real server on a random port, a real HTTP receiver, the real
 * file journal. Retry timings are shortened through the configuration.
 */
class WebhookServerTest {
    static final String SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    static final String CHATBOT_KEY = "sbk_test-chatbot-key-0123456789abcdefghijklmn";

    @TempDir
    Path dir;
    private WebhookReceiver receiver;
    private final List<Vertx> vertxes = new ArrayList<>();

    @BeforeEach
    void receiver() throws Exception {
        receiver = new WebhookReceiver();
    }

    @AfterEach
    void close() {
        vertxes.forEach(v -> TestServer.await(v.close()));
        receiver.close();
    }

    /** The test server's config with a webhooks section: one subscription {@code crm} unless {@code subscriptions} is empty. */
    static String config(String url, String horizon, String extra) {
        return TestServer.CONFIG + String.join("\n",
                "security:",
                "  apiKeys:",
                "    - {name: chatbot, role: integration, sha256: " + Secrets.sha256(CHATBOT_KEY) + "}",
                "webhooks:",
                "  allowPrivateNetworks: true",
                "  initialBackoff: 20ms",
                "  maxBackoff: 100ms",
                "  retryHorizon: " + horizon,
                "  requestTimeout: 2s",
                "  subscriptions:",
                url == null ? "    []" : "    - {id: crm, url: '" + url + "', secret: " + SECRET + "}",
                extra, "");
    }

    private TestServer start(String yaml, DurabilitySettings durability) {
        Vertx vertx = Vertx.vertx();
        vertxes.add(vertx);
        return TestServer.start(vertx, yaml, durability);
    }

    private TestServer start(String yaml) {
        return start(yaml, DurabilitySettings.file(dir));
    }

    private static List<String> typesOf(List<WebhookReceiver.Received> received, String ticketId) {
        return received.stream().filter(r -> ticketId.equals(r.data().getString("ticketId")))
                .map(WebhookReceiver.Received::type).toList();
    }

    @Test
    void lifecycle_eachChangeDeliveredSignedInOrder_replyCarriesTheConversation() throws Exception {
        TestServer server = start(config(receiver.url(), "1h", ""));
        server.putAgent("alice", "support", new JsonObject().put("general", 3), new JsonObject().put("chat", 2));
        AgentClient alice = server.connect("alice");
        alice.await("welcome");
        alice.goAvailable();
        TestServer.Reply created = server.post("/v1/tickets", TestServer.ticket("chat", "question", "cust-9")
                .put("fields", new JsonObject().put("conversationId", "conv-77")), "Idempotency-Key", "conv-77");
        String id = created.json().getString("id");
        JsonObject offer = alice.await("offer");
        alice.replyTo(alice.send(new JsonObject().put("type", "accept").put("offerId", offer.getString("offerId"))));
        assertThat(server.post("/v1/tickets/" + id + "/reply", new JsonObject().put("message", "Refund is on its way"))
                .status()).isEqualTo(200);
        assertThat(server.post("/v1/tickets/" + id + "/resolve", new JsonObject()).status()).isEqualTo(200);

        receiver.await(r -> typesOf(r, id).contains("ticket.resolved"), 10, "ticket.resolved");
        List<WebhookReceiver.Received> delivered = receiver.delivered();
        assertThat(typesOf(delivered, id)).containsExactly("ticket.created", "ticket.offered", "ticket.assigned",
                "ticket.replied", "ticket.resolved");
        assertThat(delivered.stream().map(WebhookReceiver.Received::type)).contains("agent.presence");
        for (WebhookReceiver.Received r : delivered) {
            assertThat(WebhookReceiver.signedWith(SECRET, r)).as("signature of " + r.id()).isTrue();
            assertThat(r.id()).matches("msg_crm_\\d+");
            assertThat(Math.abs(Instant.now().getEpochSecond() - r.timestamp())).isLessThan(60);
        }
        assertThat(delivered.stream().map(WebhookReceiver.Received::id).distinct().count())
                .as("one id per event").isEqualTo(delivered.size());
        JsonObject replied = delivered.stream().filter(r -> r.type().equals("ticket.replied")).findFirst()
                .orElseThrow().data();
        assertThat(replied.getString("message")).isEqualTo("Refund is on its way");
        assertThat(replied.getString("actor")).isEqualTo("key:admin");
        JsonObject ticket = replied.getJsonObject("ticket");
        assertThat(ticket.getString("createdBy")).isEqualTo("key:admin");
        assertThat(ticket.getString("idempotencyKey")).isEqualTo("conv-77");
        assertThat(ticket.getJsonObject("fields").getString("conversationId")).isEqualTo("conv-77");
        assertThat(ticket.getString("channel")).isEqualTo("chat");
        assertThat(ticket.getString("customerId")).isEqualTo("cust-9");
        alice.close();
    }

    @Test
    void handedOverTicket_agentReplies_repliedCarriesTheDialogflowConversation() throws Exception {
        TestServer server = start(config(null, "1h", ""));
        TestServer.Reply made = server.post("/v1/webhooks", new JsonObject().put("url", receiver.url())
                .put("types", new JsonArray().add("ticket.replied")), "Authorization", "Bearer " + CHATBOT_KEY);
        assertThat(made.status()).as(made.body()).isEqualTo(201);
        server.putAgent("alice", "support", new JsonObject().put("general", 3), new JsonObject().put("chat", 2));
        AgentClient alice = server.connect("alice");
        alice.await("welcome");
        alice.goAvailable();
        TestServer.Reply handoff = server.send("POST", "/v1/handoff/dialogflow-cx",
                io.switchboard.api.handoff.Fixtures.text(io.switchboard.api.handoff.Fixtures.DIALOGFLOW),
                "Authorization", "Bearer " + CHATBOT_KEY);
        assertThat(handoff.status()).as(handoff.body()).isEqualTo(200);
        String id = handoff.header("Location").substring("/v1/tickets/".length());
        JsonObject offer = alice.await("offer");
        alice.replyTo(alice.send(new JsonObject().put("type", "accept").put("offerId", offer.getString("offerId"))));
        assertThat(server.post("/v1/tickets/" + id + "/reply", new JsonObject().put("message", "Your parcel left today"))
                .status()).isEqualTo(200);

        receiver.await(r -> typesOf(r, id).contains("ticket.replied"), 10, "ticket.replied");
        JsonObject ticket = receiver.delivered().get(0).data().getJsonObject("ticket");
        assertThat(ticket.getString("createdBy")).isEqualTo("key:chatbot");
        assertThat(ticket.getString("idempotencyKey")).as("no Idempotency-Key was sent; the internal handoff key"
                + " stays inside").isNull();
        JsonObject conversation = ticket.getJsonObject("conversation");
        assertThat(conversation.getString("platform")).isEqualTo("dialogflow-cx");
        assertThat(conversation.getString("conversationId")).isEqualTo("projects/acme-shop/locations/global/agents/"
                + "0f1e2d3c-4b5a-6978-8a9b-0c1d2e3f4a5b/sessions/web-7f3a21c9");
        alice.close();
    }

    @Test
    void receiverFailingThenDown_thenUp_everyEventDeliveredAfterRetries() throws Exception {
        TestServer server = start(config(receiver.url(), "1h", ""));
        receiver.answer.set(503);
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            ids.add(server.createTicket(TestServer.ticket("web", "question", "c-" + i)).getString("id"));
        }
        receiver.await(r -> r.size() >= 6, 10, "retried attempts");
        receiver.down();
        ids.add(server.createTicket(TestServer.ticket("web", "question", "c-down")).getString("id"));
        awaitMetric(server, "switchboard_webhook_deliveries_total", "outcome", "failed", 8);
        receiver.answer.set(200);
        receiver.up();
        receiver.await(r -> ids.stream().allMatch(id -> typesOf(delivered(r), id).contains("ticket.created")), 10,
                "every ticket.created delivered");
        Set<String> deliveredIds = receiver.delivered().stream().map(WebhookReceiver.Received::id)
                .collect(Collectors.toSet());
        Set<String> attemptedIds = receiver.all().stream().map(WebhookReceiver.Received::id).collect(Collectors.toSet());
        assertThat(deliveredIds).as("every id attempted was finally delivered").isEqualTo(attemptedIds);
        JsonArray log = server.get("/v1/webhooks/crm/deliveries").json().getJsonArray("deliveries");
        assertThat(log.stream().map(o -> ((JsonObject) o).getString("outcome"))).contains("retrying", "delivered");
    }

    /**
     * What a dead endpoint costs: its messages wait behind its lanes' backoff instead of each
     * getting an attempt of its own. With a backoff longer than the test, the endpoint is called
     * once per lane (four here, set explicitly) and never again, however many events follow, while
     * the healthy subscription gets all of them and the failing one's lag counts them (kept, not
     * dropped).
     */
    @Test
    void failingEndpoint_newEventsWaitBehindItsLanes_oneCallPerLaneWhileItBacksOff() throws Exception {
        WebhookReceiver healthy = new WebhookReceiver();
        try {
            String yaml = config(receiver.url(), "24h", "    - {id: healthy, url: '" + healthy.url() + "', secret: "
                    + SECRET + ", types: [ticket.created]}")
                    .replace("initialBackoff: 20ms", "initialBackoff: 1h").replace("maxBackoff: 100ms", "maxBackoff: 1h")
                    .replace("  requestTimeout: 2s", "  requestTimeout: 2s\n  connectionsPerEndpoint: 4");
            TestServer server = start(yaml);
            receiver.answer.set(500);
            List<String> ids = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                ids.add(server.createTicket(TestServer.ticket("web", "question", "c-" + i)).getString("id"));
            }
            receiver.await(r -> r.size() >= 4, 10, "a first attempt on each of the 4 lanes");
            healthy.await(r -> ids.stream().allMatch(id -> typesOf(r, id).contains("ticket.created")), 10,
                    "every ticket.created at the healthy endpoint");
            for (int i = 40; i < 60; i++) {
                ids.add(server.createTicket(TestServer.ticket("web", "question", "c-" + i)).getString("id"));
            }
            healthy.await(r -> ids.stream().allMatch(id -> typesOf(r, id).contains("ticket.created")), 10,
                    "the later tickets at the healthy endpoint");

            assertThat(receiver.all()).as("the failing endpoint: one call per lane, the rest wait").hasSize(4);
            awaitMetric(server, "switchboard_webhook_lag_events", "subscription", "crm", ids.size());
            awaitMetric(server, "switchboard_webhook_deliveries_total", "outcome", "failed", 4);
            JsonArray log = server.get("/v1/webhooks/crm/deliveries").json().getJsonArray("deliveries");
            assertThat(log.stream().map(o -> ((JsonObject) o).getString("outcome")).toList())
                    .as("the delivery log books the four attempts").containsExactly("retrying", "retrying", "retrying",
                            "retrying");
        } finally {
            healthy.close();
        }
    }

    @Test
    void gone410_disablesTheSubscription_otherSubscriptionsGoOn() throws Exception {
        WebhookReceiver other = new WebhookReceiver();
        try {
            TestServer server = start(config(receiver.url(), "1h",
                    "    - {id: other, url: '" + other.url() + "', secret: " + SECRET + ", types: [ticket.created]}"));
            receiver.answer.set(410);
            server.createTicket(TestServer.ticket("web", "question", "c-1"));
            receiver.await(r -> !r.isEmpty(), 10, "the 410");
            JsonObject crm = awaitDisabled(server);
            assertThat(crm.getString("disabledReason")).isEqualTo("gone");
            int before = receiver.all().size();
            String second = server.createTicket(TestServer.ticket("web", "question", "c-2")).getString("id");
            other.await(r -> typesOf(r, second).contains("ticket.created"), 10, "the other subscription's delivery");
            assertThat(receiver.all()).as("nothing more sent to the gone endpoint").hasSize(before);
            TestServer.await(vertxes.remove(0).close());
            TestServer restarted = start(config(receiver.url(), "1h",
                    "    - {id: other, url: '" + other.url() + "', secret: " + SECRET + ", types: [ticket.created]}"));
            assertThat(restarted.get("/v1/webhooks/crm").json().getString("disabledReason"))
                    .as("a 410 outlives the restart").isEqualTo("gone");
        } finally {
            other.close();
        }
    }

    @Test
    void retryHorizonPassed_deadLettered_replayDeliversTheSameId() throws Exception {
        TestServer server = start(config(receiver.url(), "2s", ""));
        receiver.answer.set(500);
        String id = server.createTicket(TestServer.ticket("web", "question", "c-1")).getString("id");
        JsonArray letters = awaitDeadLetters(server, 1);
        JsonObject letter = letters.getJsonObject(0);
        assertThat(letter.getString("type")).isEqualTo("ticket.created");
        assertThat(letter.getInteger("lastStatus")).isEqualTo(500);
        assertThat(letter.getInteger("attempts")).isGreaterThan(1);
        awaitMetric(server, "switchboard_webhook_dead_letters", "subscription", "crm", 1);
        receiver.answer.set(200);
        String webhookId = letter.getString("webhookId");
        assertThat(server.post("/v1/webhooks/crm/dead-letters/" + webhookId + "/replay", new JsonObject()).status())
                .isEqualTo(202);
        receiver.await(r -> delivered(r).stream().anyMatch(x -> x.id().equals(webhookId)), 10, "the replay");
        assertThat(typesOf(receiver.delivered(), id)).containsExactly("ticket.created");
        awaitDeadLetters(server, 0);
        assertThat(server.post("/v1/webhooks/crm/dead-letters/" + webhookId + "/replay", new JsonObject()).status())
                .isEqualTo(404);
    }

    @Test
    void restart_afterSnapshots_undeliveredEventsKeptAndDeliveredWithTheirIds() throws Exception {
        DurabilitySettings durability = DurabilitySettings.file(dir).withSnapshots(3, 0);
        String yaml = config(receiver.url(), "1h", "");
        TestServer first = start(yaml, durability);
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            ids.add(first.createTicket(TestServer.ticket("web", "question", "early-" + i)).getString("id"));
        }
        receiver.await(r -> ids.stream().allMatch(id -> typesOf(delivered(r), id).contains("ticket.created")), 10,
                "deliveries while the endpoint is up");
        awaitSnapshot(first);
        receiver.answer.set(503);
        ids.clear();
        for (int i = 0; i < 6; i++) {
            ids.add(first.createTicket(TestServer.ticket("web", "question", "c-" + i)).getString("id"));
        }
        receiver.await(r -> r.stream().filter(x -> x.answered() == 503).count() >= 3, 10,
                "failed attempts before the restart");
        TestServer.await(vertxes.remove(0).close());
        Set<String> attemptedBefore = receiver.all().stream().map(WebhookReceiver.Received::id).collect(Collectors.toSet());
        receiver.answer.set(200);
        TestServer second = start(yaml, durability);
        receiver.await(r -> ids.stream().allMatch(id -> typesOf(delivered(r), id).contains("ticket.created")), 10,
                "every ticket.created after the restart");
        Set<String> delivered = receiver.delivered().stream().map(WebhookReceiver.Received::id).collect(Collectors.toSet());
        assertThat(delivered).as("ids attempted before the restart are delivered with the same id")
                .containsAll(attemptedBefore);
        assertSameBodyPerId(receiver.all());
        assertThat(second.get("/v1/webhooks/crm").json().getBoolean("enabled")).isTrue();
    }

    /**
     * A snapshot file appears once the subscription has delivered (snapshots work in this
     * configuration): more tickets trigger more snapshots, each compacting whole journal segments
     * up to what the subscription has saved.
     */
    private void awaitSnapshot(TestServer server) throws InterruptedException {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (true) {
            server.createTicket(TestServer.ticket("web", "question", "filler"));
            try (var files = Files.list(dir.resolve("journal"))) {
                if (files.anyMatch(p -> p.getFileName().toString().startsWith("snapshot-"))) {
                    return;
                }
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("no snapshot was written");
            }
            Thread.sleep(100);
        }
    }

    /** At least once: a message may arrive again, but only as the same message (same id, same body). */
    private static void assertSameBodyPerId(List<WebhookReceiver.Received> all) {
        java.util.Map<String, String> bodies = new java.util.HashMap<>();
        for (WebhookReceiver.Received r : all) {
            String earlier = bodies.putIfAbsent(r.id(), r.body());
            assertThat(earlier == null || earlier.equals(r.body())).as("same body for " + r.id()).isTrue();
        }
    }

    @Test
    void deliveryLog_survivesRestart_pagedNewestFirst_numberingContinues() throws Exception {
        String yaml = config(receiver.url(), "1h", "");
        TestServer first = start(yaml);
        receiver.answer.set(503);
        String failing = first.createTicket(TestServer.ticket("web", "question", "c-fail")).getString("id");
        receiver.await(r -> r.stream().filter(x -> x.answered() == 503).count() >= 3, 10, "failed attempts");
        receiver.answer.set(200);
        receiver.await(r -> typesOf(delivered(r), failing).contains("ticket.created"), 10, "the retried delivery");
        awaitLoggedDelivery(first, "crm", "ticket.created", failing); // booked once the answer is back
        JsonArray before = first.get("/v1/webhooks/crm/deliveries?limit=1000").json().getJsonArray("deliveries");
        assertThat(before.stream().map(o -> ((JsonObject) o).getString("outcome"))).contains("retrying", "delivered");
        TestServer.await(vertxes.remove(0).close());

        TestServer second = start(yaml);
        TestServer.Reply all = second.get("/v1/webhooks/crm/deliveries?limit=1000");
        assertThat(all.status()).isEqualTo(200);
        JsonArray kept = all.json().getJsonArray("deliveries");
        assertThat(kept.size()).as("every attempt logged before the restart is still listed").isGreaterThanOrEqualTo(before.size());
        assertThat(kept.getList().subList(kept.size() - before.size(), kept.size())).isEqualTo(before.getList());
        assertThat(all.json().getValue("nextCursor")).isNull();

        List<Long> paged = new ArrayList<>();
        String cursor = null;
        do {
            TestServer.Reply page = second.get("/v1/webhooks/crm/deliveries?limit=2" + (cursor == null ? "" : "&cursor=" + cursor));
            assertThat(page.status()).isEqualTo(200);
            page.json().getJsonArray("deliveries").forEach(o -> paged.add(((JsonObject) o).getLong("seq")));
            cursor = page.json().getString("nextCursor");
        } while (cursor != null);
        List<Long> expected = kept.stream().map(o -> ((JsonObject) o).getLong("seq")).toList();
        assertThat(paged).as("pages of 2 walk the whole log, newest first, without gaps or repeats").isEqualTo(expected);
        for (int i = 1; i < paged.size(); i++) {
            assertThat(paged.get(i)).isEqualTo(paged.get(i - 1) - 1);
        }

        String after = second.createTicket(TestServer.ticket("web", "question", "c-after")).getString("id");
        receiver.await(r -> typesOf(delivered(r), after).contains("ticket.created"), 10, "a delivery after the restart");
        JsonObject newest = awaitLoggedDelivery(second, "crm", "ticket.created", after);
        assertThat(newest.getLong("seq")).as("numbering goes on after the restart").isGreaterThan(paged.get(0));
        assertThat(Files.exists(dir.resolve("webhooks").resolve("crm.log"))).isTrue();

        for (String bad : new String[] {"limit=0", "limit=1001", "limit=x", "cursor=nope"}) {
            TestServer.Reply reply = second.get("/v1/webhooks/crm/deliveries?" + bad);
            assertThat(reply.status()).as(bad).isEqualTo(422);
            assertThat(reply.contentType()).startsWith("application/problem+json");
            assertThat(reply.json().getJsonArray("errors").getJsonObject(0).getString("pointer"))
                    .isEqualTo(bad.startsWith("limit") ? "/limit" : "/cursor");
        }
    }

    @Test
    void delete_apiSubscription_forgetsItsDeliveryLog() throws Exception {
        TestServer server = start(config(null, "1h", ""));
        TestServer.Reply made = server.post("/v1/webhooks", new JsonObject().put("id", "bot").put("url", receiver.url())
                .put("types", new JsonArray().add("ticket.created")));
        assertThat(made.status()).as(made.body()).isEqualTo(201);
        String id = server.createTicket(TestServer.ticket("web", "question", "c-1")).getString("id");
        receiver.await(r -> typesOf(delivered(r), id).contains("ticket.created"), 10, "the delivery");
        awaitLoggedDelivery(server, "bot", "ticket.created", id);
        Path log = dir.resolve("webhooks").resolve("bot.log");
        assertThat(log).exists();
        assertThat(server.send("DELETE", "/v1/webhooks/bot", null).status()).isEqualTo(204);
        assertThat(log).doesNotExist();
        assertThat(server.get("/v1/webhooks/bot/deliveries").status()).isEqualTo(404);
    }

    /** The log entry of the delivered {@code type} of {@code ticketId}, once subscription {@code hook} has logged it. */
    private JsonObject awaitLoggedDelivery(TestServer server, String hook, String type, String ticketId)
            throws InterruptedException {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (true) {
            JsonArray page = server.get("/v1/webhooks/" + hook + "/deliveries?limit=50").json().getJsonArray("deliveries");
            for (Object o : page) {
                JsonObject entry = (JsonObject) o;
                String id = entry.getString("webhookId");
                boolean matches = type.equals(entry.getString("type")) && "delivered".equals(entry.getString("outcome"))
                        && receiver.delivered().stream().anyMatch(r -> r.id().equals(id)
                                && ticketId.equals(r.data().getString("ticketId")));
                if (matches) {
                    return entry;
                }
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("no delivered " + type + " of " + ticketId + " in " + page);
            }
            Thread.sleep(20);
        }
    }

    @Test
    void apiSubscription_integrationGetsOnlyItsTickets_survivesRestart_rotationSignsWithBoth() throws Exception {
        String yaml = config(null, "1h", "");
        TestServer server = start(yaml);
        TestServer.Reply made = server.post("/v1/webhooks", new JsonObject().put("url", receiver.url())
                .put("types", new JsonArray().add("ticket.created")), "Authorization", "Bearer " + CHATBOT_KEY);
        assertThat(made.status()).as(made.body()).isEqualTo(201);
        String hookId = made.json().getString("id");
        String secret = made.json().getString("secret");
        assertThat(secret).startsWith("whsec_");
        assertThat(made.json().getString("owner")).isEqualTo("key:chatbot");
        assertThat(server.get("/v1/webhooks/" + hookId).body()).doesNotContain(secret);
        assertThat(server.send("GET", "/v1/webhooks", null, "Authorization", "Bearer " + CHATBOT_KEY).json()
                .getJsonArray("subscriptions")).hasSize(1);

        String admins = server.createTicket(TestServer.ticket("web", "question", "c-admin")).getString("id");
        TestServer.Reply bots = server.post("/v1/tickets", TestServer.ticket("chat", "question", "c-bot"),
                "Authorization", "Bearer " + CHATBOT_KEY);
        String botTicket = bots.json().getString("id");
        receiver.await(r -> typesOf(r, botTicket).contains("ticket.created"), 10, "the bot's ticket");
        assertThat(WebhookReceiver.signedWith(secret, receiver.delivered().get(0))).isTrue();

        TestServer.await(vertxes.remove(0).close());
        TestServer restarted = start(yaml);
        TestServer.Reply rotated = restarted.post("/v1/webhooks/" + hookId + "/rotate", new JsonObject(),
                "Authorization", "Bearer " + CHATBOT_KEY);
        assertThat(rotated.status()).as(rotated.body()).isEqualTo(200);
        String next = rotated.json().getString("secret");
        TestServer.Reply again = restarted.post("/v1/tickets", TestServer.ticket("chat", "question", "c-bot2"),
                "Authorization", "Bearer " + CHATBOT_KEY);
        String botTicket2 = again.json().getString("id");
        receiver.await(r -> typesOf(r, botTicket2).contains("ticket.created"), 10, "after restart and rotation");
        WebhookReceiver.Received last = receiver.delivered().stream()
                .filter(r -> botTicket2.equals(r.data().getString("ticketId"))).findFirst().orElseThrow();
        assertThat(WebhookReceiver.signedWith(next, last)).isTrue();
        assertThat(WebhookReceiver.signedWith(secret, last)).as("the previous secret stays valid").isTrue();
        assertThat(receiver.all().stream().map(r -> r.data().getString("ticketId")))
                .as("never the admin's ticket").doesNotContain(admins);
        assertSameBodyPerId(receiver.all());
    }

    @Test
    void ssrf_loopbackAndPrivateUrls_refusedUnlessAllowed() {
        TestServer server = start(TestServer.CONFIG);
        for (String url : new String[] {receiver.url(), "http://localhost:9/x", "http://10.0.0.1/x",
                "http://169.254.169.254/latest/meta-data"}) {
            TestServer.Reply reply = server.post("/v1/webhooks", new JsonObject().put("url", url));
            assertThat(reply.status()).as(url).isEqualTo(422);
            assertThat(reply.contentType()).startsWith("application/problem+json");
            assertThat(reply.json().getString("type")).endsWith("/webhook-url-refused");
            assertThat(reply.json().getJsonArray("errors").getJsonObject(0).getString("pointer")).isEqualTo("/url");
        }
        assertThat(server.get("/v1/webhooks").json().getJsonArray("subscriptions")).isEmpty();
        assertThat(receiver.all()).isEmpty();
    }

    @Test
    void badInput_problemJson_stateUnchanged() {
        TestServer server = start(config(receiver.url(), "1h", ""));
        Object[][] cases = {
            {new JsonObject(), "/url"},
            {new JsonObject().put("url", "ftp://x.example/"), "/url"},
            {new JsonObject().put("url", receiver.url()).put("types", new JsonArray().add("ticket.nope")), "/types"},
            {new JsonObject().put("url", receiver.url()).put("channels", new JsonArray().add("fax")), "/channels"},
            {new JsonObject().put("url", receiver.url()).put("queues", "general"), "/queues"},
            {new JsonObject().put("url", receiver.url()).put("id", "Bad Id"), "/id"},
            {new JsonObject().put("url", receiver.url()).put("secret", "whsec_mine"), "/secret"},
        };
        for (Object[] c : cases) {
            TestServer.Reply reply = server.post("/v1/webhooks", (JsonObject) c[0]);
            assertThat(reply.status()).as(c[0].toString()).isEqualTo(422);
            assertThat(reply.json().getJsonArray("errors").getJsonObject(0).getString("pointer")).isEqualTo(c[1]);
        }
        assertThat(server.send("POST", "/v1/webhooks", "{", "Content-Type", "application/json").status()).isEqualTo(400);
        assertThat(server.post("/v1/webhooks", new JsonObject().put("url", receiver.url()).put("id", "crm")).status())
                .isEqualTo(409);
        assertThat(server.get("/v1/webhooks/nope").status()).isEqualTo(404);
        assertThat(server.send("PATCH", "/v1/webhooks/crm", "{\"enabled\":false}").json().getString("type"))
                .endsWith("/webhook-read-only");
        assertThat(server.send("GET", "/v1/webhooks/crm", null, "Authorization", "Bearer " + CHATBOT_KEY).status())
                .as("another owner's subscription does not exist for an integration").isEqualTo(404);
        assertThat(server.send("GET", "/v1/webhooks", null, "Authorization",
                server.bearer("alice", io.switchboard.config.Role.AGENT)).status()).isEqualTo(403);
        assertThat(server.post("/v1/webhooks/crm/rotate", new JsonObject().put("keepPrevious", "yes")).status())
                .isEqualTo(422);
        JsonArray all = server.get("/v1/webhooks").json().getJsonArray("subscriptions");
        assertThat(all).hasSize(1);
        assertThat(all.getJsonObject(0).getBoolean("enabled")).isTrue();
        assertThat(all.encode()).doesNotContain(SECRET);
    }

    private static List<WebhookReceiver.Received> delivered(List<WebhookReceiver.Received> all) {
        return all.stream().filter(r -> r.answered() >= 200 && r.answered() < 300).toList();
    }

    private static JsonObject awaitDisabled(TestServer server) throws InterruptedException {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (true) {
            JsonObject crm = server.get("/v1/webhooks/crm").json();
            if (!crm.getBoolean("enabled") || System.nanoTime() > deadline) {
                return crm;
            }
            Thread.sleep(20);
        }
    }

    private static JsonArray awaitDeadLetters(TestServer server, int count) throws InterruptedException {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (true) {
            JsonArray letters = server.get("/v1/webhooks/crm/dead-letters").json().getJsonArray("deadLetters");
            if (letters.size() == count) {
                return letters;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("expected " + count + " dead letters, have " + letters);
            }
            Thread.sleep(20);
        }
    }

    private static void awaitMetric(TestServer server, String name, String label, String value, double atLeast)
            throws InterruptedException {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (true) {
            double seen = PrometheusText.parse(server.get("/metrics").body()).sumOrZero(name, label, value);
            if (seen >= atLeast) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError(name + "{" + label + "=" + value + "} stayed at " + seen);
            }
            Thread.sleep(20);
        }
    }
}
