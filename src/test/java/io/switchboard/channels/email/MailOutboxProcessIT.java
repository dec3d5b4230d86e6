package io.switchboard.channels.email;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.JarServer;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The e-mail outbox across {@code kill -9}: the packaged jar takes agent replies on mail tickets
 * while a real SMTP server (aiosmtpd) receives them; the jar is killed mid-stream and started
 * again on the same data dir. Every acknowledged reply reaches the SMTP server, and after
 * de-duplication by Message-ID each reply is there exactly once (a resend after the crash carries
 * the same Message-ID and the same text).
 */
class MailOutboxProcessIT {
    private static final int TICKETS = 6;
    private static final int REPLIES = 60;

    @TempDir
    Path dir;

    private String config(int smtpPort) {
        return String.join("\n",
                "skills: [general]",
                "teams: [support]",
                "queues:",
                "  - name: general",
                "agents:",
                "  - {id: alice, team: support, tier: L2, skills: {general: 3}, languages: [en], capacity: {email: 50},"
                        + " autoAccept: true}",
                "security:",
                "  rateLimit: {perSecond: 100000, burst: 100000}",
                "email:",
                "  outbound:",
                "    host: 127.0.0.1",
                "    port: " + smtpPort,
                "    starttls: disabled",
                "    from: {address: support@shop.example}",
                "    maxAttempts: 50",
                "    firstRetry: 100ms",
                "    maxRetry: 500ms",
                "");
    }

    private static String mail(int i) {
        return "From: customer" + i + "@example.com\r\nTo: support@shop.example\r\nMessage-ID: <m" + i
                + "@example.com>\r\nSubject: refund " + i + "\r\nMIME-Version: 1.0\r\n"
                + "Content-Type: text/plain; charset=UTF-8\r\nContent-Transfer-Encoding: base64\r\n\r\n"
                + Base64.getMimeEncoder().encodeToString(("where is my refund " + i).getBytes(StandardCharsets.UTF_8))
                + "\r\n";
    }

    @Test
    void kill9WhileRepliesGoOut_restart_everyAcknowledgedReplyDeliveredOncePerMessageId() throws Exception {
        Path smtpDir = Files.createDirectories(dir.resolve("smtp"));
        try (SmtpServer smtp = SmtpServer.in(smtpDir).start()) {
            Files.writeString(dir.resolve("config.yaml"), config(smtp.port()));
            Map<String, String> env = new HashMap<>();
            env.put("SWITCHBOARD_HTTP_PORT", "0");
            env.put("SWITCHBOARD_DATA_DIR", dir.resolve("data").toString());
            env.put("SWITCHBOARD_CONFIG", dir.resolve("config.yaml").toString());
            Set<String> acknowledged = ConcurrentHashMap.newKeySet();
            List<String> tickets = new ArrayList<>();
            String adminKey;
            try (JarServer first = JarServer.start(env, dir, "first", null)) {
                adminKey = first.adminKey();
                WebSocket alice = first.availableAgent("alice");
                for (int i = 0; i < TICKETS; i++) {
                    HttpResponse<String> taken = first.send("POST", "/v1/intake/email", "message/rfc822", mail(i));
                    assertThat(taken.statusCode()).as(taken.body()).isEqualTo(201);
                    tickets.add(new JsonObject(taken.body()).getJsonObject("ticket").getString("id"));
                }
                awaitAssigned(first, tickets);
                for (int r = 0; r < REPLIES; r++) {
                    String text = "reply-" + r + " from alice";
                    try {
                        HttpResponse<String> replied = first.send("POST", "/v1/tickets/" + tickets.get(r % TICKETS)
                                + "/reply", "application/json", new JsonObject().put("message", text).encode());
                        assertThat(replied.statusCode()).as(replied.body()).isEqualTo(200);
                        acknowledged.add(text);
                    } catch (java.io.IOException died) {
                        break;
                    }
                    if (r == REPLIES / 2) {
                        awaitDelivered(smtp, 3); // some went out, the rest queue behind the outbox: kill now
                        first.kill9();
                    }
                }
                alice.abort();
            }
            assertThat(acknowledged).hasSizeGreaterThanOrEqualTo(REPLIES / 2);
            int beforeRestart = smtp.messages().size();
            try (JarServer second = JarServer.start(env, dir, "second", adminKey)) {
                awaitDelivered(smtp, acknowledged.size());
                List<String> raw = smtp.messages();
                Map<String, List<String>> byMessageId = raw.stream().collect(Collectors.groupingBy(
                        m -> SmtpServer.header(m, "Message-ID")));
                Map<String, String> replyOf = new HashMap<>();
                byMessageId.forEach((id, copies) -> {
                    Set<String> texts = copies.stream().map(MailOutboxProcessIT::replyText).collect(Collectors.toSet());
                    assertThat(texts).as("every copy of %s is the same reply", id).hasSize(1);
                    replyOf.put(id, texts.iterator().next());
                });
                assertThat(replyOf.values()).as("each reply under one Message-ID only").doesNotHaveDuplicates();
                assertThat(replyOf.values()).as("every acknowledged reply delivered").containsAll(acknowledged);
                System.out.printf("MailOutboxProcessIT: %d replies acknowledged, %d delivered before kill -9, %d mails"
                        + " received in all, %d distinct Message-IDs%n", acknowledged.size(), beforeRestart, raw.size(),
                        byMessageId.size());
            }
        }
    }

    private static String replyText(String raw) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("reply-\\d+ from alice").matcher(
                decodedBody(raw));
        return m.find() ? m.group() : "?";
    }

    /** The body, decoded when base64 (Vert.x Mail writes UTF-8 text as quoted-printable or base64). */
    private static String decodedBody(String raw) {
        String[] parts = raw.split("\r?\n\r?\n", 2);
        String body = parts.length > 1 ? parts[1] : "";
        String encoding = SmtpServer.header(raw, "Content-Transfer-Encoding");
        if (encoding != null && encoding.equalsIgnoreCase("base64")) {
            return new String(Base64.getMimeDecoder().decode(body.strip()), StandardCharsets.UTF_8);
        }
        return body.replace("=\r\n", "").replace("=\n", "");
    }

    private static void awaitAssigned(JarServer server, List<String> tickets) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        for (String id : tickets) {
            while (!new JsonObject(server.send("GET", "/v1/tickets/" + id, null, null).body()).getString("status")
                    .equals("assigned")) {
                assertThat(System.nanoTime()).as("%s assigned to alice", id).isLessThan(deadline);
                Thread.sleep(50);
            }
        }
    }

    private static void awaitDelivered(SmtpServer smtp, int count) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (smtp.messages().stream().map(m -> SmtpServer.header(m, "Message-ID")).distinct().count() < count) {
            assertThat(System.nanoTime()).as("%d replies at the SMTP server", count).isLessThan(deadline);
            Thread.sleep(50);
        }
    }
}
