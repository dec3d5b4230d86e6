package io.switchboard.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.ToLongFunction;
import org.junit.jupiter.api.Test;

/**
 * {@link CustomerAffinity} answers exactly what the map of customer to (agent, ticket) it replaced
 * answered, whatever its hash does: random assignments, reassignments and archives checked against
 * that map, with the production hash and with hashes that collide on purpose.
 */
class CustomerAffinityTest {
    /** Tickets as the engine holds them: customer and last assignee by number. */
    private static final class Held implements CustomerAffinity.Tickets {
        final Map<Long, String[]> byNumber = new HashMap<>();

        @Override
        public String customerOf(long seq) {
            String[] t = byNumber.get(seq);
            return t == null ? null : t[0];
        }

        @Override
        public String lastAssigneeIf(long seq, String customerId) {
            String[] t = byNumber.get(seq);
            return t != null && t[0].equals(customerId) ? t[1] : null;
        }
    }

    private record Pick(String agentId, String ticketId) {}

    @Test
    void affinity_productionHash_answersAsTheMapDid() {
        for (long seed = 1; seed <= 5; seed++) {
            compareWithMap(null, seed, 4_000, 300);
        }
    }

    @Test
    void affinity_everyCustomerOnOneHash_answersAsTheMapDid() {
        compareWithMap(customer -> 42, 7, 3_000, 60);
    }

    @Test
    void affinity_hashesCrowdingFewSlots_answersAsTheMapDid() {
        // lengths collide in whole groups and put every entry near slot 0: long probe runs to delete from
        compareWithMap(customer -> customer.length() % 3 * 1024, 11, 4_000, 200);
        compareWithMap(customer -> customer.hashCode() & 7, 12, 4_000, 200);
    }

    @Test
    void assigned_ticketIdNotMinted_keptById() {
        Held held = new Held();
        CustomerAffinity affinity = new CustomerAffinity(held);
        held.byNumber.put(5L, new String[] {"c1", "a1"});
        affinity.assigned("c1", "imported-5", 5, "a1");
        assertThat(affinity.preferredAgent("c1")).isEqualTo("a1");
        affinity.archived("c1", "imported-5", 5);
        assertThat(affinity.preferredAgent("c1")).isNull();
        assertThat(affinity.size()).isZero();
    }

    @Test
    void preferredAgent_ticketNoLongerHeld_none() {
        Held held = new Held();
        CustomerAffinity affinity = new CustomerAffinity(held);
        held.byNumber.put(3L, new String[] {"c1", "a1"});
        affinity.assigned("c1", Ids.ticket(3), 3, "a1");
        held.byNumber.remove(3L);
        assertThat(affinity.preferredAgent("c1")).isNull();
        // and its stale slot is taken over, not left behind a copy kept by id
        held.byNumber.put(4L, new String[] {"c1", "a2"});
        affinity.assigned("c1", Ids.ticket(4), 4, "a2");
        assertThat(affinity.preferredAgent("c1")).isEqualTo("a2");
        assertThat(affinity.size()).isOne();
    }

    @Test
    void archived_anOlderTicketOfTheCustomer_keepsTheLatestPreference() {
        Held held = new Held();
        CustomerAffinity affinity = new CustomerAffinity(held);
        held.byNumber.put(1L, new String[] {"c1", "a1"});
        held.byNumber.put(2L, new String[] {"c1", "a2"});
        affinity.assigned("c1", Ids.ticket(1), 1, "a1");
        affinity.assigned("c1", Ids.ticket(2), 2, "a2");
        held.byNumber.remove(1L);
        affinity.archived("c1", Ids.ticket(1), 1);
        assertThat(affinity.preferredAgent("c1")).isEqualTo("a2");
    }

    /**
     * Random work over {@code customers} customers: new tickets assigned, tickets reassigned (a
     * transfer), tickets archived, some with ids the engine did not mint; after every step each
     * customer's answer equals the map's.
     */
    private static void compareWithMap(ToLongFunction<String> hash, long seed, int steps, int customers) {
        Random random = new Random(seed);
        Held held = new Held();
        CustomerAffinity affinity = hash == null ? new CustomerAffinity(held) : new CustomerAffinity(held, hash);
        Map<String, Pick> expected = new HashMap<>();
        List<long[]> open = new ArrayList<>(); // {seq, customer index}
        Map<Long, String> ids = new HashMap<>();
        long nextSeq = 1;
        for (int step = 0; step < steps; step++) {
            int action = random.nextInt(10);
            if (action < 5 || open.isEmpty()) {
                long seq = nextSeq++;
                String customer = "c" + random.nextInt(customers);
                String id = random.nextInt(20) == 0 ? "imported-" + seq : Ids.ticket(seq);
                String agent = "a" + random.nextInt(8);
                ids.put(seq, id);
                held.byNumber.put(seq, new String[] {customer, agent});
                open.add(new long[] {seq, Long.parseLong(customer.substring(1))});
                affinity.assigned(customer, id, seq, agent);
                expected.put(customer, new Pick(agent, id));
            } else if (action < 7) {
                long[] ticket = open.get(random.nextInt(open.size()));
                String customer = "c" + ticket[1];
                String agent = "a" + random.nextInt(8);
                held.byNumber.get(ticket[0])[1] = agent;
                affinity.assigned(customer, ids.get(ticket[0]), ticket[0], agent);
                expected.put(customer, new Pick(agent, ids.get(ticket[0])));
            } else {
                long[] ticket = open.remove(random.nextInt(open.size()));
                String customer = "c" + ticket[1];
                String id = ids.get(ticket[0]);
                held.byNumber.remove(ticket[0]);
                affinity.archived(customer, id, ticket[0]);
                if (expected.containsKey(customer) && expected.get(customer).ticketId().equals(id)) {
                    expected.remove(customer);
                }
            }
            if (step % 97 == 0 || step == steps - 1) {
                for (int c = 0; c < customers; c++) {
                    String customer = "c" + c;
                    Pick pick = expected.get(customer);
                    assertThat(affinity.preferredAgent(customer)).as("seed %d step %d %s", seed, step, customer)
                            .isEqualTo(pick == null ? null : pick.agentId());
                }
                assertThat(affinity.size()).as("seed %d step %d", seed, step).isEqualTo(expected.size());
            }
        }
        Map<String, String> described = new HashMap<>();
        expected.forEach((customer, pick) -> described.put(customer, pick.agentId() + "/" + pick.ticketId()));
        assertThat(affinity.describe()).isEqualTo(described);
    }
}
