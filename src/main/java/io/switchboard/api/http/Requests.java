package io.switchboard.api.http;

import io.switchboard.api.MemberErrors;
import io.switchboard.core.agent.AgentProfile;
import io.switchboard.core.agent.SupportTier;
import io.switchboard.core.event.DomainEvent;
import io.switchboard.core.ticket.Channel;
import io.switchboard.core.ticket.Customer;
import io.switchboard.core.ticket.CustomerTier;
import io.switchboard.core.ticket.Priority;
import io.switchboard.core.ticket.SkillRequirement;
import io.switchboard.core.ticket.TicketDraft;
import io.switchboard.core.ticket.TicketStatus;
import io.switchboard.engine.Command;
import io.switchboard.engine.Rejection.FieldError;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

/**
 * Turns request bodies into engine commands. Each method returns either a command or the list of
 * field errors (422); the syntax checks here are the documented limits of docs/openapi.yaml.
 */
final class Requests {
    static final String CHANNELS = "web, email, chat, wechat, voice, api";
    static final String PRIORITIES = "urgent, high, normal, low";
    static final String TIERS = "standard, vip, enterprise";
    static final String SUPPORT_TIERS = "L1, L2, L3, L4";

    /** A command, or the errors that prevented building one. */
    record Parsed(Command command, List<FieldError> errors) {
        static Parsed of(Command command, BodyReader reader) {
            return reader.errors().isEmpty() ? new Parsed(command, List.of()) : new Parsed(null, reader.errors());
        }
    }

    private Requests() {
    }

    /** The members of a {@code POST /v1/tickets} body that make the draft; everything else is skipped. */
    static final StreamedBody.Shape TICKET = StreamedBody.Shape.scalars("channel", "priority", "customer", "type",
            "subject", "description", "requiredSkills", "language", "tags", "fields", "queue")
            .with("customer", StreamedBody.objectOf(StreamedBody.Shape.scalars("id", "tier", "name")))
            .with("requiredSkills", StreamedBody.listOf(StreamedBody.objectOf(StreamedBody.Shape.scalars("name", "level"))))
            .with("tags", StreamedBody.listOf(StreamedBody::scalar))
            .with("fields", StreamedBody::scalarsByName);

    /** The members any ticket action reads (each action reads some of them). */
    static final StreamedBody.Shape ACTION = StreamedBody.Shape.scalars("message", "on", "reason", "csat", "nps",
            "comment", "queue", "team", "tier");

    static Parsed createTicket(StreamedBody.Members body, String idempotencyKey, String actor) {
        BodyReader r = new BodyReader();
        Channel channel = r.enumValue(body.get("channel"), "/channel", null, Channel::parse, CHANNELS);
        Priority priority = r.enumValue(body.get("priority"), "/priority", Priority.NORMAL, Priority::parse, PRIORITIES);
        StreamedBody.Members customerJson = r.members(body.get("customer"), "/customer", true);
        Customer customer = null;
        if (customerJson != null) {
            String id = r.matching(customerJson.get("id"), "/customer/id", true, BodyReader.ID,
                    "1-128 letters, digits or . _ @ : -");
            CustomerTier tier = r.enumValue(customerJson.get("tier"), "/customer/tier", CustomerTier.STANDARD,
                    CustomerTier::parse, TIERS);
            String name = r.string(customerJson.get("name"), "/customer/name", false, 200);
            customer = id == null ? null : new Customer(id, tier, name);
        }
        String type = r.matching(body.get("type"), "/type", false, BodyReader.NAME, "a lower-case name (max 64)");
        String subject = r.string(body.get("subject"), "/subject", false, 500);
        String description = r.transcript(body.get("description"), "/description", false);
        List<SkillRequirement> skills = skills(r, body.get("requiredSkills"));
        String language = r.matching(body.get("language"), "/language", false, BodyReader.LANGUAGE, "a language tag");
        List<String> tags = r.strings(body.get("tags"), "/tags", 50, BodyReader.NAME, "a lower-case tag (max 64)");
        Map<String, String> fields = r.scalars(body.get("fields"), "/fields", 50, 1000);
        String queue = r.matching(body.get("queue"), "/queue", false, BodyReader.NAME, "a queue name");
        if (channel == null || customer == null || !r.errors().isEmpty()) {
            return new Parsed(null, r.errors());
        }
        TicketDraft draft = new TicketDraft(channel, priority, customer, type, subject, description, skills, language,
                new LinkedHashSet<>(tags), fields, queue);
        String fingerprint = idempotencyKey == null ? null : fingerprint(draft);
        return Parsed.of(new Command.CreateTicket(draft, idempotencyKey, fingerprint, actor), r);
    }

