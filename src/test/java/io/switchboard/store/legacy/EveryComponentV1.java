package io.switchboard.store.legacy;

import io.switchboard.core.routing.OverflowStep;
import io.switchboard.core.ticket.Priority;
import io.switchboard.core.ticket.SkillRequirement;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.SortedSet;

/**
 * Test-only legacy shape with one component of every kind the codec supports, including the sorted
 * collections no event uses yet, so EventCodecBodyTest can decode hand-written bytes of each.
 */
public record EveryComponentV1(int count, Integer maybeCount, long at, Long maybeAt, boolean flag, double ratio,
        String text, BigDecimal amount, List<String> list, Set<String> set, SortedSet<String> sortedSet,
        Map<String, Integer> map, SortedMap<String, Long> sortedMap, Priority priority, OverflowStep step,
        SkillRequirement skill) {}
