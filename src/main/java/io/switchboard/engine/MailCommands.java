package io.switchboard.engine;

import io.switchboard.core.event.DomainEvent;
import io.switchboard.core.event.DomainEvent.MailReceived;
import io.switchboard.core.ticket.Ticket;
import io.switchboard.core.ticket.TicketStatus;

/**
 * Customer e-mail on the engine thread: recognises a retried delivery by its Message-ID, threads
 * a reply onto its ticket (In-Reply-To / References against the Message-IDs of the mails on
 * tickets still in the engine, then a ticket token in the subject when the sender is the
 * ticket's customer), and otherwise opens a ticket. A closed ticket is never reopened by mail: a
 * reply to it opens a new ticket. The Message-ID index is rebuilt from MailReceived events on
 * replay, so threading survives restarts; archived tickets leave it.
 */
final class MailCommands {
    private final EngineState state;
    private final TicketCommands tickets;

    MailCommands(EngineState state, TicketCommands tickets) {
        this.state = state;
        this.tickets = tickets;
    }

    Outcome run(Command.IntakeMail c, Run run) {
        if (c.messageId() != null) {
            Ticket seen = state.tickets.peek(state.mailThreads.get(c.messageId()));
            if (seen != null) {
                return run.done(new MailOutcome(Views.ticket(state, seen), "duplicate"));
            }
        }
        String sender = c.create().draft().customer().id();
        Ticket thread = thread(c, sender);
        if (thread != null) {
            run.emit(received(c, thread.id(), run.now, "mail_reply"));
            stored(c, thread.id(), run);
            Outcome messaged = tickets.run(new Command.CustomerMessage(thread.id(), c.create().draft().description()
                    == null ? "" : c.create().draft().description(), c.actor()), run);
            return messaged.ok() ? withValue(messaged, new MailOutcome((TicketView) messaged.value(), "threaded"))
                    : messaged;
        }
        Outcome created = tickets.create(c.create(), run, id -> {
            run.emit(received(c, id, run.now, "mail_new"));
            stored(c, id, run);
        });
        return created.ok() ? withValue(created, new MailOutcome((TicketView) created.value(), "created")) : created;
    }

    private Ticket thread(Command.IntakeMail c, String sender) {
        for (String id : c.threadIds()) {
            Ticket ticket = state.tickets.get(state.mailThreads.get(id));
            if (ticket != null && ticket.status() != TicketStatus.CLOSED) {
                return ticket;
            }
        }
        if (c.subjectTicketId() != null) {
            Ticket ticket = state.tickets.get(c.subjectTicketId());
            if (ticket != null && ticket.status() != TicketStatus.CLOSED && ticket.customer().id().equals(sender)) {
                return ticket;
            }
        }
        return null;
    }

    private static void stored(Command.IntakeMail c, String ticketId, Run run) {
        if (!c.stored().isEmpty()) {
            run.emit(new DomainEvent.AttachmentsStored(run.now, ticketId, c.messageId(), c.stored(), c.actor(),
                    "mail_attachments"));
        }
    }

    private static MailReceived received(Command.IntakeMail c, String ticketId, long now, String reason) {
        return new MailReceived(now, ticketId, c.messageId(), c.create().draft().customer().id(),
                c.create().draft().subject(), c.attachments(), c.actor(), reason);
    }

    private static Outcome withValue(Outcome outcome, Object value) {
        return new Outcome(value, null, outcome.created(), outcome.events(), outcome.pushes(),
                outcome.notifications());
    }
}
