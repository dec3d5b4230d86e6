package io.switchboard.engine;

import static io.switchboard.engine.EngineFixture.agent;
import static io.switchboard.engine.EngineFixture.config;
import static io.switchboard.engine.EngineFixture.offers;
import static io.switchboard.engine.EngineFixture.seconds;
import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.core.event.DomainEvent.TicketOffered;
import io.switchboard.core.ticket.Channel;
import io.switchboard.core.ticket.Priority;
import org.junit.jupiter.api.Test;

/**
 * Bookkeeping of {@link EngineState} that no other engine test observed (found by PIT on the
 * engine, issue 19 §4): idempotency keys forgotten after 24 h, and a waiting ticket moved to its
 * new place in line when a reprioritization changes its order key.
 */
class EngineStateUpkeepTest {

    @Test
    void idempotencyKey_after24Hours_forgottenSoTheKeyCreatesANewTicket() {
        EngineFixture f = EngineFixture.standard();
        String first = f.createId(f.ticket().idempotency("key-1", "body-a"));

        f.tickAt(EngineState.IDEMPOTENCY_TTL_MILLIS - 1);
        Outcome beforeExpiry = f.create(f.ticket().idempotency("key-1", "body-b"));
        assertThat(beforeExpiry.ok()).isFalse();
        assertThat(beforeExpiry.rejection().kind()).isEqualTo(Rejection.Kind.IDEMPOTENCY_MISMATCH);

        f.tickAt(EngineState.IDEMPOTENCY_TTL_MILLIS);
        Outcome afterExpiry = f.create(f.ticket().idempotency("key-1", "body-b"));

        assertThat(afterExpiry.ok()).isTrue();
        assertThat(afterExpiry.created()).isTrue();
        assertThat(((TicketView) afterExpiry.value()).id()).isNotEqualTo(first);
    }

    @Test
    void idempotencyKey_reusedAfterExpiry_newKeyLivesItsOwn24Hours() {
        EngineFixture f = EngineFixture.standard();
        f.createId(f.ticket().idempotency("key-1", "body-a"));
        f.tickAt(EngineState.IDEMPOTENCY_TTL_MILLIS);
        String second = f.createId(f.ticket().idempotency("key-1", "body-b"));

        // the first key's timer is gone; the second key is still remembered until its own 24 h
        f.tickAt(EngineState.IDEMPOTENCY_TTL_MILLIS + seconds(1));
        Outcome retry = f.create(f.ticket().idempotency("key-1", "body-b"));

        assertThat(retry.ok()).isTrue();
        assertThat(retry.events()).isEmpty();
        assertThat(((TicketView) retry.value()).id()).isEqualTo(second);
    }

    @Test
    void reprioritize_waitingTicketGainsHeadStart_offeredFirstAndEachTicketOfferedOnce() {
        EngineFixture f = new EngineFixture(config().priorityHeadStart(Priority.URGENT, seconds(300)));
        f.connectedAway(agent("alice").onlyCapacity(Channel.CHAT, 3));
        String older = f.createId(f.ticket());
        f.at(seconds(10));
        String raised = f.createId(f.ticket());

        f.at(seconds(20));
        assertThat(f.run(new Command.Reprioritize(raised, Priority.URGENT, null, "angry", "api")).ok()).isTrue();
        ReplayHarness.assertConsistent(ReplayHarness.liveState(f.engine), "after reprioritize");

        f.at(seconds(30));
        Outcome available = f.available("alice");

        assertThat(offers(available)).extracting(TicketOffered::ticketId).containsExactly(raised, older);
        ReplayHarness.assertConsistent(ReplayHarness.liveState(f.engine), "after offers");
    }
}
