package io.switchboard.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class TimerQueueTest {

    private static List<TimerQueue.Timer> drain(TimerQueue queue, long now) {
        List<TimerQueue.Timer> fired = new ArrayList<>();
        TimerQueue.Timer timer;
        while ((timer = queue.pollDue(now)) != null) {
            fired.add(timer);
        }
        return fired;
    }

    private static String subject(TimerQueue.Timer t) {
        return t.kind() + ":" + t.ref() + ":" + t.token();
    }

    @Test
    void pollDue_sameDueArmedInAnyOrder_firesInOneOrderByKindThenId() {
        List<Object[]> armed = new ArrayList<>(List.of(
                new Object[] {TimerQueue.Kind.OVERFLOW, "tkt_10", 0L},
                new Object[] {TimerQueue.Kind.OVERFLOW, "tkt_9", 1L},
                new Object[] {TimerQueue.Kind.OFFER_EXPIRY, "ofr_3", 0L},
                new Object[] {TimerQueue.Kind.SLA_WAKE, "tkt_2", 5L},
                new Object[] {TimerQueue.Kind.OVERFLOW, "tkt_17", 0L}));
        List<String> first = null;
        Random random = new Random(7);
        for (int round = 0; round < 20; round++) {
            Collections.shuffle(armed, random);
            TimerQueue queue = new TimerQueue();
            queue.schedule(2_000, TimerQueue.Kind.GRACE, "a1", 2_000); // later: stays
            for (Object[] a : armed) {
                queue.schedule(1_000, (TimerQueue.Kind) a[0], (String) a[1], (Long) a[2]);
            }
            List<String> fired = drain(queue, 1_000).stream().map(TimerQueueTest::subject).toList();
            if (first == null) {
                first = fired;
            }
            assertThat(fired).as("round %d", round).isEqualTo(first);
            assertThat(queue.size()).isEqualTo(1);
        }
        assertThat(first).containsExactly("OFFER_EXPIRY:ofr_3:0", "OVERFLOW:tkt_9:1", "OVERFLOW:tkt_10:0",
                "OVERFLOW:tkt_17:0", "SLA_WAKE:tkt_2:5");
    }

    @Test
    void endReplay_latestTimerPerSubjectOnly_firesLikeTheLiveQueue() {
        TimerQueue live = new TimerQueue();
        TimerQueue replayed = new TimerQueue();
        replayed.beginReplay();
        for (TimerQueue queue : List.of(live, replayed)) {
            queue.schedule(500, TimerQueue.Kind.OVERFLOW, "tkt_1", 0);   // superseded below
            queue.schedule(900, TimerQueue.Kind.OVERFLOW, "tkt_1", 1);
            queue.schedule(900, TimerQueue.Kind.OVERFLOW, "tkt_2", 0);
        }
        replayed.endReplay();

        assertThat(replayed.nextDue()).isEqualTo(900);
        assertThat(drain(replayed, 900)).extracting(TimerQueueTest::subject)
                .containsExactly("OVERFLOW:tkt_1:1", "OVERFLOW:tkt_2:0");
        assertThat(drain(live, 900)).extracting(TimerQueueTest::subject)
                .containsExactly("OVERFLOW:tkt_1:0", "OVERFLOW:tkt_1:1", "OVERFLOW:tkt_2:0");
        assertThat(live.nextDue()).isEqualTo(Long.MAX_VALUE);
        assertThat(live.pollDue(Long.MAX_VALUE)).isNull();
    }
    @Test
    void pollDue_sameKindRefAndDue_lowerTokenFirstThenArmingOrder() {
        TimerQueue queue = new TimerQueue();
        queue.schedule(1_000, TimerQueue.Kind.SLA_WAKE, "tkt_1", 7);
        queue.schedule(1_000, TimerQueue.Kind.SLA_WAKE, "tkt_1", 3);
        queue.schedule(1_000, TimerQueue.Kind.SLA_WAKE, "tkt_1", 7);

        List<TimerQueue.Timer> fired = drain(queue, 1_000);

        assertThat(fired).extracting(TimerQueue.Timer::token).containsExactly(3L, 7L, 7L);
        assertThat(fired.get(1).seq()).isLessThan(fired.get(2).seq());
    }

    @Test
    void pollDue_beforeTheDueInstant_nothingAndTheTimerStays() {
        TimerQueue queue = new TimerQueue();
        queue.schedule(1_000, TimerQueue.Kind.GRACE, "alice", 1_000);

        assertThat(queue.pollDue(999)).isNull();
        assertThat(queue.size()).isEqualTo(1);
        assertThat(queue.pollDue(1_000)).isNotNull();
        assertThat(queue.size()).isZero();
    }

    @Test
    void retain_refusedTimers_droppedLiveAndWhileReplaying() {
        TimerQueue queue = new TimerQueue();
        queue.schedule(100, TimerQueue.Kind.OVERFLOW, "tkt_1", 0);
        queue.schedule(200, TimerQueue.Kind.OVERFLOW, "tkt_2", 0);
        queue.beginReplay();
        queue.schedule(300, TimerQueue.Kind.ARCHIVE, "tkt_1", 0);
        queue.schedule(400, TimerQueue.Kind.ARCHIVE, "tkt_3", 0);

        queue.retain(timer -> !timer.ref().equals("tkt_1"));
        queue.endReplay();

        assertThat(drain(queue, 1_000)).extracting(TimerQueueTest::subject)
                .containsExactly("OVERFLOW:tkt_2:0", "ARCHIVE:tkt_3:0");
    }

    /**
     * The heap keeps ticket-id refs as numbers and other refs as strings; whatever the mix, timers
     * must fire exactly in {@link TimerQueue.Timer#compareTo} order, through retains and replays.
     */
    @Test
    void pollDue_randomMixOfTicketAndOtherRefs_firesInTimerOrder() {
        Random random = new Random(11);
        List<String> refs = List.of("tkt_0", "tkt_7", "tkt_10", "tkt_99", "tkt_100", "tkt_123456789", "tkt_07",
                "t1", "tkt_", "tkt_x", "ofr_3", "a1", "agent-10", "tkt_+5", "key with spaces");
        for (int round = 0; round < 50; round++) {
            TimerQueue queue = new TimerQueue();
            boolean replay = round % 3 == 0;
            if (replay) {
                queue.beginReplay();
            }
            List<TimerQueue.Timer> expected = new ArrayList<>();
            for (int i = 0; i < 300; i++) {
                long due = 1_000 + random.nextInt(20);
                TimerQueue.Kind kind = TimerQueue.Kind.values()[random.nextInt(3)];
                String ref = refs.get(random.nextInt(refs.size()));
                long token = random.nextInt(3);
                queue.schedule(due, kind, ref, token);
                expected.add(new TimerQueue.Timer(due, i, kind, ref, token));
            }
            if (replay) {
                // only the latest timer per (kind, ref) survives a replay
                java.util.Map<String, TimerQueue.Timer> latest = new java.util.LinkedHashMap<>();
                expected.forEach(t -> latest.put(t.kind() + " " + t.ref(), t));
                expected = new ArrayList<>(latest.values());
                queue.endReplay();
            }
            if (round % 2 == 1) {
                queue.retain(t -> t.token() != 2);
                expected.removeIf(t -> t.token() == 2);
            }
            Collections.sort(expected);
            assertThat(queue.size()).isEqualTo(expected.size());
            assertThat(drain(queue, 1_009)).as("round %d", round)
                    .isEqualTo(expected.stream().filter(t -> t.due() <= 1_009).toList());
            assertThat(drain(queue, Long.MAX_VALUE)).isEqualTo(expected.stream().filter(t -> t.due() > 1_009).toList());
            assertThat(queue.nextDue()).isEqualTo(Long.MAX_VALUE);
        }
    }
}
