package io.switchboard.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.core.event.DomainEvent.StreamAppended;
import java.lang.ref.WeakReference;
import org.junit.jupiter.api.Test;

/** The replay windows' bounds (count, age, total) and what a resume may be given. Time is passed in. */
class StreamWindowsTest {
    private static final long T0 = 1_000_000;

    @Test
    void since_clientBehindWithinTheWindow_missedMessagesInOrder() {
        StreamWindows windows = new StreamWindows(new StreamWindows.Limits(10, 60_000, 100));
        append(windows, "agent:alice", 5, T0);

        StreamWindows.Range range = windows.since("agent:alice", 2, T0);

        assertThat(range.complete()).isTrue();
        assertThat(range.position()).isEqualTo(5);
        assertThat(range.entries()).extracting(StreamWindows.Entry::seq).containsExactly(3L, 4L, 5L);
    }

    @Test
    void since_gapOlderThanTheCountBound_incomplete() {
        StreamWindows windows = new StreamWindows(new StreamWindows.Limits(2, 60_000, 100));
        append(windows, "agent:alice", 5, T0);

        assertThat(windows.since("agent:alice", 2, T0).complete()).isFalse();
        assertThat(windows.since("agent:alice", 3, T0).entries()).extracting(StreamWindows.Entry::seq)
                .containsExactly(4L, 5L);
    }

    @Test
    void since_messagesOlderThanMaxAge_incompleteButNumbersGoOn() {
        StreamWindows windows = new StreamWindows(new StreamWindows.Limits(10, 60_000, 100));
        append(windows, "agent:alice", 3, T0);

        assertThat(windows.since("agent:alice", 1, T0 + 60_001).complete()).isFalse();
        assertThat(windows.since("agent:alice", 3, T0 + 60_001).entries()).isEmpty();
        assertThat(windows.assign("agent:alice")).isEqualTo(4);
    }

    @Test
    void append_overTheTotal_oldestOfAllStreamsGoesFirst() {
        StreamWindows windows = new StreamWindows(new StreamWindows.Limits(10, 60_000, 3));
        append(windows, "agent:alice", 2, T0);
        append(windows, "person:lead", 2, T0 + 1);

        assertThat(windows.size()).isEqualTo(3);
        assertThat(windows.since("agent:alice", 0, T0 + 1).complete()).as("alice's first went").isFalse();
        assertThat(windows.since("person:lead", 0, T0 + 1).entries()).hasSize(2);
    }

    @Test
    void since_seqAheadOfTheStream_incomplete() {
        StreamWindows windows = new StreamWindows(new StreamWindows.Limits(10, 60_000, 100));
        append(windows, "agent:alice", 2, T0);

        assertThat(windows.since("agent:alice", 7, T0).complete()).isFalse();
        assertThat(windows.since("agent:nobody", 0, T0).entries()).isEmpty();
        assertThat(windows.since("agent:nobody", 3, T0).complete()).isFalse();
    }

    @Test
    void since_assignedButNotYetDurable_notReplayed() {
        StreamWindows windows = new StreamWindows(new StreamWindows.Limits(10, 60_000, 100));
        append(windows, "agent:alice", 1, T0);
        windows.assign("agent:alice"); // seq 2: journaled, not yet durable

        StreamWindows.Range range = windows.since("agent:alice", 0, T0);

        assertThat(range.position()).isEqualTo(1);
        assertThat(range.entries()).extracting(StreamWindows.Entry::seq).containsExactly(1L);
    }

    @Test
    void append_markerExactlyMaxAgeOld_stillWindowed_olderOnlyMovesThePosition() {
        StreamWindows windows = new StreamWindows(new StreamWindows.Limits(10, 60_000, 100));

        windows.append(marker("agent:alice", 1, T0), null, T0 + 60_000);
        windows.append(marker("agent:bob", 1, T0 - 1), null, T0 + 60_000);

        assertThat(windows.since("agent:alice", 0, T0 + 60_000).entries()).extracting(StreamWindows.Entry::seq)
                .containsExactly(1L);
        assertThat(windows.size()).isEqualTo(1);
        assertThat(windows.position("agent:bob")).isEqualTo(1);
        assertThat(windows.since("agent:bob", 0, T0 + 60_000).complete()).isFalse();
    }

