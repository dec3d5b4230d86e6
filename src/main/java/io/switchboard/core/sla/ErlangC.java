package io.switchboard.core.sla;

/**
 * Erlang C: how many agents a queue of arrivals needs to answer a share of them within a target
 * wait, for the SLA advisor's staffing check. Pure functions, no state.
 *
 * <p>Model (M/M/N): arrivals at rate λ, handle time exponential with mean AHT, N agents, nobody
 * abandons. Traffic A = λ·AHT in Erlangs; the queue is stable only when N > A. Then
 * <ul>
 * <li>P(wait) = Ec(N, A) = N·B / (N − A(1 − B)), with B = Erlang B(N, A) by the recursion
 *     B₀ = 1, B_k = A·B_{k−1} / (k + A·B_{k−1}): no factorials or powers, so it neither overflows
 *     (A^N/N! does past N ≈ 170) nor loses precision for large N;
 * <li>service level SL(T) = 1 − Ec·e^{−(N−A)·T/AHT}, the share answered within T;
 * <li>average speed of answer ASA = Ec·AHT / (N − A); occupancy A / N.
 * </ul>
 * Trade-off: ignoring abandonment overstates waiting, so the agents it asks for are an upper
 * bound, which suits a feasibility check. For N ≤ A every arrival waits and the wait grows
 * without bound: P(wait) is 1 and the service level 0.
 */
public final class ErlangC {
    private ErlangC() {}

    /** Traffic in Erlangs from arrivals per hour and the average handle time in seconds. */
    public static double traffic(double arrivalsPerHour, double handleSeconds) {
        return arrivalsPerHour * handleSeconds / 3600.0;
    }

    /** Erlang B: the blocking probability of {@code agents} servers offered {@code traffic} Erlangs. */
    public static double erlangB(int agents, double traffic) {
        requireValid(agents, traffic);
        double b = 1;
        for (int k = 1; k <= agents; k++) {
            b = traffic * b / (k + traffic * b);
        }
        return b;
    }

    /** The probability that an arrival waits at all; 1 when {@code agents <= traffic}. */
    public static double probabilityOfWait(int agents, double traffic) {
        requireValid(agents, traffic);
        if (agents <= traffic) {
            return 1;
        }
        double b = erlangB(agents, traffic);
        return agents * b / (agents - traffic * (1 - b));
    }

    /** The share of arrivals answered within {@code targetSeconds}; 0 when {@code agents <= traffic}. */
    public static double serviceLevel(int agents, double traffic, double handleSeconds, double targetSeconds) {
        if (agents <= traffic) {
            return 0;
        }
        return 1 - probabilityOfWait(agents, traffic) * Math.exp(-(agents - traffic) * targetSeconds / handleSeconds);
    }

    /** Average wait of all arrivals in seconds; infinite when {@code agents <= traffic}. */
    public static double averageSpeedOfAnswer(int agents, double traffic, double handleSeconds) {
        if (agents <= traffic) {
            return Double.POSITIVE_INFINITY;
        }
        return probabilityOfWait(agents, traffic) * handleSeconds / (agents - traffic);
    }

    /**
     * The fewest agents that answer at least {@code share} (0..1, exclusive of 1) of arrivals within
     * {@code targetSeconds}; 0 when there is no traffic.
     */
    public static int agentsNeeded(double traffic, double handleSeconds, double targetSeconds, double share) {
        if (!(share >= 0 && share < 1) || handleSeconds <= 0 || targetSeconds < 0) {
            throw new IllegalArgumentException("share must be in [0, 1), handle time positive, target not negative");
        }
        if (traffic == 0) {
            return 0;
        }
        int agents = (int) Math.floor(traffic) + 1;
        while (serviceLevel(agents, traffic, handleSeconds, targetSeconds) < share) {
            agents++;
        }
        return agents;
    }

    private static void requireValid(int agents, double traffic) {
        if (agents < 0 || !(traffic >= 0) || Double.isInfinite(traffic)) {
            throw new IllegalArgumentException("agents must be >= 0 and traffic a finite number >= 0, not " + agents
                    + " and " + traffic);
        }
    }
}
