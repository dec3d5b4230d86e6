package io.switchboard.core.event;

import io.switchboard.core.agent.AgentProfile;
import io.switchboard.core.agent.Presence;
import io.switchboard.core.agent.SupportTier;
import io.switchboard.core.routing.OverflowStep;
import io.switchboard.core.sla.EscalationAction;
import io.switchboard.core.sla.SlaDecision;
import io.switchboard.core.sla.SlaMetric;
import io.switchboard.core.ticket.CustomerTier;
import io.switchboard.core.ticket.Priority;
import io.switchboard.core.ticket.TicketDraft;
import io.switchboard.core.ticket.TicketStatus;
import io.switchboard.core.intake.FieldSource;
import io.switchboard.core.intake.MailAttachment;
import java.math.BigDecimal;
import java.util.List;

/**
 * Every change of routing state, as a fact with the time it happened ({@code at}, epoch millis).
 * The engine changes state only by applying these events, so replaying them rebuilds the state;
 * a ticket's events are its timeline. Actors are the caller ({@code agent:<id>}, {@code key:<name>},
 * ...), {@code <caller> on behalf of customer:<id>} for what a caller relays for the customer
 * ({@code customer:<id>} in journals written before), or {@code router}; reasons are short
 * machine-readable words.
 *
 * <p>Events are journaled for ever: every record here has a stable tag and a version in
 * {@code store/EventTypes}. Changing a record's components means a new version there, with the
 * old shape kept as a legacy record and an upcaster (see that class); adding a record means a new tag.
 */
public sealed interface DomainEvent {
    String ROUTER = "router";
    /** The longest feedback comment accepted, in characters. */
    int MAX_FEEDBACK_COMMENT = 2000;

    long at();

    /** An event on one ticket's timeline. */
    sealed interface TicketEvent extends DomainEvent {
        String ticketId();

        String actor();

        String reason();
    }

    /**
     * An SLA alert (warning, breach, escalation, compensation, follow-up, handoff overdue, reminder,
     * idle escalation): a fact on the timeline that changes no routing state, listed on the ticket
     * and sent to the people who must act.
     */
    sealed interface AlertEvent extends TicketEvent {}

    /** An event about an agent. */
    sealed interface AgentEvent extends DomainEvent {
        String agentId();
    }

    /**
     * A ticket was taken in. {@code queue} is the queue the routing rules (or the client) picked;
     * {@code sla} is the SLA policy chosen at creation. A null {@code sla} means "not recorded": the
     * ticket was journaled by a build before decisions were recorded (see
     * {@code io.switchboard.store.legacy.TicketCreatedV1}), and its policy is chosen from the
     * configuration at replay, as that build did.
     */
    record TicketCreated(long at, String ticketId, long seq, TicketDraft draft, String queue, String actor,
            String reason, String idempotencyKey, String fingerprint, SlaDecision sla) implements TicketEvent {}

    /**
     * The router chose the ticket's SLA policy again after the event just before it (priority or
     * tier changed, raised by overflow, moved to a queue another policy covers): the clocks take
     * {@code decision}'s targets and calendar, keeping the time already spent.
     */
    record SlaPolicyApplied(long at, String ticketId, SlaDecision decision, String actor, String reason)
            implements TicketEvent {}

    /** The ticket enters the line of {@code queue}; {@code preferredAgent} (nullable) holds it until then. */
    record TicketQueued(long at, String ticketId, String queue, String preferredAgent, long preferredUntil,
            String actor, String reason) implements TicketEvent {}

    /** The preferred agent did not take the ticket in time; it now waits for anyone eligible. */
    record PreferenceLapsed(long at, String ticketId, String agentId, String actor, String reason)
            implements TicketEvent {}

    record TicketOffered(long at, String ticketId, String agentId, String offerId, long expiresAt, String actor,
            String reason) implements TicketEvent {}

    /** The ticket is assigned: an accepted offer, or directly for auto-accept agents ({@code offerId} null). */
    record TicketAssigned(long at, String ticketId, String agentId, String offerId, String actor, String reason)
            implements TicketEvent {}

    /** An offer ended without assignment (rejected, expired, revoked); the ticket is back in line. */
    record OfferWithdrawn(long at, String ticketId, String agentId, String offerId, Outcome outcome, String actor,
            String reason) implements TicketEvent {
        public enum Outcome { REJECTED, EXPIRED, REVOKED }
    }

