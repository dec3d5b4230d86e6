package io.switchboard.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.config.Role;
import io.switchboard.app.DurabilitySettings;
import io.switchboard.app.Switchboard;
import io.switchboard.config.ConfigLoader;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code email.attachments.store: disk} over a real server: attachment content is kept by content
 * hash under the data dir, listed on the ticket and downloaded as an attachment (never rendered),
 * hostile names and paths go nowhere, the limits hold, and without a data dir the start is refused.
 */
class EmailAttachmentServerTest {
    private static final String CONFIG = String.join("\n",
            "skills: [general]",
            "queues:",
            "  - name: general",
            "email:",
            "  attachments: {store: disk, maxBytes: 1000, maxTotalBytes: 5000}",
            "");
    private static final String HTML = "<html><script>alert(document.cookie)</script></html>";
    private static final String INVOICE = "%PDF-1.4 invoice 发票 A-1001";

    @TempDir
    Path dir;

    private static String part(String type, String name, String content) {
        return "--b\r\nContent-Type: " + type + "\r\nContent-Transfer-Encoding: base64\r\n"
                + "Content-Disposition: attachment; filename=\"" + name + "\"\r\n\r\n"
                + Base64.getMimeEncoder().encodeToString(content.getBytes(StandardCharsets.UTF_8)) + "\r\n";
    }

    private static String mail(String messageId, String... parts) {
        StringBuilder out = new StringBuilder("From: li@example.com\r\nTo: support@shop.example\r\nMessage-ID: <"
                + messageId + ">\r\nSubject: invoice\r\nMIME-Version: 1.0\r\n"
                + "Content-Type: multipart/mixed; boundary=\"b\"\r\n\r\n"
                + "--b\r\nContent-Type: text/plain; charset=UTF-8\r\n\r\nsee attached\r\n");
        for (String part : parts) {
            out.append(part);
        }
        return out.append("--b--\r\n").toString();
    }

    private static TestServer.Reply deliver(TestServer server, String raw) {
        return server.send("POST", "/v1/intake/email", raw, "Content-Type", "message/rfc822");
    }

    @Test
    void disk_attachmentsKeptListedAndDownloadedAsAttachmentsNeverInline() throws Exception {
        Vertx vertx = Vertx.vertx();
        try {
            TestServer server = TestServer.start(vertx, CONFIG, DurabilitySettings.file(dir));
            TestServer.Reply reply = deliver(server, mail("m1@example.com",
                    part("application/pdf", "=?UTF-8?B?" + Base64.getEncoder().encodeToString(
                            "发票.pdf".getBytes(StandardCharsets.UTF_8)) + "?=", INVOICE),
                    part("text/html", "../../../evil.html", HTML),
                    part("application/zip", "big.zip", "x".repeat(1001))));
            assertThat(reply.status()).as(reply.body()).isEqualTo(201);
            JsonObject ticket = reply.json().getJsonObject("ticket");
            String id = ticket.getString("id");
            JsonArray listed = ticket.getJsonArray("attachments");

            assertThat(listed).hasSize(2);
            JsonObject invoice = listed.getJsonObject(0);
            assertThat(invoice.getString("name")).isEqualTo("发票.pdf");
            assertThat(invoice.getString("href")).isEqualTo("/v1/tickets/" + id + "/attachments/" + invoice.getString("id"));
            TestServer.Reply pdf = server.get(invoice.getString("href"));
            assertThat(pdf.status()).isEqualTo(200);
            assertThat(pdf.body()).isEqualTo(INVOICE);
            assertThat(pdf.contentType()).isEqualTo("application/pdf");
            assertThat(pdf.header("Content-Disposition")).startsWith("attachment;").contains("UTF-8''%E5%8F%91%E7%A5%A8.pdf");

            TestServer.Reply html = server.get(listed.getJsonObject(1).getString("href"));
            assertThat(html.body()).isEqualTo(HTML);
            assertThat(html.header("Content-Disposition")).startsWith("attachment;").doesNotContain("/");
            assertThat(html.header("X-Content-Type-Options")).isEqualTo("nosniff");
            assertThat(html.header("Content-Security-Policy")).startsWith("sandbox");

            try (Stream<Path> files = Files.walk(dir)) {
                assertThat(files.filter(p -> p.getFileName().toString().contains("evil")).toList())
                        .as("the name is a label only").isEmpty();
            }
            assertThat(Files.list(dir.resolve("attachments").resolve(id)).count()).isEqualTo(2);
            JsonObject received = server.get("/v1/tickets/" + id + "/timeline").json().getJsonArray("timeline").stream()
                    .map(JsonObject.class::cast).filter(e -> e.getString("type").equals("mail_received")).findFirst()
                    .orElseThrow();
            assertThat(received.getJsonObject("details").getJsonArray("attachments")).as("all three listed").hasSize(3);
        } finally {
            TestServer.await(vertx.close());
        }
    }

