package io.switchboard.core.routing;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.core.agent.Agent;
import io.switchboard.core.agent.AgentProfile;
import io.switchboard.core.agent.Presence;
import io.switchboard.core.agent.SupportTier;
import io.switchboard.core.ticket.Channel;
import io.switchboard.core.ticket.Customer;
import io.switchboard.core.ticket.CustomerTier;
import io.switchboard.core.ticket.Priority;
import io.switchboard.core.ticket.Ticket;
import io.switchboard.core.ticket.TicketDraft;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** The matching index on its own: agents and tickets built directly, no engine. */
class DispatcherTest {
    private static final long T0 = 1_700_000_000_000L;
    private static final Demand ANY_CHAT = demand(Channel.CHAT, Map.of());

    private final Dispatcher dispatcher = new Dispatcher();
    private long ticketSeq;

    // ---------------------------------------------------------------- helpers

    private static Demand demand(Channel channel, Map<String, Integer> skills) {
        return new Demand(channel, null, new TreeMap<>(skills), Set.of(), null);
    }

    private static AgentProfile profile(String id, Map<String, Integer> skills, int chatCapacity) {
        return AgentProfile.of(id, id, "support", SupportTier.L1, skills, Set.of("en"),
                Map.of(Channel.CHAT, chatCapacity), false, null, null);
    }

    /** An available agent idle since {@code idleSince} (ms after T0), indexed in the dispatcher. */
    private Agent agent(String id, Map<String, Integer> skills, int chatCapacity, long idleSince) {
        Agent agent = new Agent(profile(id, skills, chatCapacity), T0 + idleSince);
        agent.presence(Presence.AVAILABLE);
        dispatcher.addAgent(agent);
        return agent;
    }

    private Agent agent(String id, long idleSince) {
        return agent(id, Map.of(), 3, idleSince);
    }

    private Ticket ticket(Channel channel, long orderKey) {
        long seq = ++ticketSeq;
        TicketDraft draft = new TicketDraft(channel, Priority.NORMAL, new Customer("c" + seq, CustomerTier.STANDARD,
                null), null, null, null, List.of(), null, Set.of(), Map.of(), null);
        Ticket ticket = new Ticket("tkt_" + seq, seq, draft, "general", T0);
        ticket.orderKey(orderKey);
        return ticket;
    }

    private Ticket waiting(Demand demand, long orderKey) {
        Ticket ticket = ticket(demand.channel(), orderKey);
        dispatcher.enqueue(ticket, demand);
        return ticket;
    }

    private void load(Agent agent, int tickets) {
        dispatcher.update(agent, a -> a.addLoad(Channel.CHAT, tickets));
    }

    // ---------------------------------------------------------------- bestAgentFor

    @Test
    void bestAgentFor_ticketNotEnqueued_null() {
        agent("alice", 0);

        assertThat(dispatcher.bestAgentFor(ticket(Channel.CHAT, 0), SelectionStrategy.LEAST_LOADED)).isNull();
    }

    @Test
    void bestAgentFor_singleAvailableAgent_chosen() {
        Agent alice = agent("alice", 0);
        Ticket t = waiting(ANY_CHAT, 0);

        assertThat(dispatcher.bestAgentFor(t, SelectionStrategy.LEAST_LOADED)).isSameAs(alice);
        assertThat(dispatcher.isWaiting(t)).isTrue();
    }

    @Test
    void bestAgentFor_bestAgentExcluded_nextAgentChosen() {
        agent("alice", 0);
        Agent bob = agent("bob", 10);
        Ticket t = waiting(ANY_CHAT, 0);

        t.exclude("alice", 0);

        assertThat(dispatcher.bestAgentFor(t, SelectionStrategy.LONGEST_IDLE)).isSameAs(bob);
        assertThat(dispatcher.bestAgentFor(t, SelectionStrategy.LEAST_LOADED)).isSameAs(bob);
        assertThat(dispatcher.bestAgentFor(t, SelectionStrategy.MOST_SKILLED)).isSameAs(bob);
    }

    @Test
    void bestAgentFor_everyAgentExcluded_null() {
        agent("alice", 0);
        agent("bob", 10);
        Ticket t = waiting(ANY_CHAT, 0);

        t.exclude("alice", 0);
        t.exclude("bob", 0);

        assertThat(dispatcher.bestAgentFor(t, SelectionStrategy.LEAST_LOADED)).isNull();
    }

