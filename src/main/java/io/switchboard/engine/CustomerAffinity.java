package io.switchboard.engine;

import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.function.ToLongFunction;

/**
 * Each customer's previous agent ({@code routing.preferredAgentWindow}): the ticket most recently
 * assigned for the customer, while the engine still holds it, and that ticket's last assignee.
 *
 * <p>Why not a map of customer id to (agent, ticket): with resolved tickets parked as bytes, that
 * entry was what kept each ticket's ids alive as objects, six small objects per ticket held until
 * the ticket is archived (days), which every young GC copied again until it promoted them (issue
 * 12: a third to a half of what a pause copied at 5k tickets/s). Here a customer is a 64-bit hash in
 * an open-addressing table of two {@code long} arrays, and the value is the ticket's number: the
 * ticket itself (an object or parked) says whose it is and who last had it. A hit is checked
 * against the ticket, so answers are exact whatever the hash does; only a customer whose hash is
 * already another customer's, or a ticket whose id the engine did not mint, is kept by id in a
 * small map.
 *
 * <p>The hash is seeded per instance: customer ids come from requests, and a seed nobody knows
 * keeps crafted ids from piling into one probe run. Where an entry lands never changes an answer.
 *
 * <p>Threading: single-writer; not thread-safe.
 */
final class CustomerAffinity {
    /** How the holder of the tickets answers for one of them. */
    interface Tickets {
        /** The customer of the held ticket {@code seq}; null when no such ticket is held. */
        String customerOf(long seq);

        /**
         * The last assignee of the held ticket {@code seq} if that ticket is {@code customerId}'s;
         * null when the ticket is not held or is another customer's.
         */
        String lastAssigneeIf(long seq, String customerId);
    }

    /** A customer kept by id: the agent and the ticket, as the event said. */
    private record ById(String agentId, String ticketId) {}

    private static final int FIRST_CAPACITY = 64;

    private final Tickets tickets;
    private final ToLongFunction<String> hash;
    /** Hash of each customer (never 0: 0 marks a free slot), by slot. */
    private long[] keys = new long[FIRST_CAPACITY];
    /** The ticket's number, by slot. */
    private long[] seqs = new long[FIRST_CAPACITY];
    private int size;
    private final Map<String, ById> byId = new HashMap<>();

    CustomerAffinity(Tickets tickets) {
        this(tickets, seeded(new SplittableRandom().nextLong()));
    }

    /** With another hash: {@code CustomerAffinityTest} forces collisions with it. */
    CustomerAffinity(Tickets tickets, ToLongFunction<String> hash) {
        this.tickets = tickets;
        this.hash = hash;
    }

    /** The ticket {@code ticketId} (number {@code seq}) of {@code customerId} was assigned to {@code agentId}. */
    void assigned(String customerId, String ticketId, long seq, String agentId) {
        long key = hash(customerId);
        int slot = slotOf(key);
        // a slot is the customer's when its ticket is theirs, or is no longer held
        boolean own = slot >= 0 && (seqs[slot] == seq || ownedBy(seqs[slot], customerId));
        if (seq >= 0 && Ids.mintedTicketSeq(ticketId) == seq && (slot < 0 || own)) {
            byId.remove(customerId);
            if (slot < 0) {
                insert(key, seq);
            } else {
                seqs[slot] = seq;
            }
            return;
        }
        if (own) {
            delete(slot); // the entry by id replaces the customer's numbered one
        }
        byId.put(customerId, new ById(agentId, ticketId));
    }

    /** The customer's previous agent, while the ticket they last had is held; null if none. */
    String preferredAgent(String customerId) {
        if (!byId.isEmpty()) {
            ById kept = byId.get(customerId);
            if (kept != null) {
                return kept.agentId();
            }
        }
        int slot = slotOf(hash(customerId));
        return slot < 0 ? null : tickets.lastAssigneeIf(seqs[slot], customerId);
    }

