package io.switchboard.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class WebhookBudgetTest {
    @Test
    void ratio_isWithOverWithout_andNaNWithoutABaseline() {
        assertEquals(1.25, new WebhookBudget.Pair(1, 4.0, 5.0, 10, 0, 1, 1).ratio(), 1e-9);
        assertTrue(Double.isNaN(new WebhookBudget.Pair(1, 0, 5.0, 10, 0, 1, 1).ratio()));
        assertTrue(Double.isNaN(new WebhookBudget.Pair(1, 4.0, Double.NaN, 10, 0, 1, 1).ratio()));
    }

    @Test
    void judge_medianOfPerRunRatios_notRatioOfMedians() {
        // per run: 1.0, 1.5, 1.05 → median 1.05 (the ratio of the medians would be 12 / 10 = 1.2)
        List<WebhookBudget.Pair> pairs = List.of(new WebhookBudget.Pair(1, 10, 10, 100, 0, 5, 5),
                new WebhookBudget.Pair(2, 8, 12, 300, 0, 5, 5), new WebhookBudget.Pair(3, 20, 21, 200, 0, 5, 6));
        WebhookBudget.Verdict v = WebhookBudget.judge(pairs);
        assertEquals(1.05, v.ratio(), 1e-9);
        assertEquals(10, v.withoutP99Ms(), 1e-9);
        assertEquals(12, v.withP99Ms(), 1e-9);
        assertEquals(200, v.lagP99Ms(), 1e-9);
        assertTrue(v.ratioMet());
        assertTrue(v.lagMet());
        assertTrue(v.exactlyOnce());
    }

    @Test
    void judge_overBudget_failsEachTargetOnItsOwn() {
        WebhookBudget.Verdict slow = WebhookBudget.judge(List.of(new WebhookBudget.Pair(1, 10, 11.5, 1500, 0, 5, 5)));
        assertFalse(slow.ratioMet());
        assertFalse(slow.lagMet());
        assertTrue(slow.exactlyOnce());
        assertFalse(WebhookBudget.judge(List.of(new WebhookBudget.Pair(1, 10, 10, 5, 1, 5, 5))).exactlyOnce(),
                "a duplicate");
        assertFalse(WebhookBudget.judge(List.of(new WebhookBudget.Pair(1, 10, 10, 5, 0, 5, 4))).exactlyOnce(),
                "a created ticket never delivered");
        assertFalse(WebhookBudget.judge(List.of()).exactlyOnce());
    }

    @Test
    void withFirst_alternatesByRun() {
        assertFalse(WebhookBudget.withFirst(1));
        assertTrue(WebhookBudget.withFirst(2));
        assertFalse(WebhookBudget.withFirst(3));
    }

    @Test
    void configWithWebhooks_appendsALoopbackSection_refusesASecond() {
        String yaml = WebhookBudgetScenario.configWithWebhooks("skills: [general]", Duration.ofMillis(500), 8);
        assertTrue(yaml.contains("\nwebhooks:\n  allowPrivateNetworks: true\n  initialBackoff: 500ms\n"
                + "  connectionsPerEndpoint: 8\n"), yaml);
        assertThrows(IllegalArgumentException.class, () -> WebhookBudgetScenario.configWithWebhooks(yaml,
                Duration.ofSeconds(5), 4));
    }

    @Test
    void pauses_perHalf_countMaxTotalAndCollector_orNone() {
        assertEquals("3 pauses, max 118.1 ms, total 240 ms (G1New + G1Old)", WebhookBudgetScenario.pauses(
                new JfrProbe.Summary("G1New + G1Old", 3, 118.14, 118.14, 240.4, 1_000)));
        assertEquals("none (N/A + Shenandoah)", WebhookBudgetScenario.pauses(
                new JfrProbe.Summary("N/A + Shenandoah", 0, Double.NaN, Double.NaN, 0, 1_000)));
    }
}
