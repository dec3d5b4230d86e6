package io.switchboard.engine;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Idempotency keys of ticket actions ({@code POST /v1/tickets/{id}/<action>}): which request
 * (fingerprint) a key first carried and which ticket it changed, so a retry is answered without
 * running the action twice. Keys of ticket creation live in {@link EngineState} (they are journaled
 * with {@code TicketCreated}); these are journaled as {@code ActionKeyUsed} events, kept with their
 * ticket's events in snapshots, so a restart or a fail-over remembers them (until the ticket is
 * archived).
 *
 * <p>Bounded twice: a key is kept {@link #TTL_MILLIS} after its first use, and at most
 * {@link #MAX_KEYS} keys are kept (the oldest go first), so a flood of distinct keys costs a fixed
 * amount of memory. Insertion order is time order because the engine's {@code now} only moves forward.
 *
 * <p>Threading: owned by the engine thread; not thread-safe.
 */
final class ActionKeys {
    static final long TTL_MILLIS = EngineState.IDEMPOTENCY_TTL_MILLIS;
    static final int MAX_KEYS = 100_000;

    record Entry(String fingerprint, String ticketId, long at) {}

    private final LinkedHashMap<String, Entry> entries = new LinkedHashMap<>();
    private final int maxKeys;

    ActionKeys(int maxKeys) {
        this.maxKeys = maxKeys;
    }

    /** The entry of {@code key}, or null if it was never used or has expired by {@code now}. */
    Entry find(String key, long now) {
        expire(now);
        return entries.get(key);
    }

    void remember(String key, String fingerprint, String ticketId, long now) {
        expire(now);
        entries.put(key, new Entry(fingerprint, ticketId, now));
        if (entries.size() > maxKeys) {
            Iterator<String> oldest = entries.keySet().iterator();
            oldest.next();
            oldest.remove();
        }
    }

    int size() {
        return entries.size();
    }

    private void expire(long now) {
        Iterator<Map.Entry<String, Entry>> it = entries.entrySet().iterator();
        while (it.hasNext()) {
            if (it.next().getValue().at() + TTL_MILLIS > now) {
                return;
            }
            it.remove();
        }
    }
}
