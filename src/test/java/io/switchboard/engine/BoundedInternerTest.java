package io.switchboard.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.switchboard.core.routing.Demand;
import io.switchboard.core.ticket.Channel;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class BoundedInternerTest {
    private static Demand demand(String language) {
        return new Demand(Channel.CHAT, language, new TreeMap<>(Map.of("billing", 2)), Set.of("emea"), null);
    }

    @Test
    void intern_equalShapes_shareTheFirstInstance() {
        BoundedInterner<Demand> interner = new BoundedInterner<>(8);
        Demand first = demand("en");
        Demand equal = demand("en");

        assertThat(interner.intern(first)).isSameAs(first);
        assertThat(interner.intern(equal)).isSameAs(first);
        assertThat(interner.intern(demand("de"))).isNotSameAs(first).isEqualTo(demand("de"));
        assertThat(interner.size()).isEqualTo(2);
        assertThat(interner.intern(null)).isNull();
    }

    @Test
    void intern_moreShapesThanCapacity_holdsAtMostCapacityDroppingTheLeastRecentlyUsed() {
        BoundedInterner<Demand> interner = new BoundedInterner<>(3);
        Demand en = interner.intern(demand("en"));
        interner.intern(demand("de"));
        interner.intern(demand("fr"));
        assertThat(interner.intern(demand("en"))).isSameAs(en); // en is now the most recently used

        for (int i = 0; i < 1_000; i++) {
            interner.intern(demand("lang-" + i));
        }

        assertThat(interner.size()).isEqualTo(3);
        Demand again = demand("en");
        assertThat(interner.intern(again)).as("dropped: no longer shared, still equal").isSameAs(again).isEqualTo(en);
    }

    @Test
    void intern_recentlyMatchedShape_survivesNewShapes() {
        BoundedInterner<Demand> interner = new BoundedInterner<>(2);
        Demand en = interner.intern(demand("en"));
        interner.intern(demand("de"));
        interner.intern(demand("en"));
        interner.intern(demand("fr")); // drops de, the least recently used

        assertThat(interner.intern(demand("en"))).isSameAs(en);
    }

    @Test
    void construct_capacityBelowOne_isRefused() {
        assertThatThrownBy(() -> new BoundedInterner<Demand>(0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void demandOf_ticketsOfOneShape_shareOneDemandAndOtherShapesDoNot() {
        EngineFixture f = EngineFixture.standard();
        String first = f.createId(f.ticket());
        String second = f.createId(f.ticket());
        String german = f.createId(f.ticket().language("de"));
        EngineState state = ReplayHarness.liveState(f.engine);

        Demand a = state.demandOf(state.tickets.get(first));
        Demand b = state.demandOf(state.tickets.get(second));
        Demand de = state.demandOf(state.tickets.get(german));

        assertThat(b).isSameAs(a).isEqualTo(state.computeDemand(state.tickets.get(second)));
        assertThat(de).isNotEqualTo(a).isEqualTo(state.computeDemand(state.tickets.get(german)));
    }
}
