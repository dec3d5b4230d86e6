package io.switchboard.engine;

import static io.switchboard.engine.EngineFixture.events;
import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.core.event.DomainEvent;
import io.switchboard.core.event.DomainEvent.AttachmentsStored;
import io.switchboard.core.event.DomainEvent.CustomerMessaged;
import io.switchboard.core.event.DomainEvent.MailReceived;
import io.switchboard.core.intake.MailAttachment;
import io.switchboard.core.intake.StoredAttachment;
import io.switchboard.core.ticket.Channel;
import io.switchboard.core.ticket.TicketStatus;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Customer e-mail on the engine thread (MailCommands), through the engine's commands: a retried
 * delivery is recognised by its Message-ID, a reply threads by In-Reply-To/References or by the
 * subject's ticket token (only from the ticket's customer), a closed ticket is never reopened by
 * mail, stored attachments are journaled with the mail, and the thread index survives a restart.
 * The HTTP side (parsing, the route) is tested in {@code channels.email}; these pin what the
 * engine decides, which PIT found untested by the engine's own tests (issue 19 §4).
 */
class MailIntakeTest {
    private static final StoredAttachment PDF = new StoredAttachment("a".repeat(64), "invoice.pdf",
            "application/pdf", 1234);

    private static Command.IntakeMail mail(EngineFixture f, String customer, String messageId, List<String> threadIds,
            String subjectTicketId, List<StoredAttachment> stored) {
        Command.CreateTicket create = new Command.CreateTicket(f.ticket().customer(customer).channel(Channel.EMAIL)
                .build(), null, null, "mail:support");
        List<MailAttachment> listed = stored.stream().map(s -> new MailAttachment(s.name(), s.contentType(),
                s.size())).toList();
        return new Command.IntakeMail(create, messageId, threadIds, subjectTicketId, listed, "mail:support", stored);
    }

    private static Command.IntakeMail mail(EngineFixture f, String customer, String messageId, String... threadIds) {
        return mail(f, customer, messageId, List.of(threadIds), null, List.of());
    }

    /** A mail ticket accepted by alice and then resolved (and closed when {@code close}). */
    private static String finished(EngineFixture f, boolean close) {
        f.online(EngineFixture.agent("alice").capacity(Channel.EMAIL, 5));
        String id = outcome(f.run(mail(f, "ann@example.com", "<m1@example.com>"))).ticket().id();
        f.acceptOffer(id);
        assertThat(f.resolve(id).ok()).isTrue();
        if (close) {
            assertThat(f.close(id).ok()).isTrue();
        }
        return id;
    }

    private static MailOutcome outcome(Outcome outcome) {
        assertThat(outcome.ok()).as("%s", outcome.rejection()).isTrue();
        return (MailOutcome) outcome.value();
    }

    @Test
    void intakeMail_newMessage_opensATicketWithItsMailOnTheTimeline() {
        EngineFixture f = EngineFixture.standard();

        Outcome created = f.run(mail(f, "ann@example.com", "<m1@example.com>"));

        MailOutcome mail = outcome(created);
        assertThat(mail.outcome()).isEqualTo("created");
        assertThat(events(created, MailReceived.class)).singleElement().satisfies(e -> {
            assertThat(e.ticketId()).isEqualTo(mail.ticket().id());
            assertThat(e.messageId()).isEqualTo("<m1@example.com>");
            assertThat(e.from()).isEqualTo("ann@example.com");
            assertThat(e.reason()).isEqualTo("mail_new");
        });
        assertThat(events(created, AttachmentsStored.class)).isEmpty();
    }

    @Test
    void intakeMail_sameMessageIdAgain_answersTheTicketAsDuplicateAndJournalsNothing() {
        EngineFixture f = EngineFixture.standard();
        String id = outcome(f.run(mail(f, "ann@example.com", "<m1@example.com>"))).ticket().id();
        int timeline = f.timeline(id).size();

        Outcome again = f.run(mail(f, "ann@example.com", "<m1@example.com>"));

        assertThat(outcome(again).outcome()).isEqualTo("duplicate");
        assertThat(outcome(again).ticket().id()).isEqualTo(id);
        assertThat(again.events()).isEmpty();
        assertThat(f.timeline(id)).hasSize(timeline);
    }