    /** An agent lost a ticket it owned (grace period expired, transfer); the ticket is back in line. */
    /** {@code excludeAgent}: the ticket must not go back to that agent (it was handed off). */
    record TicketReleased(long at, String ticketId, String agentId, boolean excludeAgent, String actor,
            String reason) implements TicketEvent {}

    record TicketReplied(long at, String ticketId, String message, String actor, String reason)
            implements TicketEvent {}

    /** The ticket waits on the customer or internally; {@code status} is one of the pending statuses. */
    record TicketPending(long at, String ticketId, TicketStatus status, String actor, String reason)
            implements TicketEvent {}

    record TicketResolved(long at, String ticketId, String actor, String reason) implements TicketEvent {}

    record TicketReopened(long at, String ticketId, String actor, String reason) implements TicketEvent {}

    record TicketClosed(long at, String ticketId, String actor, String reason) implements TicketEvent {}

    /** A transfer to another queue, team or tier (nullable each, at least one set). */
    record TicketTransferred(long at, String ticketId, String fromQueue, String toQueue, String team,
            SupportTier tier, String actor, String reason) implements TicketEvent {}

    /** Overflow step {@code step} of the ticket's queue applied. */
    record TicketOverflowed(long at, String ticketId, int step, OverflowStep applied, String actor, String reason)
            implements TicketEvent {}

    /**
     * A chatbot handed the conversation over: the transcript and the conversation reference land on
     * the ticket created in the same command (right after its {@link TicketCreated}). Changes no
     * routing state.
     */
    record HandoffReceived(long at, String ticketId, io.switchboard.core.ticket.Handoff handoff, String actor,
            String reason) implements TicketEvent {}

    /**
     * A ticket action ran under a caller's {@code Idempotency-Key} ({@code idempotencyKey}, scoped
     * to the caller; {@code fingerprint} identifies the request): journaled so that a retry, also
     * after a restart or a fail-over, is answered for 24 h without running the action again. Kept
     * off the ticket's timeline (it is the client's bookkeeping, not the ticket's history).
     */
    record ActionKeyUsed(long at, String ticketId, String idempotencyKey, String fingerprint, String actor,
            String reason) implements TicketEvent {}

    /** The customer wrote on the ticket: restarts next response; reopens a resolved ticket. */
    record CustomerMessaged(long at, String ticketId, String message, String actor, String reason)
            implements TicketEvent {}

    /** Priority and/or customer tier changed; the SLA policy is chosen again, keeping time spent. */
    record TicketReprioritized(long at, String ticketId, Priority priority, CustomerTier tier, String actor,
            String reason) implements TicketEvent {}

    /** A clock passed {@code threshold} (a fraction) of its target; {@code dueAt} is its deadline. */
    record SlaWarning(long at, String ticketId, SlaMetric metric, double threshold, long dueAt, String actor,
            String reason) implements AlertEvent {}

    /** A clock missed its deadline {@code dueAt}. */
    record SlaBreached(long at, String ticketId, SlaMetric metric, long dueAt, String actor, String reason)
            implements AlertEvent {}

    /** Escalation step {@code step} of the policy's ladder fired; {@code escalatedTo} must act (nullable). */
    record SlaEscalated(long at, String ticketId, SlaMetric metric, int step, EscalationAction action,
            String escalatedTo, String actor, String reason) implements AlertEvent {}

    /** Compensation level {@code level} was issued, once per ticket and level. */
    record CompensationIssued(long at, String ticketId, int level, BigDecimal amount, String currency,
            SlaMetric metric, long overdueMillis, String actor, String reason) implements AlertEvent {}

    /** After a breach, the assignee (nullable when unassigned) must contact the customer by {@code dueAt}. */
    record FollowUpRequested(long at, String ticketId, String agentId, long dueAt, String actor, String reason)
            implements AlertEvent {}

    /** A ticket transferred to {@code team} was not accepted by {@code deadline}. */
    record HandoffOverdue(long at, String ticketId, String team, long deadline, String actor, String reason)
            implements AlertEvent {}

    /** A ticket has waited on the customer since {@code pendingSince}; its agent should follow up. */
    record PendingReminder(long at, String ticketId, String agentId, long pendingSince, String actor,
            String reason) implements AlertEvent {}