    @Test
    void download_hostilePathsOtherTicketsAndStrangers_404Or403WithoutContent() {
        Vertx vertx = Vertx.vertx();
        try {
            TestServer server = TestServer.start(vertx, CONFIG, DurabilitySettings.file(dir));
            JsonObject first = deliver(server, mail("m2@example.com", part("text/plain", "a.txt", "secret one")))
                    .json().getJsonObject("ticket");
            String other = deliver(server, mail("m3@example.com")).json().getJsonObject("ticket").getString("id");
            String attachment = first.getJsonArray("attachments").getJsonObject(0).getString("id");

            assertThat(server.get("/v1/tickets/" + other + "/attachments/" + attachment).status())
                    .as("an attachment of another ticket").isEqualTo(404);
            for (String hostile : List.of("..%2F..%2Fjournal", "%2e%2e", attachment.toUpperCase(),
                    attachment + "%2F..")) {
                // ".." segments are resolved by the router first (%2e%2e reads the ticket itself): never a file
                TestServer.Reply refused = server.get("/v1/tickets/" + first.getString("id") + "/attachments/" + hostile);
                assertThat(refused.header("Content-Disposition")).as(hostile).isNull();
                assertThat(refused.body()).doesNotContain("secret one");
            }
            assertThat(server.get("/v1/tickets/" + first.getString("id") + "/attachments/" + attachment.toUpperCase())
                    .status()).isEqualTo(404);
            TestServer.Reply stranger = server.send("GET", first.getJsonArray("attachments").getJsonObject(0)
                    .getString("href"), null, "Authorization", server.bearer("bob", Role.AGENT));
            assertThat(stranger.status()).isIn(403, 404);
            assertThat(stranger.body()).doesNotContain("secret one");
        } finally {
            TestServer.await(vertx.close());
        }
    }

    @Test
    void none_default_listsOnTheTimelineOnlyAndWritesNothing() throws Exception {
        Vertx vertx = Vertx.vertx();
        try {
            TestServer server = TestServer.start(vertx, CONFIG.replace("store: disk", "store: none"),
                    DurabilitySettings.file(dir));
            JsonObject ticket = deliver(server, mail("m4@example.com", part("text/plain", "a.txt", "hello")))
                    .json().getJsonObject("ticket");
            assertThat(ticket.getJsonArray("attachments")).isEmpty();
            assertThat(Files.exists(dir.resolve("attachments"))).isFalse();
        } finally {
            TestServer.await(vertx.close());
        }
    }

    @Test
    void disk_onTheRedisJournalWithoutADir_startRefusedNamingTheKey() {
        Vertx vertx = Vertx.vertx();
        try {
            Throwable refused = Switchboard.start(vertx, ConfigLoader.fromYaml(CONFIG), 0, TestServer.JWT_SECRET,
                    DurabilitySettings.redis("redis://127.0.0.1:1")).toCompletionStage().toCompletableFuture()
                    .handle((ok, failure) -> failure).join();
            assertThat(refused).isNotNull();
            assertThat(refused.getMessage()).contains("email.attachments.dir");
        } finally {
            TestServer.await(vertx.close());
        }
    }
}