    @Test
    void bestAgentFor_excludedAgentInOtherGroup_skippedAcrossGroups() {
        agent("alice", Map.of("billing", 5), 3, 0);
        Agent bob = agent("bob", Map.of("billing", 2), 3, 10);
        Ticket t = waiting(demand(Channel.CHAT, Map.of("billing", 1)), 0);

        t.exclude("alice", 0);

        assertThat(dispatcher.bestAgentFor(t, SelectionStrategy.MOST_SKILLED)).isSameAs(bob);
    }

    @Test
    void bestAgentFor_agentRemoved_notChosen() {
        Agent alice = agent("alice", 0);
        Agent bob = agent("bob", 10);
        Ticket t = waiting(ANY_CHAT, 0);

        dispatcher.removeAgent(alice);

        assertThat(dispatcher.bestAgentFor(t, SelectionStrategy.LONGEST_IDLE)).isSameAs(bob);
        dispatcher.removeAgent(bob);
        assertThat(dispatcher.bestAgentFor(t, SelectionStrategy.LONGEST_IDLE)).isNull();
    }

    @Test
    void bestAgentFor_agentAddedAgainAfterRemove_chosenAgain() {
        Agent alice = agent("alice", 0);
        Ticket t = waiting(ANY_CHAT, 0);
        dispatcher.removeAgent(alice);

        dispatcher.addAgent(alice);

        assertThat(dispatcher.bestAgentFor(t, SelectionStrategy.LEAST_LOADED)).isSameAs(alice);
    }

    @Test
    void bestAgentFor_agentNotAvailable_notChosen() {
        Agent alice = agent("alice", 0);
        Ticket t = waiting(ANY_CHAT, 0);

        dispatcher.update(alice, a -> a.presence(Presence.AWAY));

        assertThat(dispatcher.bestAgentFor(t, SelectionStrategy.LEAST_LOADED)).isNull();
    }

    @Test
    void bestAgentFor_agentAtCapacity_notChosen() {
        Agent alice = agent("alice", Map.of(), 1, 0);
        Ticket t = waiting(ANY_CHAT, 0);

        load(alice, 1);

        assertThat(dispatcher.bestAgentFor(t, SelectionStrategy.LEAST_LOADED)).isNull();
    }

    @Test
    void bestAgentFor_agentWithoutChannelCapacity_notChosen() {
        agent("alice", 0);
        Ticket email = waiting(demand(Channel.EMAIL, Map.of()), 0);

        assertThat(dispatcher.bestAgentFor(email, SelectionStrategy.LEAST_LOADED)).isNull();
    }

    @Test
    void bestAgentFor_agentBelowRequiredLevel_notChosen() {
        agent("alice", Map.of("billing", 2), 3, 0);
        Ticket t = waiting(demand(Channel.CHAT, Map.of("billing", 3)), 0);

        assertThat(dispatcher.bestAgentFor(t, SelectionStrategy.LEAST_LOADED)).isNull();
    }

    @Test
    void bestAgentFor_languageTeamAndTierInDemand_onlyMatchingAgentChosen() {
        Agent match = new Agent(AgentProfile.of("match", "m", "alpha", SupportTier.L3, Map.of(), Set.of("de", "en"),
                Map.of(Channel.CHAT, 3), false, null, null), T0 + 50);
        match.presence(Presence.AVAILABLE);
        dispatcher.addAgent(match);
        for (AgentProfile other : List.of(
                AgentProfile.of("lang", "l", "alpha", SupportTier.L3, Map.of(), Set.of("en"), Map.of(Channel.CHAT, 3),
                        false, null, null),
                AgentProfile.of("team", "t", "beta", SupportTier.L3, Map.of(), Set.of("de"), Map.of(Channel.CHAT, 3),
                        false, null, null),
                AgentProfile.of("tier", "r", "alpha", SupportTier.L1, Map.of(), Set.of("de"), Map.of(Channel.CHAT, 3),
                        false, null, null))) {
            Agent agent = new Agent(other, T0);
            agent.presence(Presence.AVAILABLE);
            dispatcher.addAgent(agent);
        }
        Demand demand = new Demand(Channel.CHAT, "de", new TreeMap<>(), Set.of("alpha"), SupportTier.L2);
        Ticket t = waiting(demand, 0);

        assertThat(dispatcher.bestAgentFor(t, SelectionStrategy.LONGEST_IDLE)).isSameAs(match);
        assertThat(dispatcher.qualifiedAgents(demand)).extracting(Agent::id).containsExactly("match");
    }

