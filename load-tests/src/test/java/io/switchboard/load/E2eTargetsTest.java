package io.switchboard.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;
import org.junit.jupiter.api.Test;

class E2eTargetsTest {
    private static final double NaN = Double.NaN;

    private static E2eTargets.Check find(List<E2eTargets.Check> checks, String prefix) {
        return checks.stream().filter(c -> c.target().startsWith(prefix)).findFirst()
                .orElseThrow(() -> new AssertionError("no check " + prefix + " in " + checks));
    }

    @Test
    void p99_memoryAt5k_passesUpTo1point5TimesTheRelay() {
        E2eTargets.Case atBound = new E2eTargets.Case("memory", 5000, 2.0, 3.0, 1, 1, 0.3, 4, 9000);
        E2eTargets.Case above = new E2eTargets.Case("memory", 5000, 2.0, 3.01, 1, 1, 0.3, 4, 9000);
        assertEquals("PASS", find(E2eTargets.check(List.of(atBound), 0.6), "created → push p99").verdict());
        assertEquals("FAIL", find(E2eTargets.check(List.of(above), 0.6), "created → push p99").verdict());
    }

    @Test
    void p99Bound_fileJournal_addsTwiceTheFsyncP99() {
        E2eTargets.Case file = new E2eTargets.Case("file", 5000, 2.0, 3.5, 1, 1, 0.4, 4, 9000);
        assertEquals(3.8, E2eTargets.p99Bound(file), 1e-9);
        assertEquals("PASS", find(E2eTargets.check(List.of(file), 0.6), "created → push p99").verdict());
    }

    @Test
    void keepsUp_below97Percent_fails() {
        E2eTargets.Case slow = new E2eTargets.Case("memory", 1000, 2, 2, 1, 0.96, 0.3, 1, 1000);
        assertEquals("FAIL", find(E2eTargets.check(List.of(slow), NaN), "keeps up").verdict());
    }

    @Test
    void peak_relayThatDoesNotKeepUp_isNotApplicable() {
        E2eTargets.Case peak = new E2eTargets.Case("file", 8000, 80, 900, 0.9, 0.5, 0.3, 1, 1000);
        E2eTargets.Check check = find(E2eTargets.check(List.of(peak), NaN), "peak");
        assertNull(check.passed());
        assertEquals("n/a", check.verdict());
    }

    @Test
    void peak_relayKeepsUp_needsSwitchboardUnder50msAnd97Percent() {
        E2eTargets.Case ok = new E2eTargets.Case("file", 8000, 5, 49, 1, 0.98, 0.3, 1, 1000);
        E2eTargets.Case late = new E2eTargets.Case("file", 8000, 5, 51, 1, 0.98, 0.3, 1, 1000);
        assertEquals("PASS", find(E2eTargets.check(List.of(ok), NaN), "peak").verdict());
        assertEquals("FAIL", find(E2eTargets.check(List.of(late), NaN), "peak").verdict());
    }

    @Test
    void gcAndAllocation_at5k_areJudgedAgainst5msAnd10KB() {
        E2eTargets.Case c = new E2eTargets.Case("memory", 5000, 2, 2, 1, 1, 0.3, 5.5, 10 * 1024);
        List<E2eTargets.Check> checks = E2eTargets.check(List.of(c), NaN);
        assertEquals("FAIL", find(checks, "longest GC pause").verdict());
        assertEquals("PASS", find(checks, "allocation per ticket").verdict());
    }

    @Test
    void intake_missingOrLow_isNotMeasuredOrFails() {
        assertEquals("n/a", find(E2eTargets.check(List.of(), NaN), "durable intake").verdict());
        assertEquals("FAIL", find(E2eTargets.check(List.of(), 0.18), "durable intake").verdict());
        assertEquals("PASS", find(E2eTargets.check(List.of(), 0.5), "durable intake").verdict());
    }

    @Test
    void p99_notMeasured_isNotApplicableRatherThanPassed() {
        E2eTargets.Case none = new E2eTargets.Case("memory", 5000, 2, NaN, 1, 0, 0.3, NaN, NaN);
        assertEquals("n/a", find(E2eTargets.check(List.of(none), NaN), "created → push p99").verdict());
    }

    @Test
    void p99_switchboardLowerBoundUnderTheBound_isNotJudgedAsPassed() {
        E2eTargets.Case c = new E2eTargets.Case("memory", 5000, 14000, 5000, 0.6, 0.05, 0.3, 70, 9000, false, true);
        assertEquals("n/a", find(E2eTargets.check(List.of(c), NaN), "created → push p99").verdict());
    }

    @Test
    void p99_switchboardLowerBoundAboveAnExactBound_fails() {
        E2eTargets.Case c = new E2eTargets.Case("memory", 5000, 2, 5000, 1, 0.05, 0.3, 70, 9000, false, true);
        assertEquals("FAIL", find(E2eTargets.check(List.of(c), NaN), "created → push p99").verdict());
    }

    @Test
    void p99_relayLowerBound_letsAnExactSwitchboardUnderItPassButNotFail() {
        E2eTargets.Case under = new E2eTargets.Case("memory", 5000, 5000, 6000, 0.5, 0.9, 0.3, 70, 9000, true, false);
        E2eTargets.Case over = new E2eTargets.Case("memory", 5000, 5000, 9000, 0.5, 0.9, 0.3, 70, 9000, true, false);
        assertEquals("PASS", find(E2eTargets.check(List.of(under), NaN), "created → push p99").verdict());
        assertEquals("n/a", find(E2eTargets.check(List.of(over), NaN), "created → push p99").verdict());
    }
}
