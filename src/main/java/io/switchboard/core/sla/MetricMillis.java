package io.switchboard.core.sla;

import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;

/**
 * An immutable map from SLA metric to millis held in one object: three longs and a mask of the
 * metrics present. The engine keeps an {@link SlaDecision} per ticket for as long as it keeps the
 * ticket (days after it resolves), and an {@code EnumMap} copy of each of its two maps cost an
 * {@code EnumMap}, its array, an unmodifiable wrapper and a boxed {@code Long} per entry: objects
 * every young GC copies. Iterates in metric order, as an {@code EnumMap} does; equal to, and hashes
 * as, any {@link Map} with the same entries. Values are boxed when read.
 */
final class MetricMillis extends AbstractMap<SlaMetric, Long> {
    static final MetricMillis EMPTY = new MetricMillis(0, 0, 0, 0);

    private static final SlaMetric[] METRICS = SlaMetric.values();

    static {
        if (METRICS.length != 3) { // one field per metric below
            throw new ExceptionInInitializerError("MetricMillis holds three metrics, SlaMetric has " + METRICS.length);
        }
    }

    /** How many distinct shared maps are held at most. */
    static final int SHARED_CAPACITY = 256;

    /**
     * Maps handed out by {@link #sharedCopyOf}: a bounded intern table (least recently used
     * dropped beyond {@link #SHARED_CAPACITY}), so the tickets of one policy share its targets.
     * The values are immutable, so sharing across engines and threads is safe; a dropped map is
     * only no longer shared.
     */
    private static final Map<MetricMillis, MetricMillis> SHARED = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<MetricMillis, MetricMillis> eldest) {
            return size() > SHARED_CAPACITY;
        }
    };

    private final long firstResponse;
    private final long nextResponse;
    private final long resolution;
    /** Bit {@code ordinal} set when that metric is present. */
    private final byte present;

    private MetricMillis(long firstResponse, long nextResponse, long resolution, int present) {
        this.firstResponse = firstResponse;
        this.nextResponse = nextResponse;
        this.resolution = resolution;
        this.present = (byte) present;
    }

    /**
     * An immutable copy of {@code map} (null = empty), or null when it holds a null value, which
     * this map cannot hold (the caller keeps a general copy then). A null key throws, as the
     * {@code EnumMap} copy did.
     */
    static Map<SlaMetric, Long> copyOf(Map<SlaMetric, Long> map) {
        if (map == null || map.isEmpty()) {
            return EMPTY;
        }
        if (map instanceof MetricMillis same) {
            return same;
        }
        long[] values = new long[METRICS.length];
        int present = 0;
        for (Map.Entry<SlaMetric, Long> entry : map.entrySet()) {
            SlaMetric metric = entry.getKey();
            if (metric == null) {
                throw new NullPointerException("null SLA metric");
            }
            Long value = entry.getValue();
            if (value == null) {
                return null;
            }
            values[metric.ordinal()] = value;
            present |= 1 << metric.ordinal();
        }
        return new MetricMillis(values[0], values[1], values[2], present);
    }

    /**
     * As {@link #copyOf}, but an equal map made recently is returned instead of a new one: for
     * maps that repeat across tickets (a policy's targets), not for per-ticket values (deadlines).
     */
    static Map<SlaMetric, Long> sharedCopyOf(Map<SlaMetric, Long> map) {
        Map<SlaMetric, Long> copy = copyOf(map);
        if (!(copy instanceof MetricMillis made) || made == EMPTY) {
            return copy;
        }
        synchronized (SHARED) { // decisions are made by the engine and decoded by the journal's readers
            MetricMillis held = SHARED.putIfAbsent(made, made);
            return held == null ? made : held;
        }
    }

    /** How many shared maps are held (tests). */
    static int sharedCount() {
        synchronized (SHARED) {
            return SHARED.size();
        }
    }

    @Override
    public boolean equals(Object other) {
        if (other instanceof MetricMillis that) {
            return present == that.present && firstResponse == that.firstResponse
                    && nextResponse == that.nextResponse && resolution == that.resolution;
        }
        return super.equals(other);
    }

    /** The {@link Map#hashCode} contract (sum of key hash xor value hash), without boxing. */
    @Override
    public int hashCode() {
        int hash = 0;
        for (int i = 0; i < METRICS.length; i++) {
            if (has(i)) {
                hash += METRICS[i].hashCode() ^ Long.hashCode(at(i));
            }
        }
        return hash;
    }

    private boolean has(int ordinal) {
        return (present & (1 << ordinal)) != 0;
    }

    private long at(int ordinal) {
        return switch (ordinal) {
            case 0 -> firstResponse;
            case 1 -> nextResponse;
            default -> resolution;
        };
    }

    @Override
    public int size() {
        return Integer.bitCount(present);
    }

    @Override
    public boolean isEmpty() {
        return present == 0;
    }

    @Override
    public boolean containsKey(Object key) {
        return key instanceof SlaMetric metric && has(metric.ordinal());
    }

    @Override
    public Long get(Object key) {
        return key instanceof SlaMetric metric && has(metric.ordinal()) ? at(metric.ordinal()) : null;
    }

    @Override
    public Long getOrDefault(Object key, Long fallback) {
        return key instanceof SlaMetric metric && has(metric.ordinal()) ? at(metric.ordinal()) : fallback;
    }

    @Override
    public void forEach(java.util.function.BiConsumer<? super SlaMetric, ? super Long> action) {
        for (int i = 0; i < METRICS.length; i++) {
            if (has(i)) {
                action.accept(METRICS[i], at(i));
            }
        }
    }

    @Override
    public Set<Map.Entry<SlaMetric, Long>> entrySet() {
        return new AbstractSet<>() {
            @Override
            public Iterator<Map.Entry<SlaMetric, Long>> iterator() {
                return new Iterator<>() {
                    private int next = advance(0);

                    private int advance(int from) {
                        int i = from;
                        while (i < METRICS.length && !has(i)) {
                            i++;
                        }
                        return i;
                    }

                    @Override
                    public boolean hasNext() {
                        return next < METRICS.length;
                    }

                    @Override
                    public Map.Entry<SlaMetric, Long> next() {
                        if (next >= METRICS.length) {
                            throw new NoSuchElementException();
                        }
                        Map.Entry<SlaMetric, Long> entry =
                                new AbstractMap.SimpleImmutableEntry<>(METRICS[next], at(next));
                        next = advance(next + 1);
                        return entry;
                    }
                };
            }

            @Override
            public int size() {
                return MetricMillis.this.size();
            }
        };
    }
}
