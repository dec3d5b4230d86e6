package io.switchboard.hooks;

import io.switchboard.core.agent.Presence;
import io.switchboard.core.agent.SupportTier;
import io.switchboard.core.event.DomainEvent;
import io.switchboard.core.intake.FieldSource;
import io.switchboard.core.sla.EscalationAction;
import io.switchboard.core.sla.SlaMetric;
import io.switchboard.core.ticket.Channel;
import io.switchboard.core.ticket.Customer;
import io.switchboard.core.ticket.CustomerTier;
import io.switchboard.core.ticket.Priority;
import io.switchboard.core.ticket.TicketDraft;
import io.switchboard.core.ticket.TicketStatus;
import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One event of every webhook type, with a ticket context whose maps and texts exercise the
 * encoding (several fields out of key order, a handoff conversation, non-ASCII, a character beyond
 * the BMP, quotes, control characters, nulls): what {@link WebhookPayloadsTest} compares with the
 * bytes the earlier {@code JsonObject} encoding gave.
 */
final class WebhookBodySamples {
    static final long AT = 1_796_569_200_123L;

    record Sample(String type, DomainEvent event, TicketContext ticket) {}

    private WebhookBodySamples() {
    }

    static List<Sample> all() {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("zone", "华东");
        fields.put("orderNumber", "A-1001");
        fields.put("note", "say \"hi\"\n\ttab \u0001 \uD83D\uDE00");
        Map<String, String> conversation = new LinkedHashMap<>();
        conversation.put("serviceUrl", "https://smba.example/amer/");
        conversation.put("platform", "botframework");
        conversation.put("conversationId", "conv-9");
        TicketContext rich = new TicketContext("chat", "vip", "key:bot", "cust-1", "conv-9", fields, conversation);
        TicketContext plain = new TicketContext("email", "general", "key:mail", "cust-2", null, Map.of("orderNumber", "B-2"));
        TicketContext bare = new TicketContext("web", "general", "user:alice", null, null, Map.of());
        TicketDraft draft = new TicketDraft(Channel.CHAT, Priority.URGENT, new Customer("cust-1", CustomerTier.VIP, "李雷"),
                "refund", "退款 \uD83D\uDCB0 \"now\"", null, List.of(), null, Set.of(), Map.of("orderNumber", "A-1001"), null);
        return List.of(
                new Sample("ticket.created", new DomainEvent.TicketCreated(AT, "t1", 1, draft, "vip", "key:bot", "intake",
                        "key:bot conv-9", "fp", null), rich),
                new Sample("ticket.offered", new DomainEvent.TicketOffered(AT, "t1", "alice", "off-1", AT + 30_000,
                        "router", "best_match"), rich),
                new Sample("ticket.assigned", new DomainEvent.TicketAssigned(AT, "t1", "alice", null, "agent:alice",
                        "accepted"), plain),
                new Sample("ticket.replied", new DomainEvent.TicketReplied(AT, "t1", "On its way \u2014 \uD83D\uDE9A\r\n</script>",
                        "agent:alice", "reply"), rich),
                new Sample("ticket.pending", new DomainEvent.TicketPending(AT, "t1", TicketStatus.PENDING_CUSTOMER,
                        "agent:alice", null), plain),
                new Sample("ticket.resolved", new DomainEvent.TicketResolved(AT, "t1", "agent:alice", "done"), bare),
                new Sample("ticket.reopened", new DomainEvent.TicketReopened(AT, "t1", "customer:c", "follow_up"), bare),
                new Sample("ticket.closed", new DomainEvent.TicketClosed(AT, "t1", "system", "confirmed"), bare),
                new Sample("ticket.transferred", new DomainEvent.TicketTransferred(AT, "t1", "general", "technical",
                        "tech", SupportTier.L3, "agent:alice", "system_crash"), plain),
                new Sample("ticket.transferred", new DomainEvent.TicketTransferred(AT, "t1", "general", null, "tech", null,
                        "agent:alice", null), plain),
                new Sample("customer.message", new DomainEvent.CustomerMessaged(AT, "t1", "还没到 \\ backslash",
                        "customer:c", "message"), rich),
                new Sample("sla.warning", new DomainEvent.SlaWarning(AT, "t1", SlaMetric.FIRST_RESPONSE, 0.8, AT + 60_000,
                        "sla", "threshold"), plain),
                new Sample("sla.warning", new DomainEvent.SlaWarning(AT, "t1", SlaMetric.RESOLUTION, 1.0, AT, "sla", null),
                        plain),
                new Sample("sla.breach", new DomainEvent.SlaBreached(AT, "t1", SlaMetric.NEXT_RESPONSE, AT - 1, "sla",
                        "breach"), plain),
                new Sample("sla.escalation", new DomainEvent.SlaEscalated(AT, "t1", SlaMetric.RESOLUTION, 2,
                        EscalationAction.ESCALATE_MANAGER, null, "sla", "ladder"), plain),
                new Sample("sla.compensation", new DomainEvent.CompensationIssued(AT, "t1", 2, new BigDecimal("20.00"), "CNY",
                        SlaMetric.RESOLUTION, 7_200_001L, "sla", "overdue"), plain),
                new Sample("agent.presence", new DomainEvent.AgentPresenceChanged(AT, "alice", Presence.AWAY, "lunch"), null),
                new Sample("ticket.fields_requested", new DomainEvent.FieldsRequested(AT, "t1", List.of("orderNumber", "phone"),
                        "key:mail", "required_fields_missing"), plain),
                new Sample("ticket.fields_supplied", new DomainEvent.FieldsSupplied(AT, "t1", List.of(
                        new FieldSource("phone", "+86 138", "message", 0, 7, "+86 138", true),
                        new FieldSource("email", "a@b.c", "message", 8, 13, "a@b.c", true),
                        new FieldSource("phone", "other", "message", 14, 19, "other", false)), List.of(),
                        "customer:c", "customer_message"), plain));
    }
}
