package io.switchboard.engine;

import static io.switchboard.engine.EngineFixture.agent;
import static io.switchboard.engine.EngineFixture.config;
import static io.switchboard.engine.EngineFixture.events;
import static io.switchboard.engine.EngineFixture.queue;
import static io.switchboard.engine.EngineFixture.seconds;
import static io.switchboard.engine.EngineFixture.single;
import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.core.agent.SupportTier;
import io.switchboard.core.event.DomainEvent.TicketUnroutable;
import io.switchboard.core.ticket.TicketStatus;
import org.junit.jupiter.api.Test;

/**
 * Review defect 3: a ticket or transfer nobody can ever serve is refused where the agents the
 * engine knows prove it (language, team, minimum tier never relax), and otherwise raises
 * {@code ticket_unroutable} to the queue's supervisors after {@code routing.unroutableAfter}.
 */
class UnroutableTicketTest {
    private static final long WAIT = seconds(300);

    private static EngineFixture fixture() {
        return new EngineFixture(config().teams("support", "technical")
                .queue(queue("general").supervisors("sup-wang"))
                .queue(queue("billing").skill("billing", 4).supervisors("sup-li"))
                .unroutableAfter(WAIT).build());
    }

    @Test
    void create_languageNobodySpeaks_refusedNamingWhyAndNothingRecorded() {
        EngineFixture f = fixture();
        f.online(agent("alice").languages("en", "zh"));

        Outcome refused = f.create(f.ticket().language("th"));

        assertThat(refused.ok()).as("before the fix the ticket was accepted and waited for ever").isFalse();
        assertThat(refused.rejection().kind()).isEqualTo(Rejection.Kind.INVALID);
        assertThat(refused.rejection().errors()).singleElement().satisfies(e -> {
            assertThat(e.pointer()).isEqualTo("/language");
            assertThat(e.message()).contains("speaks 'th'");
        });
        assertThat(refused.events()).isEmpty();
    }

    @Test
    void create_languageOnlyAnOfflineAgentSpeaks_accepted() {
        EngineFixture f = fixture();
        f.upsert(agent("somchai").languages("th").build());

        assertThat(f.create(f.ticket().language("th")).ok()).isTrue();
    }

    @Test
    void transfer_teamAndTierNobodyHas_refusedAndTicketUnchanged() {
        EngineFixture f = fixture();
        f.online(agent("alice").team("support").tier(SupportTier.L2));
        f.upsert(agent("tom").team("technical").tier(SupportTier.L2).build());
        String t = f.createId(f.ticket());
        f.acceptOffer(t);

        Outcome refused = f.transfer(t, null, "technical", SupportTier.L3);

        assertThat(refused.ok()).isFalse();
        assertThat(refused.rejection().errors()).singleElement().satisfies(e -> assertThat(e.message())
                .contains("is in team 'technical'", "has tier L3 or above"));
        assertThat(f.ticket(t).status()).isEqualTo(TicketStatus.ASSIGNED);
        assertThat(f.transfer(t, null, "technical", SupportTier.L2).ok()).as("tom can take it").isTrue();
    }

    /** A tier alone (no language, no team) is proof enough: PIT found the tier-only case untested. */
    @Test
    void transfer_onlyATierNobodyHas_refusedAndTicketUnchanged() {
        EngineFixture f = fixture();
        f.online(agent("alice").tier(SupportTier.L2));
        String t = f.createId(f.ticket());
        f.acceptOffer(t);

        Outcome refused = f.transfer(t, null, null, SupportTier.L3);

        assertThat(refused.ok()).isFalse();
        assertThat(refused.rejection().errors()).singleElement().satisfies(e -> {
            assertThat(e.pointer()).isEmpty();
            assertThat(e.message()).contains("has tier L3 or above").doesNotContain("speaks", "team");
        });
        assertThat(refused.events()).isEmpty();
        assertThat(f.ticket(t).status()).isEqualTo(TicketStatus.ASSIGNED);
        assertThat(f.transfer(t, null, null, SupportTier.L2).ok()).as("alice's own tier is enough").isTrue();
    }