    private static List<SkillRequirement> skills(BodyReader r, Object value) {
        List<SkillRequirement> out = new ArrayList<>();
        if (value == null) {
            return out;
        }
        if (!(value instanceof List<?> list) || list.size() > 20) {
            r.error("/requiredSkills", "must be an array of at most 20 {name, level}");
            return out;
        }
        HashSet<String> seen = new HashSet<>();
        for (int i = 0; i < list.size(); i++) {
            String pointer = "/requiredSkills/" + i;
            if (!(list.get(i) instanceof StreamedBody.Members item)) {
                r.error(pointer, "must be an object {name, level}");
                continue;
            }
            String name = r.matching(item.get("name"), pointer + "/name", true, BodyReader.NAME, "a skill name");
            Integer level = item.get("level") == null ? Integer.valueOf(1)
                    : r.integer(item.get("level"), pointer + "/level", 1, 5);
            if (name != null && !seen.add(name)) {
                r.error(pointer + "/name", "skill '" + name + "' is listed twice");
            } else if (name != null && level != null) {
                out.add(new SkillRequirement(name, level));
            }
        }
        return out;
    }

    static Parsed upsertAgent(String id, JsonObject body) {
        BodyReader r = new BodyReader();
        if (!BodyReader.fits(BodyReader.ID, id)) {
            r.error("/id", "the agent id in the path must be 1-128 letters, digits or . _ @ : -");
        }
        String name = r.string(body, "name", "/name", true, 200);
        String team = r.matching(body, "team", "/team", true, BodyReader.NAME, "a team name");
        SupportTier tier = r.enumValue(body, "tier", "/tier", null, SupportTier::parse, SUPPORT_TIERS);
        Map<String, Integer> skills = new HashMap<>();
        JsonObject skillsJson = r.object(body, "skills", "/skills", false);
        if (skillsJson != null) {
            for (String skill : skillsJson.fieldNames()) {
                String pointer = "/skills/" + MemberErrors.escape(skill);
                if (!BodyReader.fits(BodyReader.NAME, skill)) {
                    r.error(pointer, "must be a lower-case skill name (max 64)");
                    continue;
                }
                Integer level = r.integer(skillsJson.getValue(skill), pointer, 1, 5);
                if (level != null) {
                    skills.put(skill, level);
                }
            }
        }
        List<String> languages = r.strings(body, "languages", "/languages", 20, BodyReader.LANGUAGE, "a language tag");
        Map<Channel, Integer> capacity = new EnumMap<>(Channel.class);
        JsonObject capacityJson = r.object(body, "capacity", "/capacity", false);
        if (capacityJson != null) {
            for (String key : capacityJson.fieldNames()) {
                String pointer = "/capacity/" + MemberErrors.escape(key);
                var channel = Channel.parse(key);
                if (channel.isEmpty()) {
                    r.error(pointer, "must be one of " + CHANNELS);
                    continue;
                }
                Integer n = r.integer(capacityJson.getValue(key), pointer, 0, 100);
                if (n != null) {
                    capacity.put(channel.get(), n);
                }
            }
        }
        boolean autoAccept = r.bool(body, "autoAccept", "/autoAccept");
        String lead = r.matching(body, "teamLeadId", "/teamLeadId", false, BodyReader.ID, "an id");
        String manager = r.matching(body, "managerId", "/managerId", false, BodyReader.ID, "an id");
        if (!r.errors().isEmpty()) {
            return new Parsed(null, r.errors());
        }
        return Parsed.of(new Command.UpsertAgent(AgentProfile.of(id, name, team, tier, skills,
                new LinkedHashSet<>(languages), capacity, autoAccept, lead, manager)), r);
    }

