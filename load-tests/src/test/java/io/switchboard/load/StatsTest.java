package io.switchboard.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
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

    @Test
    void median_oddCount_isTheMiddleValue() {
        assertEquals(4.0, Stats.median(List.of(9.0, 1.0, 4.0)));
    }

    @Test
    void median_evenCount_averagesTheMiddleTwo() {
        assertEquals(2.5, Stats.median(List.of(4.0, 1.0, 2.0, 3.0)));
    }

    @Test
    void median_notANumber_isSkippedAndNoneLeftIsNaN() {
        assertEquals(3.0, Stats.median(Arrays.asList(Double.NaN, 3.0, null)));
        assertTrue(Double.isNaN(Stats.median(List.of(Double.NaN))));
    }
}
