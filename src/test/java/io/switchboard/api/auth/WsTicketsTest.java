package io.switchboard.api.auth;

import io.switchboard.config.RateLimit;
import io.switchboard.config.Role;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** Unredeemed WebSocket tickets are a bounded cache that drops them once their TTL has passed. */
class WsTicketsTest {
    private static final long TTL_MILLIS = 30_000;
    private static final long NOW = 1_800_000_000_000L;

    private final AtomicLong nanos = new AtomicLong(TimeUnit.DAYS.toNanos(1));

    private static Principal alice() {
        return new Principal("alice", Role.AGENT, Long.MAX_VALUE, "jwt/alice", RateLimit.DEFAULT);
    }

    @Test
    void issue_200kTicketsNeverRedeemed_heldStayWithinTheBound() {
        WsTickets tickets = new WsTickets(TTL_MILLIS, WsTickets.DEFAULT_MAX_OPEN, nanos::get);

        for (int i = 0; i < 200_000; i++) {
            tickets.issue(new Principal("agent-" + i, Role.AGENT, Long.MAX_VALUE, "jwt/agent-" + i,
                    RateLimit.DEFAULT), NOW);
        }

        assertThat(tickets.held()).isLessThanOrEqualTo(WsTickets.DEFAULT_MAX_OPEN);
    }

    @Test
    void issue_ticketsLeftPastTheirTtl_dropped() {
        WsTickets tickets = new WsTickets(TTL_MILLIS, 1_000, nanos::get);
        String first = tickets.issue(alice(), NOW);
        tickets.issue(alice(), NOW);

        nanos.addAndGet(TimeUnit.MILLISECONDS.toNanos(TTL_MILLIS));

        assertThat(tickets.held()).isZero();
        assertThat(tickets.redeem(first, NOW + 1)).isNull();
    }

    @Test
    void redeem_withinTtl_principalOnceThenNull() {
        WsTickets tickets = new WsTickets(TTL_MILLIS, 1_000, nanos::get);
        String ticket = tickets.issue(alice(), NOW);

        assertThat(tickets.redeem(ticket, NOW + 1)).isEqualTo(alice());
        assertThat(tickets.redeem(ticket, NOW + 2)).isNull();
        assertThat(tickets.held()).isZero();
    }

    @Test
    void redeem_pastTheExpiryInTheEntry_nullEvenWhileTheCacheStillHoldsIt() {
        WsTickets tickets = new WsTickets(TTL_MILLIS, 1_000, nanos::get);
        String ticket = tickets.issue(alice(), NOW);

        assertThat(tickets.redeem(ticket, NOW + TTL_MILLIS)).isNull();
    }
}
