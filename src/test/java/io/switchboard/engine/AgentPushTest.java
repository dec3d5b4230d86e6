package io.switchboard.engine;

import static io.switchboard.engine.EngineFixture.agent;
import static io.switchboard.engine.EngineFixture.config;
import static io.switchboard.engine.EngineFixture.queue;
import static io.switchboard.engine.EngineFixture.seconds;
import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.core.agent.Presence;
import io.switchboard.core.event.DomainEvent.TicketOffered;
import io.switchboard.core.routing.OverflowStep;
import io.switchboard.core.ticket.Channel;
import io.switchboard.core.ticket.TicketStatus;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What an agent's session is told, in order, when the router takes an offer back or changes its
 * presence: the WebSocket adapter sends exactly these pushes, so a missing or misplaced one leaves
 * a desktop showing an offer it can no longer accept. (PIT on the engine, issue 19 §4: removing the
 * revocation push of a transfer or overflow left the engine suite green; no engine test read the
 * presence push of an offer timeout either.)
 */
class AgentPushTest {

    /** general (anyone) and tech (skill tech 3); alice takes one chat and has no tech skill. */
    private static EngineFixture oneChatAgent() {
        EngineFixture f = new EngineFixture(config()
                .queue(queue("tech").skill("tech", 3))
                .offerTimeout(Channel.CHAT, seconds(20)));
        f.online(agent("alice").onlyCapacity(Channel.CHAT, 1));
        return f;
    }

    @Test
    void transfer_offeredTicket_offerRevokedPushThenNextOfferToTheSameSession() {
        EngineFixture f = oneChatAgent();
        String moved = f.createId(f.ticket());
        TicketOffered offer = f.lastOffer(moved);
        f.at(seconds(1));
        String waiting = f.createId(f.ticket());

        f.at(seconds(2));
        Outcome transfer = f.transfer(moved, "tech", null, null);

        assertThat(transfer.ok()).isTrue();
        List<AgentPush> pushes = transfer.pushes();
        assertThat(pushes).extracting(AgentPush::kind)
                .containsExactly(AgentPush.Kind.OFFER_REVOKED, AgentPush.Kind.OFFER);
        AgentPush revoked = pushes.get(0);
        assertThat(revoked.agentId()).isEqualTo("alice");
        assertThat(revoked.sessionId()).isEqualTo(f.session("alice"));
        assertThat(revoked.offerId()).isEqualTo(offer.offerId());
        assertThat(revoked.reason()).isEqualTo("transferred");
        assertThat(revoked.ticket()).isNull();
        assertThat(pushes.get(1).ticket().id()).isEqualTo(waiting);
        assertThat(pushes.get(1).offerId()).isEqualTo(f.lastOffer(waiting).offerId());
    }

    @Test
    void overflow_moveToQueueWhileOffered_offerRevokedPushWithReasonOverflow() {
        EngineFixture f = new EngineFixture(config()
                .queue(queue("general").overflow(new OverflowStep.MoveToQueue(seconds(10), "tech")))
                .queue(queue("tech").skill("tech", 3))
                .offerTimeout(Channel.CHAT, seconds(60)));
        f.online(agent("alice").onlyCapacity(Channel.CHAT, 1));
        String moved = f.createId(f.ticket());
        TicketOffered offer = f.lastOffer(moved);

        Outcome due = f.tickAt(seconds(10));

        assertThat(f.ticket(moved).queue()).isEqualTo("tech");
        assertThat(due.pushes()).hasSize(1);
        AgentPush revoked = due.pushes().get(0);
        assertThat(revoked.kind()).isEqualTo(AgentPush.Kind.OFFER_REVOKED);
        assertThat(revoked.sessionId()).isEqualTo(f.session("alice"));
        assertThat(revoked.offerId()).isEqualTo(offer.offerId());
        assertThat(revoked.reason()).isEqualTo("overflow");
    }

    @Test
    void offerTimeout_agentSetAway_revokedThenPresenceChangedPushCarryingAway() {
        EngineFixture f = oneChatAgent();
        String t = f.createId(f.ticket());
        TicketOffered offer = f.lastOffer(t);

        Outcome expired = f.tickAt(seconds(20));

        assertThat(expired.pushes()).extracting(AgentPush::kind)
                .containsExactly(AgentPush.Kind.OFFER_REVOKED, AgentPush.Kind.PRESENCE_CHANGED);
        AgentPush revoked = expired.pushes().get(0);
        assertThat(revoked.offerId()).isEqualTo(offer.offerId());
        assertThat(revoked.reason()).isEqualTo("expired");
        AgentPush away = expired.pushes().get(1);
        assertThat(away.sessionId()).isEqualTo(f.session("alice"));
        assertThat(away.presence()).isEqualTo(Presence.AWAY);
        assertThat(away.reason()).isEqualTo("offer_timeout");
        assertThat(away.offerId()).isNull();
        assertThat(f.ticket(t).status()).isEqualTo(TicketStatus.QUEUED);
    }

    @Test
    void transfer_ownerDisconnectedInGrace_ticketMovesAndOnlyItsStreamIsTold() {
        EngineFixture f = oneChatAgent();
        String t = f.createId(f.ticket());
        f.acceptOffer(t);
        f.at(seconds(1));
        f.disconnect("alice");

        f.at(seconds(2));
        Outcome transfer = f.transfer(t, "tech", null, null);

        assertThat(transfer.ok()).isTrue();
        assertThat(f.ticket(t).queue()).isEqualTo("tech");
        assertThat(f.ticket(t).status()).isEqualTo(TicketStatus.QUEUED);
        // no session to send to: the update is kept only in alice's resumable stream (sessionId null)
        assertThat(transfer.pushes()).singleElement().satisfies(push -> {
            assertThat(push.agentId()).isEqualTo("alice");
            assertThat(push.sessionId()).isNull();
            assertThat(push.kind()).isEqualTo(AgentPush.Kind.TICKET_UPDATED);
            assertThat(push.ticket().queue()).isEqualTo("tech");
        });
    }

    @Test
    void resolve_assignedTicket_ownerToldWithTheResolvedTicket() {
        EngineFixture f = oneChatAgent();
        String t = f.createId(f.ticket());
        f.acceptOffer(t);

        f.at(seconds(1));
        Outcome resolved = f.resolve(t);

        assertThat(resolved.pushes()).hasSize(1);
        AgentPush updated = resolved.pushes().get(0);
        assertThat(updated.kind()).isEqualTo(AgentPush.Kind.TICKET_UPDATED);
        assertThat(updated.sessionId()).isEqualTo(f.session("alice"));
        assertThat(updated.ticket().id()).isEqualTo(t);
        assertThat(updated.ticket().status()).isEqualTo(TicketStatus.RESOLVED);
        assertThat(updated.presence()).isEqualTo(Presence.AVAILABLE);
    }
}
