package io.switchboard.channels.email;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.api.AgentClient;
import io.switchboard.api.TestServer;
import io.switchboard.app.DurabilitySettings;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Agent replies on e-mail tickets, sent by a real server (file journal) to a real SMTP server
 * (aiosmtpd) that writes a maildir: headers that thread, retries across an outage, a permanent
 * refusal, and a restart with a reply pending.
 */
class EmailReplyServerTest {
    @TempDir
    Path dir;
    private Vertx vertx;
    private TestServer server;
    private SmtpServer smtp;
    private Path data;

    @BeforeEach
    void prepare() throws Exception {
        Files.createDirectories(dir.resolve("smtp"));
        smtp = SmtpServer.in(dir.resolve("smtp"));
        data = dir.resolve("data");
        vertx = Vertx.vertx();
    }

    @AfterEach
    void stop() throws Exception {
        // null when prepare() was aborted (no aiosmtpd here): the abort is the test's outcome, not an error
        if (vertx != null) {
            TestServer.await(vertx.close());
        }
        if (smtp != null) {
            smtp.close();
        }
    }

    private String config() {
        return String.join("\n",
                "skills: [general]",
                "queues:",
                "  - name: general",
                "agents:",
                "  - {id: alice, team: support, tier: L2, skills: {general: 3}, languages: [en, zh], capacity: {email: 5}}",
                "teams: [support]",
                "email:",
                "  outbound:",
                "    host: 127.0.0.1",
                "    port: " + smtp.port(),
                "    starttls: disabled",
                "    from: {address: support@shop.example, name: Shop Support}",
                "    maxAttempts: 30",
                "    firstRetry: 100ms",
                "    maxRetry: 200ms",
                "");
    }

    private TestServer startServer() {
        return TestServer.start(vertx, config(), DurabilitySettings.file(data));
    }

    private static String mail(String from, String messageId, String subject, String body, String... extraHeaders) {
        StringBuilder out = new StringBuilder("From: " + from + "\r\nTo: support@shop.example\r\n");
        out.append("Message-ID: <").append(messageId).append(">\r\n");
        for (String header : extraHeaders) {
            out.append(header).append("\r\n");
        }
        return out.append("Subject: ").append(subject).append("\r\nMIME-Version: 1.0\r\n")
                .append("Content-Type: text/plain; charset=UTF-8\r\nContent-Transfer-Encoding: base64\r\n\r\n")
                .append(Base64.getMimeEncoder().encodeToString(body.getBytes(StandardCharsets.UTF_8)))
                .append("\r\n").toString();
    }

    private TestServer.Reply deliver(String raw) {
        return server.send("POST", "/v1/intake/email", raw, "Content-Type", "message/rfc822");
    }

    /** A ticket opened by mail from {@code from}, assigned to alice (who may reply on it). */
    private String assignedMailTicket(String from, String messageId, String subject) {
        String id = deliver(mail(from, messageId, subject, "我的退款还没到 / my refund has not arrived"))
                .json().getJsonObject("ticket").getString("id");
        AgentClient alice = server.connect("alice");
        alice.await("welcome");
        alice.goAvailable();
        JsonObject offer = alice.await("offer");
        alice.replyTo(alice.send(new JsonObject().put("type", "accept").put("offerId", offer.getString("offerId"))));
        alice.close();
        return id;
    }

    private void reply(String ticketId, String message) {
        assertThat(server.post("/v1/tickets/" + ticketId + "/reply", new JsonObject().put("message", message))
                .status()).isEqualTo(200);
    }

    private JsonArray timeline(String ticketId) {
        return server.get("/v1/tickets/" + ticketId + "/timeline").json().getJsonArray("timeline");
    }

    private List<JsonObject> entries(String ticketId, String type) {
        return timeline(ticketId).stream().map(e -> (JsonObject) e).filter(e -> type.equals(e.getString("type")))
                .toList();
    }