    @Test
    void bestAgentFor_leastLoaded_lowestRatioAcrossGroups() {
        Agent alice = agent("alice", Map.of("billing", 5), 2, 0);
        Agent bob = agent("bob", Map.of("tech", 1), 4, 10);
        load(alice, 1); // 1/2
        load(bob, 1); // 1/4
        Ticket t = waiting(ANY_CHAT, 0);

        assertThat(dispatcher.bestAgentFor(t, SelectionStrategy.LEAST_LOADED)).isSameAs(bob);
        assertThat(dispatcher.bestAgentFor(t, SelectionStrategy.LONGEST_IDLE)).isSameAs(alice);
    }

    @Test
    void bestAgentFor_leastLoadedEqualRatios_longestIdleThenId() {
        Agent zoe = agent("zoe", Map.of(), 2, 5);
        Agent amy = agent("amy", Map.of(), 4, 5);
        Agent late = agent("bea", Map.of(), 4, 6);
        load(zoe, 1);
        load(amy, 2);
        load(late, 2);
        Ticket t = waiting(ANY_CHAT, 0);

        assertThat(dispatcher.bestAgentFor(t, SelectionStrategy.LEAST_LOADED)).isSameAs(amy);
        dispatcher.removeAgent(amy);
        assertThat(dispatcher.bestAgentFor(t, SelectionStrategy.LEAST_LOADED)).isSameAs(zoe);
    }

    @Test
    void bestAgentFor_longestIdle_earliestLastRoutedAt() {
        agent("alice", Map.of("billing", 5), 3, 20);
        Agent bob = agent("bob", Map.of(), 3, 10);
        agent("carol", Map.of(), 3, 30);
        Ticket t = waiting(ANY_CHAT, 0);

        assertThat(dispatcher.bestAgentFor(t, SelectionStrategy.LONGEST_IDLE)).isSameAs(bob);
    }

    @Test
    void bestAgentFor_mostSkilled_highestSumAcrossGroups() {
        agent("alice", Map.of("billing", 5, "refunds", 1), 3, 0);
        Agent bob = agent("bob", Map.of("billing", 3, "refunds", 4), 3, 10);
        agent("carol", Map.of("billing", 5), 3, 0);
        Ticket t = waiting(demand(Channel.CHAT, Map.of("billing", 1, "refunds", 1)), 0);

        assertThat(dispatcher.bestAgentFor(t, SelectionStrategy.MOST_SKILLED)).isSameAs(bob);
    }

    @Test
    void bestAgentFor_tieOnEverything_lowestAgentIdChosen() {
        agent("zoe", Map.of("billing", 3), 3, 0);
        Agent amy = agent("amy", Map.of("billing", 3, "tech", 2), 3, 0);
        agent("max", Map.of("billing", 3), 3, 0);
        Ticket t = waiting(demand(Channel.CHAT, Map.of("billing", 1)), 0);

        assertThat(dispatcher.bestAgentFor(t, SelectionStrategy.LEAST_LOADED)).isSameAs(amy);
        assertThat(dispatcher.bestAgentFor(t, SelectionStrategy.LONGEST_IDLE)).isSameAs(amy);
        assertThat(dispatcher.bestAgentFor(t, SelectionStrategy.MOST_SKILLED)).isSameAs(amy);
    }

    @Test
    void bestAgentFor_agentProfileChanged_matchesUnderNewProfile() {
        Agent alice = agent("alice", Map.of("billing", 1), 3, 0);
        Ticket t = waiting(demand(Channel.CHAT, Map.of("billing", 4)), 0);
        assertThat(dispatcher.bestAgentFor(t, SelectionStrategy.LEAST_LOADED)).isNull();

        dispatcher.update(alice, a -> a.updateProfile(profile("alice", Map.of("billing", 4), 3)));

        assertThat(dispatcher.bestAgentFor(t, SelectionStrategy.LEAST_LOADED)).isSameAs(alice);
        assertThat(dispatcher.bestTicketFor(alice)).isSameAs(t);
    }

