package io.switchboard.engine;

import io.switchboard.core.agent.AgentProfile;
import io.switchboard.core.agent.Presence;
import io.switchboard.core.agent.SupportTier;
import io.switchboard.core.intake.FieldSource;
import java.util.List;
import io.switchboard.core.ticket.CustomerTier;
import io.switchboard.core.ticket.Priority;
import io.switchboard.core.ticket.TicketDraft;
import io.switchboard.core.ticket.TicketStatus;

/**
 * What adapters ask of the engine. Commands are immutable and carry no time: the engine host
 * passes {@code now} when it runs them, one at a time. {@code actor} names who asks (see
 * DomainEvent); {@code sessionId} ties agent commands to the WebSocket that sent them.
 */
public sealed interface Command {
    /**
     * {@code fieldSources}: where the intake check found field values already merged into the
     * draft's fields; {@code missingFields}: required fields of the type found nowhere, on a channel
     * that cannot be refused (journaled as FieldsExtracted / FieldsRequested after TicketCreated).
     */
    record CreateTicket(TicketDraft draft, String idempotencyKey, String fingerprint, String actor,
            List<FieldSource> fieldSources, List<String> missingFields) implements Command {
        public CreateTicket {
            fieldSources = List.copyOf(fieldSources);
            missingFields = List.copyOf(missingFields);
        }

        public CreateTicket(TicketDraft draft, String idempotencyKey, String fingerprint, String actor) {
            this(draft, idempotencyKey, fingerprint, actor, List.of(), List.of());
        }
    }

    /**
     * A chatbot's handoff: creates the ticket of {@code create} and records {@code handoff} on it.
     * {@code create.idempotencyKey()} (required) names the platform's conversation, scoped to the
     * caller: while that key is remembered (as a creation key, journaled with the ticket), a repeated
     * handoff answers the same ticket whatever its body says, since a bot may retry with a longer
     * transcript. A key whose ticket has been archived opens a new ticket.
     */
    record HandOff(CreateTicket create, io.switchboard.core.ticket.Handoff handoff) implements Command {}

    /**
     * A ticket action sent with an Idempotency-Key: {@code key} is already scoped to the caller,
     * {@code fingerprint} identifies the request (equal requests, equal fingerprints). The first
     * use runs {@code action}; a retry with the same fingerprint answers the ticket as it is now
     * without running it again; a different fingerprint is rejected (IDEMPOTENCY_MISMATCH).
     */
    record Idempotent(String key, String fingerprint, TicketAction action) implements Command {}

    /** The ticket actions an {@link Idempotent} wrapper may carry: each changes one ticket. */
    sealed interface TicketAction extends Command {
        String ticketId();

        String actor();
    }

    /**
     * A customer e-mail: threaded onto the open ticket one of {@code threadIds} (In-Reply-To,
     * References) or {@code subjectTicketId} (a token in the subject, honoured only when the sender
     * is that ticket's customer) names, reopening it if resolved; otherwise {@code create} opens a
     * ticket. A {@code messageId} already seen answers that ticket unchanged (a retried delivery).
     * {@code stored}: the attachments whose content is kept (AttachmentsStored), none by default.
     */
    record IntakeMail(CreateTicket create, String messageId, List<String> threadIds, String subjectTicketId,
            List<io.switchboard.core.intake.MailAttachment> attachments, String actor,
            List<io.switchboard.core.intake.StoredAttachment> stored) implements Command {
        public IntakeMail {
            threadIds = List.copyOf(threadIds);
            attachments = List.copyOf(attachments);
            stored = List.copyOf(stored);
        }

        public IntakeMail(CreateTicket create, String messageId, List<String> threadIds, String subjectTicketId,
                List<io.switchboard.core.intake.MailAttachment> attachments, String actor) {
            this(create, messageId, threadIds, subjectTicketId, attachments, actor, List.of());
        }
    }

    /**
     * A WeChat message: appended to the customer's open ticket on {@code account} (one per OpenID
     * and account), else {@code create} opens one; a {@code msgId} already taken answers its ticket
     * unchanged (WeChat redelivers after 5 s without an answer).
     */
    record IntakeWeChat(CreateTicket create, String account, String openId, String msgId, String msgType,
            String actor, long sentAt) implements Command {
        /** Without the message's CreateTime ({@code sentAt} 0: the window counts from receipt). */
        public IntakeWeChat(CreateTicket create, String account, String openId, String msgId, String msgType,
                String actor) {
            this(create, account, openId, msgId, msgType, actor, 0);
        }
    }

