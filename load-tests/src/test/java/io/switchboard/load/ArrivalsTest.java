package io.switchboard.load;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class ArrivalsTest {
    @Test
    void constant_gap_isOneOverRate() {
        Arrivals a = new Arrivals(Arrivals.Kind.CONSTANT, 1);
        assertEquals(200_000, a.gapNanos(5000));
    }

    @Test
    void poisson_meanGap_isOneOverRate() {
        Arrivals a = new Arrivals(Arrivals.Kind.POISSON, 1);
        long sum = 0;
        int n = 200_000;
        for (int i = 0; i < n; i++) {
            sum += a.gapNanos(1000);
        }
        assertEquals(1_000_000, sum / (double) n, 10_000);
    }

    @Test
    void poisson_sameSeed_sameSchedule() {
        Arrivals a = new Arrivals(Arrivals.Kind.POISSON, 42);
        Arrivals b = new Arrivals(Arrivals.Kind.POISSON, 42);
        for (int i = 0; i < 100; i++) {
            assertEquals(a.gapNanos(700), b.gapNanos(700));
        }
    }
}