    @Test
    void addLoad_loadFallsAndRises_leastLoadedOrderFollows() {
        Agent alice = agent("alice", 0);
        Agent bob = agent("bob", 10);
        Ticket t = waiting(ANY_CHAT, 0);
        dispatcher.addLoad(alice, Channel.CHAT, 2);
        assertThat(dispatcher.bestAgentFor(t, SelectionStrategy.LEAST_LOADED)).isSameAs(bob);

        dispatcher.addLoad(bob, Channel.CHAT, 2);
        dispatcher.addLoad(alice, Channel.CHAT, -1);

        assertThat(dispatcher.bestAgentFor(t, SelectionStrategy.LEAST_LOADED)).isSameAs(alice);
        assertThat(alice.load(Channel.CHAT)).isEqualTo(1);
    }

    @Test
    void addLoad_agentFillsThenFrees_leavesAndRejoinsTheIdleOrder() {
        Agent alice = agent("alice", 0);
        Agent bob = agent("bob", 10);
        Ticket t = waiting(ANY_CHAT, 0);

        dispatcher.addLoad(alice, Channel.CHAT, 3);
        assertThat(dispatcher.bestAgentFor(t, SelectionStrategy.LONGEST_IDLE)).isSameAs(bob);
        dispatcher.addLoad(bob, Channel.CHAT, 3);
        assertThat(dispatcher.bestAgentFor(t, SelectionStrategy.LONGEST_IDLE)).isNull();
        assertThat(dispatcher.bestAgentFor(t, SelectionStrategy.LEAST_LOADED)).isNull();

        dispatcher.addLoad(alice, Channel.CHAT, -1);
        assertThat(dispatcher.bestAgentFor(t, SelectionStrategy.LONGEST_IDLE)).isSameAs(alice);
        assertThat(dispatcher.bestAgentFor(t, SelectionStrategy.LEAST_LOADED)).isSameAs(alice);
    }

    @Test
    void addLoad_otherChannel_chatOrderUnchanged() {
        Agent alice = new Agent(AgentProfile.of("alice", "alice", "support", SupportTier.L1, Map.of(), Set.of("en"),
                Map.of(Channel.CHAT, 2, Channel.EMAIL, 1), false, null, null), T0);
        alice.presence(Presence.AVAILABLE);
        dispatcher.addAgent(alice);
        Agent bob = agent("bob", Map.of(), 2, 10);
        Ticket chat = waiting(ANY_CHAT, 0);
        Ticket mail = waiting(demand(Channel.EMAIL, Map.of()), 1);

        dispatcher.addLoad(alice, Channel.EMAIL, 1);

        assertThat(dispatcher.bestAgentFor(mail, SelectionStrategy.LEAST_LOADED)).isNull();
        assertThat(dispatcher.bestAgentFor(chat, SelectionStrategy.LONGEST_IDLE)).isSameAs(alice);
        assertThat(dispatcher.bestTicketFor(alice)).isSameAs(chat);
        dispatcher.addLoad(alice, Channel.EMAIL, -1);
        assertThat(dispatcher.bestAgentFor(mail, SelectionStrategy.LEAST_LOADED)).isSameAs(alice);
        assertThat(bob.load(Channel.EMAIL)).isZero();
    }

    @Test
    void addLoad_agentNotIndexed_onlyItsLoadChanges() {
        Agent alice = new Agent(profile("alice", Map.of(), 3), T0);
        alice.presence(Presence.AVAILABLE);

        dispatcher.addLoad(alice, Channel.CHAT, 1);

        assertThat(alice.load(Channel.CHAT)).isEqualTo(1);
        assertThat(dispatcher.bestAgentFor(waiting(ANY_CHAT, 0), SelectionStrategy.LEAST_LOADED)).isNull();
    }

