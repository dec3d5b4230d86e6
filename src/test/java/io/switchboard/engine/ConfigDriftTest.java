package io.switchboard.engine;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The restart's log of removed configuration: one line per item and effect, ids capped at ten. */
class ConfigDriftTest {
    @Test
    void lines_noCase_empty() {
        assertThat(new ConfigDrift().lines()).isEmpty();
    }

    @Test
    void lines_sameItemAndEffect_oneLineWithEachSubjectOnceInOrderFirstMet() {
        ConfigDrift drift = new ConfigDrift();
        drift.note("queue", "vip", "tkt_2", "moved");
        drift.note("team", "tech", "tkt_1", "routed by queue");
        drift.note("queue", "vip", "tkt_1", "moved");
        drift.note("queue", "vip", "tkt_2", "moved");
        drift.note("queue", "vip", "tkt_3", "kept");

        assertThat(drift.lines()).containsExactly(
                "queue 'vip' is no longer configured: tickets tkt_2, tkt_1 moved",
                "team 'tech' is no longer configured: tickets tkt_1 routed by queue",
                "queue 'vip' is no longer configured: tickets tkt_3 kept");
    }

    @Test
    void lines_moreThanTenSubjects_firstTenByIdAndTheRestCounted() {
        ConfigDrift ten = new ConfigDrift();
        ConfigDrift twelve = new ConfigDrift();
        for (int i = 1; i <= 12; i++) {
            if (i <= 10) {
                ten.note("queue", "vip", "tkt_" + i, "moved");
            }
            twelve.note("queue", "vip", "tkt_" + i, "moved");
        }

        assertThat(ten.lines()).containsExactly("queue 'vip' is no longer configured: tickets "
                + "tkt_1, tkt_2, tkt_3, tkt_4, tkt_5, tkt_6, tkt_7, tkt_8, tkt_9, tkt_10 moved");
        assertThat(twelve.lines()).containsExactly("queue 'vip' is no longer configured: tickets "
                + "tkt_1, tkt_2, tkt_3, tkt_4, tkt_5, tkt_6, tkt_7, tkt_8, tkt_9, tkt_10 and 2 more moved");
    }
}
