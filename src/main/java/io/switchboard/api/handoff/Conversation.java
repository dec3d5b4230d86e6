package io.switchboard.api.handoff;

import io.switchboard.core.ticket.Channel;
import io.switchboard.core.ticket.Customer;
import io.switchboard.core.ticket.CustomerTier;
import io.switchboard.core.ticket.Handoff;
import io.switchboard.core.ticket.Priority;
import io.switchboard.core.ticket.TicketDraft;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * What a platform adapter gathers from its payload, turned into the ticket to open. The same rules
 * for every platform: the customer id is required and must be an id as {@code POST /v1/tickets}
 * takes it; priority and tier hints must name a known value; the intent becomes the ticket's
 * {@code type} when it can be written as a lower-case name; detected parameters become the
 * ticket's {@code fields} (at most {@link #MAX_FIELDS}); the transcript keeps at most
 * {@link #MAX_LINES} lines, ordered by time (lines without a time keep their place).
 * Not thread-safe: one per request.
 */
final class Conversation {
    static final int MAX_LINES = 500;
    static final int MAX_FIELDS = 50;
    static final int MAX_FIELD_LENGTH = 1000;
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.@:-]{0,127}");
    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9_.-]{0,63}");
    private static final Pattern LANGUAGE = Pattern.compile("[A-Za-z]{2,8}(-[A-Za-z0-9]{1,8})*");

    private final String platform;
    private final Payload p;
    private final Map<String, String> pointers = new HashMap<>();
    private final Map<String, String> reference = new TreeMap<>();
    private final Map<String, String> fields = new LinkedHashMap<>();
    private final Set<String> tags = new LinkedHashSet<>();
    private final List<Handoff.Line> transcript = new ArrayList<>();
    private String conversationId;
    private String customerId;
    private String customerName;
    private CustomerTier tier = CustomerTier.STANDARD;
    private Priority priority = Priority.NORMAL;
    private Channel channel = Channel.CHAT;
    private String language;
    private String intent;
    private String reason;
    private boolean tooManyFields;

    Conversation(String platform, Payload p) {
        this.platform = platform;
        this.p = p;
        tags.add("handoff");
        tags.add(platform);
    }

    void conversationId(String id) {
        conversationId = id;
    }

    void reference(String name, String value) {
        if (value != null && !value.isEmpty()) {
            reference.put(name, value.length() > 1000 ? value.substring(0, 1000) : value);
        }
    }

    /** The customer's id (checked here; {@code pointer} names it in the payload) and name (nullable). */
    void customer(String id, String pointer, String name) {
        if (id == null) {
            return;
        }
        if (!ID.matcher(id).matches()) {
            p.error(pointer, "must be 1-128 letters, digits or . _ @ : - to serve as the customer id");
            return;
        }
        customerId = id;
        customerName = name == null || name.length() <= 200 ? name : name.substring(0, 200);
        pointers.put("/customer/id", pointer);
    }

    boolean hasCustomer() {
        return customerId != null;
    }

    void channel(Channel channel) {
        this.channel = channel;
    }

    void language(String tag, String pointer) {
        if (tag == null) {
            return;
        }
        if (!LANGUAGE.matcher(tag).matches()) {
            p.error(pointer, "must be a language tag such as en or zh-CN");
            return;
        }
        language = tag;
        pointers.put("/language", pointer);
    }

    void intent(String name) {
        intent = name == null || name.isBlank() ? null : name.length() > 200 ? name.substring(0, 200) : name;
    }

    void reason(String text) {
        reason = text == null || text.isBlank() ? null : text.length() > 500 ? text.substring(0, 500) : text;
    }

    /** A priority hint (urgent, high, normal or medium, low); null leaves the default (normal). */
    void priority(Object hint, String pointer) {
        if (hint == null) {
            return;
        }
        String text = hint instanceof String s ? s.toLowerCase(Locale.ROOT) : null;
        Optional<Priority> parsed = "medium".equals(text) ? Optional.of(Priority.NORMAL)
                : text == null ? Optional.empty() : Priority.parse(text);
        if (parsed.isEmpty()) {
            p.error(pointer, "must be one of urgent, high, normal (or medium), low");
            return;
        }
        priority = parsed.get();
    }

    boolean hasPriorityHint() {
        return priority != Priority.NORMAL;
    }

    /** A customer tier hint (standard, vip, enterprise); null leaves standard. */
    void tier(Object hint, String pointer) {
        if (hint == null) {
            return;
        }
        Optional<CustomerTier> parsed = hint instanceof String s ? CustomerTier.parse(s.toLowerCase(Locale.ROOT))
                : Optional.empty();
        if (parsed.isEmpty()) {
            p.error(pointer, "must be one of standard, vip, enterprise");
            return;
        }
        tier = parsed.get();
    }

    void tag(String label) {
        if (label != null && NAME.matcher(label).matches() && tags.size() < 50) {
            tags.add(label);
        }
    }

    /**
     * A detected parameter: a scalar is kept as text, anything else as its JSON; null is skipped.
     * More than {@link #MAX_FIELDS} parameters is an error at {@code containerPointer}.
     */
    void parameter(String name, Object value, String pointer, String containerPointer) {
        if (value == null || name == null) {
            return;
        }
        if (name.isEmpty() || name.length() > 64) {
            p.error(pointer, "parameter names must be 1-64 characters");
            return;
        }
        String text = value instanceof JsonObject || value instanceof JsonArray ? io.vertx.core.json.Json.encode(value)
                : String.valueOf(value);
        if (text.length() > MAX_FIELD_LENGTH) {
            text = text.substring(0, MAX_FIELD_LENGTH);
        }
        if (!fields.containsKey(name) && fields.size() >= MAX_FIELDS) {
            if (!tooManyFields) {
                tooManyFields = true;
                p.error(containerPointer, "at most " + MAX_FIELDS + " parameters are taken over");
            }
            return;
        }
        fields.put(name, text);
    }

    /** A transcript line; blank text is skipped. */
    void line(long at, String speaker, String name, String text) {
        if (text != null && !text.isBlank()) {
            transcript.add(new Handoff.Line(at, speaker, name, Payload.text(text)));
        }
    }

    /** The ticket and the conversation, or the payload's errors. */
    HandoffMapping build(String integration, String customerPointer, String transcriptPointer) {
        if (conversationId == null && p.ok()) {
            throw new IllegalStateException(platform + " adapter set no conversation id");
        }
        if (customerId == null && p.ok()) {
            p.error(customerPointer, "is required: the customer's id");
        }
        if (transcript.size() > MAX_LINES) {
            p.error(transcriptPointer, "at most " + MAX_LINES + " transcript messages are taken over");
        }
        if (!p.ok()) {
            return new HandoffMapping.Invalid(p.errors());
        }
        List<Handoff.Line> ordered = new ArrayList<>(transcript);
        if (ordered.stream().allMatch(l -> l.at() != 0)) {
            ordered.sort(Comparator.comparingLong(Handoff.Line::at));
        }
        String lastCustomerLine = null;
        for (Handoff.Line line : ordered) {
            if (line.speaker().equals(Handoff.CUSTOMER)) {
                lastCustomerLine = line.text();
            }
        }
        String subject = "Chatbot handoff (" + platform + ")"
                + (intent != null ? ": " + intent : reason != null ? ": " + reason : "");
        String description = lastCustomerLine != null ? lastCustomerLine : reason;
        TicketDraft draft = new TicketDraft(channel, priority, new Customer(customerId, tier, customerName),
                typeOf(intent), subject.length() > 500 ? subject.substring(0, 500) : subject, description, List.of(),
                language, tags, fields, null);
        Handoff handoff = new Handoff(platform, conversationId, integration, reference, intent, reason, ordered);
        return new HandoffMapping.Mapped(new HandoffRequest(draft, handoff, pointers));
    }

    /** {@code Order Status} → {@code order_status}: the intent as a ticket type, or null when nothing is left. */
    static String typeOf(String intent) {
        if (intent == null) {
            return null;
        }
        String name = intent.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_.-]+", "_").replaceAll("^[^a-z0-9]+", "");
        name = name.length() > 64 ? name.substring(0, 64) : name;
        return NAME.matcher(name).matches() ? name : null;
    }
}
