package io.switchboard.engine;

import static io.switchboard.engine.EngineFixture.agent;
import static io.switchboard.engine.EngineFixture.config;
import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.core.event.DomainEvent;
import io.switchboard.core.intake.FieldKind;
import io.switchboard.core.intake.FieldSpec;
import io.switchboard.core.intake.IntakeRules;
import io.switchboard.core.ticket.Channel;
import io.switchboard.core.ticket.Customer;
import io.switchboard.core.ticket.CustomerTier;
import io.switchboard.core.ticket.Priority;
import io.switchboard.core.ticket.TicketDraft;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** A ticket that needs info is completed by the customer's later messages (FieldsSupplied). */
class FieldFollowUpTest {
    private static final IntakeRules RULES = new IntakeRules(Map.of(
            "refund", List.of(FieldSpec.of("orderNumber", FieldKind.ORDER_NUMBER, true),
                    FieldSpec.of("phone", FieldKind.PHONE, true))),
            IntakeRules.DEFAULT_LENIENT);

    private static EngineFixture assignedNeedingInfo() {
        EngineFixture f = new EngineFixture(config());
        f.engine.intake(RULES);
        f.online(agent("alice"));
        TicketDraft draft = new TicketDraft(Channel.EMAIL, Priority.NORMAL,
                new Customer("li@example.com", CustomerTier.STANDARD, null), "refund", "退款", "钱还没到", List.of(), null,
                Set.of(), Map.of(), null);
        Outcome created = f.run(new Command.CreateTicket(draft, null, null, "key:mail", List.of(),
                List.of("orderNumber", "phone")));
        assertThat(created.ok()).isTrue();
        f.acceptOffer(((TicketView) created.value()).id());
        return f;
    }

    private static String only(EngineFixture f) {
        return f.ticket("tkt_1").id();
    }

    @Test
    void customerMessage_withOneMissingValue_fillsItAndPushesTheUpdatedTicketToTheAgent() {
        EngineFixture f = assignedNeedingInfo();
        String id = only(f);

        Outcome said = f.run(new Command.CustomerMessage(id, "订单号是 A-1001", "key:mail"));

        DomainEvent.FieldsSupplied supplied = EngineFixture.single(said, DomainEvent.FieldsSupplied.class);
        assertThat(supplied.missing()).containsExactly("phone");
        assertThat(supplied.sources().get(0).source()).isEqualTo("message");
        assertThat(supplied.reason()).isEqualTo("customer_message");
        TicketView pushed = EngineFixture.pushes(said, AgentPush.Kind.TICKET_UPDATED).get(0).ticket();
        assertThat(pushed.fields()).containsEntry("orderNumber", "A-1001");
        assertThat(pushed.missingFields()).containsExactly("phone");
        assertThat(pushed.needsInfo()).isTrue();
    }

    @Test
    void customerMessage_withTheLastMissingValue_needsInfoClears() {
        EngineFixture f = assignedNeedingInfo();
        String id = only(f);
        f.run(new Command.CustomerMessage(id, "Order number: A-1001", "key:mail"));

        Outcome said = f.run(new Command.CustomerMessage(id, "my phone is 138 0013 8000", "key:mail"));

        assertThat(EngineFixture.single(said, DomainEvent.FieldsSupplied.class).missing()).isEmpty();
        TicketView ticket = f.ticket(id);
        assertThat(ticket.needsInfo()).isFalse();
        assertThat(ticket.fields()).containsOnly(Map.entry("orderNumber", "A-1001"), Map.entry("phone", "13800138000"));
        assertThat(ticket.fieldSources()).extracting(s -> s.field()).containsExactly("orderNumber", "phone");
    }

    @Test
    void customerMessage_afterNothingIsMissing_neverChangesAValue() {
        EngineFixture f = assignedNeedingInfo();
        String id = only(f);
        f.run(new Command.CustomerMessage(id, "订单号 A-1001 手机 13800138000", "key:mail"));

        Outcome said = f.run(new Command.CustomerMessage(id, "sorry, order number B-2002", "key:mail"));

        assertThat(EngineFixture.events(said, DomainEvent.FieldsSupplied.class)).isEmpty();
        assertThat(f.ticket(id).fields()).containsEntry("orderNumber", "A-1001");
    }

    @Test
    void customerMessage_withoutAnyValue_noEventAndStillMissing() {
        EngineFixture f = assignedNeedingInfo();
        String id = only(f);

        Outcome said = f.run(new Command.CustomerMessage(id, "还没到账，请尽快", "key:mail"));

        assertThat(EngineFixture.events(said, DomainEvent.FieldsSupplied.class)).isEmpty();
        assertThat(f.ticket(id).missingFields()).containsExactly("orderNumber", "phone");
    }

    @Test
    void replay_withoutIntakeRules_rebuildsTheFilledFields() {
        EngineFixture f = assignedNeedingInfo();
        String id = only(f);
        f.run(new Command.CustomerMessage(id, "订单号 A-1001", "key:mail"));

        Engine replayed = Engine.fromHistory(f.config, f.sla, f.journal);
        TicketView view = (TicketView) replayed.handle(new Command.GetTicket(id), f.now()).value();

        assertThat(view.fields()).isEqualTo(f.ticket(id).fields());
        assertThat(view.missingFields()).containsExactly("phone");
        assertThat(view.fieldSources()).isEqualTo(f.ticket(id).fieldSources());
    }
}