    /** The ticket {@code ticketId} (number {@code seq}) of {@code customerId} left the engine: a preference for it goes. */
    void archived(String customerId, String ticketId, long seq) {
        if (!byId.isEmpty()) {
            ById kept = byId.get(customerId);
            if (kept != null) {
                if (kept.ticketId().equals(ticketId)) {
                    byId.remove(customerId);
                }
                return;
            }
        }
        int slot = slotOf(hash(customerId));
        if (slot >= 0 && seqs[slot] == seq && Ids.mintedTicketSeq(ticketId) == seq) {
            delete(slot);
        }
    }

    /** Customers with a preference. */
    int size() {
        return size + byId.size();
    }

    /** Every preference as {@code customer → agent/ticket}, sorted by customer: for tests that compare engines. */
    TreeMap<String, String> describe() {
        TreeMap<String, String> all = new TreeMap<>();
        for (int slot = 0; slot < keys.length; slot++) {
            String customer = keys[slot] == 0 ? null : tickets.customerOf(seqs[slot]);
            if (customer != null) {
                all.put(customer, tickets.lastAssigneeIf(seqs[slot], customer) + "/" + Ids.ticket(seqs[slot]));
            }
        }
        byId.forEach((customer, kept) -> all.put(customer, kept.agentId() + "/" + kept.ticketId()));
        return all;
    }

    private boolean ownedBy(long seq, String customerId) {
        String owner = tickets.customerOf(seq);
        return owner == null || owner.equals(customerId);
    }

    // ---- the table: linear probing, at most half full, deletion by backward shift ----------------

    private long hash(String customerId) {
        long h = hash.applyAsLong(customerId);
        return h == 0 ? 1 : h;
    }

    /** FNV-1a over the chars from {@code seed}, then mixed. */
    private static ToLongFunction<String> seeded(long seed) {
        return customerId -> {
            long h = seed;
            for (int i = 0; i < customerId.length(); i++) {
                h = (h ^ customerId.charAt(i)) * 0x100000001b3L;
            }
            return mix(h ^ customerId.length());
        };
    }

    /** MurmurHash3's 64-bit finalizer: every input bit reaches every output bit. */
    private static long mix(long h) {
        h = (h ^ (h >>> 33)) * 0xff51afd7ed558ccdL;
        h = (h ^ (h >>> 33)) * 0xc4ceb9fe1a85ec53L;
        return h ^ (h >>> 33);
    }

    private int home(long key) {
        return (int) key & (keys.length - 1);
    }

    private int slotOf(long key) {
        int mask = keys.length - 1;
        for (int slot = home(key); keys[slot] != 0; slot = (slot + 1) & mask) {
            if (keys[slot] == key) {
                return slot;
            }
        }
        return -1;
    }

    private void insert(long key, long seq) {
        if (2 * (size + 1) > keys.length) {
            grow();
        }
        int mask = keys.length - 1;
        int slot = home(key);
        while (keys[slot] != 0) {
            slot = (slot + 1) & mask;
        }
        keys[slot] = key;
        seqs[slot] = seq;
        size++;
    }

    private void grow() {
        long[] oldKeys = keys;
        long[] oldSeqs = seqs;
        keys = new long[oldKeys.length * 2];
        seqs = new long[oldKeys.length * 2];
        size = 0;
        for (int i = 0; i < oldKeys.length; i++) {
            if (oldKeys[i] != 0) {
                insert(oldKeys[i], oldSeqs[i]);
            }
        }
    }

    /** Frees {@code slot}, moving back each later entry of the run that may now sit nearer its home. */
    private void delete(int slot) {
        int mask = keys.length - 1;
        int hole = slot;
        for (int next = (hole + 1) & mask; keys[next] != 0; next = (next + 1) & mask) {
            int home = home(keys[next]);
            // the entry at next may fill the hole when its home is not in (hole, next], cyclically
            boolean stays = hole <= next ? hole < home && home <= next : hole < home || home <= next;
            if (!stays) {
                keys[hole] = keys[next];
                seqs[hole] = seqs[next];
                hole = next;
            }
        }
        keys[hole] = 0;
        seqs[hole] = 0;
        size--;
    }
}
