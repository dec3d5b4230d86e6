package io.switchboard.channels.email;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.core.intake.MailAttachment;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Real-shaped messages (as Postfix or a relay hands them over) through the real mime4j parser. */
class MailParserTest {
    private static final MailParser PARSER = new MailParser(1 << 20);
    private static final Charset GBK = Charset.forName("GBK");

    static byte[] mail(String... lines) {
        return String.join("\r\n", lines).getBytes(StandardCharsets.ISO_8859_1);
    }

    private static String b64(String text, Charset charset) {
        return Base64.getEncoder().encodeToString(text.getBytes(charset));
    }

    /** ISO-8859-1 text whose bytes are {@code text} in UTF-8 (to put 8-bit content in a raw mail). */
    private static String utf8Bytes(String text) {
        return new String(text.getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1);
    }

    @Test
    void parse_quotedPrintableUtf8WithEncodedSubject_decodesBodyAndSubject() {
        InboundMail m = PARSER.parse(mail(
                "From: =?UTF-8?B?" + b64("李雷", StandardCharsets.UTF_8) + "?= <Li.Lei@Example.COM>",
                "To: support@shop.example",
                "Subject: =?UTF-8?B?" + b64("退款：订单号 A-1001", StandardCharsets.UTF_8) + "?=",
                "Message-ID: <abc.123@mail.example.com>",
                "MIME-Version: 1.0",
                "Content-Type: text/plain; charset=UTF-8",
                "Content-Transfer-Encoding: quoted-printable",
                "",
                "=E4=BD=A0=E5=A5=BD=EF=BC=8C=E6=89=8B=E6=9C=BA 13800138000",
                ""));
        assertThat(m.sender()).isEqualTo("li.lei@example.com");
        assertThat(m.senderName()).isEqualTo("李雷");
        assertThat(m.subject()).isEqualTo("退款：订单号 A-1001");
        assertThat(m.messageId()).isEqualTo("abc.123@mail.example.com");
        assertThat(m.text()).isEqualTo("你好，手机 13800138000");
        assertThat(m.automatic()).isNull();
    }

    @Test
    void parse_gbkTextLabelledGb2312_decodedAsGb18030WithoutLosingCharacters() {
        // 喆 and 镕 are GBK but not GB2312: Java's strict GB2312 turns them into U+FFFD and drops a character
        String text = "王喆镕：订单号 A-1001 没收到";
        InboundMail m = PARSER.parse(mail(
                "From: wang@example.cn",
                "Subject: =?gb2312?B?" + b64("喆镕的退款", GBK) + "?=",
                "Content-Type: text/plain; charset=gb2312",
                "Content-Transfer-Encoding: base64",
                "",
                b64(text, GBK),
                ""));
        assertThat(m.text()).isEqualTo(text);
        assertThat(m.subject()).isEqualTo("喆镕的退款");
    }

    @Test
    void parse_gb18030EightBitBody_decoded() {
        String text = "型号 iPhone 15 Pro 屏幕坏了";
        InboundMail m = PARSER.parse(mail(
                "From: a@example.cn",
                "Subject: fault",
                "Content-Type: text/plain; charset=GB18030",
                "Content-Transfer-Encoding: 8bit",
                "",
                new String(text.getBytes(Charset.forName("GB18030")), StandardCharsets.ISO_8859_1),
                ""));
        assertThat(m.text()).isEqualTo(text);
    }

    @Test
    void parse_htmlOnly_reducedToTextWithoutScriptsAndWithEntitiesDecoded() {
        InboundMail m = PARSER.parse(mail(
                "From: a@example.com",
                "Subject: hi",
                "Content-Type: text/html; charset=UTF-8",
                "",
                "<html><head><style>p{color:red}</style><script>alert('x')</script></head><body>"
                        + "<p>Order&nbsp;#A-1001 &amp; refund</p><div>" + utf8Bytes("谢谢")
                        + "<br>Li</div><img src=\"https://tracker.example/p.gif\"></body></html>",
                ""));
        assertThat(m.text()).isEqualTo("Order #A-1001 & refund\n谢谢\nLi");
        assertThat(m.text()).doesNotContain("alert", "color", "<");
    }

