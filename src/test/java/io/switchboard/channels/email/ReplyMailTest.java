package io.switchboard.channels.email;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.core.event.DomainEvent;
import java.util.List;
import org.junit.jupiter.api.Test;

class ReplyMailTest {
    @Test
    void subject_replyPrefixesAndOldTokens_becomeOneReAndTheTicketToken() {
        assertThat(ReplyMail.subject("tkt_7", "Refund")).isEqualTo("Re: Refund [#tkt_7]");
        assertThat(ReplyMail.subject("tkt_7", "RE: Re: 回复：Refund [#tkt_7]")).isEqualTo("Re: Refund [#tkt_7]");
        assertThat(ReplyMail.subject("tkt_7", "")).isEqualTo("Re: [#tkt_7]");
    }

    @Test
    void threads_mailsAndSentReplies_chainInOrderAndArchiveForgets() {
        MailThreads threads = new MailThreads();
        threads.track(new DomainEvent.MailReceived(1, "tkt_1", "a@x", "li@example.com", "Hi", List.of(), "k", "mail_new"));
        threads.track(new DomainEvent.MailSent(2, "tkt_1", "r1@shop", "li@example.com", 1, "mailer", "agent_reply"));
        threads.track(new DomainEvent.MailReceived(3, "tkt_1", null, "li@example.com", "Re: Hi", List.of(), "k",
                "mail_reply"));
        threads.track(new DomainEvent.MailReceived(4, "tkt_1", "b@x", "li@example.com", "Re: Hi", List.of(), "k",
                "mail_reply"));

        MailThreads.Thread thread = threads.of("tkt_1");
        assertThat(thread.customer()).isEqualTo("li@example.com");
        assertThat(thread.subject()).isEqualTo("Hi");
        assertThat(thread.lastCustomerId()).isEqualTo("b@x");
        assertThat(thread.references()).containsExactly("a@x", "r1@shop", "b@x");

        MailThreads copy = new MailThreads();
        copy.decode(threads.encode());
        assertThat(copy.of("tkt_1")).isEqualTo(thread);

        threads.track(new DomainEvent.TicketArchived(5, "tkt_1", null, 1, 1, "router", "retention"));
        assertThat(threads.of("tkt_1")).isNull();
    }

    @Test
    void compose_chineseNameSubjectAndText_encodeAndParseBackIntact() {
        OutboundMail settings = new OutboundMail("127.0.0.1", 25, OutboundMail.StartTls.DISABLED, null, null,
                "help@shop.example", "客服 \"Shop\"", 3, 100, 200);
        MailThreads.Thread thread = new MailThreads.Thread("li@example.com", "退款 A-1001", "m1@x", List.of("m1@x"));
        String id = ReplyMail.messageId(settings, "tkt_3", 42);

        String raw = new io.vertx.ext.mail.mailencoder.MailEncoder(
                ReplyMail.compose(settings, "tkt_3", thread, id, "您好，已退款。"), "test.local").encode();
        InboundMail parsed = new MailParser(1 << 20).parse(raw.getBytes(java.nio.charset.StandardCharsets.UTF_8));

        assertThat(id).isEqualTo("reply.tkt_3.42@shop.example");
        assertThat(parsed.messageId()).isEqualTo(id);
        assertThat(parsed.sender()).isEqualTo("help@shop.example");
        // Vert.x writes the name as an RFC 2047 comment after the address, which mail clients show
        // (mime4j, our own parser, reads only the address from that form)
        assertThat(SmtpServer.header(raw, "From")).isEqualTo("help@shop.example (=?UTF-8?Q?=E5=AE=A2=E6=9C=8D_Shop?=)");
        assertThat(parsed.subject()).isEqualTo("Re: 退款 A-1001 [#tkt_3]");
        assertThat(parsed.text().strip()).isEqualTo("您好，已退款。");
        assertThat(parsed.threadIds()).containsExactly("m1@x");
    }

    @Test
    void threads_longConversation_keepsTheLastReferences() {
        MailThreads threads = new MailThreads();
        for (int i = 0; i < MailThreads.MAX_REFERENCES + 5; i++) {
            threads.track(new DomainEvent.MailReceived(i, "tkt_1", "m" + i + "@x", "c@x", "s", List.of(), "k", "r"));
        }
        List<String> references = threads.of("tkt_1").references();
        assertThat(references).hasSize(MailThreads.MAX_REFERENCES).startsWith("m5@x").endsWith("m24@x");
    }
}
