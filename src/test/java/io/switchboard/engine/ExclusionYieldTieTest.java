package io.switchboard.engine;

import static io.switchboard.engine.EngineFixture.agent;
import static io.switchboard.engine.EngineFixture.offerIn;
import static io.switchboard.engine.EngineFixture.single;
import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.core.event.DomainEvent.ExclusionLifted;
import io.switchboard.core.ticket.Channel;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * When every free agent is excluded since the same instant, the exclusion that yields is the one
 * of the lowest agent id, so a replay decides alike (PIT on the engine, issue 19 §4: no test had a
 * tie). The ids are chosen so the ticket's exclusion map iterates them as bob, alice, erin: neither
 * the first nor the last seen is the lowest, so "first wins" and "last wins" both fail here.
 */
class ExclusionYieldTieTest {

    @Test
    void reject_allAgentsAtTheSameInstant_lowestAgentIdIsOfferedBack() {
        EngineFixture f = EngineFixture.standard();
        for (String id : List.of("bob", "alice", "erin")) {
            f.online(agent(id).onlyCapacity(Channel.CHAT, 1));
        }
        String t = f.createId(f.ticket());

        Outcome last = null;
        for (int i = 0; i < 3; i++) {
            var offer = f.lastOffer(t);
            last = f.reject(offer.agentId(), offer.offerId());
            assertThat(last.ok()).isTrue();
        }

        assertThat(f.offeredTo(t)).hasSize(4).startsWith("alice");
        assertThat(f.offeredTo(t).subList(0, 3)).containsExactlyInAnyOrder("alice", "bob", "erin");
        assertThat(single(last, ExclusionLifted.class).agentId()).isEqualTo("alice");
        assertThat(offerIn(last, t).agentId()).isEqualTo("alice");
    }
}