    @Test
    void update_profileChanged_agentLeavesItsOldGroup() {
        Agent alice = agent("alice", Map.of("billing", 1), 3, 0);
        Demand billing = demand(Channel.CHAT, Map.of("billing", 1));
        Demand tech = demand(Channel.CHAT, Map.of("tech", 1));

        dispatcher.update(alice, a -> a.updateProfile(profile("alice", Map.of("tech", 2), 3)));

        assertThat(dispatcher.anyQualified(billing)).isFalse();
        assertThat(dispatcher.anyQualified(tech)).isTrue();
        assertThat(dispatcher.qualifiedAgents(billing)).isEmpty();
        assertThat(dispatcher.qualifiedAgents(tech)).containsExactly(alice);
    }

    @Test
    void update_sameProfileIdleTimeChanged_longestIdleOrderFollows() {
        Agent alice = agent("alice", 0);
        Agent bob = agent("bob", 10);
        Ticket t = waiting(ANY_CHAT, 0);

        dispatcher.update(alice, a -> a.lastRoutedAt(T0 + 20));

        assertThat(dispatcher.bestAgentFor(t, SelectionStrategy.LONGEST_IDLE)).isSameAs(bob);
        assertThat(dispatcher.qualifiedAgents(ANY_CHAT)).containsExactlyInAnyOrder(alice, bob);
    }

    // ---------------------------------------------------------------- bestTicketFor

    @Test
    void bestTicketFor_severalWaiting_lowestOrderKeyFirst() {
        Agent alice = agent("alice", Map.of("billing", 3), 3, 0);
        waiting(ANY_CHAT, 300);
        Ticket best = waiting(demand(Channel.CHAT, Map.of("billing", 2)), 100);
        waiting(ANY_CHAT, 200);

        assertThat(dispatcher.bestTicketFor(alice)).isSameAs(best);
    }

    @Test
    void bestTicketFor_equalOrderKeys_lowerSeqFirst() {
        Agent alice = agent("alice", 0);
        Ticket first = waiting(ANY_CHAT, 100);
        waiting(ANY_CHAT, 100);

        assertThat(dispatcher.bestTicketFor(alice)).isSameAs(first);
    }

    @Test
    void bestTicketFor_headTicketExcluded_nextTicketReturned() {
        Agent alice = agent("alice", 0);
        Ticket head = waiting(ANY_CHAT, 100);
        Ticket next = waiting(ANY_CHAT, 200);

        head.exclude("alice", 0);

        assertThat(dispatcher.bestTicketFor(alice)).isSameAs(next);
    }

    @Test
    void bestTicketFor_everyTicketExcluded_null() {
        Agent alice = agent("alice", 0);
        waiting(ANY_CHAT, 100).exclude("alice", 0);
        waiting(ANY_CHAT, 200).exclude("alice", 0);

        assertThat(dispatcher.bestTicketFor(alice)).isNull();
    }

    @Test
    void bestTicketFor_ticketNeedsSkillAgentLacks_skipped() {
        Agent alice = agent("alice", Map.of("billing", 1), 3, 0);
        waiting(demand(Channel.CHAT, Map.of("billing", 2)), 100);
        Ticket reachable = waiting(demand(Channel.CHAT, Map.of("billing", 1)), 200);

        assertThat(dispatcher.bestTicketFor(alice)).isSameAs(reachable);
    }

    @Test
    void bestTicketFor_noFreeCapacityOnChannel_otherChannelStillServed() {
        Agent alice = new Agent(AgentProfile.of("alice", "a", "support", SupportTier.L1, Map.of(), Set.of("en"),
                Map.of(Channel.CHAT, 1, Channel.EMAIL, 1), false, null, null), T0);
        alice.presence(Presence.AVAILABLE);
        dispatcher.addAgent(alice);
        waiting(ANY_CHAT, 100);
        Ticket email = waiting(demand(Channel.EMAIL, Map.of()), 200);

        load(alice, 1);

        assertThat(dispatcher.bestTicketFor(alice)).isSameAs(email);
        dispatcher.update(alice, a -> a.addLoad(Channel.EMAIL, 1));
        assertThat(dispatcher.bestTicketFor(alice)).isNull();
    }

    @Test
    void bestTicketFor_agentRemoved_null() {
        Agent alice = agent("alice", 0);
        waiting(ANY_CHAT, 100);

        dispatcher.removeAgent(alice);

        assertThat(dispatcher.bestTicketFor(alice)).isNull();
    }

