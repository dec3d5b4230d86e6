package io.switchboard.store.legacy;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.core.event.DomainEvent.TicketCreated;
import io.switchboard.core.ticket.Channel;
import io.switchboard.core.ticket.Customer;
import io.switchboard.core.ticket.CustomerTier;
import io.switchboard.core.ticket.Priority;
import io.switchboard.core.ticket.TicketDraft;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class TicketCreatedUpcasterTest {

    @Test
    void upcast_schema1TicketCreated_carriesEveryComponentOverAndRecordsNoSlaDecision() {
        TicketDraft draft = new TicketDraft(Channel.EMAIL, Priority.LOW, new Customer("c-9", CustomerTier.VIP, "Ann"),
                "billing", "subject", "body", List.of(), "en", Set.of("late"), Map.of("order", "A-9"), null);
        TicketCreatedV1 v1 = new TicketCreatedV1(1_000, "tkt_9", 9, draft, "billing", "key:bot", "intake", "idem-9",
                "fp-9");

        TicketCreated today = TicketCreatedUpcaster.upcast(v1);

        assertThat(today).isEqualTo(new TicketCreated(1_000, "tkt_9", 9, draft, "billing", "key:bot", "intake",
                "idem-9", "fp-9", null));
    }
}
