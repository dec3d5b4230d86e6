package io.switchboard.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class StatsTest {
    @Test
    void slope_ofALine_isItsGradient() {
        assertEquals(15_000, Stats.slope(new double[] {0, 1000, 2000, 3000},
                new double[] {4e6, 19e6, 34e6, 49e6}), 1e-6);
    }

    @Test
    void slope_singlePoint_isNaN() {
        assertTrue(Double.isNaN(Stats.slope(new double[] {1}, new double[] {2})));
    }
}
