package io.switchboard.engine;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ActionKeysTest {
    private static final long T0 = 1_000_000L;

    @Test
    void find_withinTtl_givesTheFirstUse_afterTtl_forgetsIt() {
        ActionKeys keys = new ActionKeys(10);
        keys.remember("a k", "fp", "tkt_1", T0);
        assertThat(keys.find("a k", T0 + ActionKeys.TTL_MILLIS - 1)).isEqualTo(new ActionKeys.Entry("fp", "tkt_1", T0));
        assertThat(keys.find("a k", T0 + ActionKeys.TTL_MILLIS)).isNull();
        assertThat(keys.size()).isZero();
    }

    @Test
    void remember_floodOfDistinctKeys_keepsAtMostTheBoundDroppingTheOldest() {
        ActionKeys keys = new ActionKeys(1000);
        for (int i = 0; i < 50_000; i++) {
            keys.remember("k" + i, "fp", "tkt_1", T0 + i);
        }
        assertThat(keys.size()).isEqualTo(1000);
        assertThat(keys.find("k48999", T0 + 50_000)).isNull();
        assertThat(keys.find("k49000", T0 + 50_000)).isNotNull();
    }
    @Test
    void remember_afterAnotherKeysTtl_forgetsThatKeyWithoutBeingAsked() {
        ActionKeys keys = new ActionKeys(10);
        keys.remember("old", "fp", "tkt_1", T0);

        keys.remember("new", "fp", "tkt_2", T0 + ActionKeys.TTL_MILLIS);

        assertThat(keys.size()).isEqualTo(1);
    }
}
