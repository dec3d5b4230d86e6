package io.switchboard.core.sla;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.withinPercentage;

import org.junit.jupiter.api.Test;

/**
 * Erlang C against published worked examples, to 4 significant digits (a relative tolerance of
 * 0.005 %, tighter than half a unit in the 4th digit).
 *
 * <p>Example A, Call Centre Helper's worked example as published in the CRAN {@code ErlangC}
 * package README (and the {@code pyworkforce} tests): 100 calls per 30 minutes, AHT 180 s,
 * target 80 % within 20 s; A = 10 Erlangs; published P(wait) 0.6821182 and service level
 * 0.3896138 at 11 agents, P(wait) 0.1741319, service level 0.88835 and ASA 7.83593701 s at 14
 * agents, and 14 agents needed.
 *
 * <p>Example B, the Erlang R package vignette (P. Hubers): 200 calls per 30 minutes, AHT 180 s,
 * 80 % within 60 s: 23 agents, occupancy 20/23.
 */
class ErlangCTest {
    private static final double A = ErlangC.traffic(200, 180); // 100 calls per 30 min = 200 per hour

    @Test
    void traffic_callCentreHelperExample_tenErlangs() {
        assertThat(A).isEqualTo(10.0);
    }

    @Test
    void probabilityOfWait_elevenAgents_matchesPublished() {
        assertThat(ErlangC.probabilityOfWait(11, A)).isCloseTo(0.6821182, withinPercentage(0.005));
        assertThat(ErlangC.serviceLevel(11, A, 180, 20)).isCloseTo(0.3896138, withinPercentage(0.005));
    }

    @Test
    void fourteenAgents_waitServiceLevelAndSpeedOfAnswer_matchPublished() {
        assertThat(ErlangC.probabilityOfWait(14, A)).isCloseTo(0.1741319, withinPercentage(0.005));
        assertThat(ErlangC.serviceLevel(14, A, 180, 20)).isCloseTo(0.88835, withinPercentage(0.005));
        assertThat(ErlangC.averageSpeedOfAnswer(14, A, 180)).isCloseTo(7.83593701, withinPercentage(0.005));
    }

    @Test
    void agentsNeeded_callCentreHelperEightyInTwenty_fourteen() {
        assertThat(ErlangC.agentsNeeded(A, 180, 20, 0.80)).isEqualTo(14);
    }

    @Test
    void agentsNeeded_hubersVignetteEightyInSixty_twentyThree() {
        double traffic = ErlangC.traffic(400, 180);
        assertThat(traffic).isEqualTo(20.0);
        assertThat(ErlangC.agentsNeeded(traffic, 180, 60, 0.80)).isEqualTo(23);
        assertThat(ErlangC.serviceLevel(22, traffic, 180, 60)).isLessThan(0.80);
    }

    @Test
    void unstableQueue_noMoreAgentsThanTraffic_everyoneWaitsForever() {
        assertThat(ErlangC.probabilityOfWait(10, A)).isEqualTo(1.0);
        assertThat(ErlangC.serviceLevel(9, A, 180, 20)).isEqualTo(0.0);
        assertThat(ErlangC.averageSpeedOfAnswer(10, A, 180)).isInfinite();
    }

    @Test
    void largeCenter_thousandsOfAgents_staysFinite() {
        double p = ErlangC.probabilityOfWait(2_000, 1_950);
        assertThat(p).isBetween(0.0, 1.0);
        assertThat(ErlangC.agentsNeeded(1_950, 180, 20, 0.8)).isBetween(1_951, 2_100);
    }

    @Test
    void invalidInput_refused() {
        assertThatThrownBy(() -> ErlangC.erlangB(-1, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ErlangC.probabilityOfWait(3, Double.NaN)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ErlangC.agentsNeeded(1, 180, 20, 1.0)).isInstanceOf(IllegalArgumentException.class);
        assertThat(ErlangC.agentsNeeded(0, 180, 20, 0.8)).isZero();
    }

    @Test
    void erlangB_noAgentsOrNoTraffic_allBlockedOrNoneBlocked() {
        assertThat(ErlangC.erlangB(0, 2.0)).as("zero agents is a valid centre: every call is blocked").isEqualTo(1.0);
        assertThat(ErlangC.erlangB(3, 0.0)).as("no traffic: nothing is blocked").isEqualTo(0.0);
    }

    @Test
    void probabilityOfWait_negativeAgents_refusedEvenWhenTheQueueIsUnstable() {
        assertThatThrownBy(() -> ErlangC.probabilityOfWait(-1, 1.0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void agentsNeeded_shareZero_theFewestThatKeepTheQueueStable() {
        // any stable centre answers a share of 0: one more agent than the traffic, never fewer
        assertThat(ErlangC.agentsNeeded(A, 180, 20, 0.0)).isEqualTo(11);
    }

    @Test
    void agentsNeeded_targetZeroOrHandleTimeZero_zeroTargetMeansNoWaitAtAll_zeroHandleTimeRefused() {
        // target 0 s: the share that does not wait at all, 1 - P(wait) >= 0.8, needs P(wait) <= 0.2
        int agents = ErlangC.agentsNeeded(A, 180, 0, 0.8);
        assertThat(ErlangC.probabilityOfWait(agents, A)).isLessThanOrEqualTo(0.2);
        assertThat(ErlangC.probabilityOfWait(agents - 1, A)).isGreaterThan(0.2);
        assertThatThrownBy(() -> ErlangC.agentsNeeded(A, 0, 20, 0.8)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ErlangC.agentsNeeded(A, 180, 20, -0.1)).isInstanceOf(IllegalArgumentException.class);
    }
}
