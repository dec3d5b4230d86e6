package io.switchboard.engine;

import static io.switchboard.engine.EngineFixture.agent;
import static io.switchboard.engine.EngineFixture.config;
import static io.switchboard.engine.EngineFixture.events;
import static io.switchboard.engine.EngineFixture.offerIn;
import static io.switchboard.engine.EngineFixture.queue;
import static io.switchboard.engine.EngineFixture.seconds;
import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.core.agent.Presence;
import io.switchboard.core.agent.SupportTier;
import io.switchboard.core.event.DomainEvent.OfferWithdrawn;
import io.switchboard.core.event.DomainEvent.TicketOffered;
import io.switchboard.core.event.DomainEvent.TicketOverflowed;
import io.switchboard.core.event.DomainEvent.TicketQueued;
import io.switchboard.core.routing.OverflowStep;
import io.switchboard.core.routing.RoutingConfig;
import io.switchboard.core.sla.SlaConfig;
import io.switchboard.core.ticket.Channel;
import io.switchboard.core.ticket.TicketStatus;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The two triggers of the bug the random property once steered around: an offer revoked by a
 * transfer or by a MoveToQueue overflow step frees its agent's capacity, and that agent must be
 * routed again in the same command (trigger two), or it sits idle while work it could take waits.
 * Each scenario runs with and without SLA policies (deadline ordering, SLA timers and actions on),
 * and checks work conservation and replay after every step, not only at the end.
 */
class RevokedOfferRoutingTest {

    static Stream<Arguments> slaModes() {
        return Stream.of(Arguments.of("no SLA", SlaConfig.none()), Arguments.of("SLA actions on", SlaFixtures.shortTimers()));
    }

    /** general: anyone; tech: skill tech 3. alice cannot do tech; bob can. One chat each. */
    private static RoutingConfig transferConfig() {
        return config().teams("alpha", "beta")
                .queue(queue("tech").skill("tech", 3))
                .offerTimeout(Channel.CHAT, seconds(20))
                .preferredWindow(seconds(30))
                .build();
    }

    private static void online(EngineFixture f, String id, String team, boolean tech, boolean available) {
        EngineFixture.AgentBuilder a = agent(id).team(team).onlyCapacity(Channel.CHAT, 1);
        if (tech) {
            a.skill("tech", 3);
        }
        f.upsert(a.build());
        f.connect(id);
        f.presence(id, available ? Presence.AVAILABLE : Presence.AWAY);
    }

