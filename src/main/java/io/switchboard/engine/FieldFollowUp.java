package io.switchboard.engine;

import io.switchboard.core.event.DomainEvent;
import io.switchboard.core.intake.FieldFill;
import io.switchboard.core.intake.FieldSource;
import io.switchboard.core.intake.IntakeRules;
import io.switchboard.core.ticket.Ticket;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Completes a ticket that needs info from the customer's later messages: after a
 * {@code CustomerMessaged} (by mail, WeChat or the API) on a ticket with missing required fields,
 * the message is searched for them and what is found is journaled as {@code FieldsSupplied}
 * (values, sources, and what is still missing). The scan runs on the engine thread, only for a
 * ticket that lacks fields, over at most {@link io.switchboard.core.intake.FieldExtractor#MAX_SCAN}
 * characters of the message.
 */
final class FieldFollowUp {
    /** The name of the scanned text in the sources: the customer message journaled just before. */
    static final String SOURCE = "message";

    private FieldFollowUp() {
    }

    static void afterMessage(IntakeRules rules, Ticket ticket, String message, String actor, Run run) {
        List<String> missing = missing(ticket);
        if (missing.isEmpty()) {
            return;
        }
        FieldFill.Result result = FieldFill.fill(rules, ticket.draft().type(), missing, SOURCE, message);
        if (result.filledAny()) {
            run.emit(new DomainEvent.FieldsSupplied(run.now, ticket.id(), result.sources(), result.missing(), actor,
                    "customer_message"));
        }
    }

    /** The required fields the ticket lacks now: the last FieldsRequested or FieldsSupplied says. */
    static List<String> missing(Ticket ticket) {
        List<DomainEvent.TicketEvent> timeline = ticket.timeline();
        for (int i = timeline.size() - 1; i >= 0; i--) {
            DomainEvent.TicketEvent event = timeline.get(i);
            if (event instanceof DomainEvent.FieldsSupplied supplied) {
                return supplied.missing();
            }
            if (event instanceof DomainEvent.FieldsRequested requested) {
                return requested.fields();
            }
        }
        return List.of();
    }

    /** The values the sources chose, by field. */
    static Map<String, String> chosenValues(List<FieldSource> sources) {
        Map<String, String> values = new LinkedHashMap<>();
        for (FieldSource source : sources) {
            if (source.chosen()) {
                values.putIfAbsent(source.field(), source.value());
            }
        }
        return values;
    }

    /** {@code earlier} then {@code later}, without copying when {@code earlier} is empty. */
    static <T> List<T> concat(List<T> earlier, List<T> later) {
        if (earlier.isEmpty()) {
            return later;
        }
        List<T> all = new ArrayList<>(earlier);
        all.addAll(later);
        return List.copyOf(all);
    }
}
