package io.switchboard.channels.email;

import io.switchboard.core.event.DomainEvent;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The mail conversation of each ticket that came in by e-mail, as the journal tells it: the
 * customer's address, the first subject, the customer's last Message-ID and the References chain
 * (customer mails and sent replies, oldest first, the last {@value #MAX_REFERENCES} kept). Built
 * from {@code MailReceived}, {@code MailSent} and {@code TicketArchived} events only, so it is a
 * pure function of the journal up to the outbox's cursor and is saved with it.
 *
 * <p>Threading: confined to the outbox's context.
 */
final class MailThreads {
    static final int MAX_REFERENCES = 20;

    /** {@code lastCustomerId} is null when the customer's mails had no Message-ID. */
    record Thread(String customer, String subject, String lastCustomerId, List<String> references) {
        Thread {
            references = List.copyOf(references);
        }

        Thread referencing(String messageId, boolean fromCustomer) {
            List<String> chain = new ArrayList<>(references);
            chain.remove(messageId);
            chain.add(messageId);
            while (chain.size() > MAX_REFERENCES) {
                chain.remove(0);
            }
            return new Thread(customer, subject, fromCustomer ? messageId : lastCustomerId, chain);
        }
    }

    private final Map<String, Thread> byTicket = new HashMap<>();

    /** The conversation of {@code ticketId}, or null when the ticket did not come in by e-mail. */
    Thread of(String ticketId) {
        return byTicket.get(ticketId);
    }

    int size() {
        return byTicket.size();
    }

    void track(DomainEvent event) {
        if (event instanceof DomainEvent.MailReceived e) {
            Thread thread = byTicket.get(e.ticketId());
            if (thread == null) {
                thread = new Thread(e.from(), e.subject() == null ? "" : e.subject(), null, List.of());
            }
            byTicket.put(e.ticketId(), e.messageId() == null ? thread : thread.referencing(e.messageId(), true));
        } else if (event instanceof DomainEvent.MailSent e) {
            Thread thread = byTicket.get(e.ticketId());
            if (thread != null) {
                byTicket.put(e.ticketId(), thread.referencing(e.messageId(), false));
            }
        } else if (event instanceof DomainEvent.TicketArchived e) {
            byTicket.remove(e.ticketId());
        }
    }

    JsonObject encode() {
        JsonObject out = new JsonObject();
        byTicket.forEach((id, t) -> out.put(id, new JsonObject().put("customer", t.customer())
                .put("subject", t.subject()).put("lastCustomerId", t.lastCustomerId())
                .put("references", new JsonArray(new ArrayList<>(t.references())))));
        return out;
    }

    void decode(JsonObject stored) {
        byTicket.clear();
        for (String id : stored.fieldNames()) {
            JsonObject t = stored.getJsonObject(id);
            List<String> references = new ArrayList<>();
            t.getJsonArray("references").forEach(r -> references.add((String) r));
            byTicket.put(id, new Thread(t.getString("customer"), t.getString("subject"), t.getString("lastCustomerId"),
                    references));
        }
    }
}