    /** An assigned ticket saw no activity since {@code idleSince}; escalated to the supervisors. */
    record IdleEscalated(long at, String ticketId, String agentId, long idleSince, String actor, String reason)
            implements AlertEvent {}

    /**
     * The ticket may be offered to {@code agentId} again, though that agent rejected it, let its
     * offer expire or handed it off: the exclusion lasted {@code routing.exclusionTtl}
     * ({@code reason} {@code exclusion_expired}), or every eligible agent that was free had excluded
     * itself and this one's exclusion was the oldest ({@code reason} {@code no_other_agent_free}).
     */
    record ExclusionLifted(long at, String ticketId, String agentId, String actor, String reason)
            implements TicketEvent {}

    /** The follow-up requested after a breach (due at {@code dueAt}) was done: by a reply or an explicit call. */
    record FollowUpDone(long at, String ticketId, long dueAt, String actor, String reason) implements TicketEvent {}

    /** The follow-up due at {@code dueAt} was not done in time; {@code agentId} (nullable) owned the ticket. */
    record FollowUpOverdue(long at, String ticketId, String agentId, long dueAt, String actor, String reason)
            implements AlertEvent {}

    /**
     * No agent the engine knows (configured or added through the API, whatever its presence) can
     * take the ticket in queue {@code queue}, and it has waited since {@code waitingSince}: the
     * queue's supervisors must act (add or change an agent, or move the ticket).
     */
    record TicketUnroutable(long at, String ticketId, String queue, long waitingSince, String actor, String reason)
            implements AlertEvent {}

    /**
     * The customer rated a resolved or closed ticket, once per ticket: {@code csat} 1–5 (customer
     * satisfaction), {@code nps} 0–10 (likelihood to recommend), {@code comment} nullable (at most
     * {@value #MAX_FEEDBACK_COMMENT} characters). Changes no routing state.
     */
    record FeedbackGiven(long at, String ticketId, int csat, int nps, String comment, String actor, String reason)
            implements TicketEvent {}

    /**
     * A closed ticket leaves the engine ({@code retention.archiveAfter} after it closed): its final
     * state is {@code ticket}; from now on it is read from the history store. {@code ticketSeq} and
     * {@code offerSeq} are the engine's id counters at that moment, so a journal whose archived
     * tickets were compacted away still restores them (ids are never reused).
     */
    record TicketArchived(long at, String ticketId, ArchivedTicket ticket, long ticketSeq, long offerSeq,
            String actor, String reason) implements TicketEvent {}

    /**
     * Field values of the ticket's type were taken from the customer's text at intake (the values
     * are in the draft's {@code fields}); {@code sources} say where each came from, the chosen one
     * and any other candidate (see {@code core.intake.FieldExtractor}).
     */
    record FieldsExtracted(long at, String ticketId, List<FieldSource> sources, String actor, String reason)
            implements TicketEvent {}

    /**
     * The ticket lacks the required {@code fields} of its type (names, in configured order) and came
     * through a channel that cannot be refused: it is routed flagged {@code needsInfo}, and the
     * channel (bot, mail bridge, webhook) should ask the customer for them.
     */
    record FieldsRequested(long at, String ticketId, List<String> fields, String actor, String reason)
            implements TicketEvent {}

    /**
     * A later customer message supplied values of required fields the ticket lacked: {@code
     * sources} say where they came from (source {@code message}: the {@code CustomerMessaged}
     * journaled just before), the chosen ones join the ticket's {@code fields}; {@code missing} is
     * what is still missing afterwards (empty: the ticket no longer needs info).
     */
    record FieldsSupplied(long at, String ticketId, List<FieldSource> sources, List<String> missing, String actor,
            String reason) implements TicketEvent {}

    /**
     * The content of attachments of the customer mail {@code messageId} (nullable) was kept
     * ({@code email.attachments.store: disk}); journaled right after its {@code MailReceived}. The
     * files are written after this is journaled and before the mail is acknowledged, so a relay
     * retrying an unacknowledged mail writes them again.
     */
    record AttachmentsStored(long at, String ticketId, String messageId,
            List<io.switchboard.core.intake.StoredAttachment> attachments, String actor, String reason)
            implements TicketEvent {}

    /**
     * A customer e-mail reached the ticket (opened it, or was threaded onto it): {@code messageId}
     * (nullable, without angle brackets) lets later replies find the ticket, and a retried
     * delivery of the same mail be recognised; {@code from} is the sender's address.
     */
    record MailReceived(long at, String ticketId, String messageId, String from, String subject,
            List<MailAttachment> attachments, String actor, String reason) implements TicketEvent {}

