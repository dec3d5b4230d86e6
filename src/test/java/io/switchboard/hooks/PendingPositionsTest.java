package io.switchboard.hooks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class PendingPositionsTest {

    @Test
    void randomAddsAndRemoves_sameOldestSizeAndTimesAsATreeMap() {
        for (long seed = 1; seed <= 20; seed++) {
            Random random = new Random(seed);
            PendingPositions pending = new PendingPositions();
            TreeMap<Long, Long> expected = new TreeMap<>();
            long next = 1;
            for (int step = 0; step < 20_000; step++) {
                int op = random.nextInt(10);
                if (op < 5 || expected.isEmpty()) {
                    next += 1 + random.nextInt(3); // gaps: events the subscription does not want
                    pending.add(next, next * 10);
                    expected.put(next, next * 10);
                } else if (op < 9) {
                    // mostly recent ones, sometimes the oldest: a held-up oldest lets the arrays fill with done entries
                    List<Long> keys = new ArrayList<>(expected.keySet());
                    long victim = random.nextInt(4) == 0 ? keys.get(0) : keys.get(keys.size() - 1 - random.nextInt(Math.min(keys.size(), 50)));
                    assertThat(pending.remove(victim)).isTrue();
                    expected.remove(victim);
                } else if (random.nextInt(200) == 0) {
                    pending.clear();
                    expected.clear();
                } else {
                    assertThat(pending.remove(next + 1)).as("never added").isFalse();
                }
                assertThat(pending.size()).isEqualTo(expected.size());
                assertThat(pending.isEmpty()).isEqualTo(expected.isEmpty());
                if (!expected.isEmpty()) {
                    assertThat(pending.oldest()).isEqualTo(expected.firstKey());
                    assertThat(pending.oldestTime()).isEqualTo(expected.firstEntry().getValue());
                }
            }
        }
    }

    @Test
    void remove_twice_secondTimeFalse() {
        PendingPositions pending = new PendingPositions();
        pending.add(5, 50);
        pending.add(7, 70);

        assertThat(pending.remove(7)).isTrue();
        assertThat(pending.remove(7)).isFalse();
        assertThat(pending.size()).isEqualTo(1);
        assertThat(pending.oldest()).isEqualTo(5);
    }

    @Test
    void oldestHeldUp_manyLaterDone_storageStaysWithinTwiceThePending() {
        PendingPositions pending = new PendingPositions();
        pending.add(1, 10); // never done: a lane held by a failing message
        for (long p = 2; p < 1_000_000; p++) {
            pending.add(p, p);
            pending.remove(p);
        }

        assertThat(pending.size()).isEqualTo(1);
        assertThat(pending.oldest()).isEqualTo(1);
        assertThat(pending.capacity()).isLessThanOrEqualTo(64);
    }

    @Test
    void add_notAfterTheNewest_refused() {
        PendingPositions pending = new PendingPositions();
        pending.add(5, 50);

        assertThatThrownBy(() -> pending.add(5, 60)).isInstanceOf(IllegalArgumentException.class);
    }
}
