package io.switchboard.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.app.DurabilitySettings;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code POST /v1/intake/email} over a real server: raw mails open tickets, replies thread onto
 * them (and reopen a resolved one) across a restart, retried deliveries, auto-replies, bounces,
 * refused senders and floods change nothing.
 */
class EmailIntakeServerTest {
    static final String CONFIG = String.join("\n",
            "skills: [general, billing]",
            "queues:",
            "  - name: general",
            "agents:",
            "  - {id: alice, team: support, tier: L2, skills: {general: 3}, languages: [en, zh], capacity: {email: 5}}",
            "teams: [support]",
            "intake:",
            "  types:",
            "    refund:",
            "      fields:",
            "        orderNumber: {kind: order_number, required: true}",
            "email:",
            "  ticketType: refund",
            "  denySenders: ['@spam.example']",
            "  perSenderPerHour: 3",
            "");

    @TempDir
    Path dir;
    private Vertx vertx;
    private TestServer server;

    @BeforeEach
    void start() {
        vertx = Vertx.vertx();
        server = TestServer.start(vertx, CONFIG, DurabilitySettings.file(dir));
    }

    @AfterEach
    void stop() {
        TestServer.await(vertx.close());
    }

    static String mail(String from, String messageId, String subject, String body, String... extraHeaders) {
        StringBuilder out = new StringBuilder("From: " + from + "\r\nTo: support@shop.example\r\n");
        if (messageId != null) {
            out.append("Message-ID: <").append(messageId).append(">\r\n");
        }
        for (String header : extraHeaders) {
            out.append(header).append("\r\n");
        }
        return out.append("Subject: ").append(subject).append("\r\nMIME-Version: 1.0\r\n")
                .append("Content-Type: text/plain; charset=UTF-8\r\nContent-Transfer-Encoding: base64\r\n\r\n")
                .append(Base64.getMimeEncoder().encodeToString(body.getBytes(StandardCharsets.UTF_8)))
                .append("\r\n").toString();
    }

    private TestServer.Reply deliver(TestServer to, String raw) {
        return to.send("POST", "/v1/intake/email", raw, "Content-Type", "message/rfc822");
    }

    private static List<String> types(JsonArray timeline) {
        return timeline.stream().map(e -> ((JsonObject) e).getString("type")).toList();
    }

    @Test
    void intake_newMail_opensAnEmailTicketWithExtractedFieldsAndTheMailOnTheTimeline() {
        TestServer.Reply reply = deliver(server, mail("Li Lei <Li.Lei@Example.com>", "m1@example.com",
                "Refund please", "订单号：Ａ－１００１，谢谢"));

        assertThat(reply.status()).isEqualTo(201);
        JsonObject ticket = reply.json().getJsonObject("ticket");
        assertThat(reply.json().getString("outcome")).isEqualTo("created");
        assertThat(ticket.getString("channel")).isEqualTo("email");
        assertThat(ticket.getJsonObject("customer").getString("id")).isEqualTo("li.lei@example.com");
        assertThat(ticket.getJsonObject("customer").getString("name")).isEqualTo("Li Lei");
        assertThat(ticket.getString("description")).isEqualTo("订单号：Ａ－１００１，谢谢");
        assertThat(ticket.getJsonObject("fields").getString("orderNumber")).isEqualTo("A-1001");
        JsonArray timeline = server.get("/v1/tickets/" + ticket.getString("id") + "/timeline").json()
                .getJsonArray("timeline");
        assertThat(types(timeline)).contains("ticket_created", "fields_extracted", "mail_received");
    }

    @Test
    void intake_mailWithoutRequiredField_ticketNeedsInfo() {
        JsonObject ticket = deliver(server, mail("a@example.com", "m2@example.com", "Refund", "where is my money"))
                .json().getJsonObject("ticket");
        assertThat(ticket.getBoolean("needsInfo")).isTrue();
        assertThat(ticket.getJsonArray("missingFields").getList()).containsExactly("orderNumber");
    }

    @Test
    void intake_retriedDelivery_answersTheSameTicketUnchanged() {
        String raw = mail("a@example.com", "m3@example.com", "Refund A-1001", "order A-1001");
        String id = deliver(server, raw).json().getJsonObject("ticket").getString("id");

        TestServer.Reply again = deliver(server, raw);

        assertThat(again.status()).isEqualTo(200);
        assertThat(again.json().getString("outcome")).isEqualTo("duplicate");
        assertThat(again.json().getJsonObject("ticket").getString("id")).isEqualTo(id);
        assertThat(server.get("/v1/tickets?customer=a@example.com").json().getJsonArray("tickets")).hasSize(1);
    }