    /** {@code PATCH /v1/tickets/{id}}: a new priority and/or customer tier. */
    static Parsed reprioritize(String ticketId, JsonObject body, String actor) {
        BodyReader r = new BodyReader();
        Priority priority = body.getValue("priority") == null ? null
                : r.enumValue(body, "priority", "/priority", null, Priority::parse, PRIORITIES);
        CustomerTier tier = null;
        JsonObject customer = r.object(body, "customer", "/customer", false);
        if (customer != null && customer.getValue("tier") != null) {
            tier = r.enumValue(customer, "tier", "/customer/tier", null, CustomerTier::parse, TIERS);
        }
        if (body.getValue("priority") == null && tier == null && r.errors().isEmpty()) {
            r.error("", "change at least one of priority, customer.tier");
        }
        String reason = reason(r, body, false);
        return Parsed.of(new Command.Reprioritize(ticketId, priority, tier, reason, actor), r);
    }

    /** The ticket actions: reply, pending, resolve, reopen, close, transfer, messages, confirm, feedback, follow-up. */
    static Parsed action(String action, String ticketId, StreamedBody.Members body, String actor) {
        BodyReader r = new BodyReader();
        switch (action) {
            case "reply": {
                String message = r.transcript(body.get("message"), "/message", true);
                return Parsed.of(new Command.Reply(ticketId, message, actor), r);
            }
            case "pending": {
                String on = r.string(body.get("on"), "/on", false, 16);
                TicketStatus status = on == null || on.equals("customer") ? TicketStatus.PENDING_CUSTOMER
                        : on.equals("internal") ? TicketStatus.PENDING_INTERNAL : null;
                if (status == null) {
                    r.error("/on", "must be one of customer, internal");
                }
                return Parsed.of(new Command.MarkPending(ticketId, status, reason(r, body, false), actor), r);
            }
            case "resolve":
                return Parsed.of(new Command.Resolve(ticketId, reason(r, body, false), actor), r);
            case "reopen":
                return Parsed.of(new Command.Reopen(ticketId, reason(r, body, false), actor), r);
            case "close":
                return Parsed.of(new Command.Close(ticketId, reason(r, body, false), actor), r);
            case "follow-up": {
                String reason = r.string(body.get("reason"), "/reason", false, 500);
                return Parsed.of(new Command.CompleteFollowUp(ticketId, reason == null ? "customer_contacted" : reason,
                        actor), r);
            }
            case "messages": {
                String message = r.transcript(body.get("message"), "/message", true);
                return Parsed.of(new Command.CustomerMessage(ticketId, message, actor), r);
            }
            case "confirm":
                return Parsed.of(new Command.Confirm(ticketId, actor), r);
            case "feedback": {
                Integer csat = r.integer(body.get("csat"), "/csat", 1, 5);
                Integer nps = r.integer(body.get("nps"), "/nps", 0, 10);
                String comment = r.string(body.get("comment"), "/comment", false, DomainEvent.MAX_FEEDBACK_COMMENT);
                if (csat == null || nps == null) {
                    return Parsed.of(null, r);
                }
                return Parsed.of(new Command.GiveFeedback(ticketId, csat, nps, comment, actor), r);
            }
            case "transfer": {
                String queue = r.matching(body.get("queue"), "/queue", false, BodyReader.NAME, "a queue name");
                String team = r.matching(body.get("team"), "/team", false, BodyReader.NAME, "a team name");
                SupportTier tier = body.get("tier") == null ? null
                        : r.enumValue(body.get("tier"), "/tier", null, SupportTier::parse, SUPPORT_TIERS);
                String reason = reason(r, body, true);
                if (body.get("queue") == null && body.get("team") == null && body.get("tier") == null) {
                    r.error("", "name at least one of queue, team, tier");
                }
                return Parsed.of(new Command.Transfer(ticketId, queue, team, tier, reason, actor), r);
            }
            default:
                throw new IllegalArgumentException(action);
        }
    }

    private static String reason(BodyReader r, StreamedBody.Members body, boolean required) {
        String reason = r.string(body.get("reason"), "/reason", required, 500);
        return reason == null ? "unspecified" : reason;
    }

    private static String reason(BodyReader r, JsonObject body, boolean required) {
        String reason = r.string(body, "reason", "/reason", required, 500);
        return reason == null ? "unspecified" : reason;
    }

    /**
     * Canonical fingerprint of a request, from its parsed form (a draft or a command record): equal
     * requests, however their JSON is ordered or spaced, give equal fingerprints.
     */
    static String fingerprint(Object parsed) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(parsed.toString().getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is always available", e);
        }
    }
}