    /**
     * A WeChat message from {@code openId} to Official Account {@code account} reached the ticket
     * (opened it or was appended); {@code msgId} (MsgId, or FromUserName:CreateTime for events)
     * lets a redelivery be recognised; {@code msgType} is WeChat's MsgType; {@code sentAt} is the
     * message's CreateTime (epoch millis; 0 when it had none, or it was journaled by a build before
     * version 2 recorded it), from which the platform counts its 48-hour reply window.
     */
    record WechatReceived(long at, String ticketId, String account, String openId, String msgId, String msgType,
            long sentAt, String actor, String reason) implements TicketEvent {}

    /**
     * An agent's reply on an e-mail ticket was accepted by the outgoing SMTP server
     * ({@code email.outbound}): {@code messageId} (without angle brackets) is the reply's stable
     * Message-ID (the same on every attempt, so a resend after a crash is recognisable), {@code to}
     * the customer's address, {@code attempts} how many tries it took (1 = first).
     */
    record MailSent(long at, String ticketId, String messageId, String to, int attempts, String actor,
            String reason) implements TicketEvent {}

    /**
     * An agent's reply on an e-mail ticket was given up: the SMTP server refused it permanently (a
     * 5xx answer) or the retries ran out; {@code error} is the server's answer or the last failure.
     */
    record MailFailed(long at, String ticketId, String messageId, String to, int attempts, String error,
            String actor, String reason) implements TicketEvent {}

    /**
     * The agent reply journaled at {@code repliedAt} reached the customer {@code openId} through
     * Official Account {@code account}'s customer-service message API, after {@code attempts} tries.
     */
    record WechatReplySent(long at, String ticketId, String account, String openId, long repliedAt, int attempts,
            String actor, String reason) implements TicketEvent {}

    /**
     * The agent reply journaled at {@code repliedAt} could not be delivered through WeChat:
     * {@code errcode}/{@code errmsg} as the platform answered (45015: outside the 48-hour window or
     * unfollowed; -1 with our own text for a connection failure), after {@code attempts} tries;
     * {@code reason} is {@code refused} (the platform said no) or {@code gave_up} (retries ran out).
     */
    record WechatReplyFailed(long at, String ticketId, String account, String openId, long repliedAt, int errcode,
            String errmsg, int attempts, String actor, String reason) implements TicketEvent {}

    record AgentUpserted(long at, AgentProfile profile) implements AgentEvent {
        public String agentId() {
            return profile.id();
        }
    }

    record AgentPresenceChanged(long at, String agentId, Presence presence, String reason) implements AgentEvent {}

    /** A WebSocket session now speaks for the agent, replacing {@code replacedSessionId} (nullable). */
    record AgentConnected(long at, String agentId, String sessionId, String replacedSessionId)
            implements AgentEvent {}

    /** The agent's session ended; its assigned tickets wait for it until {@code graceUntil}. */
    record AgentDisconnected(long at, String agentId, String sessionId, long graceUntil) implements AgentEvent {}

    /** The disconnect grace period ended without a reconnect. */
    record AgentGraceExpired(long at, String agentId) implements AgentEvent {}

    /**
     * One message was appended to a WebSocket stream (issue 15): {@code stream} is
     * {@code agent:<id>} (an agent socket: pushes and the agent's notifications) or
     * {@code person:<id>} (a supervisor stream: notifications), {@code seq} its position (1, 2, ...
     * per stream, never reused). What the message said is derivable from the other members and
     * the journal: {@code kind} is the message type ({@code offer}, {@code assigned},
     * {@code offer_revoked}, {@code ticket_updated}, {@code presence_changed}, or a notification type
     * such as {@code sla_warning}, whose alert is the {@code AlertEvent} of {@code ticketId} whose
     * class is named {@code alertType} and whose {@code at} is {@code alertAt}, and whose
     * {@code reason} is who must act); unused members are null or 0. Changes no routing state: it is
     * journaled so that sequence numbers and the replay window survive a restart.
     */
    record StreamAppended(long at, String stream, long seq, String kind, String ticketId, String offerId,
            long expiresAt, String status, String reason, String alertType, long alertAt) implements DomainEvent {}
}