    @Test
    void bestTicketFor_agentNotAvailable_stillAnswersIgnoringPresence() {
        Agent alice = agent("alice", 0);
        Ticket t = waiting(ANY_CHAT, 100);

        dispatcher.update(alice, a -> a.presence(Presence.AWAY));

        assertThat(dispatcher.bestTicketFor(alice)).isSameAs(t);
    }

    @Test
    void bestTicketFor_ticketEnqueuedBeforeAgentExisted_found() {
        Ticket t = waiting(demand(Channel.CHAT, Map.of("tech", 2)), 100);

        Agent late = agent("late", Map.of("tech", 2), 3, 0);

        assertThat(dispatcher.bestTicketFor(late)).isSameAs(t);
        assertThat(dispatcher.bestAgentFor(t, SelectionStrategy.LEAST_LOADED)).isSameAs(late);
    }

    // ---------------------------------------------------------------- enqueue / dequeue

    @Test
    void dequeue_waitingTicket_noLongerMatched() {
        Agent alice = agent("alice", 0);
        Ticket t = waiting(ANY_CHAT, 100);

        dispatcher.dequeue(t);

        assertThat(dispatcher.isWaiting(t)).isFalse();
        assertThat(dispatcher.bestTicketFor(alice)).isNull();
        assertThat(dispatcher.bestAgentFor(t, SelectionStrategy.LEAST_LOADED)).isNull();
        dispatcher.dequeue(t); // no-op when not waiting
    }

    @Test
    void enqueue_ticketWithNewDemand_movesBucket() {
        Agent alice = agent("alice", Map.of("billing", 2), 3, 0);
        Ticket t = waiting(demand(Channel.CHAT, Map.of("billing", 3)), 100);
        assertThat(dispatcher.bestTicketFor(alice)).isNull();

        dispatcher.enqueue(t, demand(Channel.CHAT, Map.of("billing", 2)));

        assertThat(dispatcher.bestTicketFor(alice)).isSameAs(t);
    }

    @Test
    void qualifies_presenceAndCapacityIgnored_profileDecides() {
        Agent alice = agent("alice", Map.of("billing", 3), 1, 0);
        dispatcher.update(alice, a -> {
            a.presence(Presence.OFFLINE);
            a.addLoad(Channel.CHAT, 1);
        });

        assertThat(dispatcher.qualifies(alice, demand(Channel.CHAT, Map.of("billing", 3)))).isTrue();
        assertThat(dispatcher.qualifies(alice, demand(Channel.CHAT, Map.of("billing", 4)))).isFalse();
        assertThat(dispatcher.qualifiedAgents(demand(Channel.CHAT, Map.of("billing", 3))))
                .extracting(Agent::id).containsExactly("alice");
    }
    @Test
    void enqueue_ticketWithNewDemand_leavesItsOldBucket() {
        Agent alice = agent("alice", Map.of("billing", 3), 3, 0);
        Ticket t = waiting(demand(Channel.CHAT, Map.of("billing", 3)), 100);
        assertThat(dispatcher.bestTicketFor(alice)).isSameAs(t);

        dispatcher.enqueue(t, demand(Channel.CHAT, Map.of("billing", 4)));

        assertThat(dispatcher.bestTicketFor(alice)).as("alice only meets the old demand").isNull();
        assertThat(dispatcher.bestAgentFor(t, SelectionStrategy.LEAST_LOADED)).isNull();
    }

    @Test
    void bestAgentFor_twoAgentsOfOneProfile_strategyPicksWithinTheGroup() {
        Agent idleLoaded = agent("idle", Map.of("billing", 2), 4, 0);
        Agent freshFree = agent("fresh", Map.of("billing", 2), 4, 50);
        load(idleLoaded, 2);
        Ticket t = waiting(demand(Channel.CHAT, Map.of("billing", 1)), 0);

        assertThat(dispatcher.bestAgentFor(t, SelectionStrategy.LEAST_LOADED)).isSameAs(freshFree);
        assertThat(dispatcher.bestAgentFor(t, SelectionStrategy.LONGEST_IDLE)).isSameAs(idleLoaded);
        assertThat(dispatcher.bestAgentFor(t, SelectionStrategy.MOST_SKILLED)).isSameAs(idleLoaded);
    }