    @Test
    void append_restoredMarkerAheadOfTheNumbersHandedOut_nextNumberFollowsIt() {
        StreamWindows windows = new StreamWindows(new StreamWindows.Limits(10, 60_000, 100));
        windows.assign("agent:alice");

        windows.append(marker("agent:alice", 7, T0), null, T0);

        assertThat(windows.position("agent:alice")).isEqualTo(7);
        assertThat(windows.position("agent:nobody")).isZero();
        assertThat(windows.assign("agent:alice")).isEqualTo(8);
    }

    @Test
    void since_negativeSeq_incomplete() {
        StreamWindows windows = new StreamWindows(new StreamWindows.Limits(10, 60_000, 100));
        append(windows, "agent:alice", 2, T0);

        assertThat(windows.since("agent:alice", -1, T0).complete()).isFalse();
    }

    @Test
    void append_overTheTotalAfterTheCountBoundTookSome_evictsTheOldestMessageStillWindowed() {
        // count bound 1: alice's 1 and 2 leave her window (and the all-streams order) as the next arrives
        StreamWindows windows = new StreamWindows(new StreamWindows.Limits(1, 60_000, 2));
        windows.append(marker("agent:alice", 1, T0), null, T0);
        windows.append(marker("agent:alice", 2, T0 + 1), null, T0 + 1);
        windows.append(marker("person:lead", 1, T0 + 2), null, T0 + 2);
        windows.append(marker("agent:alice", 3, T0 + 3), null, T0 + 3);

        windows.append(marker("agent:bob", 1, T0 + 4), null, T0 + 4);

        assertThat(windows.size()).isEqualTo(2);
        assertThat(windows.since("agent:alice", 2, T0 + 4).entries()).extracting(StreamWindows.Entry::seq)
                .as("alice's newest is not the oldest windowed message").containsExactly(3L);
        assertThat(windows.since("person:lead", 0, T0 + 4).complete()).as("the lead's message was").isFalse();
        assertThat(windows.since("agent:bob", 0, T0 + 4).entries()).hasSize(1);
    }

    @Test
    void append_countBoundTookAMessage_keepsNoReferenceToIt() throws InterruptedException {
        // at 5k tickets/s the all-streams order used to hold up to twice maxTotal dropped messages,
        // alive long enough to be copied by every young GC and promoted (issue 12)
        StreamWindows windows = new StreamWindows(new StreamWindows.Limits(2, 60_000, 1_000));
        Object first = new Object();
        WeakReference<Object> dropped = new WeakReference<>(first);
        windows.append(marker("agent:alice", 1, T0), first, T0);
        first = null;
        windows.append(marker("agent:alice", 2, T0 + 1), new Object(), T0 + 1);
        windows.append(marker("agent:alice", 3, T0 + 2), new Object(), T0 + 2);

        for (int i = 0; i < 20 && dropped.get() != null; i++) {
            System.gc();
            Thread.sleep(10);
        }

        assertThat(dropped.get()).as("the message the count bound dropped is collectable").isNull();
        assertThat(windows.size()).isEqualTo(2);
        assertThat(windows.since("agent:alice", 1, T0 + 2).entries()).extracting(StreamWindows.Entry::seq)
                .containsExactly(2L, 3L);
    }

    @Test
    void append_manyStreamsOverTheirCountBound_totalCountsOnlyWindowedMessages() {
        StreamWindows windows = new StreamWindows(new StreamWindows.Limits(3, 60_000, 100));
        for (int round = 0; round < 50; round++) {
            for (String agent : new String[] {"agent:a", "agent:b", "agent:c"}) {
                windows.append(marker(agent, round + 1, T0 + round), null, T0 + round);
            }
        }

        assertThat(windows.size()).isEqualTo(9);
        assertThat(windows.since("agent:b", 47, T0 + 49).entries()).extracting(StreamWindows.Entry::seq)
                .containsExactly(48L, 49L, 50L);

        windows.append(marker("agent:d", 1, T0 + 60_049), null, T0 + 60_049);

        assertThat(windows.size()).as("the three streams' rounds 47 and 48 aged out").isEqualTo(4);
    }

