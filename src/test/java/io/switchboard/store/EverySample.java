package io.switchboard.store;

import io.switchboard.core.agent.AgentProfile;
import io.switchboard.core.agent.Presence;
import io.switchboard.core.agent.SupportTier;
import io.switchboard.core.event.ArchivedTicket;
import io.switchboard.core.event.DomainEvent;
import io.switchboard.core.event.DomainEvent.*;
import io.switchboard.core.routing.OverflowStep;
import io.switchboard.core.sla.EscalationAction;
import io.switchboard.core.sla.SlaMetric;
import io.switchboard.core.ticket.Channel;
import io.switchboard.core.ticket.Customer;
import io.switchboard.core.ticket.CustomerTier;
import io.switchboard.core.ticket.Priority;
import io.switchboard.core.ticket.SkillRequirement;
import io.switchboard.core.ticket.TicketDraft;
import io.switchboard.core.ticket.TicketStatus;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** One instance of every event type this build journals (EventCodecTest checks none is missing). */
final class EverySample {
    private EverySample() {}

    static List<DomainEvent> events() {
        TicketDraft draft = new TicketDraft(Channel.WECHAT, Priority.HIGH, new Customer("c-1", CustomerTier.VIP, "李雷"),
                "refund", "退款", "where is it", List.of(new SkillRequirement("billing", 2)), "zh", Set.of("vip", "late"),
                Map.of("order", "A-1"), null);
        AgentProfile profile = AgentProfile.of("alice", "Alice", "support", SupportTier.L2, Map.of("billing", 3),
                Set.of("zh", "en"), Map.of(Channel.CHAT, 2, Channel.EMAIL, 5), true, "lead", null);
        ArchivedTicket archived = new ArchivedTicket("tkt_1", 1, TicketStatus.CLOSED, Priority.HIGH, CustomerTier.VIP,
                draft, List.of(new SkillRequirement("billing", 1)), "billing", "alice", null, SupportTier.L3, 1, 90,
                "key:bot", "vip", Map.of(SlaMetric.FIRST_RESPONSE, new ArchivedTicket.ClockOutcome(60_000, -1, 30, 0,
                        30_000, 30L), SlaMetric.RESOLUTION, new ArchivedTicket.ClockOutcome(3_600_000, 7, 0, 0, 5, null)));
        return List.of(
                new AgentConnected(1, "alice", "s-2", "s-1"),
                new AgentDisconnected(2, "alice", "s-2", 120_002),
                new AgentGraceExpired(3, "alice"),
                new AgentPresenceChanged(4, "alice", Presence.BUSY, "manual"),
                new AgentUpserted(5, profile),
                new CompensationIssued(6, "tkt_1", 1, new BigDecimal("10.50"), "CNY", SlaMetric.RESOLUTION, 3_600_000,
                        "router", "sla_compensation"),
                new CustomerMessaged(7, "tkt_1", "hello?", "customer:c-1", "customer_message"),
                new FollowUpRequested(8, "tkt_1", null, 99, "router", "contact_customer_after_breach"),
                new HandoffOverdue(9, "tkt_1", "technical", 9, "router", "handoff_overdue"),
                new IdleEscalated(10, "tkt_1", "alice", 1, "router", "no_activity"),
                new OfferWithdrawn(11, "tkt_1", "alice", "ofr_1", OfferWithdrawn.Outcome.EXPIRED, "router", "offer_timeout"),
                new PendingReminder(12, "tkt_1", "alice", 2, "router", "pending_reminder"),
                new PreferenceLapsed(13, "tkt_1", "alice", "router", "preference_lapsed"),
                new SlaBreached(14, "tkt_1", SlaMetric.NEXT_RESPONSE, 14, "router", "sla_breached"),
                new SlaEscalated(15, "tkt_1", SlaMetric.FIRST_RESPONSE, 2, EscalationAction.MOVE_TO_HIGHER_TIER, null,
                        "router", "sla_escalation"),
                new SlaWarning(16, "tkt_1", SlaMetric.RESOLUTION, 0.75, 20, "router", "sla_warning"),
                new TicketAssigned(17, "tkt_1", "alice", null, "router", "auto_accept"),
                new TicketClosed(18, "tkt_1", "router", "auto_close"),
                new TicketCreated(19, "tkt_1", 1, draft, "billing", "key:bot", "intake", "idem-1", "f1",
                        new io.switchboard.core.sla.SlaDecision("vip", "support-hours",
                                Map.of(SlaMetric.FIRST_RESPONSE, 60_000L), Map.of(SlaMetric.FIRST_RESPONSE, 79L))),
                new DomainEvent.SlaPolicyApplied(31, "tkt_1", io.switchboard.core.sla.SlaDecision.NONE, "router",
                        "priority_changed"),
                new TicketOffered(20, "tkt_1", "alice", "ofr_2", 50, "router", "routed"),
                new TicketOverflowed(21, "tkt_1", 3, new OverflowStep.WidenTeams(1000, List.of("a", "b")), "router",
                        "overflow"),
                new TicketPending(22, "tkt_1", TicketStatus.PENDING_INTERNAL, "agent:alice", "ask_finance"),
                new TicketQueued(23, "tkt_1", "billing", "bob", 99, "router", "routing_rule"),
                new TicketReleased(24, "tkt_1", "alice", true, "router", "transferred"),
                new TicketReopened(25, "tkt_1", "api", "customer_called"),
                new TicketReplied(26, "tkt_1", "on it", "agent:alice", "agent_reply"),
                new TicketReprioritized(27, "tkt_1", Priority.URGENT, CustomerTier.ENTERPRISE, "api", "escalated"),
                new TicketResolved(28, "tkt_1", "agent:alice", "fixed"),
                new TicketTransferred(29, "tkt_1", "billing", "technical", "technical", SupportTier.L3, "api", "crash"),
                new TicketArchived(30, "tkt_1", archived, 1, 4, "router", "retention"),
                new DomainEvent.ExclusionLifted(32, "tkt_1", "alice", "router", "exclusion_expired"),
                new DomainEvent.FollowUpDone(33, "tkt_1", 99, "agent:alice", "agent_reply"),
                new DomainEvent.FollowUpOverdue(34, "tkt_1", "alice", 99, "router", "follow_up_overdue"),
                new DomainEvent.TicketUnroutable(35, "tkt_1", "billing", 23, "router", "no_agent_can_take"),
                new DomainEvent.FeedbackGiven(36, "tkt_1", 4, 9, "quick, 中文 too", "key:chatbot on behalf of customer:c-1",
                        "customer_feedback"),
                new DomainEvent.HandoffReceived(36, "tkt_1", new io.switchboard.core.ticket.Handoff("dialogflow-cx",
                        "projects/p/locations/global/agents/a/sessions/s-1", "key:bot", Map.of("sessionId", "s-1"),
                        "order.late", "handoff", List.of(new io.switchboard.core.ticket.Handoff.Line(1_000, "customer",
                                "李雷", "where is my order?"), new io.switchboard.core.ticket.Handoff.Line(0, "bot",
                                null, "Connecting you to an agent."))), "key:bot", "bot_handoff"),
                new DomainEvent.ActionKeyUsed(37, "tkt_1", "key:bot m-1", "f2", "key:bot on behalf of customer:c-1",
                        "idempotency_key"),
                new DomainEvent.StreamAppended(36, "agent:alice", 7, "sla_warning", "tkt_1", null, 0, null, "lead-chen",
                        "SlaWarning", 30),
                new DomainEvent.FieldsExtracted(36, "tkt_1", List.of(new io.switchboard.core.intake.FieldSource(
                        "orderNumber", "A-1001", "description", 4, 10, "Ａ－１００１", true)), "key:bot", "intake"),
                new DomainEvent.FieldsRequested(37, "tkt_1", List.of("orderNumber", "phone"), "key:bot", "intake"),
                new DomainEvent.FieldsSupplied(38, "tkt_1", List.of(new io.switchboard.core.intake.FieldSource(
                        "orderNumber", "A-1001", "message", 4, 10, "A-1001", true)), List.of("phone"),
                        "customer:c-1", "customer_message"),
                new DomainEvent.AttachmentsStored(39, "tkt_1", "abc@mail.example", List.of(
                        new io.switchboard.core.intake.StoredAttachment("9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08",
                                "发票.pdf", "application/pdf", 3000)), "key:mail", "mail_attachments"),
                new DomainEvent.MailReceived(38, "tkt_1", "abc@mail.example", "li@example.com", "退款",
                        List.of(new io.switchboard.core.intake.MailAttachment("发票.pdf", "application/pdf", 3000)),
                        "key:mail", "mail_new"),
                new DomainEvent.WechatReceived(39, "tkt_1", "shop", "oUser1", "1234567890123456", "text", 38_000,
                        "wechat:shop", "wechat_new"),
                new DomainEvent.MailSent(40, "tkt_1", "reply.tkt_1.9@shop.example", "li@example.com", 2, "mail",
                        "agent_reply"),
                new DomainEvent.MailFailed(41, "tkt_1", "reply.tkt_1.9@shop.example", "li@example.com", 1,
                        "550 5.1.1 no such user", "mail", "agent_reply"),
                new DomainEvent.WechatReplySent(40, "tkt_1", "shop", "oUser1", 35, 1, "wechat:shop", "delivered"),
                new DomainEvent.WechatReplyFailed(41, "tkt_1", "shop", "oUser1", 35, 45015,
                        "response out of time limit or subscription is canceled", 1, "wechat:shop", "refused"));
    }
}