    @Test
    void parse_alternativeWithAttachments_prefersPlainAndListsAttachments() {
        byte[] pdf = new byte[3000];
        InboundMail m = PARSER.parse(mail(
                "From: a@example.com",
                "Subject: receipt",
                "MIME-Version: 1.0",
                "Content-Type: multipart/mixed; boundary=\"outer\"",
                "",
                "--outer",
                "Content-Type: multipart/alternative; boundary=\"inner\"",
                "",
                "--inner",
                "Content-Type: text/plain; charset=UTF-8",
                "",
                "see attached",
                "--inner",
                "Content-Type: text/html; charset=UTF-8",
                "",
                "<p>see <b>attached</b></p>",
                "--inner--",
                "--outer",
                "Content-Type: application/pdf; name=\"receipt.pdf\"",
                "Content-Disposition: attachment; filename=\"=?UTF-8?B?" + b64("发票.pdf", StandardCharsets.UTF_8) + "?=\"",
                "Content-Transfer-Encoding: base64",
                "",
                Base64.getMimeEncoder().encodeToString(pdf),
                "--outer",
                "Content-Type: image/png",
                "Content-Disposition: attachment; filename=photo.png",
                "Content-Transfer-Encoding: base64",
                "",
                Base64.getEncoder().encodeToString(new byte[] {1, 2, 3, 4, 5}),
                "--outer--",
                ""));
        assertThat(m.text()).isEqualTo("see attached");
        assertThat(m.attachments()).containsExactly(new MailAttachment("发票.pdf", "application/pdf", 3000),
                new MailAttachment("photo.png", "image/png", 5));
    }

    @Test
    void parse_replyHeaders_collectsThreadIdsInOrderWithoutDuplicates() {
        InboundMail m = PARSER.parse(mail(
                "From: a@example.com",
                "Subject: Re: [#tkt_3] refund",
                "In-Reply-To: <out-2@switchboard>",
                "References: <first@example.com>",
                " <out-2@switchboard>",
                "",
                "thanks",
                ""));
        assertThat(m.threadIds()).isEqualTo(List.of("out-2@switchboard", "first@example.com"));
        assertThat(m.messageId()).isNull();
    }

    @Test
    void parse_automaticMail_isMarkedWithItsReason() {
        assertThat(PARSER.parse(mail("From: a@example.com", "Auto-Submitted: auto-replied", "Subject: Out of office",
                "", "away", "")).automatic()).isEqualTo("auto_submitted");
        assertThat(PARSER.parse(mail("From: a@example.com", "Auto-Submitted: no", "Subject: hi", "", "x", ""))
                .automatic()).isNull();
        assertThat(PARSER.parse(mail("From: news@example.com", "Precedence: bulk", "Subject: News", "", "x", ""))
                .automatic()).isEqualTo("precedence_bulk");
        assertThat(PARSER.parse(mail("From: a@example.com", "X-Autoreply: yes", "Subject: away", "", "x", ""))
                .automatic()).isEqualTo("auto_reply");
        assertThat(PARSER.parse(mail("Return-Path: <>", "From: a@example.com", "Subject: x", "", "x", ""))
                .automatic()).isEqualTo("null_return_path");
    }

    @Test
    void parse_deliveryStatusNotification_isADeliveryReport() {
        InboundMail m = PARSER.parse(mail(
                "From: Mail Delivery System <MAILER-DAEMON@mx.example.com>",
                "Subject: Undelivered Mail Returned to Sender",
                "MIME-Version: 1.0",
                "Content-Type: multipart/report; report-type=delivery-status; boundary=\"b\"",
                "",
                "--b",
                "Content-Type: text/plain",
                "",
                "The mail could not be delivered.",
                "--b",
                "Content-Type: message/delivery-status",
                "",
                "Reporting-MTA: dns; mx.example.com",
                "",
                "Final-Recipient: rfc822; nobody@example.com",
                "Action: failed",
                "Status: 5.1.1",
                "--b--",
                ""));
        assertThat(m.automatic()).isEqualTo("delivery_report");
    }
}