    @Test
    void waiting_skillLevelNoKnownAgentHas_alertToQueueSupervisorsAfterTheWaitOnce() {
        EngineFixture f = fixture();
        f.online(agent("alice").skill("billing", 3));
        String t = f.createId(f.ticket().queue("billing"));

        assertThat(events(f.tickAt(WAIT - 1), TicketUnroutable.class)).isEmpty();
        Outcome due = f.tickAt(WAIT);

        TicketUnroutable alert = single(due, TicketUnroutable.class);
        assertThat(alert.queue()).isEqualTo("billing");
        assertThat(due.notifications()).singleElement().satisfies(n -> assertThat(n.recipients())
                .containsExactly("sup-li"));
        assertThat(f.ticket(t).status()).isEqualTo(TicketStatus.QUEUED);
        assertThat(events(f.tickAt(10 * WAIT), TicketUnroutable.class)).as("once per wait").isEmpty();
        ReplayHarness.assertReplayMatches(f, "unroutable");
    }

    @Test
    void waiting_agentAddedBeforeTheWaitEnds_noAlert() {
        EngineFixture f = fixture();
        String t = f.createId(f.ticket().queue("billing"));
        f.at(seconds(10));
        f.upsert(agent("bea").skill("billing", 5).build()); // offline, but she can take it once online

        assertThat(events(f.tickAt(WAIT), TicketUnroutable.class)).isEmpty();
        assertThat(f.ticket(t).status()).isEqualTo(TicketStatus.QUEUED);
    }

    @Test
    void waiting_onlyAgentLosesTheSkill_strandedTicketAlerted() {
        EngineFixture f = fixture();
        f.connectedAway(agent("alice").skill("billing", 4));
        String t = f.createId(f.ticket().queue("billing"));
        f.at(seconds(60));
        f.upsert(agent("alice").skill("billing", 2).build());

        assertThat(events(f.tickAt(seconds(60) + WAIT - 1), TicketUnroutable.class)).isEmpty();
        TicketUnroutable alert = single(f.tickAt(seconds(60) + WAIT), TicketUnroutable.class);
        assertThat(alert.ticketId()).isEqualTo(t);
        ReplayHarness.assertReplayMatches(f, "stranded");
    }
    @Test
    void offered_onlyAgentLosesTheSkillThenRejects_strandedTicketAlertedFromTheRejection() {
        EngineFixture f = fixture();
        f.online(agent("alice").skill("billing", 4));
        String t = f.createId(f.ticket().queue("billing"));
        f.at(seconds(60));
        f.upsert(agent("alice").skill("billing", 2).build());
        assertThat(f.ticket(t).status()).as("the open offer stays").isEqualTo(TicketStatus.OFFERED);
        f.reject("alice", f.lastOffer(t).offerId());

        assertThat(events(f.tickAt(seconds(60) + WAIT - 1), TicketUnroutable.class)).isEmpty();
        TicketUnroutable alert = single(f.tickAt(seconds(60) + WAIT), TicketUnroutable.class);
        assertThat(alert.ticketId()).isEqualTo(t);
        ReplayHarness.assertReplayMatches(f, "stranded after a rejection");
    }

    @Test
    void waiting_transferredToAnotherQueue_countedOnlyThereFromTheTransfer() {
        EngineFixture f = fixture();
        String t = f.createId(f.ticket());
        f.at(seconds(30));
        assertThat(f.transfer(t, "billing", null, null).ok()).isTrue();
        f.at(seconds(40));

        @SuppressWarnings("unchecked")
        java.util.List<QueueView> queues = (java.util.List<QueueView>) f.run(new Command.ListQueues()).value();

        assertThat(queues).filteredOn(q -> q.definition().name().equals("general")).singleElement()
                .satisfies(q -> assertThat(q.waiting()).isZero());
        assertThat(queues).filteredOn(q -> q.definition().name().equals("billing")).singleElement()
                .satisfies(q -> {
                    assertThat(q.waiting()).isEqualTo(1);
                    assertThat(q.oldestWaitSeconds()).isEqualTo(10);
                });
    }
}