    @Test
    void intakeMail_withoutMessageId_neverTakenForADuplicate() {
        EngineFixture f = EngineFixture.standard();
        String first = outcome(f.run(mail(f, "ann@example.com", null))).ticket().id();

        MailOutcome second = outcome(f.run(mail(f, "ann@example.com", null)));

        assertThat(second.outcome()).isEqualTo("created");
        assertThat(second.ticket().id()).isNotEqualTo(first);
    }

    @Test
    void intakeMail_inReplyToAnEarlierMail_threadsOntoItsTicketAsACustomerMessage() {
        EngineFixture f = EngineFixture.standard();
        String id = outcome(f.run(mail(f, "ann@example.com", "<m1@example.com>"))).ticket().id();

        Outcome reply = f.run(mail(f, "ann@example.com", "<m2@example.com>", "<unknown@x>", "<m1@example.com>"));

        assertThat(outcome(reply).outcome()).isEqualTo("threaded");
        assertThat(outcome(reply).ticket().id()).isEqualTo(id);
        assertThat(events(reply, MailReceived.class)).singleElement().satisfies(e -> {
            assertThat(e.ticketId()).isEqualTo(id);
            assertThat(e.reason()).isEqualTo("mail_reply");
        });
        assertThat(events(reply, CustomerMessaged.class)).singleElement()
                .satisfies(e -> assertThat(e.message()).isEqualTo("description"));
        assertThat(events(reply, DomainEvent.TicketCreated.class)).isEmpty();
    }

    @Test
    void intakeMail_replyToTheAgentsSentMail_threadsOntoThatTicket() {
        EngineFixture f = EngineFixture.standard();
        String id = outcome(f.run(mail(f, "ann@example.com", "<m1@example.com>"))).ticket().id();
        f.run(new Command.RecordMail(new DomainEvent.MailSent(f.now(), id, "<reply-1@switchboard>",
                "ann@example.com", 1, "mail", "agent_reply")));

        MailOutcome reply = outcome(f.run(mail(f, "ann@example.com", "<m2@example.com>", "<reply-1@switchboard>")));

        assertThat(reply.outcome()).isEqualTo("threaded");
        assertThat(reply.ticket().id()).isEqualTo(id);
    }

    @Test
    void intakeMail_replyToAClosedTicketsMail_opensANewTicketAndLeavesTheClosedOneClosed() {
        EngineFixture f = EngineFixture.standard();
        String id = finished(f, true);

        Outcome reply = f.run(mail(f, "ann@example.com", "<m2@example.com>", "<m1@example.com>"));

        assertThat(outcome(reply).outcome()).isEqualTo("created");
        assertThat(outcome(reply).ticket().id()).isNotEqualTo(id);
        assertThat(f.ticket(id).status()).isEqualTo(TicketStatus.CLOSED);
    }

    @Test
    void intakeMail_subjectTokenFromTheTicketsCustomer_threadsOntoIt() {
        EngineFixture f = EngineFixture.standard();
        String id = outcome(f.run(mail(f, "ann@example.com", "<m1@example.com>"))).ticket().id();

        MailOutcome reply = outcome(f.run(mail(f, "ann@example.com", "<m2@example.com>", List.of(), id,
                List.of())));

        assertThat(reply.outcome()).isEqualTo("threaded");
        assertThat(reply.ticket().id()).isEqualTo(id);
    }

    @Test
    void intakeMail_subjectTokenFromSomeoneElse_opensTheirOwnTicket() {
        EngineFixture f = EngineFixture.standard();
        String id = outcome(f.run(mail(f, "ann@example.com", "<m1@example.com>"))).ticket().id();

        MailOutcome other = outcome(f.run(mail(f, "bob@example.com", "<m2@example.com>", List.of(), id,
                List.of())));

        assertThat(other.outcome()).isEqualTo("created");
        assertThat(other.ticket().id()).isNotEqualTo(id);
        assertThat(f.timeline(id)).noneMatch(CustomerMessaged.class::isInstance);
    }

