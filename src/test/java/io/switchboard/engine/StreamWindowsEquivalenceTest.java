package io.switchboard.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.core.event.DomainEvent.StreamAppended;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@link StreamWindows} (slot arrays) and {@link ReferenceWindows} (the object-per-message model it
 * replaced) driven by the same seeded random calls: assign, append (durable in order, or restored
 * markers out of order), since, position, size, across many streams, with limits small enough that
 * the count, age and total bounds all take messages; markers with minted and foreign ids, known,
 * unknown and too long words, with and without a message. Every result must be the same: entries
 * equal by marker, and the very message object.
 */
class StreamWindowsEquivalenceTest {
    private static final String[] KINDS = {"offer", "assigned", "ticket_updated", "offer_revoked", "presence_changed",
        "sla_warning", "sla_breached"};
    private static final String[] STATUSES = {"available", "away", "offline"};
    private static final String[] REASONS = {"timeout", "declined", "presence", "a3", "lead"};
    private static final String[] ALERTS = {"SlaWarning", "SlaBreached", "Escalated"};
    private static final String[] FOREIGN_IDS = {"tkt_07", "tkt_+7", "ext-5", "ofr_", "ofr_1x", "TKT_1", ""};

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 5, 8, 13, 21, 42, 1_234, 987_654_321})
    void randomCalls_smallLimits_sameResultsAsTheReference(long seed) {
        Random rnd = new Random(seed);
        int maxMessages = 1 + rnd.nextInt(6);
        StreamWindows.Limits limits = new StreamWindows.Limits(maxMessages, 300 + rnd.nextInt(2_000),
                maxMessages * (2 + rnd.nextInt(6)));

        Coverage seen = new Driver(seed, limits, 0.03).run(40_000);

        assertThat(seen.countBoundTook).as("the count bound took messages").isPositive();
        assertThat(seen.totalBoundTook).as("the total bound took messages").isPositive();
        assertThat(seen.aged).as("messages aged out").isPositive();
        assertThat(seen.replayed).as("resumes given messages").isPositive();
        assertThat(seen.refused).as("resumes refused").isPositive();
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1})
    void randomCalls_zeroBounds_sameResultsAsTheReference(int zeroTotal) {
        StreamWindows.Limits limits = zeroTotal == 1 ? new StreamWindows.Limits(5, 1_000, 0)
                : new StreamWindows.Limits(0, 1_000, 20);

        new Driver(77, limits, 0.03).run(10_000);
    }

    @Test
    void randomCalls_moreDistinctWordsThanCodes_sameResultsAsTheReference() {
        // half the markers carry a reason never seen before: the codes fill up and markers are kept whole
        new Driver(99, new StreamWindows.Limits(50, 100_000, 2_000), 0.5).run(30_000);
    }

    @Test
    void randomCalls_largeLimits_sameResultsAsTheReference() {
        new Driver(5_000, new StreamWindows.Limits(200, 60_000, 3_000), 0.01).run(60_000);
    }

    /** How often each bound took a message, and what resumes got. */
    private static final class Coverage {
        int countBoundTook;
        int totalBoundTook;
        int aged;
        int replayed;
        int refused;
    }

    private static final class Driver {
        private final Random rnd;
        private final StreamWindows.Limits limits;
        private final double freshWords;
        private final StreamWindows windows;
        private final ReferenceWindows reference;
        private final List<String> streams = new ArrayList<>();
        private final Map<String, ArrayDeque<Long>> assigned = new HashMap<>();
        private final Coverage seen = new Coverage();
        private long now = 1_700_000_000_000L;
        private int fresh;

        Driver(long seed, StreamWindows.Limits limits, double freshWords) {
            this.rnd = new Random(seed);
            this.limits = limits;
            this.freshWords = freshWords;
            this.windows = new StreamWindows(limits);
            this.reference = new ReferenceWindows(limits);
            for (int i = 0; i < 10; i++) {
                streams.add("agent:a" + i);
            }
            for (int i = 0; i < 5; i++) {
                streams.add("person:p" + i);
            }
        }

        Coverage run(int calls) {
            for (int call = 0; call < calls; call++) {
                int op = rnd.nextInt(100);
                if (op < 30) {
                    String stream = stream();
                    long seq = windows.assign(stream);
                    assertThat(seq).isEqualTo(reference.assign(stream));
                    assigned.computeIfAbsent(stream, k -> new ArrayDeque<>()).addLast(seq);
                } else if (op < 65) {
                    appendDurable();
                } else if (op < 70) {
                    String stream = stream();
                    long position = reference.position(stream);
                    append(marker(stream, Math.max(1, position + rnd.nextInt(5) - 1), at()));
                } else if (op < 88) {
                    since();
                } else if (op < 95) {
                    String stream = rnd.nextInt(20) == 0 ? "agent:nobody" : stream();
                    assertThat(windows.position(stream)).isEqualTo(reference.position(stream));
                } else if (op < 99) {
                    now += rnd.nextInt((int) Math.min(Integer.MAX_VALUE, limits.maxAgeMillis() / 10 + 1));
                } else {
                    now += limits.maxAgeMillis() + rnd.nextInt(3);
                }
                assertThat(windows.size()).isEqualTo(reference.size());
                assertThat(windows.capacity()).isLessThanOrEqualTo(limits.maxTotal() + 1);
            }
            return seen;
        }

        /** Streams chosen unevenly, so the busy ones reach their count bound; now and then a new one. */
        private String stream() {
            if (rnd.nextInt(500) == 0) {
                streams.add((rnd.nextBoolean() ? "agent:new" : "person:new") + streams.size());
            }
            return streams.get(Math.min(rnd.nextInt(streams.size()), rnd.nextInt(streams.size())));
        }

        private long at() {
            int roll = rnd.nextInt(20);
            if (roll == 0) {
                return now - rnd.nextInt((int) Math.min(Integer.MAX_VALUE - 1, limits.maxAgeMillis() * 3 / 2 + 1));
            }
            return roll == 1 ? now - limits.maxAgeMillis() : now;
        }

        private void appendDurable() {
            List<String> pending = new ArrayList<>();
            for (Map.Entry<String, ArrayDeque<Long>> e : assigned.entrySet()) {
                if (!e.getValue().isEmpty()) {
                    pending.add(e.getKey());
                }
            }
            if (pending.isEmpty()) {
                return;
            }
            pending.sort(null);
            String stream = pending.get(rnd.nextInt(pending.size()));
            append(marker(stream, assigned.get(stream).removeFirst(), at()));
        }

        private void append(StreamAppended marker) {
            Object message = rnd.nextInt(4) == 0 ? new Object() : null;
            int before = reference.size();
            long cutoff = now - limits.maxAgeMillis();
            boolean windowed = limits.maxMessages() > 0 && marker.at() >= cutoff;
            int streamBefore = reference.windowed(marker.stream());
            windows.append(marker, message, now);
            reference.append(marker, message, now);
            if (windowed && streamBefore == limits.maxMessages()) {
                seen.countBoundTook++;
            } else if (windowed && before == limits.maxTotal()) {
                seen.totalBoundTook++;
            }
            if (reference.size() < before) {
                seen.aged++;
            }
        }

        private void since() {
            String stream = rnd.nextInt(30) == 0 ? "agent:nobody" : stream();
            long position = reference.position(stream);
            long after = switch (rnd.nextInt(8)) {
                case 0 -> 0;
                case 1 -> -1;
                case 2 -> position + 1 + rnd.nextInt(3);
                default -> Math.max(0, position - rnd.nextInt(limits.maxMessages() + 4));
            };
            StreamWindows.Range got = windows.since(stream, after, now);
            ReferenceWindows.Range want = reference.since(stream, after, now);
            assertThat(got.position()).isEqualTo(want.position());
            assertThat(got.complete()).as("complete, %s after %d", stream, after).isEqualTo(want.complete());
            if (!want.complete()) {
                seen.refused++;
                return;
            }
            assertThat(got.entries()).hasSameSizeAs(want.entries());
            for (int i = 0; i < want.entries().size(); i++) {
                assertThat(got.entries().get(i).marker()).isEqualTo(want.entries().get(i).marker());
                assertThat(got.entries().get(i).message()).isSameAs(want.entries().get(i).message());
                assertThat(got.entries().get(i).seq()).isEqualTo(want.entries().get(i).seq());
            }
            seen.replayed += want.entries().isEmpty() ? 0 : 1;
        }

        private StreamAppended marker(String stream, long seq, long at) {
            String kind = rnd.nextInt(200) == 0 ? "kind-" + rnd.nextInt(10) : KINDS[rnd.nextInt(KINDS.length)];
            boolean alert = rnd.nextInt(4) == 0;
            return new StreamAppended(at, stream, seq, kind, id(Ids.TICKET, 5), id(Ids.OFFER, 2),
                    rnd.nextBoolean() ? 0 : rnd.nextLong(), rnd.nextInt(3) == 0 ? pick(STATUSES) : null, reason(),
                    alert ? pick(ALERTS) : null, alert ? now - rnd.nextInt(100_000) : 0);
        }

        /** Null, minted (mostly), or an id the engine did not mint; {@code presence} in 6 are not null. */
        private String id(String prefix, int presence) {
            int roll = rnd.nextInt(60);
            if (roll >= presence * 10) {
                return null;
            }
            if (roll < 3) {
                return rnd.nextBoolean() ? FOREIGN_IDS[rnd.nextInt(FOREIGN_IDS.length)] : prefix + "0" + rnd.nextInt(99);
            }
            long seq = rnd.nextInt(10) == 0 ? rnd.nextLong() & Long.MAX_VALUE : rnd.nextInt(1_000_000);
            return prefix + seq;
        }

        private String reason() {
            double roll = rnd.nextDouble();
            if (roll < freshWords) {
                return "said " + fresh++;
            }
            if (roll < freshWords + 0.01) {
                return "a reason longer than any word the codes take, so that its marker is kept whole " + fresh++;
            }
            return rnd.nextBoolean() ? null : pick(REASONS);
        }

        private String pick(String[] words) {
            return words[rnd.nextInt(words.length)];
        }
    }
}
