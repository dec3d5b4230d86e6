package io.switchboard.metrics;

import io.switchboard.core.ticket.CustomerTier;
import io.switchboard.core.ticket.Priority;
import io.switchboard.engine.TicketView;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The labels of the resolved tickets {@link EngineMetrics} tracks, one {@code int} per ticket
 * seq instead of a {@link TicketLabels} object each.
 *
 * <p>Why: a ticket waits resolved for up to {@code sla.autoCloseAfter} (days) before it closes,
 * and a map entry, a labels object and the id string per ticket were copied by every young GC
 * pause until tenured (issue 12; the engine parks the same tickets as bytes). Here a resolved
 * ticket is a slot in a page of {@link #PAGE_SIZE} ints, indexed by seq like the engine's parked
 * tickets: no object per ticket, one small array per page, made at its first entry and dropped
 * at its last.
 *
 * <p>A slot packs the labels the ticket's events may change (tier, priority, queue, policy) and
 * what was counted (assigned, first response); queue and policy names are numbered in order of
 * first use (a few: they come from the configuration, or from the journal for tickets restored
 * at a restart). What never changes after creation (creation time, channel, type) is not kept:
 * the caller reads it back from the engine's view of the ticket when it {@link #thaw}s it. So a
 * thawed ticket has exactly the labels it was parked with.
 *
 * <p>Trade-off: 4 bytes per seq of a page that holds any resolved ticket; tickets resolve and
 * close roughly in creation order, so pages are mostly full (a page left with a few long-resolved
 * tickets costs 4 KB). Labels that do not fit (more than {@link #NAME_MASK} distinct names, or a
 * seq beyond the pages) are refused, and the caller keeps that ticket as an object.
 *
 * <p>Threading: confined to the engine loop, like {@link EngineMetrics}.
 */
final class ResolvedTickets {
    private static final int PAGE_BITS = 10;
    private static final int PAGE_SIZE = 1 << PAGE_BITS;
    /** Set in every slot that holds a ticket: an empty slot is 0. */
    private static final int ENTRY = 1;
    private static final int FIRST_RESPONSE_COUNTED = 1 << 1;
    private static final int ASSIGNED = 1 << 2;
    /** Enums as ordinal + 1 in 3 bits (0 = null). */
    private static final int PRIORITY_SHIFT = 3;
    private static final int TIER_SHIFT = 6;
    private static final int ENUM_MASK = 7;
    /** Names as their number + 1 in 11 bits (0 = null). */
    private static final int QUEUE_SHIFT = 9;
    private static final int POLICY_SHIFT = 20;
    static final int NAME_MASK = (1 << 11) - 1;
    private static final Priority[] PRIORITIES = Priority.values();
    private static final CustomerTier[] TIERS = CustomerTier.values();

    private final List<String> names = new ArrayList<>();
    private final Map<String, Integer> numbers = new HashMap<>();
    private int[][] pages = new int[16][];
    private int[] pageCounts = new int[16];
    private int count;

    /** How many tickets are parked here. */
    int size() {
        return count;
    }

    /** True when the ticket with this seq is parked here; false for a negative seq. */
    boolean contains(long seq) {
        return slot(seq) != 0;
    }

    /**
     * Keeps {@code labels} (of a resolved ticket) under {@code seq}, replacing what was there;
     * false, with nothing kept, when they cannot be packed: the caller keeps the object instead.
     */
    boolean park(long seq, TicketLabels labels) {
        int priority = labels.priority == null ? 0 : labels.priority.ordinal() + 1;
        int tier = labels.tier == null ? 0 : labels.tier.ordinal() + 1;
        int queue = number(labels.queue);
        int policy = number(labels.policy);
        if (seq < 0 || (seq >>> PAGE_BITS) >= Integer.MAX_VALUE - 8 || priority > ENUM_MASK || tier > ENUM_MASK
                || queue < 0 || policy < 0) {
            return false;
        }
        int packed = ENTRY | (labels.firstResponseCounted ? FIRST_RESPONSE_COUNTED : 0)
                | (labels.assigned ? ASSIGNED : 0) | priority << PRIORITY_SHIFT | tier << TIER_SHIFT
                | queue << QUEUE_SHIFT | policy << POLICY_SHIFT;
        setSlot(seq, packed);
        return true;
    }

    /**
     * The labels parked under {@code seq} (null when none), around {@code fixed}'s creation time,
     * channel and type, which must be the same ticket's; the entry is dropped (park it again if the
     * ticket stays resolved).
     */
    TicketLabels thaw(long seq, TicketView fixed) {
        int packed = slot(seq);
        if (packed == 0) {
            return null;
        }
        setSlot(seq, 0);
        int priority = packed >>> PRIORITY_SHIFT & ENUM_MASK;
        int tier = packed >>> TIER_SHIFT & ENUM_MASK;
        TicketLabels labels = new TicketLabels(fixed.createdAt(), fixed.channel(),
                tier == 0 ? null : TIERS[tier - 1], priority == 0 ? null : PRIORITIES[priority - 1], fixed.type(),
                name(packed >>> QUEUE_SHIFT & NAME_MASK));
        labels.policy = name(packed >>> POLICY_SHIFT & NAME_MASK);
        labels.assigned = (packed & ASSIGNED) != 0;
        labels.firstResponseCounted = (packed & FIRST_RESPONSE_COUNTED) != 0;
        labels.resolved = true;
        return labels;
    }

    /** Drops the ticket with this seq (it closed), if it is here. */
    void remove(long seq) {
        if (slot(seq) != 0) {
            setSlot(seq, 0);
        }
    }

    /** {@code name}'s number + 1 (0 for null), numbering it at first use; -1 once {@link #NAME_MASK} are numbered. */
    private int number(String name) {
        if (name == null) {
            return 0;
        }
        Integer known = numbers.get(name);
        if (known != null) {
            return known + 1;
        }
        if (names.size() == NAME_MASK) {
            return -1;
        }
        numbers.put(name, names.size());
        names.add(name);
        return names.size();
    }

    private String name(int number) {
        return number == 0 ? null : names.get(number - 1);
    }

    private int slot(long seq) {
        if (seq < 0) {
            return 0;
        }
        long page = seq >>> PAGE_BITS;
        if (page >= pages.length || pages[(int) page] == null) {
            return 0;
        }
        return pages[(int) page][(int) (seq & (PAGE_SIZE - 1))];
    }

    /** Sets the slot of {@code seq} (0 clears it); a page is made at its first entry and dropped at its last. */
    private void setSlot(long seq, int packed) {
        int page = (int) (seq >>> PAGE_BITS);
        if (page >= pages.length) {
            if (packed == 0) {
                return;
            }
            int size = Math.max(page + 1, pages.length * 2);
            pages = Arrays.copyOf(pages, size);
            pageCounts = Arrays.copyOf(pageCounts, size);
        }
        int[] slots = pages[page];
        if (slots == null) {
            if (packed == 0) {
                return;
            }
            slots = pages[page] = new int[PAGE_SIZE];
        }
        int index = (int) (seq & (PAGE_SIZE - 1));
        boolean was = slots[index] != 0;
        slots[index] = packed;
        if (was != (packed != 0)) {
            int delta = packed != 0 ? 1 : -1;
            count += delta;
            if ((pageCounts[page] += delta) == 0) {
                pages[page] = null;
            }
        }
    }
}
