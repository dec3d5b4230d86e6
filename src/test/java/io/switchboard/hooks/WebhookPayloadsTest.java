package io.switchboard.hooks;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.core.agent.Presence;
import io.switchboard.core.event.DomainEvent;
import io.switchboard.core.ticket.Channel;
import io.switchboard.core.ticket.Customer;
import io.switchboard.core.ticket.CustomerTier;
import io.switchboard.core.ticket.Priority;
import io.switchboard.core.ticket.TicketDraft;
import io.vertx.core.json.JsonObject;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class WebhookPayloadsTest {
    private static final long AT = 1_796_569_200_000L;

    private static DomainEvent.TicketCreated created(String id, String actor, String queue) {
        TicketDraft draft = new TicketDraft(Channel.CHAT, Priority.NORMAL, new Customer("cust-1", CustomerTier.STANDARD,
                "Li"), "refund", "Refund", null, List.of(), null, Set.of(), Map.of("conversationId", "conv-9"), null);
        return new DomainEvent.TicketCreated(AT, id, 1, draft, queue, actor, "intake", actor + " conv-9", "fp", null);
    }

    private static JsonObject json(byte[] body) {
        return new JsonObject(io.vertx.core.buffer.Buffer.buffer(body));
    }

    private static Subscription subscription(Set<String> types, Set<String> queues, String owner) {
        return new Subscription("s", "https://x.example/", types, queues, Set.of(), Set.of(), owner,
                List.of(WebhookSigner.newSecret()), "api", null, 0);
    }

    @Test
    void track_createdQueuedArchived_contextFollowsQueue_archivedOnlyRetired() {
        Map<String, TicketContext> contexts = new HashMap<>();
        Map<String, Long> retired = new HashMap<>();
        WebhookPayloads.track(created("t1", "key:bot", "general"), 1, contexts, retired);
        assertThat(contexts.get("t1").idempotencyKey()).as("the caller's own key, unscoped").isEqualTo("conv-9");
        WebhookPayloads.track(new DomainEvent.TicketQueued(AT, "t1", "billing", null, 0, "router", "moved"), 2, contexts,
                retired);
        assertThat(contexts.get("t1").queue()).isEqualTo("billing");
        WebhookPayloads.track(new DomainEvent.TicketArchived(AT, "t1", null, 1, 1, "router", "archived"), 3, contexts,
                retired);
        assertThat(contexts).containsKey("t1");
        assertThat(retired).containsEntry("t1", 3L);
    }

    @Test
    void body_fieldsRequested_namesTheMissingFieldsForTheChannelToAsk() {
        Map<String, TicketContext> contexts = new HashMap<>();
        WebhookPayloads.track(created("t1", "key:mail", "general"), 1, contexts, new HashMap<>());
        DomainEvent.FieldsRequested requested = new DomainEvent.FieldsRequested(AT, "t1", List.of("orderNumber", "phone"),
                "key:mail", "required_fields_missing");

        JsonObject body = json(WebhookPayloads.body(WebhookPayloads.type(requested), requested, contexts.get("t1")));

        assertThat(body.getString("type")).isEqualTo("ticket.fields_requested");
        assertThat(Subscription.TYPES).contains(body.getString("type"));
        assertThat(body.getJsonObject("data").getJsonArray("fields").getList()).containsExactly("orderNumber", "phone");
        assertThat(body.getJsonObject("data").getJsonObject("ticket").getString("createdBy")).isEqualTo("key:mail");
    }

    @Test
    void body_fieldsSupplied_carriesTheValuesWhatIsStillMissingAndTheTicketsUpdatedFields() {
        Map<String, TicketContext> contexts = new HashMap<>();
        WebhookPayloads.track(created("t1", "key:mail", "general"), 1, contexts, new HashMap<>());
        DomainEvent.FieldsSupplied supplied = new DomainEvent.FieldsSupplied(AT, "t1", List.of(
                new io.switchboard.core.intake.FieldSource("orderNumber", "A-1001", "message", 4, 10, "A-1001", true),
                new io.switchboard.core.intake.FieldSource("orderNumber", "B-2", "message", 14, 17, "B-2", false)),
                List.of("phone"), "customer:c", "customer_message");
        WebhookPayloads.track(supplied, 2, contexts, new HashMap<>());

        JsonObject body = json(WebhookPayloads.body(WebhookPayloads.type(supplied), supplied, contexts.get("t1")));

        assertThat(body.getString("type")).isEqualTo("ticket.fields_supplied");
        assertThat(Subscription.TYPES).contains(body.getString("type"));
        JsonObject data = body.getJsonObject("data");
        assertThat(data.getJsonObject("fields").getMap()).containsOnly(Map.entry("orderNumber", "A-1001"));
        assertThat(data.getJsonArray("missing").getList()).containsExactly("phone");
        assertThat(data.getJsonObject("ticket").getJsonObject("fields").getString("orderNumber")).isEqualTo("A-1001");
    }

    @Test
    void wants_filters_typeQueueAndOwner() {
        TicketContext bots = new TicketContext("chat", "billing", "key:bot", "c", null, Map.of());
        TicketContext admins = new TicketContext("chat", "billing", "key:admin", "c", null, Map.of());
        assertThat(subscription(Set.of(), Set.of(), null).wants("ticket.replied", bots)).isTrue();
        assertThat(subscription(Set.of("ticket.created"), Set.of(), null).wants("ticket.replied", bots)).isFalse();
        assertThat(subscription(Set.of(), Set.of("general"), null).wants("ticket.replied", bots)).isFalse();
        assertThat(subscription(Set.of(), Set.of(), "key:bot").wants("ticket.replied", bots)).isTrue();
        assertThat(subscription(Set.of(), Set.of(), "key:bot").wants("ticket.replied", admins)).isFalse();
        assertThat(subscription(Set.of(), Set.of(), "key:bot").wants("agent.presence", null))
                .as("an integration's subscription gets no agent events").isFalse();
        assertThat(subscription(Set.of(), Set.of(), null).wants("agent.presence", null)).isTrue();
    }

    @Test
    void body_replied_carriesMessageAndTheCreatorsReferences() {
        Map<String, TicketContext> contexts = new HashMap<>();
        WebhookPayloads.track(created("t1", "key:bot", "general"), 1, contexts, new HashMap<>());
        DomainEvent.TicketReplied replied = new DomainEvent.TicketReplied(AT, "t1", "On its way", "agent:alice", "reply");
        JsonObject body = json(WebhookPayloads.body(WebhookPayloads.type(replied), replied, contexts.get("t1")));
        assertThat(body.getString("type")).isEqualTo("ticket.replied");
        assertThat(body.getString("timestamp")).isEqualTo("2026-12-06T15:00:00Z");
        JsonObject data = body.getJsonObject("data");
        assertThat(data.getString("message")).isEqualTo("On its way");
        assertThat(data.getJsonObject("ticket").getString("createdBy")).isEqualTo("key:bot");
        assertThat(data.getJsonObject("ticket").getJsonObject("fields").getString("conversationId")).isEqualTo("conv-9");
        DomainEvent.AgentPresenceChanged presence = new DomainEvent.AgentPresenceChanged(AT, "alice", Presence.AWAY, "x");
        assertThat(json(WebhookPayloads.body("agent.presence", presence, null)).getJsonObject("data").getString("presence"))
                .isEqualTo("away");
        assertThat(WebhookPayloads.type(new DomainEvent.TicketQueued(AT, "t1", "q", null, 0, "router", "r"))).isNull();
    }

    @Test
    void body_fieldsAndConversation_membersInKeyOrder_soARedeliveryAfterARestartIsTheSameBytes() {
        Map<String, String> fields = new java.util.LinkedHashMap<>();
        List.of("zone", "order_number", "days_late", "b", "a").forEach(k -> fields.put(k, "v-" + k));
        Map<String, String> conversation = new java.util.LinkedHashMap<>();
        List.of("tag", "platform", "conversationId", "sessionId", "session").forEach(k -> conversation.put(k, "v-" + k));
        TicketContext context = new TicketContext("chat", "vip", "key:bot", "c-1", null, fields, conversation);
        DomainEvent.TicketReplied replied = new DomainEvent.TicketReplied(AT, "t1", "On its way", "agent:alice", "reply");
        JsonObject ticket = json(WebhookPayloads.body("ticket.replied", replied, context)).getJsonObject("data")
                .getJsonObject("ticket");
        assertThat(ticket.getJsonObject("fields").fieldNames()).containsExactly("a", "b", "days_late", "order_number",
                "zone");
        assertThat(ticket.getJsonObject("conversation").fieldNames()).containsExactly("conversationId", "platform",
                "session", "sessionId", "tag");
    }

    @Test
    void body_everyType_sameBytesAsTheEarlierJsonObjectEncoding() throws Exception {
        List<String> golden = java.nio.file.Files.readAllLines(java.nio.file.Path.of(
                getClass().getResource("/webhooks/bodies-bc011c6.jsonl").toURI()), java.nio.charset.StandardCharsets.UTF_8);
        List<WebhookBodySamples.Sample> samples = WebhookBodySamples.all();
        assertThat(samples.stream().map(WebhookBodySamples.Sample::type).collect(java.util.stream.Collectors.toSet()))
                .as("one sample of every type").isEqualTo(Set.copyOf(Subscription.TYPES));
        assertThat(golden).hasSameSizeAs(samples);
        WebhookBodies shared = new WebhookBodies();
        for (int i = 0; i < samples.size(); i++) {
            WebhookBodySamples.Sample s = samples.get(i);
            byte[] expected = golden.get(i).getBytes(java.nio.charset.StandardCharsets.UTF_8);
            assertThat(WebhookPayloads.body(s.type(), s.event(), s.ticket())).as(s.type() + ", alone").isEqualTo(expected);
            assertThat(shared.body(i, s.type(), s.event(), s.ticket())).as(s.type() + ", through one kept generator")
                    .isEqualTo(expected);
        }
    }

    @Test
    void body_ticketEventWithoutContext_orNotAWebhookEvent_none() {
        DomainEvent.TicketResolved resolved = new DomainEvent.TicketResolved(AT, "t1", "agent:alice", "done");
        assertThat(WebhookPayloads.body("ticket.resolved", resolved, null)).isNull();
        WebhookBodies bodies = new WebhookBodies();
        assertThat(bodies.body(1, "ticket.resolved", resolved, null)).isNull();
        TicketContext context = new TicketContext("web", "general", "user:a", null, null, Map.of());
        assertThat(json(bodies.body(2, "ticket.resolved", resolved, context)).getString("type"))
                .as("the kept generator goes on after a body it did not write").isEqualTo("ticket.resolved");
    }
}
