package io.switchboard.core.event;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ArchivedTicketTest {
    @Test
    void breached_breachTimeSet_trueAndZeroMeansMet() {
        assertThat(new ArchivedTicket.ClockOutcome(60_000, -1, 1_000, 900, 70_000, -10L).breached()).isTrue();
        assertThat(new ArchivedTicket.ClockOutcome(60_000, -1, 1_000, 0, 30_000, 30L).breached()).isFalse();
    }
}
