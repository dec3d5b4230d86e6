package io.switchboard.engine;

import static io.switchboard.engine.EngineFixture.agent;
import static io.switchboard.engine.EngineFixture.config;
import static io.switchboard.engine.EngineFixture.events;
import static io.switchboard.engine.EngineFixture.offerIn;
import static io.switchboard.engine.EngineFixture.offers;
import static io.switchboard.engine.EngineFixture.pushes;
import static io.switchboard.engine.EngineFixture.queue;
import static io.switchboard.engine.EngineFixture.seconds;
import static io.switchboard.engine.EngineFixture.single;
import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.core.agent.Presence;
import io.switchboard.core.agent.SupportTier;
import io.switchboard.core.event.DomainEvent;
import io.switchboard.core.event.DomainEvent.AgentConnected;
import io.switchboard.core.event.DomainEvent.AgentDisconnected;
import io.switchboard.core.event.DomainEvent.AgentGraceExpired;
import io.switchboard.core.event.DomainEvent.AgentPresenceChanged;
import io.switchboard.core.event.DomainEvent.OfferWithdrawn;
import io.switchboard.core.event.DomainEvent.PreferenceLapsed;
import io.switchboard.core.event.DomainEvent.TicketAssigned;
import io.switchboard.core.event.DomainEvent.TicketClosed;
import io.switchboard.core.event.DomainEvent.TicketOffered;
import io.switchboard.core.event.DomainEvent.TicketOverflowed;
import io.switchboard.core.event.DomainEvent.TicketQueued;
import io.switchboard.core.event.DomainEvent.TicketReleased;
import io.switchboard.core.event.DomainEvent.TicketReopened;
import io.switchboard.core.event.DomainEvent.TicketResolved;
import io.switchboard.core.event.DomainEvent.TicketTransferred;
import io.switchboard.core.routing.OverflowStep;
import io.switchboard.core.routing.RoutingConfig;
import io.switchboard.core.routing.RoutingRule;
import io.switchboard.core.routing.SelectionStrategy;
import io.switchboard.core.ticket.Channel;
import io.switchboard.core.ticket.CustomerTier;
import io.switchboard.core.ticket.Priority;
import io.switchboard.core.ticket.SkillRequirement;
import io.switchboard.core.ticket.TicketStatus;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Routing rules of the engine, driven through {@link Engine#handle} with a fixed clock
 * ({@link EngineFixture#T0}). Assertions are on outcomes: who got the offer, statuses, events.
 */
class EngineRoutingTest {

    // =====================================================================================
    // 1. Eligibility
    // =====================================================================================

    @Test
    void dispatch_availableAgent_ticketOfferedWithPush() {
        EngineFixture f = EngineFixture.standard();
        f.online(agent("alice"));

        f.at(seconds(5));
        Outcome created = f.create(f.ticket());

        assertThat(created.ok()).isTrue();
        assertThat(created.created()).isTrue();
        TicketView view = (TicketView) created.value();
        assertThat(view.status()).isEqualTo(TicketStatus.OFFERED);
        assertThat(view.queue()).isEqualTo("general");
        TicketOffered offer = offerIn(created, view.id());
        assertThat(offer.agentId()).isEqualTo("alice");
        assertThat(offer.expiresAt()).isEqualTo(f.now() + 20_000);
        AgentPush push = single1(pushes(created, AgentPush.Kind.OFFER));
        assertThat(push.agentId()).isEqualTo("alice");
        assertThat(push.sessionId()).isEqualTo(f.session("alice"));
        assertThat(push.offerId()).isEqualTo(offer.offerId());
        assertThat(push.expiresAt()).isEqualTo(offer.expiresAt());
        assertThat(push.ticket().id()).isEqualTo(view.id());
        assertThat(f.agentView("alice").load()).containsEntry(Channel.CHAT, 1);
    }

    @Test
    void dispatch_agentAway_ticketWaitsUntilAgentAvailable() {
        EngineFixture f = EngineFixture.standard();
        f.connectedAway(agent("alice"));

        String t = f.createId(f.ticket());
        assertThat(f.ticket(t).status()).isEqualTo(TicketStatus.QUEUED);
        assertThat(f.offeredTo(t)).isEmpty();

        f.at(seconds(3));
        Outcome available = f.available("alice");
        assertThat(offerIn(available, t).agentId()).isEqualTo("alice");
        assertThat(f.ticket(t).status()).isEqualTo(TicketStatus.OFFERED);
    }

    @Test
    void dispatch_agentNeverConnected_ticketWaits() {
        EngineFixture f = EngineFixture.standard();
        assertThat(f.upsert(agent("alice").build()).ok()).isTrue();

        String t = f.createId(f.ticket());

        assertThat(f.ticket(t).status()).isEqualTo(TicketStatus.QUEUED);
        assertThat(f.agentView("alice").presence()).isEqualTo(Presence.OFFLINE);
        assertThat(f.offeredTo(t)).isEmpty();
    }

    @Test
    void dispatch_agentLacksSkillLevel_ticketWaits() {
        EngineFixture f = new EngineFixture(config().queue(queue("billing").skill("billing", 3)));
        f.online(agent("bob").skill("billing", 2));

        String t = f.createId(f.ticket().queue("billing"));

        assertThat(f.ticket(t).status()).isEqualTo(TicketStatus.QUEUED);
        assertThat(f.offeredTo(t)).isEmpty();
        f.at(seconds(1));
        Outcome alice = f.online(agent("alice").skill("billing", 3));
        assertThat(offerIn(alice, t).agentId()).isEqualTo("alice");
    }

    @Test
    void dispatch_agentLacksSkillEntirely_ticketWaits() {
        EngineFixture f = new EngineFixture(config().queue(queue("billing").skill("billing", 1)));
        f.online(agent("bob").skill("tech", 5));

        String t = f.createId(f.ticket().queue("billing"));

        assertThat(f.ticket(t).status()).isEqualTo(TicketStatus.QUEUED);
    }

    @Test
    void dispatch_ticketSkillAboveQueueLevel_higherLevelRequired() {
        EngineFixture f = new EngineFixture(config().queue(queue("billing").skill("billing", 2)));
        f.online(agent("bob").skill("billing", 3));

        String t = f.createId(f.ticket().queue("billing").skill("billing", 4));

        assertThat(f.ticket(t).status()).isEqualTo(TicketStatus.QUEUED);
        assertThat(f.ticket(t).requiredSkills()).containsExactly(new SkillRequirement("billing", 4));
        f.at(seconds(1));
        Outcome alice = f.online(agent("alice").skill("billing", 4));
        assertThat(offerIn(alice, t).agentId()).isEqualTo("alice");
    }

    @Test
    void dispatch_ticketSkillBelowQueueLevel_queueLevelStillRequired() {
        EngineFixture f = new EngineFixture(config().queue(queue("billing").skill("billing", 3)));
        f.online(agent("bob").skill("billing", 2));

        String t = f.createId(f.ticket().queue("billing").skill("billing", 1));

        assertThat(f.ticket(t).requiredSkills()).containsExactly(new SkillRequirement("billing", 3));
        assertThat(f.ticket(t).status()).isEqualTo(TicketStatus.QUEUED);
    }

    @Test
    void dispatch_ticketAddsOwnSkill_agentNeedsEverySkill() {
        EngineFixture f = new EngineFixture(config().queue(queue("billing").skill("billing", 2)));
        f.online(agent("bob").skill("billing", 5));
        f.at(seconds(1));
        f.online(agent("carol").skill("refunds", 5));

        String t = f.createId(f.ticket().queue("billing").skill("refunds", 2));

        assertThat(f.ticket(t).status()).isEqualTo(TicketStatus.QUEUED);
        f.at(seconds(2));
        Outcome alice = f.online(agent("alice").skill("billing", 2).skill("refunds", 2));
        assertThat(offerIn(alice, t).agentId()).isEqualTo("alice");
    }

    @Test
    void dispatch_languageMismatch_ticketWaits() {
        EngineFixture f = EngineFixture.standard();
        f.online(agent("bob").languages("en"));
        f.connectedAway(agent("wei").languages("zh"));

        String t = f.createId(f.ticket().language("zh"));

        assertThat(f.ticket(t).status()).isEqualTo(TicketStatus.QUEUED);
        f.at(seconds(1));
        Outcome li = f.online(agent("li").languages("en", "zh"));
        assertThat(offerIn(li, t).agentId()).isEqualTo("li");
    }

    @Test
    void dispatch_ticketWithoutLanguage_anyLanguageAgentOffered() {
        EngineFixture f = EngineFixture.standard();
        f.online(agent("li").languages("zh"));

        Outcome created = f.create(f.ticket());

        assertThat(offers(created)).extracting(TicketOffered::agentId).containsExactly("li");
    }

    @Test
    void dispatch_chatCapacityThree_fourthChatTicketWaits() {
        EngineFixture f = EngineFixture.standard();
        f.online(agent("alice").capacity(Channel.CHAT, 3));

        String t1 = f.createId(f.ticket());
        String t2 = f.createId(f.ticket());
        String t3 = f.createId(f.ticket());
        String t4 = f.createId(f.ticket());

        assertThat(List.of(t1, t2, t3)).allSatisfy(t -> assertThat(f.offeredTo(t)).containsExactly("alice"));
        assertThat(f.ticket(t4).status()).isEqualTo(TicketStatus.QUEUED);
        assertThat(f.offeredTo(t4)).isEmpty();
        assertThat(f.agentView("alice").load()).containsEntry(Channel.CHAT, 3);
    }

    @Test
    void dispatch_chatCapacityFull_emailTicketStillOffered() {
        EngineFixture f = EngineFixture.standard();
        f.online(agent("alice").capacity(Channel.CHAT, 1).capacity(Channel.EMAIL, 1));
        f.createId(f.ticket());
        String chat2 = f.createId(f.ticket());

        String email = f.createId(f.ticket().channel(Channel.EMAIL));

        assertThat(f.ticket(chat2).status()).isEqualTo(TicketStatus.QUEUED);
        assertThat(f.offeredTo(email)).containsExactly("alice");
        assertThat(f.agentView("alice").load()).containsEntry(Channel.CHAT, 1).containsEntry(Channel.EMAIL, 1);
    }

    @Test
    void dispatch_agentHasNoCapacityOnChannel_ticketWaits() {
        EngineFixture f = EngineFixture.standard();
        f.online(agent("alice").onlyCapacity(Channel.CHAT, 3));

        String voice = f.createId(f.ticket().channel(Channel.VOICE));

        assertThat(f.ticket(voice).status()).isEqualTo(TicketStatus.QUEUED);
    }

    @Test
    void dispatch_queueRestrictedToTeam_otherTeamAgentSkipped() {
        EngineFixture f = new EngineFixture(config().queue(queue("vip").teams("alpha")));
        f.online(agent("bob").team("beta"));

        String t = f.createId(f.ticket().queue("vip"));

        assertThat(f.ticket(t).status()).isEqualTo(TicketStatus.QUEUED);
        f.at(seconds(1));
        Outcome alice = f.online(agent("alice").team("alpha"));
        assertThat(offerIn(alice, t).agentId()).isEqualTo("alice");
    }

    @Test
    void dispatch_queueWithoutTeams_anyTeamAgentOffered() {
        EngineFixture f = EngineFixture.standard();
        f.online(agent("bob").team("beta"));

        String t = f.createId(f.ticket());

        assertThat(f.offeredTo(t)).containsExactly("bob");
    }

    @Test
    void upsert_teamNotInConfiguredTeams_invalid() {
        EngineFixture f = new EngineFixture(config().teams("alpha"));

        Outcome outcome = f.upsert(agent("bob").team("beta").build());

        assertThat(outcome.rejection().kind()).isEqualTo(Rejection.Kind.INVALID);
        assertThat(outcome.rejection().errors()).extracting(Rejection.FieldError::pointer).containsExactly("/team");
        assertThat(outcome.events()).isEmpty();
    }

    @Test
    void routing_ruleMatchesTag_ticketGoesToRuleQueue() {
        EngineFixture f = new EngineFixture(config()
                .queue(queue("billing").skill("billing", 1))
                .rule("refunds-to-billing", Set.of("refund"), "billing"));

        String tagged = f.createId(f.ticket().tags("refund", "urgent"));
        String plain = f.createId(f.ticket().tags("other"));

        assertThat(f.ticket(tagged).queue()).isEqualTo("billing");
        assertThat(f.ticket(plain).queue()).isEqualTo("general");
    }

    @Test
    void routing_firstMatchingRuleWins_explicitQueueOverridesRules() {
        EngineFixture f = new EngineFixture(config()
                .queue(queue("vip"))
                .queue(queue("chat"))
                .rule(new RoutingRule("vip", Set.of(), Set.of(), Set.of(), Set.of(CustomerTier.VIP), Set.of(), "vip"))
                .rule(new RoutingRule("chat", Set.of(), Set.of(Channel.CHAT), Set.of(), Set.of(), Set.of(), "chat")));

        String vipChat = f.createId(f.ticket().tier(CustomerTier.VIP));
        String chat = f.createId(f.ticket());
        String explicit = f.createId(f.ticket().tier(CustomerTier.VIP).queue("general"));

        assertThat(f.ticket(vipChat).queue()).isEqualTo("vip");
        assertThat(f.ticket(chat).queue()).isEqualTo("chat");
        assertThat(f.ticket(explicit).queue()).isEqualTo("general");
    }

    @Test
    void routing_ruleListsTypesTicketHasNoType_ruleSkipped() {
        EngineFixture f = new EngineFixture(config()
                .queue(queue("tech"))
                .queue(queue("chinese"))
                .rule(new RoutingRule("bugs", Set.of("bug"), Set.of(), Set.of(), Set.of(), Set.of(), "tech"))
                .rule(new RoutingRule("zh", Set.of(), Set.of(), Set.of(), Set.of(), Set.of("zh"), "chinese")));

        Outcome noType = f.create(f.ticket().language("zh"));
        Outcome neither = f.create(f.ticket());

        assertThat(noType.ok()).isTrue();
        assertThat(((TicketView) noType.value()).queue()).isEqualTo("chinese");
        assertThat(neither.ok()).isTrue();
        assertThat(((TicketView) neither.value()).queue()).isEqualTo("general");
    }

    @Test
    void routing_ruleListsTypes_matchingTypeRouted() {
        EngineFixture f = new EngineFixture(config()
                .queue(queue("tech"))
                .rule(new RoutingRule("bugs", Set.of("bug"), Set.of(), Set.of(), Set.of(), Set.of(), "tech")));

        String bug = f.createId(f.ticket().type("bug"));
        String question = f.createId(f.ticket().type("question"));

        assertThat(f.ticket(bug).queue()).isEqualTo("tech");
        assertThat(f.ticket(question).queue()).isEqualTo("general");
    }

    @Test
    void create_unknownQueue_invalidWithPointer() {
        EngineFixture f = EngineFixture.standard();

        Outcome outcome = f.create(f.ticket().queue("nope"));

        assertThat(outcome.ok()).isFalse();
        assertThat(outcome.rejection().kind()).isEqualTo(Rejection.Kind.INVALID);
        assertThat(outcome.rejection().errors()).extracting(Rejection.FieldError::pointer).containsExactly("/queue");
        assertThat(outcome.events()).isEmpty();
    }

    // =====================================================================================
    // 2. Selection strategies
    // =====================================================================================

    @Test
    void leastLoaded_differentLoadRatios_lowestRatioChosenOverLongestIdle() {
        EngineFixture f = EngineFixture.standard();
        f.online(agent("alice").capacity(Channel.CHAT, 2));
        f.at(seconds(1));
        f.online(agent("bob").capacity(Channel.CHAT, 4));

        f.at(seconds(2));
        String t1 = f.createId(f.ticket()); // both 0 load: alice is idle longest
        f.at(seconds(3));
        String t2 = f.createId(f.ticket()); // alice 1/2, bob 0/4
        f.at(seconds(4));
        String t3 = f.createId(f.ticket()); // alice 1/2 = 0.5, bob 1/4 = 0.25; alice idle longer

        assertThat(f.offeredTo(t1)).containsExactly("alice");
        assertThat(f.offeredTo(t2)).containsExactly("bob");
        assertThat(f.offeredTo(t3)).containsExactly("bob");
    }

    @Test
    void leastLoaded_equalLoadRatios_longestIdleChosen() {
        EngineFixture f = EngineFixture.standard();
        f.online(agent("bob"));
        f.at(seconds(1));
        f.online(agent("alice"));

        f.at(seconds(2));
        String t = f.createId(f.ticket());

        assertThat(f.offeredTo(t)).containsExactly("bob");
    }

    @Test
    void leastLoaded_equalRatioAndIdleTime_lowestAgentIdChosen() {
        EngineFixture f = EngineFixture.standard();
        f.online(agent("zoe"));
        f.online(agent("amy"));

        String t = f.createId(f.ticket());

        assertThat(f.offeredTo(t)).containsExactly("amy");
    }

    @Test
    void leastLoaded_loadOnOtherChannel_ignored() {
        EngineFixture f = EngineFixture.standard();
        f.online(agent("alice"));
        f.connectedAway(agent("bob"));
        f.at(seconds(1));
        f.createId(f.ticket().channel(Channel.EMAIL));
        f.at(seconds(2));
        f.createId(f.ticket().channel(Channel.EMAIL)); // alice: 2 email, idle since 2 s
        f.at(seconds(3));
        f.available("bob"); // bob: nothing, idle since 3 s

        f.at(seconds(4));
        String chat = f.createId(f.ticket());

        assertThat(f.agentView("alice").load()).containsEntry(Channel.EMAIL, 2);
        assertThat(f.offeredTo(chat)).containsExactly("alice");
    }

    @Test
    void longestIdle_earlierAvailableAgent_chosen() {
        EngineFixture f = new EngineFixture(config().queue(queue("general").strategy(SelectionStrategy.LONGEST_IDLE)));
        f.online(agent("zoe"));
        f.at(seconds(1));
        f.online(agent("amy"));

        f.at(seconds(2));
        String t = f.createId(f.ticket());

        assertThat(f.offeredTo(t)).containsExactly("zoe");
    }

    @Test
    void longestIdle_moreLoadedAgentIdleLonger_chosen() {
        EngineFixture f = new EngineFixture(config().queue(queue("general").strategy(SelectionStrategy.LONGEST_IDLE)));
        f.online(agent("alice").capacity(Channel.CHAT, 2));
        f.at(seconds(1));
        f.online(agent("bob").capacity(Channel.CHAT, 10));

        f.at(seconds(2));
        String t1 = f.createId(f.ticket());
        f.at(seconds(3));
        String t2 = f.createId(f.ticket());
        f.at(seconds(4));
        String t3 = f.createId(f.ticket()); // alice last offered at 2 s (1/2 loaded), bob at 3 s (1/10)

        assertThat(f.offeredTo(t1)).containsExactly("alice");
        assertThat(f.offeredTo(t2)).containsExactly("bob");
        assertThat(f.offeredTo(t3)).containsExactly("alice");
    }

    @Test
    void longestIdle_becomingAvailableAgain_resetsIdleSince() {
        EngineFixture f = new EngineFixture(config().queue(queue("general").strategy(SelectionStrategy.LONGEST_IDLE)));
        f.online(agent("alice"));
        f.at(seconds(1));
        f.online(agent("bob"));
        f.at(seconds(2));
        f.away("alice");
        f.at(seconds(3));
        f.available("alice"); // idle since 3s now, bob since 1s

        f.at(seconds(4));
        String t = f.createId(f.ticket());

        assertThat(f.offeredTo(t)).containsExactly("bob");
    }

    @Test
    void longestIdle_sameIdleSince_lowestAgentIdChosen() {
        EngineFixture f = new EngineFixture(config().queue(queue("general").strategy(SelectionStrategy.LONGEST_IDLE)));
        f.online(agent("zoe"));
        f.online(agent("amy"));

        String t = f.createId(f.ticket());

        assertThat(f.offeredTo(t)).containsExactly("amy");
    }

    @Test
    void mostSkilled_higherSkillSum_chosenOverLongerIdle() {
        EngineFixture f = new EngineFixture(config().queue(queue("billing").strategy(SelectionStrategy.MOST_SKILLED)
                .skill("billing", 1).skill("refunds", 1)));
        f.online(agent("alice").skill("billing", 5).skill("refunds", 1).skill("tech", 5)); // 6 (tech not counted)
        f.at(seconds(1));
        f.online(agent("bob").skill("billing", 3).skill("refunds", 4)); // 7

        f.at(seconds(2));
        String t = f.createId(f.ticket().queue("billing"));

        assertThat(f.offeredTo(t)).containsExactly("bob");
    }

    @Test
    void mostSkilled_ticketOwnSkill_countsInSum() {
        EngineFixture f = new EngineFixture(config().queue(queue("billing").strategy(SelectionStrategy.MOST_SKILLED)
                .skill("billing", 1)));
        f.online(agent("alice").skill("billing", 5).skill("tech", 1)); // billing+tech = 6
        f.at(seconds(1));
        f.online(agent("bob").skill("billing", 3).skill("tech", 4)); // 7

        f.at(seconds(2));
        String withTech = f.createId(f.ticket().queue("billing").skill("tech", 1));

        assertThat(f.offeredTo(withTech)).containsExactly("bob");
    }

    @Test
    void mostSkilled_equalSkillSum_longestIdleChosen() {
        EngineFixture f = new EngineFixture(config().queue(queue("billing").strategy(SelectionStrategy.MOST_SKILLED)
                .skill("billing", 1).skill("refunds", 1)));
        f.online(agent("amy").skill("billing", 4).skill("refunds", 2));
        f.at(seconds(1));
        f.online(agent("zoe").skill("billing", 2).skill("refunds", 4));
        f.at(seconds(2));
        f.away("amy");
        f.available("amy"); // amy idle since 2s, zoe since 1s

        f.at(seconds(3));
        String t = f.createId(f.ticket().queue("billing"));

        assertThat(f.offeredTo(t)).containsExactly("zoe");
    }

    @Test
    void mostSkilled_equalSumAndIdleTime_lowestAgentIdChosen() {
        EngineFixture f = new EngineFixture(config().queue(queue("billing").strategy(SelectionStrategy.MOST_SKILLED)
                .skill("billing", 1)));
        f.online(agent("zoe").skill("billing", 4));
        f.online(agent("amy").skill("billing", 4).skill("tech", 1));

        String t = f.createId(f.ticket().queue("billing"));

        assertThat(f.offeredTo(t)).containsExactly("amy");
    }

    // =====================================================================================
    // 3. Ordering and aging
    // =====================================================================================

    private static EngineFixture orderingFixture() {
        EngineFixture f = new EngineFixture(config()
                .tierHeadStart(CustomerTier.VIP, seconds(60))
                .priorityHeadStart(Priority.URGENT, seconds(300))
                .priorityHeadStart(Priority.HIGH, seconds(120))
                .priorityHeadStart(Priority.NORMAL, seconds(60)));
        f.connectedAway(agent("alice").onlyCapacity(Channel.CHAT, 1));
        return f;
    }

    @Test
    void ordering_vipArrivesWithinHeadStart_servedFirst() {
        EngineFixture f = orderingFixture();
        String standard = f.createId(f.ticket());
        f.at(seconds(30));
        String vip = f.createId(f.ticket().tier(CustomerTier.VIP));

        f.at(seconds(40));
        Outcome available = f.available("alice");

        assertThat(offers(available)).extracting(TicketOffered::ticketId).containsExactly(vip);
        assertThat(f.ticket(standard).status()).isEqualTo(TicketStatus.QUEUED);
    }

    @Test
    void ordering_urgentArrivesWithinHeadStart_servedFirst() {
        EngineFixture f = orderingFixture();
        f.createId(f.ticket().priority(Priority.LOW));
        f.at(seconds(100));
        f.createId(f.ticket().priority(Priority.NORMAL));
        f.at(seconds(200));
        String urgent = f.createId(f.ticket().priority(Priority.URGENT));

        f.at(seconds(210));
        Outcome available = f.available("alice");

        assertThat(offers(available)).extracting(TicketOffered::ticketId).containsExactly(urgent);
    }

    @Test
    void ordering_standardWaitedLongerThanVipHeadStart_servedBeforeNewerVip() {
        EngineFixture f = orderingFixture();
        String standard = f.createId(f.ticket());
        f.at(seconds(61));
        f.createId(f.ticket().tier(CustomerTier.VIP));

        f.at(seconds(70));
        Outcome available = f.available("alice");

        assertThat(offers(available)).extracting(TicketOffered::ticketId).containsExactly(standard);
    }

    @Test
    void ordering_lowWaitedLongerThanPriorityDifference_servedBeforeNewerHigh() {
        EngineFixture f = orderingFixture();
        String low = f.createId(f.ticket().priority(Priority.LOW));
        f.at(seconds(121)); // HIGH head start over LOW is 120 s
        f.createId(f.ticket().priority(Priority.HIGH));

        f.at(seconds(130));
        Outcome available = f.available("alice");

        assertThat(offers(available)).extracting(TicketOffered::ticketId).containsExactly(low);
    }

    @Test
    void ordering_lowOvertakenWithinPriorityDifference_highServedFirst() {
        EngineFixture f = orderingFixture();
        f.createId(f.ticket().priority(Priority.LOW));
        f.at(seconds(119));
        String high = f.createId(f.ticket().priority(Priority.HIGH));

        f.at(seconds(130));
        Outcome available = f.available("alice");

        assertThat(offers(available)).extracting(TicketOffered::ticketId).containsExactly(high);
    }

    @Test
    void ordering_exactlyHeadStartApart_earlierArrivalFirst() {
        EngineFixture f = orderingFixture();
        String standard = f.createId(f.ticket());
        f.at(seconds(60));
        f.createId(f.ticket().tier(CustomerTier.VIP));

        f.at(seconds(70));
        Outcome available = f.available("alice");

        assertThat(offers(available)).extracting(TicketOffered::ticketId).containsExactly(standard);
    }

    @Test
    void ordering_lowPriorityTicket_neverStarvedBySteadyHighPriorityArrivals() {
        EngineFixture f = new EngineFixture(config().priorityHeadStart(Priority.HIGH, seconds(120)));
        f.online(agent("alice").onlyCapacity(Channel.CHAT, 1));
        String first = f.createId(f.ticket());
        assertThat(f.offeredTo(first)).containsExactly("alice");
        f.at(seconds(1));
        String low = f.createId(f.ticket().priority(Priority.LOW));
        // a HIGH ticket arrives every 30 s; alice finishes her current ticket 1 s after each arrival
        String served = null;
        for (int i = 1; i <= 20 && served == null; i++) {
            f.at(seconds(30L * i));
            f.createId(f.ticket().priority(Priority.HIGH));
            f.at(seconds(30L * i + 1));
            String current = currentOffer(f, "alice");
            if (current.equals(low)) {
                served = low;
            } else {
                f.acceptOffer(current);
                f.resolve(current);
            }
        }

        assertThat(served).as("low priority ticket offered eventually").isEqualTo(low);
        // LOW (key 1 s) is overtaken only by HIGH tickets arriving before 121 s (key = arrival - 120 s)
        assertThat(f.lastOffer(low).at()).isEqualTo(EngineFixture.T0 + seconds(151));
    }

    /** The ticket currently offered to (not yet accepted by) the agent. */
    private static String currentOffer(EngineFixture f, String agentId) {
        String current = null;
        for (DomainEvent e : f.journal) {
            if (e instanceof TicketOffered o && o.agentId().equals(agentId)
                    && f.ticket(o.ticketId()).status() == TicketStatus.OFFERED) {
                current = o.ticketId();
            }
        }
        assertThat(current).as("an open offer for %s", agentId).isNotNull();
        return current;
    }

    @Test
    void ordering_rejectedTicket_keepsOriginalPosition() {
        EngineFixture f = EngineFixture.standard();
        f.connectedAway(agent("alice").onlyCapacity(Channel.CHAT, 1));
        f.connectedAway(agent("bob").onlyCapacity(Channel.CHAT, 1));
        String t1 = f.createId(f.ticket());
        f.at(seconds(1));
        String t2 = f.createId(f.ticket());
        f.at(seconds(2));
        String t3 = f.createId(f.ticket());

        f.at(seconds(3));
        Outcome aliceAvailable = f.available("alice");
        String offerId = offerIn(aliceAvailable, t1).offerId();
        f.at(seconds(4));
        Outcome rejected = f.reject("alice", offerId);
        assertThat(offerIn(rejected, t2).agentId()).isEqualTo("alice");
        assertThat(f.ticket(t1).status()).isEqualTo(TicketStatus.QUEUED);

        f.at(seconds(5));
        Outcome bobAvailable = f.available("bob");

        assertThat(offers(bobAvailable)).extracting(TicketOffered::ticketId).containsExactly(t1);
        assertThat(f.ticket(t3).status()).isEqualTo(TicketStatus.QUEUED);
    }

    // =====================================================================================
    // 4. Overflow
    // =====================================================================================

    @Test
    void overflow_lowerSkillLevelAfterDelay_lowerLevelAgentOffered() {
        EngineFixture f = new EngineFixture(config().queue(queue("billing").skill("billing", 3)
                .overflow(new OverflowStep.LowerSkillLevel(seconds(60), 1))));
        f.online(agent("bob").skill("billing", 2));
        f.at(seconds(10));
        String t = f.createId(f.ticket().queue("billing"));

        Outcome early = f.tickAt(seconds(69.999));
        assertThat(early.events()).isEmpty();
        assertThat(f.ticket(t).status()).isEqualTo(TicketStatus.QUEUED);

        Outcome due = f.tickAt(seconds(70));

        TicketOverflowed overflowed = single(due, TicketOverflowed.class);
        assertThat(overflowed.step()).isZero();
        assertThat(overflowed.applied()).isEqualTo(new OverflowStep.LowerSkillLevel(seconds(60), 1));
        assertThat(offerIn(due, t).agentId()).isEqualTo("bob");
        assertThat(f.ticket(t).requiredSkills()).containsExactly(new SkillRequirement("billing", 2));
        assertThat(f.timelineOf(t, TicketOverflowed.class)).hasSize(1);
    }

    @Test
    void overflow_lowerSkillLevel_neverBelowLevelOne() {
        EngineFixture f = new EngineFixture(config().queue(queue("billing").skill("billing", 2)
                .overflow(new OverflowStep.LowerSkillLevel(seconds(30), 3))));
        f.online(agent("bob").skill("tech", 1)); // no billing at all
        String t = f.createId(f.ticket().queue("billing"));

        Outcome due = f.tickAt(seconds(30));

        assertThat(events(due, TicketOverflowed.class)).hasSize(1);
        assertThat(f.ticket(t).requiredSkills()).containsExactly(new SkillRequirement("billing", 1));
        assertThat(f.ticket(t).status()).isEqualTo(TicketStatus.QUEUED);
    }

    @Test
    void overflow_widenTeams_otherTeamAgentOffered() {
        EngineFixture f = new EngineFixture(config().queue(queue("vip").teams("alpha")
                .overflow(new OverflowStep.WidenTeams(seconds(30), List.of("beta")))));
        f.online(agent("carol").team("gamma"));
        f.online(agent("bob").team("beta"));
        String t = f.createId(f.ticket().queue("vip"));
        assertThat(f.ticket(t).status()).isEqualTo(TicketStatus.QUEUED);

        Outcome due = f.tickAt(seconds(30));

        assertThat(single(due, TicketOverflowed.class).applied()).isInstanceOf(OverflowStep.WidenTeams.class);
        assertThat(offerIn(due, t).agentId()).isEqualTo("bob");
    }

    @Test
    void overflow_moveToQueue_ticketMovesAndIsOffered() {
        EngineFixture f = new EngineFixture(config()
                .queue(queue("tier1").skill("billing", 4).overflow(new OverflowStep.MoveToQueue(seconds(45), "tier2")))
                .queue(queue("tier2").skill("tech", 1)));
        f.online(agent("bob").skill("tech", 1));
        String t = f.createId(f.ticket().queue("tier1"));

        Outcome due = f.tickAt(seconds(45));

        assertThat(single(due, TicketOverflowed.class).applied()).isEqualTo(new OverflowStep.MoveToQueue(seconds(45),
                "tier2"));
        TicketQueued queued = single(due, TicketQueued.class);
        assertThat(queued.queue()).isEqualTo("tier2");
        assertThat(queued.reason()).isEqualTo("overflow");
        assertThat(offerIn(due, t).agentId()).isEqualTo("bob");
        assertThat(f.ticket(t).queue()).isEqualTo("tier2");
        assertThat(f.ticket(t).requiredSkills()).containsExactly(new SkillRequirement("tech", 1));
    }

    @Test
    void overflow_moveToQueue_targetQueueStepsStartOver() {
        EngineFixture f = new EngineFixture(config()
                .queue(queue("tier1").skill("billing", 4).overflow(new OverflowStep.MoveToQueue(seconds(45), "tier2")))
                .queue(queue("tier2").skill("billing", 3).overflow(new OverflowStep.LowerSkillLevel(seconds(20), 1))));
        f.online(agent("bob").skill("billing", 2));
        String t = f.createId(f.ticket().queue("tier1"));
        f.tickAt(seconds(45));
        assertThat(f.ticket(t).queue()).isEqualTo("tier2");

        assertThat(f.tickAt(seconds(64.999)).events()).isEmpty();
        Outcome due = f.tickAt(seconds(65));

        assertThat(single(due, TicketOverflowed.class).step()).isZero();
        assertThat(offerIn(due, t).agentId()).isEqualTo("bob");
    }

    @Test
    void overflow_raisePriority_ticketServedBeforeOlderTicket() {
        EngineFixture f = new EngineFixture(config()
                .queue(queue("fast"))
                .queue(queue("slow").overflow(new OverflowStep.RaisePriority(seconds(30), Priority.URGENT)))
                .priorityHeadStart(Priority.URGENT, seconds(300)));
        f.connectedAway(agent("alice").onlyCapacity(Channel.CHAT, 1));
        String older = f.createId(f.ticket().queue("fast"));
        f.at(seconds(10));
        String raised = f.createId(f.ticket().queue("slow"));

        Outcome due = f.tickAt(seconds(40));
        assertThat(single(due, TicketOverflowed.class).ticketId()).isEqualTo(raised);
        assertThat(f.ticket(raised).priority()).isEqualTo(Priority.URGENT);

        f.at(seconds(50));
        Outcome available = f.available("alice");

        assertThat(offers(available)).extracting(TicketOffered::ticketId).containsExactly(raised);
        assertThat(f.ticket(older).status()).isEqualTo(TicketStatus.QUEUED);
    }

    @Test
    void overflow_raisePriorityBelowCurrent_priorityUnchanged() {
        EngineFixture f = new EngineFixture(config()
                .queue(queue("general").overflow(new OverflowStep.RaisePriority(seconds(30), Priority.HIGH))));
        String t = f.createId(f.ticket().priority(Priority.URGENT));

        Outcome due = f.tickAt(seconds(30));

        assertThat(events(due, TicketOverflowed.class)).hasSize(1);
        assertThat(f.ticket(t).priority()).isEqualTo(Priority.URGENT);
    }

    @Test
    void overflow_twoStepsDueInOneTick_bothAppliedInOrder() {
        EngineFixture f = new EngineFixture(config().queue(queue("vip").skill("billing", 3).teams("alpha")
                .overflow(new OverflowStep.LowerSkillLevel(seconds(30), 1))
                .overflow(new OverflowStep.WidenTeams(seconds(60), List.of("beta")))));
        f.online(agent("bob").team("beta").skill("billing", 2));
        String t = f.createId(f.ticket().queue("vip"));

        Outcome due = f.tickAt(seconds(90));

        assertThat(events(due, TicketOverflowed.class)).extracting(TicketOverflowed::step).containsExactly(0, 1);
        assertThat(offerIn(due, t).agentId()).isEqualTo("bob");
        assertThat(f.timelineOf(t, TicketOverflowed.class)).extracting(TicketOverflowed::step).containsExactly(0, 1);
    }

    @Test
    void overflow_stepsAtTheirOwnTimes_eachRecordedOnTimeline() {
        EngineFixture f = new EngineFixture(config().queue(queue("vip").skill("billing", 3).teams("alpha")
                .overflow(new OverflowStep.LowerSkillLevel(seconds(30), 1))
                .overflow(new OverflowStep.WidenTeams(seconds(60), List.of("beta")))));
        f.online(agent("bob").team("beta").skill("billing", 2));
        String t = f.createId(f.ticket().queue("vip"));

        Outcome first = f.tickAt(seconds(30));
        assertThat(single(first, TicketOverflowed.class).step()).isZero();
        assertThat(offers(first)).isEmpty();
        assertThat(f.tickAt(seconds(59)).events()).isEmpty();
        Outcome second = f.tickAt(seconds(60));

        assertThat(single(second, TicketOverflowed.class).step()).isEqualTo(1);
        assertThat(offerIn(second, t).agentId()).isEqualTo("bob");
        assertThat(f.timelineOf(t, TicketOverflowed.class)).extracting(TicketOverflowed::at)
                .containsExactly(EngineFixture.T0 + seconds(30), EngineFixture.T0 + seconds(60));
    }

    @Test
    void overflow_ticketAssignedBeforeStepDue_noOverflow() {
        EngineFixture f = new EngineFixture(config().queue(queue("general")
                .overflow(new OverflowStep.RaisePriority(seconds(30), Priority.URGENT))));
        f.online(agent("alice"));
        String t = f.createId(f.ticket());
        f.acceptOffer(t);

        Outcome due = f.tickAt(seconds(30));

        assertThat(due.events()).isEmpty();
        assertThat(f.ticket(t).priority()).isEqualTo(Priority.NORMAL);
    }

    @Test
    void overflow_ticketRequeuedAfterGraceRelease_stillOverflows() {
        EngineFixture f = new EngineFixture(config().queue(queue("billing").skill("billing", 3)
                .overflow(new OverflowStep.LowerSkillLevel(seconds(60), 1))).grace(seconds(120)));
        f.online(agent("alice").skill("billing", 3));
        f.online(agent("bob").skill("billing", 2));
        String t = f.createId(f.ticket().queue("billing"));
        assertThat(f.offeredTo(t)).containsExactly("alice");
        f.at(seconds(1));
        f.acceptOffer(t);
        f.at(seconds(2));
        f.disconnect("alice");
        f.tickAt(seconds(60)); // overflow due while the ticket is still alice's (grace)
        Outcome released = f.tickAt(seconds(122));
        assertThat(events(released, TicketReleased.class)).hasSize(1);
        assertThat(f.ticket(t).status()).isEqualTo(TicketStatus.QUEUED);

        f.tickAt(seconds(300)); // well past queuedAt + 60 s and release + 60 s

        assertThat(f.timelineOf(t, TicketOverflowed.class)).hasSize(1);
        assertThat(f.offeredTo(t)).containsExactly("alice", "bob");
    }

    @Test
    void overflow_moveToQueueWhileOffered_revokedAgentOfferedNextWaitingTicket() {
        EngineFixture f = new EngineFixture(config()
                .queue(queue("general").overflow(new OverflowStep.MoveToQueue(seconds(10), "billing")))
                .queue(queue("other"))
                .queue(queue("billing").skill("billing", 1))
                .offerTimeout(Channel.CHAT, seconds(60)));
        f.online(agent("alice").onlyCapacity(Channel.CHAT, 1));
        String moved = f.createId(f.ticket());
        assertThat(f.offeredTo(moved)).containsExactly("alice");
        f.at(seconds(1));
        String waiting = f.createId(f.ticket().queue("other"));
        assertThat(f.ticket(waiting).status()).isEqualTo(TicketStatus.QUEUED);

        Outcome due = f.tickAt(seconds(10));

        assertThat(single(due, OfferWithdrawn.class).outcome()).isEqualTo(OfferWithdrawn.Outcome.REVOKED);
        assertThat(f.ticket(moved).queue()).isEqualTo("billing");
        assertThat(offerIn(due, waiting).agentId()).isEqualTo("alice");
    }

    // =====================================================================================
    // 5. Preferred agent
    // =====================================================================================

    /** alice served customer "acme" before (assigned, still open); bob is available and idle. */
    private static EngineFixture returningCustomerFixture() {
        EngineFixture f = EngineFixture.standard();
        f.online(agent("alice"));
        String first = f.createId(f.ticket().customer("acme"));
        assertThat(f.offeredTo(first)).containsExactly("alice");
        f.at(seconds(1));
        f.acceptOffer(first);
        f.online(agent("bob"));
        return f;
    }

    @Test
    void preferred_lastAssigneeAvailable_offeredFirstDespiteHigherLoad() {
        EngineFixture f = returningCustomerFixture();

        f.at(seconds(10));
        Outcome created = f.create(f.ticket().customer("acme"));

        String t = ((TicketView) created.value()).id();
        assertThat(single(created, TicketQueued.class).preferredAgent()).isEqualTo("alice");
        assertThat(offerIn(created, t).agentId()).isEqualTo("alice");
    }

    @Test
    void preferred_previousTicketResolvedAndParked_lastAssigneeReadFromItsBytes() {
        EngineFixture f = returningCustomerFixture();
        String first = f.journal.stream().filter(TicketQueued.class::isInstance)
                .map(e -> ((TicketQueued) e).ticketId()).findFirst().orElseThrow();
        f.resolve(first);
        assertThat(ReplayHarness.liveState(f.engine).tickets.liveCount()).as("the resolved ticket is parked").isZero();

        f.at(seconds(10));
        Outcome created = f.create(f.ticket().customer("acme"));
        Outcome stranger = f.create(f.ticket().customer("acme2"));

        assertThat(single(created, TicketQueued.class).preferredAgent()).isEqualTo("alice");
        assertThat(single(stranger, TicketQueued.class).preferredAgent()).isNull();
    }

    @Test
    void preferred_otherCustomer_routedNormally() {
        EngineFixture f = returningCustomerFixture();

        f.at(seconds(10));
        String t = f.createId(f.ticket().customer("globex"));

        assertThat(f.offeredTo(t)).containsExactly("bob");
    }

    @Test
    void preferred_lastAssigneeAway_ticketHeldForWindow() {
        EngineFixture f = returningCustomerFixture();
        f.at(seconds(5));
        f.away("alice");

        f.at(seconds(10));
        Outcome created = f.create(f.ticket().customer("acme"));

        TicketView view = (TicketView) created.value();
        assertThat(view.status()).isEqualTo(TicketStatus.QUEUED);
        TicketQueued queued = single(created, TicketQueued.class);
        assertThat(queued.preferredAgent()).isEqualTo("alice");
        assertThat(queued.preferredUntil()).isEqualTo(f.now() + RoutingConfig.DEFAULT_PREFERRED_WINDOW_MILLIS);
        assertThat(offers(created)).isEmpty();
        // bob gaining capacity does not take a held ticket
        f.at(seconds(20));
        String other = f.createId(f.ticket());
        assertThat(f.offeredTo(other)).containsExactly("bob");
        f.acceptOffer(other);
        f.resolve(other);
        assertThat(f.offeredTo(view.id())).isEmpty();
    }

    @Test
    void preferred_lastAssigneeAvailableWithinWindow_getsOffer() {
        EngineFixture f = returningCustomerFixture();
        f.at(seconds(5));
        f.away("alice");
        f.at(seconds(10));
        String t = f.createId(f.ticket().customer("acme"));

        f.at(seconds(39.999));
        Outcome available = f.available("alice");

        assertThat(offerIn(available, t).agentId()).isEqualTo("alice");
        f.tickAt(seconds(41));
        assertThat(f.timelineOf(t, PreferenceLapsed.class)).isEmpty();
        assertThat(f.offeredTo(t)).containsExactly("alice");
    }

    @Test
    void preferred_lastAssigneeFreesCapacityWithinWindow_getsOffer() {
        EngineFixture f = EngineFixture.standard();
        f.online(agent("alice").onlyCapacity(Channel.CHAT, 1));
        String first = f.createId(f.ticket().customer("acme"));
        f.acceptOffer(first);
        f.online(agent("bob"));
        f.at(seconds(10));
        String second = f.createId(f.ticket().customer("acme"));
        assertThat(f.ticket(second).status()).isEqualTo(TicketStatus.QUEUED);

        f.at(seconds(20));
        Outcome resolved = f.resolve(first);

        assertThat(offerIn(resolved, second).agentId()).isEqualTo("alice");
    }

    @Test
    void preferred_windowLapses_offeredToOtherAgentWithPreferenceLapsed() {
        EngineFixture f = returningCustomerFixture();
        f.at(seconds(5));
        f.away("alice");
        f.at(seconds(10));
        String t = f.createId(f.ticket().customer("acme"));

        assertThat(f.tickAt(seconds(39.999)).events()).isEmpty();
        Outcome lapsed = f.tickAt(seconds(40));

        PreferenceLapsed event = single(lapsed, PreferenceLapsed.class);
        assertThat(event.ticketId()).isEqualTo(t);
        assertThat(event.agentId()).isEqualTo("alice");
        assertThat(offerIn(lapsed, t).agentId()).isEqualTo("bob");
        assertThat(f.timelineOf(t, PreferenceLapsed.class)).hasSize(1);
    }

    @Test
    void preferred_windowLapsedAndNobodyFree_ticketWaitsForAnyone() {
        EngineFixture f = returningCustomerFixture();
        f.at(seconds(2));
        f.away("bob");
        f.at(seconds(5));
        f.away("alice");
        f.at(seconds(10));
        String t = f.createId(f.ticket().customer("acme"));
        f.tickAt(seconds(40));
        assertThat(f.ticket(t).status()).isEqualTo(TicketStatus.QUEUED);

        f.at(seconds(50));
        Outcome bob = f.available("bob");

        assertThat(offerIn(bob, t).agentId()).isEqualTo("bob");
    }

    @Test
    void preferred_windowZero_noHold() {
        EngineFixture f = new EngineFixture(config().preferredWindow(0));
        f.online(agent("alice"));
        String first = f.createId(f.ticket().customer("acme"));
        f.acceptOffer(first);
        f.online(agent("bob"));
        f.at(seconds(5));
        f.away("alice");

        f.at(seconds(10));
        Outcome created = f.create(f.ticket().customer("acme"));

        assertThat(single(created, TicketQueued.class).preferredAgent()).isNull();
        assertThat(offers(created)).extracting(TicketOffered::agentId).containsExactly("bob");
    }

    // =====================================================================================
    // 6. Offers
    // =====================================================================================

    @Test
    void offer_accepted_ticketAssignedWithPush() {
        EngineFixture f = EngineFixture.standard();
        f.online(agent("alice"));
        String t = f.createId(f.ticket());
        String offerId = f.lastOffer(t).offerId();

        f.at(seconds(3));
        Outcome accepted = f.accept("alice", offerId);

        assertThat(accepted.ok()).isTrue();
        TicketAssigned assigned = single(accepted, TicketAssigned.class);
        assertThat(assigned.agentId()).isEqualTo("alice");
        assertThat(assigned.offerId()).isEqualTo(offerId);
        assertThat(((TicketView) accepted.value()).status()).isEqualTo(TicketStatus.ASSIGNED);
        assertThat(f.ticket(t).assignee()).isEqualTo("alice");
        assertThat(single1(pushes(accepted, AgentPush.Kind.ASSIGNED)).ticket().id()).isEqualTo(t);
        assertThat(f.agentView("alice").load()).containsEntry(Channel.CHAT, 1);
        assertThat(f.agentView("alice").tickets()).containsExactly(t);
    }

    @Test
    void offer_rejected_reroutedToAnotherAgentAndExcluded() {
        EngineFixture f = EngineFixture.standard();
        f.online(agent("alice"));
        f.at(seconds(1));
        f.online(agent("bob"));
        String t = f.createId(f.ticket());
        assertThat(f.offeredTo(t)).containsExactly("alice");

        f.at(seconds(2));
        Outcome rejected = f.reject("alice", f.lastOffer(t).offerId());

        OfferWithdrawn withdrawn = single(rejected, OfferWithdrawn.class);
        assertThat(withdrawn.outcome()).isEqualTo(OfferWithdrawn.Outcome.REJECTED);
        assertThat(withdrawn.agentId()).isEqualTo("alice");
        assertThat(offerIn(rejected, t).agentId()).isEqualTo("bob");
        assertThat(f.agentView("alice").load()).containsEntry(Channel.CHAT, 0);
    }

    @Test
    void offer_rejectedByOnlyAgentWhoIsIdle_offeredBackAsTheOldestExclusion() {
        EngineFixture f = EngineFixture.standard();
        f.online(agent("alice"));
        String t = f.createId(f.ticket());

        f.at(seconds(1));
        Outcome rejected = f.reject("alice", f.lastOffer(t).offerId());

        // Review defect 2: before, the ticket waited for ever while alice sat available and idle.
        assertThat(single(rejected, DomainEvent.ExclusionLifted.class).agentId()).isEqualTo("alice");
        assertThat(offerIn(rejected, t).agentId()).isEqualTo("alice");
    }

    @Test
    void offer_missedWhileGoingAway_exclusionExpiresAfterTtl() {
        EngineFixture f = new EngineFixture(config().exclusionTtl(seconds(300)));
        f.online(agent("alice"));
        String t = f.createId(f.ticket());
        long expiry = f.lastOffer(t).expiresAt() - EngineFixture.T0;
        f.tickAt(expiry); // missed: alice is set away and excluded
        assertThat(f.agentView("alice").presence()).isEqualTo(Presence.AWAY);
        assertThat(ReplayHarness.liveState(f.engine).tickets.get(t).excludedAgents()).containsExactly("alice");

        assertThat(events(f.tickAt(expiry + seconds(300) - 1), DomainEvent.ExclusionLifted.class)).isEmpty();
        Outcome lifted = f.tickAt(expiry + seconds(300));

        assertThat(single(lifted, DomainEvent.ExclusionLifted.class).reason()).isEqualTo("exclusion_expired");
        assertThat(ReplayHarness.liveState(f.engine).tickets.get(t).excludedAgents()).isEmpty();
        f.at(expiry + seconds(301));
        Outcome back = f.available("alice");
        assertThat(offerIn(back, t).agentId()).isEqualTo("alice");
        assertThat(events(back, DomainEvent.ExclusionLifted.class)).isEmpty();
        ReplayHarness.assertReplayMatches(f, "exclusion expired");
    }

    @Test
    void offer_missedByTwoAgentsInTurn_eachExclusionExpiresAfterItsOwnTtl() {
        EngineFixture f = new EngineFixture(config().exclusionTtl(seconds(300)));
        f.online(agent("alice"));
        String t = f.createId(f.ticket());
        long aliceMissed = f.lastOffer(t).expiresAt() - EngineFixture.T0;
        f.tickAt(aliceMissed);
        f.online(agent("bob"));
        assertThat(f.lastOffer(t).agentId()).isEqualTo("bob");
        long bobMissed = f.lastOffer(t).expiresAt() - EngineFixture.T0;
        f.tickAt(bobMissed);
        assertThat(ReplayHarness.liveState(f.engine).tickets.get(t).excludedAgents())
                .containsExactlyInAnyOrder("alice", "bob");

        Outcome first = f.tickAt(aliceMissed + seconds(300));
        assertThat(events(f.tickAt(bobMissed + seconds(300) - 1), DomainEvent.ExclusionLifted.class)).isEmpty();
        Outcome second = f.tickAt(bobMissed + seconds(300));

        assertThat(single(first, DomainEvent.ExclusionLifted.class).agentId()).isEqualTo("alice");
        assertThat(single(second, DomainEvent.ExclusionLifted.class).agentId()).isEqualTo("bob");
        assertThat(ReplayHarness.liveState(f.engine).tickets.get(t).excludedAgents()).isEmpty();
    }

    @Test
    void offer_rejectedTwice_thirdAgentOffered() {
        EngineFixture f = EngineFixture.standard();
        f.online(agent("a1"));
        f.online(agent("a2"));
        f.online(agent("a3"));
        String t = f.createId(f.ticket());
        String first = f.lastOffer(t).agentId();
        f.reject(first, f.lastOffer(t).offerId());
        String second = f.lastOffer(t).agentId();

        f.reject(second, f.lastOffer(t).offerId());

        List<String> offered = f.offeredTo(t);
        assertThat(offered).hasSize(3).doesNotHaveDuplicates().containsExactlyInAnyOrder("a1", "a2", "a3");
    }

    @Test
    void offer_rejectUnknownOffer_goneOfferExpired() {
        EngineFixture f = EngineFixture.standard();
        f.online(agent("alice"));

        Outcome outcome = f.reject("alice", "ofr_999");

        assertThat(outcome.rejection().kind()).isEqualTo(Rejection.Kind.GONE);
        assertThat(outcome.rejection().code()).isEqualTo("offer_expired");
        assertThat(outcome.events()).isEmpty();
    }

    @Test
    void offer_timeoutReached_withdrawnExpiredAgentAwayAndOfferedToOther() {
        EngineFixture f = EngineFixture.standard();
        f.online(agent("alice"));
        f.at(seconds(1));
        f.online(agent("bob"));
        f.at(seconds(2));
        String t = f.createId(f.ticket());
        TicketOffered offer = f.lastOffer(t);
        assertThat(offer.agentId()).isEqualTo("alice");
        assertThat(offer.expiresAt()).isEqualTo(EngineFixture.T0 + seconds(22));

        assertThat(f.tickAt(seconds(21.999)).events()).isEmpty();
        Outcome expired = f.tickAt(seconds(22));

        OfferWithdrawn withdrawn = single(expired, OfferWithdrawn.class);
        assertThat(withdrawn.outcome()).isEqualTo(OfferWithdrawn.Outcome.EXPIRED);
        assertThat(withdrawn.offerId()).isEqualTo(offer.offerId());
        AgentPresenceChanged away = single(expired, AgentPresenceChanged.class);
        assertThat(away.agentId()).isEqualTo("alice");
        assertThat(away.presence()).isEqualTo(Presence.AWAY);
        assertThat(f.agentView("alice").presence()).isEqualTo(Presence.AWAY);
        assertThat(offerIn(expired, t).agentId()).isEqualTo("bob");
        AgentPush revoked = single1(pushes(expired, AgentPush.Kind.OFFER_REVOKED));
        assertThat(revoked.agentId()).isEqualTo("alice");
        assertThat(revoked.offerId()).isEqualTo(offer.offerId());
        assertThat(f.timelineOf(t, OfferWithdrawn.class)).hasSize(1);
    }

    @Test
    void offer_timeoutWithSetsAwayDisabled_agentStaysAvailableButExcluded() {
        EngineFixture f = new EngineFixture(config().offerTimeoutSetsAway(false));
        f.online(agent("alice"));
        String t = f.createId(f.ticket());

        Outcome expired = f.tickAt(seconds(20));

        assertThat(single(expired, OfferWithdrawn.class).outcome()).isEqualTo(OfferWithdrawn.Outcome.EXPIRED);
        assertThat(events(expired, AgentPresenceChanged.class)).isEmpty();
        assertThat(f.agentView("alice").presence()).isEqualTo(Presence.AVAILABLE);
        // alice is excluded, but she is the only agent and idle: the exclusion yields at once
        assertThat(single(expired, DomainEvent.ExclusionLifted.class).agentId()).isEqualTo("alice");
        assertThat(offerIn(expired, t).agentId()).isEqualTo("alice");
    }

    @Test
    void offer_timeoutUsesChannelTimeout_defaultForUnconfiguredChannel() {
        EngineFixture f = EngineFixture.standard();
        f.online(agent("alice"));

        String email = f.createId(f.ticket().channel(Channel.EMAIL));

        assertThat(f.lastOffer(email).expiresAt()).isEqualTo(f.now() + RoutingConfig.DEFAULT_OFFER_TIMEOUT_MILLIS);
    }

    @Test
    void offer_autoAcceptAgent_assignedDirectlyWithoutOffer() {
        EngineFixture f = EngineFixture.standard();
        f.online(agent("alice").autoAccept());

        Outcome created = f.create(f.ticket());

        TicketView view = (TicketView) created.value();
        assertThat(view.status()).isEqualTo(TicketStatus.ASSIGNED);
        assertThat(view.assignee()).isEqualTo("alice");
        assertThat(offers(created)).isEmpty();
        TicketAssigned assigned = single(created, TicketAssigned.class);
        assertThat(assigned.offerId()).isNull();
        assertThat(assigned.agentId()).isEqualTo("alice");
        AgentPush push = single1(created.pushes());
        assertThat(push.kind()).isEqualTo(AgentPush.Kind.ASSIGNED);
        assertThat(push.offerId()).isNull();
        assertThat(f.agentView("alice").load()).containsEntry(Channel.CHAT, 1);
    }

    @Test
    void views_answerAndPushesOfOneChange_shareOneViewUntilAnEventChangesTheTicket() {
        EngineFixture f = EngineFixture.standard();
        f.online(agent("alice"));

        Outcome created = f.create(f.ticket());
        TicketView answer = (TicketView) created.value();
        AgentPush offer = single1(created.pushes());
        assertThat(offer.kind()).isEqualTo(AgentPush.Kind.OFFER);
        assertThat(offer.ticket()).as("one view, encoded once by the adapters").isSameAs(answer);

        Outcome accepted = f.accept("alice", offer.offerId());
        AgentPush assigned = single1(accepted.pushes());
        assertThat(assigned.ticket()).isSameAs(accepted.value());
        assertThat(assigned.ticket()).isNotSameAs(answer);
        assertThat(assigned.ticket().status()).isEqualTo(TicketStatus.ASSIGNED);
        assertThat(answer.status()).as("a shared view is a snapshot, not live").isEqualTo(TicketStatus.OFFERED);
    }

    @Test
    void offer_lateAcceptAfterExpiry_rejectedOfferExpired() {
        EngineFixture f = EngineFixture.standard();
        f.online(agent("alice"));
        f.at(seconds(1));
        f.online(agent("bob"));
        String t = f.createId(f.ticket());
        String aliceOffer = f.lastOffer(t).offerId();
        f.tickAt(seconds(21));
        assertThat(f.lastOffer(t).agentId()).isEqualTo("bob");

        f.at(seconds(21));
        f.available("alice");
        Outcome late = f.accept("alice", aliceOffer);

        assertThat(late.ok()).isFalse();
        assertThat(late.rejection().kind()).isEqualTo(Rejection.Kind.GONE);
        assertThat(late.rejection().code()).isEqualTo("offer_expired");
        assertThat(late.events()).isEmpty();
        assertThat(f.ticket(t).status()).isEqualTo(TicketStatus.OFFERED);
        assertThat(f.timelineOf(t, TicketAssigned.class)).isEmpty();
    }

    @Test
    void offer_repeatedAccept_idempotentAndAssignedOnce() {
        EngineFixture f = EngineFixture.standard();
        f.online(agent("alice"));
        String t = f.createId(f.ticket());
        String offerId = f.lastOffer(t).offerId();
        assertThat(f.accept("alice", offerId).ok()).isTrue();

        f.at(seconds(1));
        Outcome again = f.accept("alice", offerId);

        assertThat(again.ok()).isTrue();
        assertThat(again.events()).isEmpty();
        assertThat(((TicketView) again.value()).assignee()).isEqualTo("alice");
        assertThat(f.timelineOf(t, TicketAssigned.class)).hasSize(1);
        assertThat(f.agentView("alice").load()).containsEntry(Channel.CHAT, 1);
    }

    @Test
    void offer_repeatedAcceptAfterMarkPending_stillAcknowledged() {
        EngineFixture f = EngineFixture.standard();
        f.online(agent("alice"));
        String t = f.createId(f.ticket());
        String offerId = f.lastOffer(t).offerId();
        f.accept("alice", offerId);
        f.run(new Command.MarkPending(t, TicketStatus.PENDING_CUSTOMER, "waiting", "agent:alice"));

        Outcome again = f.accept("alice", offerId);

        assertThat(again.ok()).isTrue();
        assertThat(again.events()).isEmpty();
    }

    @Test
    void offer_acceptOfOtherAgentsOffer_rejectedAndNotAssigned() {
        EngineFixture f = EngineFixture.standard();
        f.online(agent("alice"));
        f.at(seconds(1));
        f.online(agent("bob"));
        String t = f.createId(f.ticket());
        String aliceOffer = f.lastOffer(t).offerId();

        Outcome stolen = f.accept("bob", aliceOffer);

        assertThat(stolen.rejection().code()).isEqualTo("offer_expired");
        assertThat(f.ticket(t).status()).isEqualTo(TicketStatus.OFFERED);
        assertThat(f.accept("alice", aliceOffer).ok()).isTrue();
        assertThat(f.ticket(t).assignee()).isEqualTo("alice");
    }

    @Test
    void offer_acceptAfterOtherAgentAccepted_ticketNeverAssignedTwice() {
        EngineFixture f = EngineFixture.standard();
        f.online(agent("alice"));
        f.at(seconds(1));
        f.online(agent("bob"));
        String t = f.createId(f.ticket());
        String aliceOffer = f.lastOffer(t).offerId();
        f.tickAt(seconds(21));
        f.acceptOffer(t); // bob

        f.available("alice");
        Outcome late = f.accept("alice", aliceOffer);

        assertThat(late.ok()).isFalse();
        assertThat(f.ticket(t).assignee()).isEqualTo("bob");
        assertThat(f.timelineOf(t, TicketAssigned.class)).extracting(TicketAssigned::agentId).containsExactly("bob");
    }

    // =====================================================================================
    // 7. Connect / disconnect
    // =====================================================================================

    @Test
    void disconnect_pendingOffer_revokedAndOfferedToOtherAgent() {
        EngineFixture f = EngineFixture.standard();
        f.online(agent("alice"));
        f.at(seconds(1));
        f.online(agent("bob"));
        String t = f.createId(f.ticket());
        String offerId = f.lastOffer(t).offerId();
        assertThat(f.lastOffer(t).agentId()).isEqualTo("alice");

        f.at(seconds(5));
        Outcome disconnected = f.disconnect("alice");

        OfferWithdrawn withdrawn = single(disconnected, OfferWithdrawn.class);
        assertThat(withdrawn.outcome()).isEqualTo(OfferWithdrawn.Outcome.REVOKED);
        assertThat(withdrawn.offerId()).isEqualTo(offerId);
        assertThat(single(disconnected, AgentDisconnected.class).graceUntil())
                .isEqualTo(f.now() + RoutingConfig.DEFAULT_GRACE_MILLIS);
        assertThat(offerIn(disconnected, t).agentId()).isEqualTo("bob");
        AgentView alice = f.agentView("alice");
        assertThat(alice.presence()).isEqualTo(Presence.OFFLINE);
        assertThat(alice.connected()).isFalse();
        assertThat(alice.tickets()).isEmpty();
    }

    @Test
    void disconnect_pendingOfferNoOtherAgent_ticketRequeuedInOriginalPosition() {
        EngineFixture f = EngineFixture.standard();
        f.online(agent("alice").onlyCapacity(Channel.CHAT, 1));
        f.connectedAway(agent("bob").onlyCapacity(Channel.CHAT, 1));
        String t1 = f.createId(f.ticket());
        f.at(seconds(1));
        String t2 = f.createId(f.ticket());
        assertThat(f.offeredTo(t1)).containsExactly("alice");
        assertThat(f.ticket(t2).status()).isEqualTo(TicketStatus.QUEUED);

        f.at(seconds(2));
        Outcome disconnected = f.disconnect("alice");
        assertThat(offers(disconnected)).isEmpty();
        assertThat(f.ticket(t1).status()).isEqualTo(TicketStatus.QUEUED);

        f.at(seconds(3));
        Outcome bob = f.available("bob");
        assertThat(offers(bob)).extracting(TicketOffered::ticketId).containsExactly(t1);
    }

    @Test
    void disconnect_revokedOffer_agentNotExcludedAfterReconnect() {
        EngineFixture f = EngineFixture.standard();
        f.online(agent("alice"));
        String t = f.createId(f.ticket());
        f.at(seconds(1));
        f.disconnect("alice");

        f.at(seconds(2));
        f.connect("alice");
        Outcome back = f.available("alice");

        assertThat(offerIn(back, t).agentId()).isEqualTo("alice");
    }

    @Test
    void disconnect_assignedTicket_keptDuringGrace() {
        EngineFixture f = new EngineFixture(config().grace(seconds(60)));
        f.online(agent("alice"));
        f.at(seconds(1));
        f.online(agent("bob"));
        String t = f.createId(f.ticket());
        f.acceptOffer(t);

        f.at(seconds(10));
        Outcome disconnected = f.disconnect("alice");
        assertThat(events(disconnected, OfferWithdrawn.class)).isEmpty();
        assertThat(events(disconnected, TicketReleased.class)).isEmpty();

        assertThat(f.tickAt(seconds(69.999)).events()).isEmpty();
        assertThat(f.ticket(t).status()).isEqualTo(TicketStatus.ASSIGNED);
        assertThat(f.ticket(t).assignee()).isEqualTo("alice");
        assertThat(f.agentView("alice").tickets()).containsExactly(t);
    }

    @Test
    void disconnect_reconnectWithinGrace_ticketsKept() {
        EngineFixture f = new EngineFixture(config().grace(seconds(60)));
        f.online(agent("alice"));
        f.at(seconds(1));
        f.online(agent("bob"));
        String t = f.createId(f.ticket());
        f.acceptOffer(t);
        f.at(seconds(10));
        f.disconnect("alice");

        f.at(seconds(30));
        Outcome reconnected = f.connect("alice");
        assertThat(single(reconnected, AgentConnected.class).replacedSessionId()).isNull();
        Outcome afterGrace = f.tickAt(seconds(200));

        assertThat(events(afterGrace, AgentGraceExpired.class)).isEmpty();
        assertThat(events(afterGrace, TicketReleased.class)).isEmpty();
        assertThat(f.ticket(t).assignee()).isEqualTo("alice");
        assertThat(f.ticket(t).status()).isEqualTo(TicketStatus.ASSIGNED);
        assertThat(f.agentView("alice").connected()).isTrue();
    }

    @Test
    void disconnect_graceExpires_ticketsReleasedAndOfferedToOther() {
        EngineFixture f = new EngineFixture(config().grace(seconds(60)));
        f.online(agent("alice"));
        f.at(seconds(1));
        f.online(agent("bob"));
        String t1 = f.createId(f.ticket());
        f.acceptOffer(t1);
        f.run(new Command.MarkPending(t1, TicketStatus.PENDING_CUSTOMER, "waiting", "agent:alice"));
        f.away("bob");
        String t2 = f.createId(f.ticket());
        f.acceptOffer(t2);
        assertThat(f.ticket(t2).assignee()).isEqualTo("alice");
        f.available("bob");
        f.at(seconds(10));
        f.disconnect("alice");

        Outcome expired = f.tickAt(seconds(70));

        assertThat(single(expired, AgentGraceExpired.class).agentId()).isEqualTo("alice");
        assertThat(events(expired, TicketReleased.class)).extracting(TicketReleased::ticketId)
                .containsExactlyInAnyOrder(t1, t2);
        assertThat(events(expired, TicketReleased.class)).allSatisfy(r -> {
            assertThat(r.agentId()).isEqualTo("alice");
            assertThat(r.excludeAgent()).isFalse();
        });
        assertThat(offers(expired)).extracting(TicketOffered::agentId).containsOnly("bob");
        assertThat(offers(expired)).extracting(TicketOffered::ticketId).containsExactlyInAnyOrder(t1, t2);
        assertThat(f.ticket(t1).assignee()).isNull();
        AgentView alice = f.agentView("alice");
        assertThat(alice.tickets()).isEmpty();
        assertThat(alice.load().getOrDefault(Channel.CHAT, 0)).isZero();
    }

    @Test
    void disconnect_graceExpiresNobodyAvailable_ticketRequeuedInOriginalPosition() {
        EngineFixture f = new EngineFixture(config().grace(seconds(60)));
        f.online(agent("alice"));
        String t1 = f.createId(f.ticket());
        f.acceptOffer(t1);
        f.at(seconds(1));
        f.away("alice");
        f.at(seconds(2));
        String t2 = f.createId(f.ticket());
        f.at(seconds(3));
        f.disconnect("alice");

        f.tickAt(seconds(63));
        assertThat(f.ticket(t1).status()).isEqualTo(TicketStatus.QUEUED);

        f.at(seconds(64));
        Outcome bob = f.online(agent("bob").onlyCapacity(Channel.CHAT, 1));
        assertThat(offers(bob)).extracting(TicketOffered::ticketId).containsExactly(t1);
        assertThat(f.ticket(t2).status()).isEqualTo(TicketStatus.QUEUED);
    }

    @Test
    void disconnect_reconnectThenDisconnectAgain_onlyLatestGraceCounts() {
        EngineFixture f = new EngineFixture(config().grace(seconds(60)));
        f.online(agent("alice"));
        String t = f.createId(f.ticket());
        f.acceptOffer(t);
        f.at(seconds(10));
        f.disconnect("alice");
        f.at(seconds(20));
        f.connect("alice");
        f.at(seconds(50));
        f.disconnect("alice"); // grace until 110 s

        assertThat(f.tickAt(seconds(70)).events()).isEmpty();
        assertThat(f.ticket(t).assignee()).isEqualTo("alice");
        Outcome expired = f.tickAt(seconds(110));
        assertThat(events(expired, TicketReleased.class)).hasSize(1);
    }

    @Test
    void connect_secondSession_oldSessionGetsReplacedPush() {
        EngineFixture f = EngineFixture.standard();
        f.online(agent("alice"));
        String oldSession = f.session("alice");
        String t = f.createId(f.ticket());

        f.at(seconds(1));
        Outcome second = f.connect("alice");

        assertThat(second.ok()).isTrue();
        AgentPush replaced = single1(pushes(second, AgentPush.Kind.REPLACED));
        assertThat(replaced.agentId()).isEqualTo("alice");
        assertThat(replaced.sessionId()).isEqualTo(oldSession);
        AgentConnected connected = single(second, AgentConnected.class);
        assertThat(connected.replacedSessionId()).isEqualTo(oldSession);
        assertThat(connected.sessionId()).isEqualTo(f.session("alice")).isNotEqualTo(oldSession);
        assertThat(f.ticket(t).status()).isEqualTo(TicketStatus.OFFERED);
        AgentPush resent = single1(pushes(second, AgentPush.Kind.OFFER_RESENT));
        assertThat(resent.sessionId()).isEqualTo(f.session("alice"));
        assertThat(resent.offerId()).isEqualTo(f.lastOffer(t).offerId());
        assertThat(resent.expiresAt()).isEqualTo(f.lastOffer(t).expiresAt());
    }

    @Test
    void disconnect_staleSession_changesNothing() {
        EngineFixture f = EngineFixture.standard();
        f.online(agent("alice"));
        String oldSession = f.session("alice");
        String t = f.createId(f.ticket());
        f.connect("alice");

        f.at(seconds(1));
        Outcome stale = f.run(new Command.Disconnect("alice", oldSession));

        assertThat(stale.ok()).isTrue();
        assertThat(stale.events()).isEmpty();
        assertThat(stale.pushes()).isEmpty();
        AgentView alice = f.agentView("alice");
        assertThat(alice.connected()).isTrue();
        assertThat(alice.presence()).isEqualTo(Presence.AVAILABLE);
        assertThat(f.ticket(t).status()).isEqualTo(TicketStatus.OFFERED);
        assertThat(f.acceptOffer(t).ok()).isTrue();
    }

    @Test
    void sessionCommand_staleSession_conflictSessionReplaced() {
        EngineFixture f = EngineFixture.standard();
        f.online(agent("alice"));
        String oldSession = f.session("alice");
        String t = f.createId(f.ticket());
        f.connect("alice");

        Outcome accept = f.run(new Command.Accept("alice", oldSession, f.lastOffer(t).offerId()));
        Outcome presence = f.run(new Command.SetPresence("alice", oldSession, Presence.AWAY));

        assertThat(accept.rejection().kind()).isEqualTo(Rejection.Kind.CONFLICT);
        assertThat(accept.rejection().code()).isEqualTo("session_replaced");
        assertThat(presence.rejection().code()).isEqualTo("session_replaced");
        assertThat(f.ticket(t).status()).isEqualTo(TicketStatus.OFFERED);
        assertThat(f.agentView("alice").presence()).isEqualTo(Presence.AVAILABLE);
    }

    @Test
    void connect_unknownAgent_notFound() {
        EngineFixture f = EngineFixture.standard();

        Outcome outcome = f.run(new Command.Connect("ghost", "s1"));

        assertThat(outcome.rejection().kind()).isEqualTo(Rejection.Kind.NOT_FOUND);
    }

    // =====================================================================================
    // 8. Lifecycle
    // =====================================================================================

    private static void assertIllegal(Outcome outcome) {
        assertThat(outcome.ok()).isFalse();
        assertThat(outcome.rejection().kind()).isEqualTo(Rejection.Kind.CONFLICT);
        assertThat(outcome.rejection().code()).isEqualTo("illegal_transition");
        assertThat(outcome.events()).isEmpty();
        assertThat(outcome.pushes()).isEmpty();
    }

    @Test
    void resolve_queuedTicket_conflictIllegalTransition() {
        EngineFixture f = EngineFixture.standard();
        String t = f.createId(f.ticket());

        assertIllegal(f.resolve(t));
        assertThat(f.ticket(t).status()).isEqualTo(TicketStatus.QUEUED);
    }

    @Test
    void resolve_offeredTicket_conflictIllegalTransition() {
        EngineFixture f = EngineFixture.standard();
        f.online(agent("alice"));
        String t = f.createId(f.ticket());

        assertIllegal(f.resolve(t));
        assertThat(f.ticket(t).status()).isEqualTo(TicketStatus.OFFERED);
    }

    @Test
    void close_assignedTicket_conflictIllegalTransition() {
        EngineFixture f = EngineFixture.standard();
        f.online(agent("alice"));
        String t = f.createId(f.ticket());
        f.acceptOffer(t);

        assertIllegal(f.close(t));
        assertThat(f.ticket(t).status()).isEqualTo(TicketStatus.ASSIGNED);
    }

    @Test
    void reopen_closedTicket_conflictIllegalTransition() {
        EngineFixture f = EngineFixture.standard();
        f.online(agent("alice"));
        String t = f.createId(f.ticket());
        f.acceptOffer(t);
        f.resolve(t);
        Outcome closed = f.close(t);
        assertThat(single(closed, TicketClosed.class).ticketId()).isEqualTo(t);

        assertIllegal(f.reopen(t));
        assertIllegal(f.resolve(t));
        assertIllegal(f.transfer(t, "general", null, null));
        assertThat(f.ticket(t).status()).isEqualTo(TicketStatus.CLOSED);
    }

    @Test
    void reopen_assignedTicket_conflictIllegalTransition() {
        EngineFixture f = EngineFixture.standard();
        f.online(agent("alice"));
        String t = f.createId(f.ticket());
        f.acceptOffer(t);

        assertIllegal(f.reopen(t));
    }

    @Test
    void replyAndPending_queuedTicket_conflictIllegalTransition() {
        EngineFixture f = EngineFixture.standard();
        String t = f.createId(f.ticket());

        assertIllegal(f.run(new Command.Reply(t, "hi", "agent:alice")));
        assertIllegal(f.run(new Command.MarkPending(t, TicketStatus.PENDING_CUSTOMER, "x", "agent:alice")));
    }

    @Test
    void resolve_unknownTicket_notFound() {
        EngineFixture f = EngineFixture.standard();

        Outcome outcome = f.resolve("tkt_404");

        assertThat(outcome.rejection().kind()).isEqualTo(Rejection.Kind.NOT_FOUND);
    }

    @Test
    void resolve_assignedTicket_freesCapacityAndOffersNextWaiting() {
        EngineFixture f = EngineFixture.standard();
        f.online(agent("alice").onlyCapacity(Channel.CHAT, 1));
        String t1 = f.createId(f.ticket());
        f.acceptOffer(t1);
        f.at(seconds(1));
        String t2 = f.createId(f.ticket());
        f.at(seconds(2));
        String t3 = f.createId(f.ticket());

        f.at(seconds(3));
        Outcome resolved = f.resolve(t1);

        assertThat(single(resolved, TicketResolved.class).ticketId()).isEqualTo(t1);
        assertThat(((TicketView) resolved.value()).status()).isEqualTo(TicketStatus.RESOLVED);
        assertThat(offers(resolved)).extracting(TicketOffered::ticketId).containsExactly(t2);
        assertThat(f.ticket(t3).status()).isEqualTo(TicketStatus.QUEUED);
        assertThat(f.agentView("alice").tickets()).containsExactly(t2);
    }

    @Test
    void markPending_assignedTicket_freesCapacityForNextTicket() {
        EngineFixture f = EngineFixture.standard();
        f.online(agent("alice").onlyCapacity(Channel.CHAT, 1));
        String t1 = f.createId(f.ticket());
        f.acceptOffer(t1);
        String t2 = f.createId(f.ticket());

        Outcome pending = f.run(new Command.MarkPending(t1, TicketStatus.PENDING_CUSTOMER, "waiting", "agent:alice"));

        assertThat(f.ticket(t1).status()).isEqualTo(TicketStatus.PENDING_CUSTOMER);
        assertThat(f.ticket(t1).assignee()).isEqualTo("alice");
        assertThat(offerIn(pending, t2).agentId()).isEqualTo("alice");
    }

    @Test
    void markPending_nonPendingStatus_rejectedWithoutEvents() {
        EngineFixture f = EngineFixture.standard();
        f.online(agent("alice"));
        String t = f.createId(f.ticket());
        f.acceptOffer(t);

        for (TicketStatus status : List.of(TicketStatus.RESOLVED, TicketStatus.QUEUED, TicketStatus.CLOSED)) {
            Outcome outcome = f.run(new Command.MarkPending(t, status, "x", "agent:alice"));

            assertThat(outcome.ok()).as("MarkPending(%s)", status).isFalse();
            assertThat(outcome.events()).isEmpty();
        }
        assertThat(f.ticket(t).status()).isEqualTo(TicketStatus.ASSIGNED);
        assertThat(f.agentView("alice").load()).containsEntry(Channel.CHAT, 1);
    }

    @Test
    void reopen_resolvedTicket_queuedAgainHeldForLastAssignee() {
        EngineFixture f = EngineFixture.standard();
        f.online(agent("alice"));
        String t = f.createId(f.ticket());
        f.acceptOffer(t);
        f.resolve(t);
        f.away("alice");
        f.online(agent("bob"));

        f.at(seconds(10));
        Outcome reopened = f.reopen(t);

        assertThat(reopened.ok()).isTrue();
        assertThat(single(reopened, TicketReopened.class).ticketId()).isEqualTo(t);
        TicketQueued queued = single(reopened, TicketQueued.class);
        assertThat(queued.queue()).isEqualTo("general");
        assertThat(queued.preferredAgent()).isEqualTo("alice");
        TicketView view = f.ticket(t);
        assertThat(view.status()).isEqualTo(TicketStatus.QUEUED);
        assertThat(view.assignee()).isNull();

        f.at(seconds(15));
        Outcome alice = f.available("alice");
        assertThat(offerIn(alice, t).agentId()).isEqualTo("alice");
    }

    @Test
    void reopen_resolvedTicketLastAssigneeGoneAway_offeredToOtherAfterWindow() {
        EngineFixture f = EngineFixture.standard();
        f.online(agent("alice"));
        String t = f.createId(f.ticket());
        f.acceptOffer(t);
        f.resolve(t);
        f.away("alice");
        f.online(agent("bob"));
        f.at(seconds(10));
        f.reopen(t);

        Outcome lapsed = f.tickAt(seconds(40));

        assertThat(offerIn(lapsed, t).agentId()).isEqualTo("bob");
    }

    @Test
    void transfer_assignedTicketToQueue_releasedAndNotGivenBackToTransferringAgent() {
        EngineFixture f = new EngineFixture(config().queue(queue("billing").skill("billing", 1)));
        f.online(agent("alice").skill("billing", 1));
        f.at(seconds(1));
        String t1 = f.createId(f.ticket());
        f.acceptOffer(t1);
        f.at(seconds(2));
        f.online(agent("bob").skill("billing", 1));
        f.at(seconds(3));
        String t2 = f.createId(f.ticket()); // alice 1/3, bob 0/3 -> bob
        assertThat(f.offeredTo(t2)).containsExactly("bob");

        f.at(seconds(4));
        Outcome transferred = f.transfer(t1, "billing", null, null);

        assertThat(transferred.ok()).isTrue();
        TicketReleased released = single(transferred, TicketReleased.class);
        assertThat(released.agentId()).isEqualTo("alice");
        assertThat(released.excludeAgent()).isTrue();
        TicketTransferred moved = single(transferred, TicketTransferred.class);
        assertThat(moved.fromQueue()).isEqualTo("general");
        assertThat(moved.toQueue()).isEqualTo("billing");
        // alice is now least loaded (0/3 vs 1/3) but handed the ticket off
        assertThat(offerIn(transferred, t1).agentId()).isEqualTo("bob");
        assertThat(f.ticket(t1).queue()).isEqualTo("billing");
        assertThat(f.agentView("alice").tickets()).isEmpty();
        assertThat(single1(pushes(transferred, AgentPush.Kind.TICKET_UPDATED)).agentId()).isEqualTo("alice");
    }

    @Test
    void transfer_onlyTransferringAgentQualifiesAndIsIdle_exclusionYieldsAndOfferedBack() {
        EngineFixture f = new EngineFixture(config().queue(queue("billing").skill("billing", 1)));
        f.online(agent("alice").skill("billing", 1));
        f.online(agent("bob"));
        String t = f.createId(f.ticket());
        assertThat(f.lastOffer(t).agentId()).isEqualTo("alice");
        f.acceptOffer(t);

        Outcome transferred = f.transfer(t, "billing", null, null);

        // Review defect 2: the ticket no longer waits while the only agent that may take it sits idle.
        assertThat(single(transferred, DomainEvent.ExclusionLifted.class).reason()).isEqualTo("no_other_agent_free");
        assertThat(offers(transferred)).extracting(TicketOffered::agentId).containsExactly("alice");
        assertThat(f.ticket(t).status()).isEqualTo(TicketStatus.OFFERED);
    }

    @Test
    void transfer_onlyTransferringAgentQualifiesButHasOtherWork_ticketWaitsForSomeoneElse() {
        EngineFixture f = new EngineFixture(config().queue(queue("billing").skill("billing", 1)));
        f.online(agent("alice").skill("billing", 1).onlyCapacity(Channel.CHAT, 1));
        String t = f.createId(f.ticket());
        f.acceptOffer(t);
        String next = f.createId(f.ticket());
        assertThat(f.ticket(next).status()).isEqualTo(TicketStatus.QUEUED);

        Outcome transferred = f.transfer(t, "billing", null, null);

        assertThat(offers(transferred)).extracting(TicketOffered::ticketId).containsExactly(next);
        assertThat(f.ticket(t).status()).isEqualTo(TicketStatus.QUEUED);
        assertThat(events(transferred, DomainEvent.ExclusionLifted.class)).isEmpty();
    }

    @Test
    void transfer_assignedTicketToTeam_onlyThatTeamServes() {
        EngineFixture f = EngineFixture.standard();
        f.online(agent("alice").team("alpha"));
        f.at(seconds(1));
        String t = f.createId(f.ticket());
        f.acceptOffer(t);
        f.at(seconds(2));
        f.online(agent("carol").team("alpha"));
        f.at(seconds(3));
        f.online(agent("bob").team("beta").capacity(Channel.CHAT, 1));

        f.at(seconds(4));
        Outcome transferred = f.transfer(t, null, "beta", null);

        assertThat(single(transferred, TicketTransferred.class).team()).isEqualTo("beta");
        assertThat(offerIn(transferred, t).agentId()).isEqualTo("bob");
        assertThat(f.ticket(t).team()).isEqualTo("beta");
        assertThat(f.ticket(t).queue()).isEqualTo("general");
    }

    @Test
    void transfer_assignedTicketToTier_onlyThatTierOrHigherServes() {
        EngineFixture f = EngineFixture.standard();
        f.online(agent("alice").tier(SupportTier.L1));
        f.at(seconds(1));
        String t = f.createId(f.ticket());
        f.acceptOffer(t);
        f.at(seconds(2));
        f.online(agent("bob").tier(SupportTier.L1));
        f.at(seconds(3));
        f.online(agent("carol").tier(SupportTier.L3));

        f.at(seconds(4));
        Outcome transferred = f.transfer(t, null, null, SupportTier.L2);

        assertThat(offerIn(transferred, t).agentId()).isEqualTo("carol");
        assertThat(f.ticket(t).minTier()).isEqualTo(SupportTier.L2);
    }

    @Test
    void transfer_queuedTicket_movesQueueWithoutRelease() {
        EngineFixture f = new EngineFixture(config().queue(queue("billing").skill("billing", 1)));
        String t = f.createId(f.ticket());

        f.at(seconds(5));
        Outcome transferred = f.transfer(t, "billing", null, null);

        assertThat(transferred.ok()).isTrue();
        assertThat(events(transferred, TicketReleased.class)).isEmpty();
        assertThat(single(transferred, TicketQueued.class).queue()).isEqualTo("billing");
        assertThat(f.ticket(t).queue()).isEqualTo("billing");
        assertThat(f.ticket(t).status()).isEqualTo(TicketStatus.QUEUED);
        f.online(agent("bob"));
        assertThat(f.ticket(t).status()).isEqualTo(TicketStatus.QUEUED);
        Outcome alice = f.online(agent("alice").skill("billing", 1));
        assertThat(offerIn(alice, t).agentId()).isEqualTo("alice");
    }

    @Test
    void transfer_offeredTicket_revokedAgentOfferedNextWaitingTicket() {
        EngineFixture f = new EngineFixture(config().queue(queue("billing").skill("billing", 1)));
        f.online(agent("alice").onlyCapacity(Channel.CHAT, 1));
        String t1 = f.createId(f.ticket());
        f.at(seconds(1));
        String t2 = f.createId(f.ticket());
        assertThat(f.offeredTo(t1)).containsExactly("alice");
        assertThat(f.ticket(t2).status()).isEqualTo(TicketStatus.QUEUED);

        f.at(seconds(2));
        Outcome transferred = f.transfer(t1, "billing", null, null);

        assertThat(single(transferred, OfferWithdrawn.class).outcome()).isEqualTo(OfferWithdrawn.Outcome.REVOKED);
        assertThat(offerIn(transferred, t2).agentId()).isEqualTo("alice");
    }

    @Test
    void transfer_unknownQueueOrTeam_invalidWithPointers() {
        EngineFixture f = EngineFixture.standard();
        f.online(agent("alice"));
        String t = f.createId(f.ticket());
        f.acceptOffer(t);

        Outcome outcome = f.transfer(t, "nope", "nobody", null);

        assertThat(outcome.rejection().kind()).isEqualTo(Rejection.Kind.INVALID);
        assertThat(outcome.rejection().errors()).extracting(Rejection.FieldError::pointer)
                .containsExactly("/queue", "/team");
        assertThat(outcome.events()).isEmpty();
        assertThat(f.ticket(t).assignee()).isEqualTo("alice");
    }

    // =====================================================================================
    // 9. Idempotency and validation
    // =====================================================================================

    @Test
    void create_sameKeySameFingerprint_returnsSameTicketWithoutEvents() {
        EngineFixture f = EngineFixture.standard();
        Outcome first = f.create(f.ticket().idempotency("key-1", "fp-1"));
        assertThat(first.created()).isTrue();

        f.at(seconds(5));
        Outcome second = f.create(f.ticket().idempotency("key-1", "fp-1"));

        assertThat(second.ok()).isTrue();
        assertThat(second.created()).isFalse();
        assertThat(second.events()).isEmpty();
        assertThat(second.pushes()).isEmpty();
        assertThat(((TicketView) second.value()).id()).isEqualTo(((TicketView) first.value()).id());
        Outcome list = f.run(new Command.ListTickets(null, null, null, 100, 0));
        assertThat(((TicketPage) list.value()).tickets()).hasSize(1);
    }

    @Test
    void create_sameKeyDifferentFingerprint_idempotencyMismatch() {
        EngineFixture f = EngineFixture.standard();
        f.create(f.ticket().idempotency("key-1", "fp-1"));

        Outcome second = f.create(f.ticket().idempotency("key-1", "fp-2"));

        assertThat(second.ok()).isFalse();
        assertThat(second.rejection().kind()).isEqualTo(Rejection.Kind.IDEMPOTENCY_MISMATCH);
        assertThat(second.rejection().code()).isEqualTo("idempotency_key_reused");
        assertThat(second.events()).isEmpty();
    }

    @Test
    void create_differentKeys_twoTickets() {
        EngineFixture f = EngineFixture.standard();

        String a = f.createId(f.ticket().idempotency("key-1", "fp"));
        String b = f.createId(f.ticket().idempotency("key-2", "fp"));

        assertThat(a).isNotEqualTo(b);
    }

    @Test
    void create_unknownRequiredSkill_invalidWithPointer() {
        EngineFixture f = EngineFixture.standard();

        Outcome outcome = f.create(f.ticket().skill("juggling", 2));

        assertThat(outcome.ok()).isFalse();
        assertThat(outcome.rejection().kind()).isEqualTo(Rejection.Kind.INVALID);
        assertThat(outcome.rejection().errors()).extracting(Rejection.FieldError::pointer)
                .containsExactly("/requiredSkills/0/name");
        assertThat(outcome.events()).isEmpty();
    }

    @Test
    void create_secondRequiredSkillUnknown_pointerNamesIndexOne() {
        EngineFixture f = EngineFixture.standard();

        Outcome outcome = f.create(f.ticket().skill("billing", 2).skill("juggling", 2));

        assertThat(outcome.rejection().errors()).extracting(Rejection.FieldError::pointer)
                .containsExactly("/requiredSkills/1/name");
    }

    @Test
    void create_skillKnownOnlyFromAgentProfile_accepted() {
        EngineFixture f = EngineFixture.standard();
        f.online(agent("li").skill("mandarin", 4));

        Outcome outcome = f.create(f.ticket().skill("mandarin", 3));

        assertThat(outcome.ok()).isTrue();
        assertThat(offers(outcome)).extracting(TicketOffered::agentId).containsExactly("li");
    }

    @Test
    void engine_seedAgentsFromConfig_knownButOffline() {
        EngineFixture f = new EngineFixture(config().seedAgent(agent("seed").skill("billing", 2)));

        AgentView seed = f.agentView("seed");

        assertThat(seed.presence()).isEqualTo(Presence.OFFLINE);
        assertThat(seed.connected()).isFalse();
        assertThat(f.connect("seed").ok()).isTrue();
        Outcome available = f.available("seed");
        assertThat(available.ok()).isTrue();
        String t = f.createId(f.ticket());
        assertThat(f.offeredTo(t)).containsExactly("seed");
    }

    // =====================================================================================
    // 10. Event sourcing: replaying the journal rebuilds the same state
    // =====================================================================================

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {1, 2, 3, 5, 8, 13, 21, 34})
    void replay_randomCommandSequence_rebuildsSameState(long seed) {
        RandomDriver driver = new RandomDriver(seed);
        driver.start();

        for (int step = 1; step <= 300; step++) {
            driver.step();
            String context = "seed " + seed + " step " + step;
            ReplayHarness.assertConsistent(driver.live(), context);
            if (step % 50 == 0) {
                ReplayHarness.assertReplayMatches(driver.f, context);
            }
        }

        ReplayHarness.assertReplayMatches(driver.f, "seed " + seed + " end");
        assertThat(driver.live().tickets.size()).isGreaterThan(30);
        assertThat(ReplayHarness.eventTypes(driver.f.journal)).as("event types exercised")
                .contains("TicketCreated", "TicketQueued", "TicketOffered", "TicketAssigned", "OfferWithdrawn",
                        "TicketResolved", "AgentPresenceChanged", "AgentConnected", "AgentDisconnected",
                        "TicketOverflowed");
    }

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {3, 9, 27, 81})
    void replay_randomCommandSequenceWithSla_rebuildsSameState(long seed) {
        RandomDriver driver = new RandomDriver(seed, SlaFixtures.shortTimers());
        driver.start();

        for (int step = 1; step <= 400; step++) {
            driver.step();
            String context = "sla seed " + seed + " step " + step;
            ReplayHarness.assertConsistent(driver.live(), context);
            if (step % 50 == 0) {
                ReplayHarness.assertReplayMatches(driver.f, context);
            }
        }

        ReplayHarness.assertReplayMatches(driver.f, "sla seed " + seed + " end");
        assertThat(ReplayHarness.eventTypes(driver.f.journal)).as("SLA event types exercised")
                .contains("SlaWarning", "SlaBreached", "SlaEscalated", "CompensationIssued", "FollowUpRequested",
                        "CustomerMessaged", "TicketReprioritized");
    }

    // routing_randomCommandSequence_noEligibleAgentIdleWhileTicketWaits: WorkConservationPropertyTest,
    // unrestricted, with and without SLA policies, seeds and length set by the exhaustive profile.

    @Test
    void replay_scriptedScenarioWithEveryEventType_rebuildsSameState() {
        EngineFixture f = new EngineFixture(config()
                .queue(queue("billing").skill("billing", 3).overflow(new OverflowStep.LowerSkillLevel(seconds(30), 1)))
                .grace(seconds(60)));
        f.online(agent("alice").skill("billing", 3));
        f.at(seconds(1));
        f.online(agent("bob").skill("billing", 2));
        f.at(seconds(2));
        f.connectedAway(agent("carol").autoAccept());

        String t1 = f.createId(f.ticket().customer("acme"));                      // offered to alice
        f.reject("alice", f.lastOffer(t1).offerId());                               // -> bob
        f.acceptOffer(t1);
        f.run(new Command.MarkPending(t1, TicketStatus.PENDING_CUSTOMER, "waiting", "agent:bob"));
        f.run(new Command.Reply(t1, "any news?", "agent:bob"));
        f.at(seconds(5));
        f.resolve(t1);
        f.close(t1);

        String t2 = f.createId(f.ticket().customer("acme"));                      // preferred bob
        f.acceptOffer(t2);
        f.resolve(t2);
        f.away("bob");
        f.reopen(t2);                                                               // held for bob
        f.tickAt(seconds(40));                                                      // PreferenceLapsed -> alice
        f.acceptOffer(t2);
        f.transfer(t2, "billing", null, null);                                      // released, waits (alice excluded)

        f.at(seconds(41));
        String t3 = f.createId(f.ticket().queue("billing"));                      // offered to alice
        f.available("carol");                                                       // no billing: nothing
        f.available("bob");
        f.tickAt(seconds(71));                                                      // expiry, overflow -> bob
        f.at(seconds(72));
        f.presence("carol", Presence.BUSY);
        f.presence("bob", Presence.BUSY);
        String t4 = f.createId(f.ticket().channel(Channel.EMAIL));
        f.available("carol");                                                       // auto-accept
        f.disconnect("carol");
        f.tickAt(seconds(140));                                                     // grace expired, released
        f.upsert(agent("alice").skill("billing", 4).build());

        assertThat(f.offeredTo(t3)).startsWith("alice");
        assertThat(f.timelineOf(t4, TicketAssigned.class)).extracting(TicketAssigned::agentId).containsExactly("carol");
        assertThat(ReplayHarness.eventTypes(f.journal)).containsExactlyInAnyOrder(
                "AgentConnected", "AgentDisconnected", "AgentGraceExpired", "AgentPresenceChanged", "AgentUpserted",
                "ExclusionLifted", "OfferWithdrawn", "PreferenceLapsed", "TicketAssigned", "TicketClosed", "TicketCreated",
                "TicketOffered", "TicketOverflowed", "TicketPending", "TicketQueued", "TicketReleased",
                "TicketReopened", "TicketReplied", "TicketResolved", "TicketTransferred");
        ReplayHarness.assertConsistent(ReplayHarness.liveState(f.engine), "scripted");
        ReplayHarness.assertReplayMatches(f, "scripted");
    }

    @Test
    void replay_idempotentCreateAndRejectedCommands_addNothingToJournal() {
        EngineFixture f = EngineFixture.standard();
        f.online(agent("alice"));
        String t = f.createId(f.ticket().idempotency("k", "fp"));
        int before = f.journal.size();

        f.create(f.ticket().idempotency("k", "fp"));
        f.create(f.ticket().idempotency("k", "other"));
        f.resolve(t);
        f.close(t);
        f.accept("alice", "ofr_99");

        assertThat(f.journal).hasSize(before);
        ReplayHarness.assertReplayMatches(f, "after no-op commands");
    }

    // ----------------------------------------------------------------------------------

    private static <T> T single1(List<T> items) {
        assertThat(items).hasSize(1);
        return items.get(0);
    }
}
