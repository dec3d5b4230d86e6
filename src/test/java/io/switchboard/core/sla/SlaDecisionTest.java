package io.switchboard.core.sla;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SlaDecisionTest {
    @Test
    void target_metricWithoutTarget_isZeroAndSetOnesAreKept() {
        SlaDecision decision = new SlaDecision("vip", "support-hours", Map.of(SlaMetric.FIRST_RESPONSE, 60_000L),
                Map.of());
        assertThat(decision.target(SlaMetric.FIRST_RESPONSE)).isEqualTo(60_000L);
        assertThat(decision.target(SlaMetric.RESOLUTION)).isZero();
    }

    @Test
    void construct_mutableOrNullMaps_keepsAFrozenCopyInMetricOrder() {
        Map<SlaMetric, Long> targets = new HashMap<>();
        targets.put(SlaMetric.RESOLUTION, 3_600_000L);
        targets.put(SlaMetric.FIRST_RESPONSE, 60_000L);
        SlaDecision decision = new SlaDecision("standard", "24x7", targets, null);
        targets.put(SlaMetric.NEXT_RESPONSE, 1L);

        assertThat(decision.targets()).containsExactly(Map.entry(SlaMetric.FIRST_RESPONSE, 60_000L),
                Map.entry(SlaMetric.RESOLUTION, 3_600_000L));
        assertThat(decision.deadlines()).isEmpty();
        assertThatThrownBy(() -> decision.targets().put(SlaMetric.NEXT_RESPONSE, 1L))
                .isInstanceOf(UnsupportedOperationException.class);
        assertThat(SlaDecision.NONE.policy()).isNull();
        assertThat(SlaDecision.NONE.targets()).isEmpty();
    }

    @Test
    void construct_nullValue_keepsItAsTheEnumMapCopyDid() {
        Map<SlaMetric, Long> deadlines = new HashMap<>();
        deadlines.put(SlaMetric.RESOLUTION, null);

        SlaDecision decision = new SlaDecision("standard", "24x7", Map.of(), deadlines);

        assertThat(decision.deadlines()).containsEntry(SlaMetric.RESOLUTION, null).hasSize(1);
    }

    @Test
    void equals_decisionsWithEqualContent_areEqualWhateverMapsTheyWereMadeFrom() {
        Map<SlaMetric, Long> targets = new java.util.EnumMap<>(SlaMetric.class);
        targets.put(SlaMetric.FIRST_RESPONSE, 60_000L);
        SlaDecision fromEnumMap = new SlaDecision("vip", "24x7", targets, Map.of());
        SlaDecision fromMapOf = new SlaDecision("vip", "24x7", Map.of(SlaMetric.FIRST_RESPONSE, 60_000L), null);

        assertThat(fromEnumMap).isEqualTo(fromMapOf).hasSameHashCodeAs(fromMapOf);
    }
}
