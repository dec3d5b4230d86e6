package io.switchboard.core.agent;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.core.event.DomainEvent;
import io.switchboard.core.ticket.Channel;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The agent's live state on its own: presence, session, grace, load per channel and held tickets. */
class AgentTest {
    private static final long T0 = 1_700_000_000_000L;

    private static AgentProfile profile(Map<Channel, Integer> capacity) {
        return AgentProfile.of("alice", "Alice", "support", SupportTier.L2, Map.of("billing", 4), Set.of("en"),
                capacity, false, "lead", "boss");
    }

    @Test
    void newAgent_offlineWithoutSessionGraceOrLoad() {
        Agent agent = new Agent(profile(Map.of(Channel.CHAT, 2)), T0);

        assertThat(agent.id()).isEqualTo("alice");
        assertThat(agent.presence()).isEqualTo(Presence.OFFLINE);
        assertThat(agent.sessionId()).isNull();
        assertThat(agent.graceUntil()).isZero();
        assertThat(agent.lastRoutedAt()).isEqualTo(T0);
        assertThat(agent.totalLoad()).isZero();
        assertThat(agent.tickets()).isEmpty();
        assertThat(agent.canTake(Channel.CHAT)).isFalse();
    }

    @Test
    void presenceSessionAndGrace_setValues_areReadBack() {
        Agent agent = new Agent(profile(Map.of(Channel.CHAT, 2)), T0);

        agent.presence(Presence.BUSY);
        agent.sessionId("alice-s1");
        agent.graceUntil(T0 + 120_000);

        assertThat(agent.presence()).isEqualTo(Presence.BUSY);
        assertThat(agent.sessionId()).isEqualTo("alice-s1");
        assertThat(agent.graceUntil()).isEqualTo(T0 + 120_000);
    }

    @Test
    void load_perChannel_sumsIntoTotalAndNeverGoesBelowZero() {
        Agent agent = new Agent(profile(Map.of(Channel.CHAT, 3, Channel.EMAIL, 5)), T0);

        agent.addLoad(Channel.CHAT, 2);
        agent.addLoad(Channel.EMAIL, 3);

        assertThat(agent.load(Channel.CHAT)).isEqualTo(2);
        assertThat(agent.load(Channel.EMAIL)).isEqualTo(3);
        assertThat(agent.totalLoad()).isEqualTo(5);
        assertThat(agent.freeCapacity(Channel.CHAT)).isEqualTo(1);
        assertThat(agent.freeCapacity(Channel.EMAIL)).isEqualTo(2);

        agent.addLoad(Channel.CHAT, -5);

        assertThat(agent.load(Channel.CHAT)).isZero();
        assertThat(agent.totalLoad()).isEqualTo(3);
    }

    @Test
    void canTake_availableWithFreeCapacityOnly() {
        Agent agent = new Agent(profile(Map.of(Channel.CHAT, 1)), T0);
        agent.presence(Presence.AVAILABLE);

        assertThat(agent.canTake(Channel.CHAT)).isTrue();
        assertThat(agent.canTake(Channel.EMAIL)).as("no capacity configured on email").isFalse();
        agent.addLoad(Channel.CHAT, 1);
        assertThat(agent.canTake(Channel.CHAT)).as("at capacity").isFalse();
        agent.addLoad(Channel.CHAT, -1);
        agent.presence(Presence.AWAY);
        assertThat(agent.canTake(Channel.CHAT)).as("away").isFalse();
    }

    @Test
    void tickets_heldInArrivalOrder_andTheSetIsTheAgentsOwn() {
        Agent agent = new Agent(profile(Map.of(Channel.CHAT, 3)), T0);

        agent.tickets().add("tkt_2");
        agent.tickets().add("tkt_1");

        assertThat(agent.tickets()).containsExactly("tkt_2", "tkt_1");
    }

    @Test
    void updateProfile_newCapacity_changesFreeCapacityAtOnce() {
        Agent agent = new Agent(profile(Map.of(Channel.CHAT, 1)), T0);
        agent.addLoad(Channel.CHAT, 1);

        agent.updateProfile(profile(Map.of(Channel.CHAT, 4)));

        assertThat(agent.profile().capacityOn(Channel.CHAT)).isEqualTo(4);
        assertThat(agent.freeCapacity(Channel.CHAT)).isEqualTo(3);
    }

    @Test
    void skillLevel_knownSkillItsLevelUnknownZero() {
        AgentProfile profile = profile(Map.of());

        assertThat(profile.skillLevel("billing")).isEqualTo(4);
        assertThat(profile.skillLevel("tech")).isZero();
        assertThat(profile.capacityOn(Channel.VOICE)).isZero();
    }

    @Test
    void agentUpserted_agentId_isTheProfilesId() {
        DomainEvent.AgentUpserted event = new DomainEvent.AgentUpserted(T0, profile(Map.of()));

        assertThat(event.agentId()).isEqualTo("alice");
    }
}
