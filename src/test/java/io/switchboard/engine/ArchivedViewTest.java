package io.switchboard.engine;

import static io.switchboard.engine.EngineFixture.agent;
import static io.switchboard.engine.EngineFixture.config;
import static io.switchboard.engine.EngineFixture.single;
import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.core.agent.SupportTier;
import io.switchboard.core.event.DomainEvent;
import io.switchboard.core.event.DomainEvent.TicketArchived;
import io.switchboard.core.intake.FieldSource;
import io.switchboard.core.sla.SlaMetric;
import io.switchboard.core.ticket.CustomerTier;
import io.switchboard.core.ticket.Handoff;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * An archived ticket reads back as the very view the engine showed before it left memory, with
 * everything a view can carry: the chatbot conversation it came from, the intake's findings and
 * the fields still asked for, SLA clocks (one breached), alerts and compensations (issue 19 §4,
 * survivors of ArchivedViews: the archiving tests' tickets had none of these).
 */
class ArchivedViewTest {
    private static final long HOUR = 3_600_000;

    @Test
    void archivedView_ticketWithHandoffFieldsAndSlaHistory_equalsTheLiveViewBeforeArchiving() {
        EngineFixture f = new EngineFixture(config().build(), SlaFixtures.shortTimers(), new Retention(HOUR));
        Handoff handoff = new Handoff("dialogflow-cx", "conv-1", "key:bot", Map.of("session", "s-1"), "refund",
                "customer asked for a person", List.of(new Handoff.Line(1, Handoff.CUSTOMER, null, "my order A-1")));
        List<FieldSource> sources = List.of(new FieldSource("order", "A-1", "description", 3, 6, "A-1", true));
        Outcome created = f.run(new Command.HandOff(new Command.CreateTicket(f.ticket().tier(CustomerTier.VIP)
                .build(), null, null, "api", sources, List.of("phone")), handoff));
        assertThat(created.ok()).as("%s", created.rejection()).isTrue();
        String id = ((TicketView) created.value()).id();
        f.tickAt(36_000);
        f.online(agent("ann").tier(SupportTier.L4));
        f.acceptOffer(id);
        assertThat(f.resolve(id).ok()).isTrue();
        assertThat(f.close(id).ok()).isTrue();
        TicketView before = f.ticket(id);
        List<DomainEvent.TicketEvent> timeline = f.timeline(id);

        TicketArchived archived = single(f.tickAt(36_000 + HOUR), TicketArchived.class);
        TicketView after = ArchivedViews.ticket(archived.ticket(), timeline);

        assertThat(after).isEqualTo(before);
        assertThat(after.handoff()).isEqualTo(handoff);
        assertThat(after.fieldSources()).isEqualTo(sources);
        assertThat(after.missingFields()).containsExactly("phone");
        assertThat(after.sla().clocks().get(SlaMetric.FIRST_RESPONSE).breached()).isTrue();
        assertThat(after.alerts()).isNotEmpty();
        assertThat(after.compensations()).isNotEmpty();
        assertThat(after.customer().tier()).isEqualTo(CustomerTier.VIP);
    }
}