    @Test
    void intakeMail_subjectTokenOfAClosedOrUnknownTicket_opensANewTicket() {
        EngineFixture f = EngineFixture.standard();
        String id = finished(f, true);

        MailOutcome closed = outcome(f.run(mail(f, "ann@example.com", "<m2@example.com>", List.of(), id,
                List.of())));
        MailOutcome unknown = outcome(f.run(mail(f, "ann@example.com", "<m3@example.com>", List.of(), "T-404",
                List.of())));

        assertThat(closed.outcome()).isEqualTo("created");
        assertThat(unknown.outcome()).isEqualTo("created");
        assertThat(f.ticket(id).status()).isEqualTo(TicketStatus.CLOSED);
    }

    @Test
    void intakeMail_replyToAResolvedTicket_reopensIt() {
        EngineFixture f = EngineFixture.standard();
        String id = finished(f, false);

        MailOutcome reply = outcome(f.run(mail(f, "ann@example.com", "<m2@example.com>", "<m1@example.com>")));

        assertThat(reply.outcome()).isEqualTo("threaded");
        assertThat(f.ticket(id).status()).isNotEqualTo(TicketStatus.RESOLVED);
        assertThat(f.timeline(id)).anyMatch(DomainEvent.TicketReopened.class::isInstance);
    }

    @Test
    void intakeMail_storedAttachments_journaledWithTheNewAndTheThreadedMail() {
        EngineFixture f = EngineFixture.standard();

        Outcome created = f.run(mail(f, "ann@example.com", "<m1@example.com>", List.of(), null, List.of(PDF)));
        String id = outcome(created).ticket().id();
        Outcome reply = f.run(mail(f, "ann@example.com", "<m2@example.com>", List.of("<m1@example.com>"), null,
                List.of(PDF)));

        assertThat(events(created, AttachmentsStored.class)).singleElement().satisfies(e -> {
            assertThat(e.ticketId()).isEqualTo(id);
            assertThat(e.messageId()).isEqualTo("<m1@example.com>");
            assertThat(e.attachments()).containsExactly(PDF);
        });
        assertThat(events(reply, AttachmentsStored.class)).singleElement().satisfies(e -> {
            assertThat(e.ticketId()).isEqualTo(id);
            assertThat(e.messageId()).isEqualTo("<m2@example.com>");
        });
        assertThat(f.ticket(id).attachments()).containsExactly(PDF, PDF);
    }

    @Test
    void recordMail_ticketNoLongerHeld_rejectedAsNotFound() {
        EngineFixture f = EngineFixture.standard();

        Outcome recorded = f.run(new Command.RecordMail(new DomainEvent.MailSent(f.now(), "T-404", "<r@x>",
                "ann@example.com", 1, "mail", "agent_reply")));

        assertThat(recorded.ok()).isFalse();
        assertThat(recorded.rejection().kind()).isEqualTo(Rejection.Kind.NOT_FOUND);
        assertThat(recorded.events()).isEmpty();
    }

    @Test
    void intakeMail_afterARestart_stillRecognisesDuplicatesAndThreads() {
        EngineFixture f = EngineFixture.standard();
        String id = outcome(f.run(mail(f, "ann@example.com", "<m1@example.com>"))).ticket().id();
        Engine restarted = Engine.fromHistory(f.config, f.sla, f.journal);

        Outcome duplicate = restarted.handle(mail(f, "ann@example.com", "<m1@example.com>"), f.now());
        Outcome reply = restarted.handle(mail(f, "ann@example.com", "<m2@example.com>", "<m1@example.com>"), f.now());

        assertThat(outcome(duplicate).outcome()).isEqualTo("duplicate");
        assertThat(outcome(reply).outcome()).isEqualTo("threaded");
        assertThat(outcome(reply).ticket().id()).isEqualTo(id);
    }
}
