package io.switchboard.core.sla;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The compact metric → millis map of a decision behaves as the frozen EnumMap it replaces. */
class MetricMillisTest {
    @Test
    void copyOf_someMetrics_equalsAndHashesAsTheEnumMapAndIteratesInMetricOrder() {
        Map<SlaMetric, Long> source = new HashMap<>();
        source.put(SlaMetric.RESOLUTION, 3_600_000L);
        source.put(SlaMetric.FIRST_RESPONSE, 0L);
        EnumMap<SlaMetric, Long> expected = new EnumMap<>(source);

        Map<SlaMetric, Long> copy = MetricMillis.copyOf(source);

        assertThat(copy).isInstanceOf(MetricMillis.class);
        assertThat(copy).isEqualTo(expected);
        assertThat(expected).isEqualTo(copy);
        assertThat(copy.hashCode()).isEqualTo(expected.hashCode());
        assertThat(copy.toString()).isEqualTo(expected.toString());
        assertThat(copy).hasSize(2).containsExactly(Map.entry(SlaMetric.FIRST_RESPONSE, 0L),
                Map.entry(SlaMetric.RESOLUTION, 3_600_000L));
        assertThat(copy.get(SlaMetric.NEXT_RESPONSE)).isNull();
        assertThat(copy.containsKey(SlaMetric.NEXT_RESPONSE)).isFalse();
        assertThat(copy.getOrDefault(SlaMetric.NEXT_RESPONSE, 7L)).isEqualTo(7L);
        assertThat(copy.get("resolution")).isNull();
        List<SlaMetric> visited = new ArrayList<>();
        copy.forEach((metric, millis) -> visited.add(metric));
        assertThat(visited).containsExactly(SlaMetric.FIRST_RESPONSE, SlaMetric.RESOLUTION);
    }

    @Test
    void copyOf_nullOrEmpty_isTheSharedEmptyMap() {
        assertThat(MetricMillis.copyOf(null)).isSameAs(MetricMillis.EMPTY).isEmpty();
        assertThat(MetricMillis.copyOf(Map.of())).isSameAs(MetricMillis.EMPTY).isEqualTo(Map.of());
    }

    @Test
    void copyOf_nullValue_isLeftToTheCaller() {
        Map<SlaMetric, Long> withNull = new EnumMap<>(SlaMetric.class);
        withNull.put(SlaMetric.FIRST_RESPONSE, null);

        assertThat(MetricMillis.copyOf(withNull)).isNull();
    }

    @Test
    void writes_anyMutation_areRefused() {
        Map<SlaMetric, Long> copy = MetricMillis.copyOf(Map.of(SlaMetric.FIRST_RESPONSE, 1L));

        assertThatThrownBy(() -> copy.put(SlaMetric.NEXT_RESPONSE, 1L))
                .isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> copy.remove(SlaMetric.FIRST_RESPONSE))
                .isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(copy::clear).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> copy.entrySet().iterator().next().setValue(2L))
                .isInstanceOf(UnsupportedOperationException.class);
        assertThat(copy).containsExactly(Map.entry(SlaMetric.FIRST_RESPONSE, 1L));
    }

    @Test
    void sharedCopyOf_equalTargets_shareOneInstanceAndDifferentOnesDoNot() {
        Map<SlaMetric, Long> targets = Map.of(SlaMetric.FIRST_RESPONSE, 60_000L, SlaMetric.RESOLUTION, 86_400_000L);

        Map<SlaMetric, Long> first = MetricMillis.sharedCopyOf(targets);
        Map<SlaMetric, Long> again = MetricMillis.sharedCopyOf(new EnumMap<>(targets));
        Map<SlaMetric, Long> other = MetricMillis.sharedCopyOf(Map.of(SlaMetric.FIRST_RESPONSE, 60_001L));

        assertThat(again).isSameAs(first).isEqualTo(targets);
        assertThat(other).isNotSameAs(first).isEqualTo(Map.of(SlaMetric.FIRST_RESPONSE, 60_001L));
        assertThat(MetricMillis.copyOf(targets)).as("the plain copy is never shared").isNotSameAs(first);
    }

    @Test
    void sharedCopyOf_moreDistinctMapsThanCapacity_holdsAtMostCapacityEachCopyEqualToItsSource() {
        for (long i = 1; i <= 4 * MetricMillis.SHARED_CAPACITY; i++) { // more than the table holds
            Map<SlaMetric, Long> source = Map.of(SlaMetric.NEXT_RESPONSE, i);
            assertThat(MetricMillis.sharedCopyOf(source)).isEqualTo(source);
        }

        assertThat(MetricMillis.sharedCount()).as("bounded").isEqualTo(MetricMillis.SHARED_CAPACITY);
    }

    @Test
    void decisions_samePolicyTargets_shareTheTargetsMapButNotTheDeadlines() {
        Map<SlaMetric, Long> targets = Map.of(SlaMetric.FIRST_RESPONSE, 120_000L);
        SlaDecision a = new SlaDecision("p", "24x7", targets, Map.of(SlaMetric.FIRST_RESPONSE, 1L));
        SlaDecision b = new SlaDecision("p", "24x7", new HashMap<>(targets), Map.of(SlaMetric.FIRST_RESPONSE, 2L));

        assertThat(b.targets()).isSameAs(a.targets());
        assertThat(b.deadlines()).isNotEqualTo(a.deadlines());
    }
    @Test
    void reads_presentAbsentAndForeignKeys_asAnEnumMapWould() {
        Map<SlaMetric, Long> map = MetricMillis.copyOf(Map.of(SlaMetric.FIRST_RESPONSE, 60_000L,
                SlaMetric.RESOLUTION, 3_600_000L));

        assertThat(map.isEmpty()).isFalse();
        assertThat(map.containsKey(SlaMetric.FIRST_RESPONSE)).isTrue();
        assertThat(map.containsKey(SlaMetric.NEXT_RESPONSE)).isFalse();
        assertThat(map.containsKey("first_response")).isFalse();
        assertThat(map.entrySet().size()).isEqualTo(2);
        java.util.Iterator<Map.Entry<SlaMetric, Long>> entries = map.entrySet().iterator();
        entries.next();
        entries.next();
        assertThat(entries.hasNext()).isFalse();
        assertThatThrownBy(entries::next).isInstanceOf(java.util.NoSuchElementException.class);
    }

    @Test
    void copyOf_alreadyCompact_isTheSameInstance() {
        Map<SlaMetric, Long> compact = MetricMillis.copyOf(Map.of(SlaMetric.NEXT_RESPONSE, 5L));

        assertThat(MetricMillis.copyOf(compact)).isSameAs(compact);
    }

    @Test
    void sharedCopyOf_nullValue_isLeftToTheCallerAndEmptyIsTheSharedEmptyMap() {
        Map<SlaMetric, Long> withNull = new HashMap<>();
        withNull.put(SlaMetric.RESOLUTION, null);

        assertThat(MetricMillis.sharedCopyOf(withNull)).isNull();
        assertThat(MetricMillis.sharedCopyOf(Map.of())).isSameAs(MetricMillis.EMPTY);
    }
}