    private static <T> T waitFor(Supplier<T> call, Predicate<T> done) {
        long deadline = System.nanoTime() + 30_000_000_000L;
        T last = call.get();
        while (!done.test(last)) {
            assertThat(System.nanoTime()).as("gave up waiting; last %s", last).isLessThan(deadline);
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            }
            last = call.get();
        }
        return last;
    }

    private double counter(String outcome) {
        String prefix = "switchboard_mail_replies_total{outcome=\"" + outcome + "\"";
        return server.get("/metrics").body().lines().filter(l -> l.startsWith(prefix))
                .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).sum();
    }

    @Test
    void reply_onMailTicket_reachesTheMailboxWithThreadingHeadersAndThreadsTheAnswerBack() throws Exception {
        smtp.start();
        server = startServer();
        String id = assignedMailTicket("Li Lei <li@example.com>", "m1@example.com", "Re: Refund A-1001");

        reply(id, "您好，退款已处理。Your refund was issued.");

        List<String> mails = waitFor(smtp::messages, m -> m.size() == 1);
        String raw = mails.get(0);
        JsonObject sent = waitFor(() -> entries(id, "mail_sent"), e -> e.size() == 1).get(0);
        String messageId = sent.getJsonObject("details").getString("messageId");
        assertThat(SmtpServer.header(raw, "Message-ID")).isEqualTo("<" + messageId + ">");
        assertThat(messageId).startsWith("reply." + id + ".").endsWith("@shop.example");
        assertThat(SmtpServer.header(raw, "To")).isEqualTo("li@example.com");
        assertThat(SmtpServer.header(raw, "From")).contains("<support@shop.example>").contains("Shop Support");
        assertThat(SmtpServer.header(raw, "In-Reply-To")).isEqualTo("<m1@example.com>");
        assertThat(SmtpServer.header(raw, "References")).isEqualTo("<m1@example.com>");
        InboundMail parsed = new MailParser(1 << 20).parse(raw.getBytes(StandardCharsets.UTF_8));
        assertThat(parsed.subject()).isEqualTo("Re: Refund A-1001 [#" + id + "]");
        assertThat(parsed.text().strip()).isEqualTo("您好，退款已处理。Your refund was issued.");
        assertThat(sent.getJsonObject("details").getString("to")).isEqualTo("li@example.com");
        assertThat(sent.getJsonObject("details").getInteger("attempts")).isEqualTo(1);
        assertThat(sent.getString("reason")).isEqualTo("agent_reply");
        assertThat(counter("sent")).isEqualTo(1.0);

        // the customer answers the reply (their client names only it): the answer lands on the ticket
        TestServer.Reply answer = deliver(mail("li@example.com", "m2@example.com", "Re: Re: Refund A-1001 [#" + id
                + "]", "thanks", "In-Reply-To: <" + messageId + ">"));
        assertThat(answer.json().getString("outcome")).isEqualTo("threaded");
        assertThat(answer.json().getJsonObject("ticket").getString("id")).isEqualTo(id);

        // a second reply answers the customer's last mail and carries the whole chain
        reply(id, "Glad to help.");
        String second = waitFor(smtp::messages, m -> m.size() == 2).stream()
                .filter(m -> !m.equals(raw)).findFirst().orElseThrow();
        assertThat(SmtpServer.header(second, "In-Reply-To")).isEqualTo("<m2@example.com>");
        assertThat(SmtpServer.header(second, "References"))
                .isEqualTo("<m1@example.com> <" + messageId + "> <m2@example.com>");
        assertThat(new MailParser(1 << 20).parse(second.getBytes(StandardCharsets.UTF_8)).subject())
                .isEqualTo("Re: Refund A-1001 [#" + id + "]");
    }

    @Test
    void reply_smtpDownThenUp_isDeliveredAfterRetriesAndTheTimelineSaysSo() throws Exception {
        server = startServer();
        String id = assignedMailTicket("wang@example.com", "w1@example.com", "Invoice");

        reply(id, "Here is your invoice.");
        waitFor(() -> counter("retrying"), n -> n >= 2);
        assertThat(entries(id, "mail_sent")).isEmpty();
        smtp.start();

        JsonObject sent = waitFor(() -> entries(id, "mail_sent"), e -> e.size() == 1).get(0);
        assertThat(sent.getJsonObject("details").getInteger("attempts")).isGreaterThan(1);
        assertThat(smtp.messages()).hasSize(1);
        assertThat(entries(id, "mail_failed")).isEmpty();
    }

    @Test
    void reply_permanentRefusal_isGivenUpAtOnceWithMailFailedOnTheTimeline() throws Exception {
        smtp.start();
        server = startServer();
        String id = assignedMailTicket("refused-user@example.com", "r1@example.com", "Hello");

        reply(id, "Hi there");

        JsonObject failed = waitFor(() -> entries(id, "mail_failed"), e -> e.size() == 1).get(0);
        assertThat(failed.getString("reason")).isEqualTo("smtp_refused");
        assertThat(failed.getJsonObject("details").getInteger("attempts")).isEqualTo(1);
        assertThat(failed.getJsonObject("details").getString("error")).startsWith("550");
        assertThat(counter("failed")).isEqualTo(1.0);
        assertThat(counter("retrying")).isEqualTo(0.0);
        assertThat(smtp.messages()).isEmpty();
        assertThat(entries(id, "mail_sent")).isEmpty();
    }

    @Test
    void reply_pendingAcrossARestart_isDeliveredExactlyOncePerMessageId() throws Exception {
        server = startServer();
        String id = assignedMailTicket("zhao@example.com", "z1@example.com", "Broken phone");
        reply(id, "We will send a courier.");
        waitFor(() -> counter("retrying"), n -> n >= 1);
        TestServer.await(vertx.close());
        smtp.start();

        vertx = Vertx.vertx();
        server = startServer();

        JsonObject sent = waitFor(() -> entries(id, "mail_sent"), e -> e.size() == 1).get(0);
        String messageId = sent.getJsonObject("details").getString("messageId");
        // give a wrongly repeated send time to show up, then count: one message with that id, one event
        reply(id, "The courier comes tomorrow.");
        waitFor(() -> entries(id, "mail_sent"), e -> e.size() == 2);
        List<String> mails = smtp.messages();
        assertThat(mails).hasSize(2);
        assertThat(mails.stream().filter(m -> ("<" + messageId + ">").equals(SmtpServer.header(m, "Message-ID"))))
                .hasSize(1);
        assertThat(entries(id, "mail_sent").stream()
                .filter(e -> messageId.equals(e.getJsonObject("details").getString("messageId")))).hasSize(1);
    }

    /**
     * On the Redis journal the outbox's state lives in Redis, not on the node's disk (there is no
     * data dir here): a reply still pending when the server stops goes out after the restart.
     */
    @Test
    void reply_pendingAcrossARestartOnTheRedisJournal_isDeliveredFromTheCursorKeptInRedis() throws Exception {
        try (io.switchboard.store.RedisProcess redis = io.switchboard.store.RedisProcess.start(dir.resolve("redis"))) {
            server = TestServer.start(vertx, config(), DurabilitySettings.redis(redis.url()));
            String id = assignedMailTicket("qian@example.com", "q1@example.com", "Late parcel");
            reply(id, "Your parcel is on its way.");
            waitFor(() -> counter("retrying"), n -> n >= 1);
            TestServer.await(vertx.close());
            assertThat(redis.command("HEXISTS switchboard:cursors mail-outbox/state.json")).isEqualTo(":1");
            smtp.start();

            vertx = Vertx.vertx();
            server = TestServer.start(vertx, config(), DurabilitySettings.redis(redis.url()));

            JsonObject sent = waitFor(() -> entries(id, "mail_sent"), e -> e.size() == 1).get(0);
            assertThat(smtp.messages()).hasSize(1);
            assertThat(SmtpServer.header(smtp.messages().get(0), "Message-ID"))
                    .isEqualTo("<" + sent.getJsonObject("details").getString("messageId") + ">");
        }
    }
}
