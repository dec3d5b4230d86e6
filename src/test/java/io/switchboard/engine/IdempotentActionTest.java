package io.switchboard.engine;

import static io.switchboard.engine.EngineFixture.agent;
import static io.switchboard.engine.EngineFixture.events;
import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.core.event.DomainEvent;
import io.switchboard.core.event.DomainEvent.ActionKeyUsed;
import io.switchboard.core.event.DomainEvent.CustomerMessaged;
import org.junit.jupiter.api.Test;

/**
 * Ticket actions with an {@code Idempotency-Key} ({@link Command.Idempotent}), through the engine:
 * the first use runs the action and journals the key with it, a retry with the same request answers
 * the ticket without running it again, a different request under the key is refused, and a
 * rejected action leaves the key free. PIT found these untested by the engine's own tests (issue 19 §4).
 */
class IdempotentActionTest {
    private static Command.Idempotent keyed(String key, String fingerprint, String ticketId, String message) {
        return new Command.Idempotent(key, fingerprint, new Command.CustomerMessage(ticketId, message, "customer"));
    }

    @Test
    void keyedAction_firstUseThenRetry_runsOnceAndTheRetryAnswersTheTicket() {
        EngineFixture f = EngineFixture.standard();
        f.online(agent("alice"));
        String t = f.createId(f.ticket());
        f.acceptOffer(t);

        Outcome first = f.run(keyed("k1", "fp-1", t, "hello?"));
        Outcome retry = f.run(keyed("k1", "fp-1", t, "hello?"));

        assertThat(events(first, CustomerMessaged.class)).hasSize(1);
        assertThat(events(first, ActionKeyUsed.class)).singleElement()
                .satisfies(e -> assertThat(e.ticketId()).isEqualTo(t));
        assertThat(retry.ok()).isTrue();
        assertThat(retry.events()).isEmpty();
        assertThat(((TicketView) retry.value()).id()).isEqualTo(t);
        assertThat(f.timeline(t)).filteredOn(CustomerMessaged.class::isInstance).hasSize(1);
    }

    @Test
    void keyedAction_sameKeyOtherRequest_refusedAsMismatchAndNothingRuns() {
        EngineFixture f = EngineFixture.standard();
        f.online(agent("alice"));
        String t = f.createId(f.ticket());
        f.acceptOffer(t);
        f.run(keyed("k1", "fp-1", t, "hello?"));

        Outcome other = f.run(keyed("k1", "fp-2", t, "something else"));

        assertThat(other.ok()).isFalse();
        assertThat(other.rejection().kind()).isEqualTo(Rejection.Kind.IDEMPOTENCY_MISMATCH);
        assertThat(f.timeline(t)).filteredOn(CustomerMessaged.class::isInstance).hasSize(1);
    }

    @Test
    void keyedAction_rejected_keyNotJournaledAndFreeForTheRetry() {
        EngineFixture f = EngineFixture.standard();

        Outcome missing = f.run(keyed("k1", "fp-1", "tkt_404", "hello?"));
        f.online(agent("alice"));
        String t = f.createId(f.ticket());
        Outcome later = f.run(keyed("k1", "fp-other", t, "hello?"));

        assertThat(missing.ok()).isFalse();
        assertThat(missing.events()).isEmpty();
        assertThat(later.ok()).as("%s", later.rejection()).isTrue();
        assertThat(events(later, DomainEvent.CustomerMessaged.class)).hasSize(1);
    }
}