    @Test
    void intake_replyAfterResolveAndRestart_threadsOntoTheTicketAndReopensIt() {
        String id = deliver(server, mail("b@example.com", "first@example.com", "Refund A-1001", "order A-1001"))
                .json().getJsonObject("ticket").getString("id");
        AgentClient alice = server.connect("alice");
        alice.await("welcome");
        alice.goAvailable();
        JsonObject offer = alice.await("offer");
        alice.replyTo(alice.send(new JsonObject().put("type", "accept").put("offerId", offer.getString("offerId"))));
        server.post("/v1/tickets/" + id + "/reply", new JsonObject().put("message", "Refund issued"));
        assertThat(server.post("/v1/tickets/" + id + "/resolve", new JsonObject().put("reason", "refunded")).status())
                .isEqualTo(200);
        alice.close();
        TestServer.await(vertx.close());
        vertx = Vertx.vertx();
        server = TestServer.start(vertx, CONFIG, DurabilitySettings.file(dir));

        TestServer.Reply reply = deliver(server, mail("b@example.com", "second@example.com", "Re: Refund A-1001",
                "still nothing arrived", "In-Reply-To: <first@example.com>", "References: <first@example.com>"));

        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.json().getString("outcome")).isEqualTo("threaded");
        JsonObject ticket = reply.json().getJsonObject("ticket");
        assertThat(ticket.getString("id")).isEqualTo(id);
        assertThat(ticket.getString("status")).as("reopened").isIn("queued", "offered");
        assertThat(types(server.get("/v1/tickets/" + id + "/timeline").json().getJsonArray("timeline")))
                .containsSubsequence("ticket_resolved", "mail_received", "customer_messaged", "ticket_reopened");
    }

    @Test
    void intake_subjectToken_threadsOnlyForTheTicketsOwnCustomer() {
        String id = deliver(server, mail("c@example.com", "c1@example.com", "Refund A-1001", "x"))
                .json().getJsonObject("ticket").getString("id");

        TestServer.Reply own = deliver(server, mail("c@example.com", "c2@example.com", "[#" + id + "] more", "y"));
        TestServer.Reply stranger = deliver(server, mail("evil@example.com", "e1@example.com",
                "[#" + id + "] more", "z"));

        assertThat(own.json().getString("outcome")).isEqualTo("threaded");
        assertThat(stranger.json().getString("outcome")).isEqualTo("created");
        assertThat(stranger.json().getJsonObject("ticket").getString("id")).isNotEqualTo(id);
    }

    @Test
    void intake_autoRepliesBouncesDeniedSendersAndFloods_neverOpenTickets() {
        assertThat(deliver(server, mail("d@example.com", "d1@example.com", "Out of office", "away",
                "Auto-Submitted: auto-replied")).json().getString("reason")).isEqualTo("auto_submitted");
        TestServer.Reply dsn = server.send("POST", "/v1/intake/email", String.join("\r\n",
                "From: MAILER-DAEMON@mx.example.com", "Subject: Undelivered", "MIME-Version: 1.0",
                "Content-Type: multipart/report; report-type=delivery-status; boundary=b", "", "--b",
                "Content-Type: text/plain", "", "failed", "--b", "Content-Type: message/delivery-status", "",
                "Reporting-MTA: dns; mx.example.com", "", "Final-Recipient: rfc822; x@example.com", "Action: failed",
                "Status: 5.1.1", "--b--", ""), "Content-Type", "message/rfc822");
        assertThat(dsn.status()).isEqualTo(202);
        assertThat(dsn.json().getString("reason")).isEqualTo("delivery_report");
        assertThat(deliver(server, mail("x@spam.example", "s1@example.com", "Buy", "now")).json().getString("reason"))
                .isEqualTo("sender_denied");
        List<Integer> flood = new java.util.ArrayList<>();
        for (int i = 0; i < 5; i++) {
            flood.add(deliver(server, mail("f@example.com", "f" + i + "@example.com", "Refund A-100" + i, "z"))
                    .status());
        }
        assertThat(flood).containsExactly(201, 201, 201, 202, 202);
        assertThat(server.get("/v1/tickets?customer=f@example.com").json().getJsonArray("tickets")).hasSize(3);
        assertThat(server.get("/v1/tickets?customer=d@example.com").json().getJsonArray("tickets")).isEmpty();
    }

    @Test
    void intake_notAMessage_refusedWithoutEffect() {
        assertThat(server.send("POST", "/v1/intake/email", "{}", "Content-Type", "application/json").status())
                .isEqualTo(415);
        TestServer.Reply noFrom = deliver(server, "Subject: hi\r\n\r\nno sender\r\n");
        assertThat(noFrom.status()).isEqualTo(422);
        assertThat(noFrom.json().getString("type")).endsWith("/malformed-mail");
        assertThat(server.get("/v1/tickets").json().getJsonArray("tickets")).isEmpty();
    }

    @Test
    void intake_replyWithTheMissingOrderNumber_fillsItAcrossARestart() {
        String id = deliver(server, mail("b@example.com", "m-need@example.com", "Refund", "where is my money?"))
                .json().getJsonObject("ticket").getString("id");

        TestServer.Reply threaded = deliver(server, mail("b@example.com", "m-need2@example.com", "Re: Refund",
                "Sorry, forgot it: my order number is B-2002.", "In-Reply-To: <m-need@example.com>"));

        assertThat(threaded.json().getString("outcome")).isEqualTo("threaded");
        JsonObject ticket = threaded.json().getJsonObject("ticket");
        assertThat(ticket.getBoolean("needsInfo")).isFalse();
        assertThat(ticket.getJsonObject("fields").getString("orderNumber")).isEqualTo("B-2002");
        TestServer.await(vertx.close());
        vertx = Vertx.vertx();
        server = TestServer.start(vertx, CONFIG, DurabilitySettings.file(dir));
        JsonObject restarted = server.get("/v1/tickets/" + id).json();
        assertThat(restarted.getJsonObject("fields").getString("orderNumber")).isEqualTo("B-2002");
        assertThat(restarted.getJsonArray("missingFields")).isEmpty();
    }
}