    private static void check(EngineFixture f, String context) {
        EngineState live = ReplayHarness.liveState(f.engine);
        ReplayHarness.assertConsistent(live, context);
        ReplayHarness.assertNoIdleEligibleAgent(live, context);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("slaModes")
    void transfer_offeredTicketWithoutPreferredAgent_freedAgentTakesWaitingTicketAtOnce(String mode, SlaConfig sla) {
        EngineFixture f = new EngineFixture(transferConfig(), sla);
        online(f, "alice", "alpha", false, true);
        online(f, "bob", "beta", true, false);
        String t1 = f.createId(f.ticket());
        String t2 = f.createId(f.ticket());
        assertThat(f.offeredTo(t1)).containsExactly("alice");
        assertThat(f.ticket(t2).status()).isEqualTo(TicketStatus.QUEUED);
        check(f, "before transfer");

        f.at(seconds(2));
        Outcome transfer = f.transfer(t1, "tech", null, null);

        assertThat(transfer.ok()).isTrue();
        OfferWithdrawn revoked = EngineFixture.single(transfer, OfferWithdrawn.class);
        assertThat(revoked.agentId()).isEqualTo("alice");
        assertThat(revoked.outcome()).isEqualTo(OfferWithdrawn.Outcome.REVOKED);
        assertThat(offerIn(transfer, t2).agentId()).as("alice's freed capacity goes to the waiting t2").isEqualTo("alice");
        assertThat(f.ticket(t1).status()).isEqualTo(TicketStatus.QUEUED);
        check(f, "after transfer");

        f.at(seconds(3));
        Outcome bobBack = f.available("bob");
        assertThat(offerIn(bobBack, t1).agentId()).isEqualTo("bob");
        check(f, "after bob is back");
        ReplayHarness.assertReplayMatches(f, mode);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("slaModes")
    void transfer_offeredTicketHeldForPreferredAgent_freedAgentTakesWaitingTicketAndPreferenceEnds(String mode,
            SlaConfig sla) {
        EngineFixture f = new EngineFixture(transferConfig(), sla);
        online(f, "alice", "alpha", false, true);
        online(f, "bob", "beta", true, false);
        String first = f.createId(f.ticket().customer("acme"));
        f.acceptOffer(first);
        f.resolve(first);
        f.close(first);

        f.at(seconds(1));
        Outcome created = f.create(f.ticket().customer("acme"));
        String t1 = ((TicketView) created.value()).id();
        TicketQueued queued = events(created, TicketQueued.class).get(0);
        assertThat(queued.preferredAgent()).as("held for the customer's previous agent").isEqualTo("alice");
        assertThat(offerIn(created, t1).agentId()).isEqualTo("alice");
        String t2 = f.createId(f.ticket());
        assertThat(f.ticket(t2).status()).isEqualTo(TicketStatus.QUEUED);
        check(f, "before transfer");

        f.at(seconds(2));
        Outcome transfer = f.transfer(t1, "tech", null, null);

        assertThat(EngineFixture.single(transfer, OfferWithdrawn.class).agentId()).isEqualTo("alice");
        assertThat(events(transfer, TicketQueued.class)).singleElement()
                .satisfies(q -> assertThat(q.preferredAgent()).as("a transfer drops the preference").isNull());
        assertThat(offerIn(transfer, t2).agentId()).isEqualTo("alice");
        assertThat(ReplayHarness.liveState(f.engine).reservations.getOrDefault("alice", java.util.Set.of()))
                .as("t1 no longer reserved for alice").doesNotContain(t1);
        check(f, "after transfer");

        f.at(seconds(3));
        assertThat(offerIn(f.available("bob"), t1).agentId()).isEqualTo("bob");
        f.acceptOffer(t1);
        check(f, "after bob is back");
        f.tickAt(seconds(40)); // the old preferred window ends: nothing may happen to t1 because of it
        assertThat(f.ticket(t1).status()).isEqualTo(TicketStatus.ASSIGNED);
        assertThat(f.ticket(t1).assignee()).isEqualTo("bob");
        check(f, "after the old preferred window");
        ReplayHarness.assertReplayMatches(f, mode);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("slaModes")
    void transfer_offeredTicketByTeamOnlyToPreferredAgentsTeamMate_freedAgentTakesWaitingTicket(String mode,
            SlaConfig sla) {
        EngineFixture f = new EngineFixture(transferConfig(), sla);
        online(f, "alice", "alpha", false, true);
        online(f, "bob", "beta", true, true);
        String first = f.createId(f.ticket().customer("acme"));
        String firstAgent = f.lastOffer(first).agentId();
        f.acceptOffer(first);
        f.resolve(first);
        f.close(first);
        f.at(seconds(1));
        String t1 = f.createId(f.ticket().customer("acme"));
        assertThat(f.lastOffer(t1).agentId()).as("offered to the preferred agent").isEqualTo(firstAgent);
        String other = firstAgent.equals("alice") ? "bob" : "alice";
        String otherTeam = other.equals("alice") ? "alpha" : "beta";
        String t2 = f.createId(f.ticket());
        assertThat(f.lastOffer(t2).agentId()).isEqualTo(other);
        String t3 = f.createId(f.ticket());
        assertThat(f.ticket(t3).status()).isEqualTo(TicketStatus.QUEUED);

        f.at(seconds(2));
        Outcome transfer = f.transfer(t1, null, otherTeam, null);

        assertThat(EngineFixture.single(transfer, OfferWithdrawn.class).agentId()).isEqualTo(firstAgent);
        assertThat(offerIn(transfer, t3).agentId()).isEqualTo(firstAgent);
        assertThat(f.ticket(t1).status()).as("waits for its new team, whose agent is full").isEqualTo(TicketStatus.QUEUED);
        check(f, "after transfer");
        f.at(seconds(3));
        Outcome rejected = f.reject(other, f.lastOffer(t2).offerId());
        assertThat(offerIn(rejected, t1).agentId()).isEqualTo(other);
        check(f, "after reject");
        ReplayHarness.assertReplayMatches(f, mode);
    }

    /**
     * billing (skill billing 2) moves its tickets to "escalations" (team gamma only) after 5 s.
     * alice (alpha, billing) has one chat; bob (gamma, no skills) flips presence around the step.
     */
    private static RoutingConfig overflowConfig() {
        return config().teams("alpha", "gamma")
                .queue(queue("billing").skill("billing", 2)
                        .overflow(new OverflowStep.MoveToQueue(seconds(5), "escalations")))
                .queue(queue("escalations").teams("gamma"))
                .offerTimeout(Channel.CHAT, seconds(20))
                .build();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("slaModes")
    void overflow_moveToQueueOfOfferedTicketWhileAgentsChangePresence_freedAgentTakesWaitingTicket(String mode,
            SlaConfig sla) {
        EngineFixture f = new EngineFixture(overflowConfig(), sla);
        f.upsert(agent("alice").team("alpha").skill("billing", 3).onlyCapacity(Channel.CHAT, 1).build());
        f.upsert(agent("bob").team("gamma").onlyCapacity(Channel.CHAT, 1).build());
        f.connect("alice");
        f.connect("bob");
        f.available("alice");
        f.away("bob");
        String t1 = f.createId(f.ticket().queue("billing"));
        assertThat(f.offeredTo(t1)).containsExactly("alice");
        f.at(seconds(1));
        String t2 = f.createId(f.ticket().queue("billing"));
        check(f, "t2 waits");

        f.at(seconds(3));
        assertThat(f.available("bob").events()).as("bob cannot take billing work").hasSize(1);
        f.at(seconds(4));
        f.away("bob");
        check(f, "bob away again");

        Outcome overflow = f.tickAt(seconds(5));

        assertThat(events(overflow, TicketOverflowed.class)).singleElement()
                .satisfies(o -> assertThat(o.applied()).isInstanceOf(OverflowStep.MoveToQueue.class));
        assertThat(EngineFixture.single(overflow, OfferWithdrawn.class).agentId()).isEqualTo("alice");
        assertThat(events(overflow, TicketQueued.class)).singleElement()
                .satisfies(q -> assertThat(q.queue()).isEqualTo("escalations"));
        assertThat(offerIn(overflow, t2).agentId()).as("alice's freed capacity goes to t2 in the same tick")
                .isEqualTo("alice");
        check(f, "after the move");

        f.at(seconds(5.5));
        assertThat(offerIn(f.available("bob"), t1).agentId()).isEqualTo("bob");
        check(f, "bob takes the moved ticket");

        Outcome secondMove = f.tickAt(seconds(6)); // t2, on offer to alice, moves too and frees her again
        assertThat(EngineFixture.single(secondMove, OfferWithdrawn.class).agentId()).isEqualTo("alice");
        assertThat(f.ticket(t2).queue()).isEqualTo("escalations");
        check(f, "after the second move");
        f.at(seconds(7));
        f.away("alice");
        f.available("alice");
        f.reject("bob", f.lastOffer(t1).offerId());
        check(f, "after bob rejects");
        assertThat(f.offeredTo(t2)).containsExactly("alice", "bob").as("t2 goes to bob once he is free");
        ReplayHarness.assertReplayMatches(f, mode);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("slaModes")
    void overflow_moveToQueueDueWithOfferExpiryInOneTick_agentsAndTicketsRouted(String mode, SlaConfig sla) {
        EngineFixture f = new EngineFixture(config().teams("alpha", "gamma")
                .queue(queue("billing").skill("billing", 2)
                        .overflow(new OverflowStep.MoveToQueue(seconds(20), "general")))
                .offerTimeout(Channel.CHAT, seconds(20)).offerTimeoutSetsAway(false)
                .build(), sla);
        f.upsert(agent("alice").team("alpha").skill("billing", 3).onlyCapacity(Channel.CHAT, 1).build());
        f.upsert(agent("bob").team("gamma").onlyCapacity(Channel.CHAT, 1).build());
        f.connect("alice");
        f.connect("bob");
        f.available("alice");
        String t1 = f.createId(f.ticket().queue("billing")); // offered to alice; expiry and move both at 20 s
        String t2 = f.createId(f.ticket().queue("billing"));
        f.at(seconds(10));
        f.available("bob");
        f.away("bob");

        Outcome tick = f.tickAt(seconds(20));

        assertThat(tick.ok()).isTrue();
        check(f, "after expiry and move in one tick");
        assertThat(f.ticket(t1).queue()).isEqualTo("general");
        f.at(seconds(21));
        f.available("bob");
        check(f, "bob back");
        assertThat(java.util.List.of(f.ticket(t1).status(), f.ticket(t2).status()))
                .as("both tickets are with an agent or on offer").doesNotContain(TicketStatus.QUEUED);
        ReplayHarness.assertReplayMatches(f, mode);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("slaModes")
    void transfer_offeredTicketToHigherTier_freedAgentRoutedAndTicketOfferedToQualifiedAgent(String mode,
            SlaConfig sla) {
        EngineFixture f = new EngineFixture(transferConfig(), sla);
        assertThat(f.upsert(agent("alice").team("alpha").tier(SupportTier.L1).onlyCapacity(Channel.CHAT, 1).build()).ok())
                .isTrue();
        assertThat(f.upsert(agent("bob").team("beta").tier(SupportTier.L3).onlyCapacity(Channel.CHAT, 1).build()).ok())
                .isTrue();
        f.connect("alice");
        f.connect("bob");
        f.available("alice");
        String t1 = f.createId(f.ticket());
        String t2 = f.createId(f.ticket());
        f.at(seconds(1));
        Outcome transfer = f.transfer(t1, null, null, SupportTier.L3);
        assertThat(offerIn(transfer, t2).agentId()).isEqualTo("alice");
        check(f, "after tier transfer");
        assertThat(offerIn(f.available("bob"), t1).agentId()).isEqualTo("bob");
        check(f, "bob");
        assertThat(events(transfer, TicketOffered.class)).extracting(TicketOffered::ticketId).containsExactly(t2);
        ReplayHarness.assertReplayMatches(f, mode);
    }
}
