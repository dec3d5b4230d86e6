package io.switchboard.api.handoff;

import io.switchboard.core.ticket.TicketStatus;
import io.switchboard.engine.SlaView;
import io.switchboard.engine.TicketView;
import java.util.List;
import java.util.Map;

/** A ticket view as the engine answers a handoff, for the answer shapes. */
final class TicketViews {
    private TicketViews() {
    }

    static TicketView queued(String id, HandoffRequest r) {
        var d = r.draft();
        return new TicketView(id, 1, TicketStatus.QUEUED, d.channel(), d.priority(), d.customer(), d.type(), d.subject(),
                d.description(), List.of(), d.language(), d.tags(), d.fields(), "general", null, null, null, 1, 1,
                new SlaView(null, Map.of(), false), List.of(), List.of(), "key:bot", r.handoff(), List.of(), List.of());
    }
}
