package io.switchboard.engine;

import io.switchboard.core.event.DomainEvent.WechatReceived;
import io.switchboard.core.event.DomainEvent.WechatReplyFailed;
import io.switchboard.core.event.DomainEvent.WechatReplySent;
import io.switchboard.core.ticket.Ticket;
import io.switchboard.core.ticket.TicketStatus;

/**
 * WeChat messages on the engine thread: a redelivered MsgId changes nothing; otherwise the
 * message joins the customer's ticket on that account unless it is closed (a resolved one is
 * reopened), and after a close a new ticket opens. Both indexes are rebuilt from WechatReceived
 * on replay, so deduplication and "one open ticket per OpenID" survive restarts.
 */
final class WeChatCommands {
    private final EngineState state;
    private final TicketCommands tickets;

    WeChatCommands(EngineState state, TicketCommands tickets) {
        this.state = state;
        this.tickets = tickets;
    }

    Outcome run(Command.IntakeWeChat c, Run run) {
        Ticket seen = state.tickets.peek(state.wechatMessages.get(c.msgId()));
        if (seen != null) {
            return run.done(new MailOutcome(Views.ticket(state, seen), "duplicate"));
        }
        Ticket open = state.tickets.get(state.wechatOpen.get(c.account() + " " + c.openId()));
        if (open != null && open.status() != TicketStatus.CLOSED) {
            run.emit(received(c, open.id(), run.now, "wechat_message"));
            String text = c.create().draft().description();
            Outcome messaged = tickets.run(new Command.CustomerMessage(open.id(), text == null ? "" : text,
                    c.actor()), run);
            return messaged.ok() ? with(messaged, new MailOutcome((TicketView) messaged.value(), "threaded"))
                    : messaged;
        }
        Outcome created = tickets.create(c.create(), run, id -> run.emit(received(c, id, run.now, "wechat_new")));
        return created.ok() ? with(created, new MailOutcome((TicketView) created.value(), "created")) : created;
    }

    /** Puts the replier's outcome on the ticket's timeline; a ticket no longer open answers not found. */
    static Outcome record(EngineState state, Command.RecordWeChatReply c, Run run) {
        Ticket ticket = state.tickets.get(c.ticketId());
        if (ticket == null) {
            return Outcome.rejected(Rejection.notFound("ticket", c.ticketId()));
        }
        String actor = "wechat:" + c.account();
        run.emit(c.errcode() == 0
                ? new WechatReplySent(run.now, c.ticketId(), c.account(), c.openId(), c.repliedAt(), c.attempts(),
                        actor, c.reason())
                : new WechatReplyFailed(run.now, c.ticketId(), c.account(), c.openId(), c.repliedAt(), c.errcode(),
                        c.errmsg(), c.attempts(), actor, c.reason()));
        return run.done(null);
    }

    private static WechatReceived received(Command.IntakeWeChat c, String ticketId, long now, String reason) {
        return new WechatReceived(now, ticketId, c.account(), c.openId(), c.msgId(), c.msgType(), c.sentAt(),
                c.actor(), reason);
    }

    private static Outcome with(Outcome outcome, Object value) {
        return new Outcome(value, null, outcome.created(), outcome.events(), outcome.pushes(), outcome.notifications());
    }
}