    @Test
    void append_later_dropsWhatAgedOutMeanwhileFromTheCount() {
        StreamWindows windows = new StreamWindows(new StreamWindows.Limits(10, 60_000, 100));
        append(windows, "agent:alice", 2, T0);

        append(windows, "agent:bob", 1, T0 + 60_001);

        assertThat(windows.size()).isEqualTo(1);
    }

    @Test
    void append_maxMessagesZero_nothingWindowedButNumbersGoOn() {
        StreamWindows windows = new StreamWindows(new StreamWindows.Limits(0, 60_000, 100));
        append(windows, "agent:alice", 3, T0);

        assertThat(windows.size()).isZero();
        assertThat(windows.position("agent:alice")).isEqualTo(3);
        assertThat(windows.since("agent:alice", 3, T0).entries()).isEmpty();
        assertThat(windows.since("agent:alice", 2, T0).complete()).isFalse();
        assertThat(windows.assign("agent:alice")).isEqualTo(4);
    }

    @Test
    void append_maxTotalZero_nothingWindowedButNumbersGoOn() {
        StreamWindows windows = new StreamWindows(new StreamWindows.Limits(10, 60_000, 0));
        append(windows, "agent:alice", 3, T0);

        assertThat(windows.size()).isZero();
        assertThat(windows.since("agent:alice", 3, T0).entries()).isEmpty();
        assertThat(windows.since("agent:alice", 0, T0).complete()).isFalse();
        assertThat(windows.assign("agent:alice")).isEqualTo(4);
    }

    @Test
    void append_windowEmptiedByTheTotal_numbersContinueAndStorageStaysWithinTheBound() {
        StreamWindows windows = new StreamWindows(new StreamWindows.Limits(10, 60_000, 3));
        append(windows, "agent:alice", 2, T0);
        for (int i = 0; i < 100; i++) {
            append(windows, "agent:bob", 1, T0 + i);
        }

        assertThat(windows.size()).isEqualTo(3);
        assertThat(windows.capacity()).as("slots reused, one spare for the append before the eviction")
                .isLessThanOrEqualTo(4);
        assertThat(windows.since("agent:alice", 2, T0 + 99).entries()).isEmpty();
        assertThat(windows.since("agent:alice", 1, T0 + 99).complete()).isFalse();
        assertThat(windows.assign("agent:alice")).isEqualTo(3);
        assertThat(windows.since("agent:bob", 97, T0 + 99).entries()).extracting(StreamWindows.Entry::seq)
                .containsExactly(98L, 99L, 100L);
    }

    @Test
    void since_markersWithEveryField_comeBackEqualWithTheirMessage() {
        StreamWindows windows = new StreamWindows(new StreamWindows.Limits(10, 60_000, 100));
        Object alert = new Object();
        StreamAppended minted = new StreamAppended(T0, "agent:alice", 1, "offer", Ids.ticket(41), Ids.offer(9), T0 + 30_000,
                "available", "timeout", "SlaWarning", T0 - 5);
        StreamAppended foreign = new StreamAppended(T0, "agent:alice", 2, "offer_revoked", "tkt_041", "offer-9", 0,
                null, "x".repeat(500), null, 0);
        StreamAppended bare = new StreamAppended(T0, "agent:alice", 3, null, null, null, 0, null, null, null, 0);
        windows.append(minted, alert, T0);
        windows.append(foreign, null, T0);
        windows.append(bare, null, T0);

        StreamWindows.Range range = windows.since("agent:alice", 0, T0);

        assertThat(range.entries()).extracting(StreamWindows.Entry::marker).containsExactly(minted, foreign, bare);
        assertThat(range.entries().get(0).message()).isSameAs(alert);
        assertThat(range.entries().get(1).message()).isNull();
    }

    private static StreamAppended marker(String stream, long seq, long at) {
        return new StreamAppended(at, stream, seq, "ticket_updated", "tkt_1", null, 0, null, null, null, 0);
    }

    /** Assigns and appends {@code n} messages to {@code stream} at {@code at}. */
    private static void append(StreamWindows windows, String stream, int n, long at) {
        for (int i = 0; i < n; i++) {
            long seq = windows.assign(stream);
            windows.append(new StreamAppended(at, stream, seq, "ticket_updated", "tkt_1", null, 0, null, null, null, 0),
                    null, at);
        }
    }

}