    @Test
    void bestAgentFor_equalScoresInGroupsLinkedLater_longestIdleStillWins() {
        Ticket t = waiting(demand(Channel.CHAT, Map.of("billing", 1)), 0);
        Agent early = agent("early", Map.of("billing", 3), 3, 0);
        agent("late", Map.of("billing", 3, "tech", 1), 3, 50);

        assertThat(dispatcher.bestAgentFor(t, SelectionStrategy.LONGEST_IDLE)).isSameAs(early);
        assertThat(dispatcher.bestAgentFor(t, SelectionStrategy.LEAST_LOADED)).isSameAs(early);
        assertThat(dispatcher.bestAgentFor(t, SelectionStrategy.MOST_SKILLED)).isSameAs(early);
    }

    @Test
    void bestTicketFor_equalOrderKeys_higherPriorityBeforeEarlierArrival() {
        Agent alice = agent("alice", 0);
        waiting(ANY_CHAT, 100);
        Ticket urgent = ticket(Channel.CHAT, 100);
        urgent.priority(Priority.URGENT);
        dispatcher.enqueue(urgent, ANY_CHAT);

        assertThat(dispatcher.bestTicketFor(alice)).isSameAs(urgent);
    }

    // ---------------------------------------------------------------- bestExcludingTicketFor

    @Test
    void bestExcludingTicketFor_agentNotIndexed_null() {
        Agent alice = agent("alice", 0);
        waiting(ANY_CHAT, 100).exclude("alice", T0);
        dispatcher.removeAgent(alice);

        assertThat(dispatcher.bestExcludingTicketFor(alice)).isNull();
    }

    @Test
    void bestExcludingTicketFor_everyTicketExcludesAgent_earliestHeadAcrossBucketsReturned() {
        Agent alice = agent("alice", Map.of("billing", 3), 3, 0);
        Ticket chatHead = waiting(ANY_CHAT, 200);
        waiting(ANY_CHAT, 300).exclude("alice", T0);
        Ticket billingHead = waiting(demand(Channel.CHAT, Map.of("billing", 2)), 100);
        chatHead.exclude("alice", T0);
        billingHead.exclude("alice", T0);
        assertThat(dispatcher.bestTicketFor(alice)).isNull();

        assertThat(dispatcher.bestExcludingTicketFor(alice)).isSameAs(billingHead);
        dispatcher.dequeue(billingHead);
        assertThat(dispatcher.bestExcludingTicketFor(alice)).as("an emptied bucket is skipped").isSameAs(chatHead);
    }

    @Test
    void bestExcludingTicketFor_firstBucketHoldsTheEarlierHead_itIsKept() {
        Agent alice = agent("alice", Map.of("billing", 3), 3, 0);
        Ticket chatHead = waiting(ANY_CHAT, 100);
        waiting(demand(Channel.CHAT, Map.of("billing", 2)), 200);

        assertThat(dispatcher.bestExcludingTicketFor(alice)).isSameAs(chatHead);
    }

    @Test
    void bestExcludingTicketFor_noFreeCapacityOnChannel_thatChannelSkipped() {
        Agent alice = new Agent(AgentProfile.of("alice", "a", "support", SupportTier.L1, Map.of(), Set.of("en"),
                Map.of(Channel.CHAT, 1, Channel.EMAIL, 1), false, null, null), T0);
        alice.presence(Presence.AVAILABLE);
        dispatcher.addAgent(alice);
        waiting(ANY_CHAT, 100).exclude("alice", T0);
        Ticket email = waiting(demand(Channel.EMAIL, Map.of()), 200);
        email.exclude("alice", T0);

        load(alice, 1);

        assertThat(dispatcher.bestExcludingTicketFor(alice)).isSameAs(email);
        dispatcher.update(alice, a -> a.addLoad(Channel.EMAIL, 1));
        assertThat(dispatcher.bestExcludingTicketFor(alice)).isNull();
    }

    @Test
    void bestExcludingTicketFor_nothingWaitsWhereAgentQualifies_null() {
        Agent alice = agent("alice", Map.of("billing", 1), 3, 0);
        waiting(demand(Channel.CHAT, Map.of("billing", 2)), 100);

        assertThat(dispatcher.bestExcludingTicketFor(alice)).isNull();
    }