    /**
     * The outcome of sending an agent's reply by e-mail, for the ticket's timeline: {@code event} is a
     * {@code MailSent} or {@code MailFailed}; rejected (not found) when the ticket has left the engine.
     */
    record RecordMail(io.switchboard.core.event.DomainEvent.TicketEvent event) implements Command {
        public RecordMail {
            if (!(event instanceof io.switchboard.core.event.DomainEvent.MailSent)
                    && !(event instanceof io.switchboard.core.event.DomainEvent.MailFailed)) {
                throw new IllegalArgumentException("not a mail outcome: " + event);
            }
        }
    }

    /**
     * The WeChat replier's outcome for the reply journaled at {@code repliedAt} on {@code ticketId}:
     * {@code errcode} 0 when delivered, else the platform's code (see WechatReplyFailed).
     */
    record RecordWeChatReply(String ticketId, String account, String openId, long repliedAt, int errcode,
            String errmsg, int attempts, String reason) implements Command {}

    record GetTicket(String ticketId) implements Command {}

    record GetTimeline(String ticketId) implements Command {}

    /**
     * Filters are nullable; {@code customer} is the customer id, {@code createdFrom} (inclusive) and
     * {@code createdTo} (exclusive) are epoch millis; {@code afterSeq} is the cursor (0 = from the start).
     */
    record ListTickets(TicketStatus status, String queue, String assignee, String customer,
            io.switchboard.core.ticket.Channel channel, Long createdFrom, Long createdTo, int limit, long afterSeq)
            implements Command {
        public ListTickets(TicketStatus status, String queue, String assignee, int limit, long afterSeq) {
            this(status, queue, assignee, null, null, null, null, limit, afterSeq);
        }

        /** True when {@code t} passes every filter. */
        public boolean matches(TicketStatus ticketStatus, String ticketQueue, String ticketAssignee, String customerId,
                io.switchboard.core.ticket.Channel ticketChannel, long createdAt) {
            return (status == null || status == ticketStatus)
                    && (queue == null || queue.equals(ticketQueue))
                    && (assignee == null || assignee.equals(ticketAssignee))
                    && (customer == null || customer.equals(customerId))
                    && (channel == null || channel == ticketChannel)
                    && (createdFrom == null || createdAt >= createdFrom)
                    && (createdTo == null || createdAt < createdTo);
        }
    }

    record Reply(String ticketId, String message, String actor) implements TicketAction {}

    record MarkPending(String ticketId, TicketStatus status, String reason, String actor) implements TicketAction {}

    record Resolve(String ticketId, String reason, String actor) implements TicketAction {}

    record Reopen(String ticketId, String reason, String actor) implements TicketAction {}

    record Close(String ticketId, String reason, String actor) implements TicketAction {}

    /** A message from the customer; on a resolved ticket it reopens it. */
    record CustomerMessage(String ticketId, String message, String actor) implements TicketAction {}

    /** The customer confirms the fix: closes a resolved ticket. */
    record Confirm(String ticketId, String actor) implements TicketAction {}

    /** The customer's rating of a resolved or closed ticket (CSAT 1–5, NPS 0–10, comment nullable). */
    record GiveFeedback(String ticketId, int csat, int nps, String comment, String actor) implements TicketAction {}

    /** The follow-up requested after a breach was done (the customer was contacted outside a reply). */
    record CompleteFollowUp(String ticketId, String reason, String actor) implements TicketAction {}

    /** New priority and/or customer tier (null = unchanged, not both). */
    record Reprioritize(String ticketId, Priority priority, CustomerTier tier, String reason, String actor)
            implements Command {}

    /** Any of queue, team, tier may be null, but not all. */
    record Transfer(String ticketId, String queue, String team, SupportTier tier, String reason, String actor)
            implements TicketAction {}

    record UpsertAgent(AgentProfile profile) implements Command {}

    record GetAgent(String agentId) implements Command {}

    record ListAgents() implements Command {}

    /** Who a person supervises; not found unless the id is an agent, a lead, a manager or a queue supervisor. */
    record GetPerson(String personId) implements Command {}

    record ListQueues() implements Command {}

    record Connect(String agentId, String sessionId) implements Command {}

    record Disconnect(String agentId, String sessionId) implements Command {}

    record SetPresence(String agentId, String sessionId, Presence presence) implements Command {}

    record Accept(String agentId, String sessionId, String offerId) implements Command {}

    record Reject(String agentId, String sessionId, String offerId, String reason) implements Command {}

    /** Fires every timer due at or before now (offer expiry, overflow, grace, preferred window). */
    record Tick() implements Command {}
}