    // ---------------------------------------------------------------- anyQualified

    @Test
    void anyQualified_demandWaitingAndQualifiedAgentAwayAndFull_true() {
        Agent alice = agent("alice", Map.of("billing", 3), 1, 0);
        Demand billing = demand(Channel.CHAT, Map.of("billing", 2));
        waiting(billing, 100);

        dispatcher.update(alice, a -> {
            a.presence(Presence.AWAY);
            a.addLoad(Channel.CHAT, 1);
        });

        assertThat(dispatcher.anyQualified(billing)).isTrue();
    }

    @Test
    void anyQualified_demandWaitingAndItsOnlyAgentRemoved_false() {
        Agent alice = agent("alice", Map.of("billing", 3), 3, 0);
        agent("bob", Map.of("billing", 1), 3, 0);
        Demand billing = demand(Channel.CHAT, Map.of("billing", 2));
        waiting(billing, 100);

        dispatcher.removeAgent(alice);

        assertThat(dispatcher.anyQualified(billing)).isFalse();
    }

    @Test
    void anyQualified_demandNotWaitingAndQualifiedAgentKnown_true() {
        agent("bob", Map.of("billing", 1), 3, 0);
        agent("alice", Map.of("billing", 3), 3, 0);

        assertThat(dispatcher.anyQualified(demand(Channel.CHAT, Map.of("billing", 2)))).isTrue();
    }

    @Test
    void anyQualified_demandNotWaitingAndOnlyUnqualifiedOrRemovedAgents_false() {
        Agent alice = agent("alice", Map.of("billing", 3), 3, 0);
        agent("bob", Map.of("billing", 1), 3, 0);
        Demand billing = demand(Channel.CHAT, Map.of("billing", 2));
        assertThat(dispatcher.anyQualified(billing)).isTrue();

        dispatcher.removeAgent(alice);

        assertThat(dispatcher.anyQualified(billing)).isFalse();
        assertThat(new Dispatcher().anyQualified(billing)).as("no agent known").isFalse();
    }

    // ---------------------------------------------------------------- waitingOnlyFor

    @Test
    void waitingOnlyFor_agentNotIndexed_empty() {
        Agent alice = agent("alice", 0);
        waiting(ANY_CHAT, 100);
        dispatcher.removeAgent(alice);

        assertThat(dispatcher.waitingOnlyFor(alice)).isEmpty();
    }

    @Test
    void waitingOnlyFor_soleMemberOfOnlyStaffedMatchingProfile_thoseTicketsListed() {
        Agent alice = agent("alice", Map.of("billing", 3), 3, 0);
        agent("bob", Map.of("billing", 1), 3, 0);
        Agent carl = agent("carl", Map.of("billing", 4), 3, 0);
        Ticket onlyAlice = waiting(demand(Channel.CHAT, Map.of("billing", 3)), 100);
        Ticket alsoBob = waiting(demand(Channel.CHAT, Map.of("billing", 1)), 200);
        Ticket alsoCarl = waiting(demand(Channel.CHAT, Map.of("billing", 2)), 300);
        Ticket onlyAliceToo = waiting(demand(Channel.CHAT, Map.of("billing", 3)), 400);
        waiting(demand(Channel.CHAT, Map.of("billing", 5)), 500);
        assertThat(dispatcher.waitingOnlyFor(alice)).isEmpty();

        dispatcher.removeAgent(carl); // its profile stays linked, now with no member

        assertThat(dispatcher.waitingOnlyFor(alice)).containsExactlyInAnyOrder(onlyAlice, onlyAliceToo, alsoCarl)
                .doesNotContain(alsoBob);
    }

    @Test
    void waitingOnlyFor_anotherAgentSharesTheProfile_empty() {
        Agent alice = agent("alice", Map.of("billing", 3), 3, 0);
        Agent twin = agent("twin", Map.of("billing", 3), 3, 10);
        waiting(demand(Channel.CHAT, Map.of("billing", 3)), 100);

        assertThat(dispatcher.waitingOnlyFor(alice)).isEmpty();
        dispatcher.removeAgent(twin);
        assertThat(dispatcher.waitingOnlyFor(alice)).hasSize(1);
    }
}
