package io.switchboard.store;

import static io.switchboard.store.FileJournalTest.await;
import static io.switchboard.store.FileJournalTest.events;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.switchboard.core.event.DomainEvent;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The journal's retry contract (Journal: "a failed append may have written a prefix; appending the
 * same batch again must not duplicate it") on a real directory. A write that fails halfway leaves
 * the batch's first records whole and the next one cut; the test puts exactly those bytes behind
 * the committed end of the segment, then retries the batch as GroupCommit does.
 */
class FileJournalRetryTest {
    private final Vertx vertx = Vertx.vertx();
    @TempDir
    Path dir;

    @AfterEach
    void close() {
        await(vertx.close());
    }

    @Test
    void append_retryAfterBatchWrittenHalfway_reopenFindsEveryEventExactlyOnce() throws IOException {
        FileJournal journal = open();
        List<DomainEvent> before = events(0, 10);
        List<DomainEvent> batch = events(10, 20);
        await(journal.append(before));
        Path segment = onlySegment();
        long committed = Files.size(segment);
        leaveHalfWritten(segment, batch, 4); // 4 whole records and half of the 5th

        await(journal.append(batch));
        await(journal.append(events(20, 25)));
        await(journal.close());

        FileJournal reopened = new FileJournal(vertx, dir, FileJournal.Fsync.ALWAYS, 1000);
        List<DomainEvent> recovered = await(reopened.open());
        List<DomainEvent> expected = new ArrayList<>(before);
        expected.addAll(batch);
        expected.addAll(events(20, 25));
        assertThat(recovered).as("every event once, in order, no 'valid records follow' error").isEqualTo(expected);
        assertThat(reopened.position()).isEqualTo(25);
        assertThat(Files.size(segment)).as("the half batch was cut, not kept in front of the retry")
                .isEqualTo(committed + framedSize(batch) + framedSize(events(20, 25)));
        await(reopened.close());
    }

    @Test
    void append_retryAfterWholeBatchWrittenButNotAcknowledged_reopenFindsItOnce() throws IOException {
        FileJournal journal = open();
        await(journal.append(events(0, 3)));
        List<DomainEvent> batch = events(3, 8);
        leaveHalfWritten(onlySegment(), batch, batch.size()); // written in full, then fsync failed

        await(journal.append(batch));
        await(journal.close());

        List<DomainEvent> recovered = await(new FileJournal(vertx, dir, FileJournal.Fsync.ALWAYS, 1000).open());
        assertThat(recovered).isEqualTo(events(0, 8));
    }

    @Test
    void append_channelGone_failsWithTheIoErrorAndReportsNotWritable() throws IOException {
        FileJournal journal = open();
        await(journal.append(events(0, 1)));
        Path segment = onlySegment();
        long size = Files.size(segment);
        await(journal.close()); // the channel is closed under the writer, as a vanished disk would leave it

        assertThatThrownBy(() -> await(journal.append(events(1, 2)))).rootCause()
                .isInstanceOf(ClosedChannelException.class);
        assertThat(journal.writable()).isFalse();
        assertThat(Files.size(segment)).as("nothing of the failed batch reached the file").isEqualTo(size);
        assertThat(await(new FileJournal(vertx, dir, FileJournal.Fsync.ALWAYS, 1000).open())).isEqualTo(events(0, 1));
    }

    /**
     * GroupCommit asks for a snapshot right after starting the next append, so the segment roll can
     * run just after that append failed halfway: the roll must not seal the failed batch's records
     * into the closed segment, where the retry's copy would follow them in the next one.
     */
    @Test
    void snapshot_rollAfterBatchWrittenHalfway_leavesTheFailedRecordsOutAndTheRetryIsReadOnce() throws IOException {
        FileJournal journal = open();
        await(journal.append(events(0, 10)));
        Path first = onlySegment();
        long committed = Files.size(first);
        List<DomainEvent> batch = events(10, 20);
        leaveHalfWritten(first, batch, 4);

        await(journal.snapshot(0)); // rolls the segment, compacts nothing
        await(journal.append(batch));
        await(journal.close());

        assertThat(Files.size(first)).as("the closed segment ends with its acknowledged events").isEqualTo(committed);
        FileJournal reopened = new FileJournal(vertx, dir, FileJournal.Fsync.ALWAYS, 1000);
        assertThat(await(reopened.open())).isEqualTo(events(0, 20));
        assertThat(await(reopened.readAfter(8, 100))).isEqualTo(events(8, 20));
        await(reopened.close());
    }

    @Test
    void snapshot_rollOfAFreshSegmentHoldingOnlyAFailedBatch_succeedsAndTheRetryIsReadOnce() throws IOException {
        FileJournal journal = open();
        await(journal.append(events(0, 3)));
        await(journal.snapshot(0));
        Path fresh = dir.resolve("segment-00000000000000000004.log");
        assertThat(Files.size(fresh)).isZero();
        List<DomainEvent> batch = events(3, 8);
        leaveHalfWritten(fresh, batch, 2);

        await(journal.snapshot(0));
        await(journal.append(batch));
        assertThat(await(journal.readAfter(0, 100))).as("read live: each event once").isEqualTo(events(0, 8));
        await(journal.close());

        assertThat(await(new FileJournal(vertx, dir, FileJournal.Fsync.ALWAYS, 1000).open())).isEqualTo(events(0, 8));
    }

    /** Appends what a write of {@code batch} that stopped after {@code whole} records and half of the next leaves. */
    private static void leaveHalfWritten(Path segment, List<DomainEvent> batch, int whole) throws IOException {
        ByteBuffer bytes = ByteBuffer.allocate(framedSize(batch));
        for (int i = 0; i < whole; i++) {
            Records.frame(bytes, EventCodec.instance().encode(batch.get(i)));
        }
        if (whole < batch.size()) {
            byte[] payload = EventCodec.instance().encode(batch.get(whole));
            ByteBuffer next = ByteBuffer.allocate(Records.framedSize(payload));
            Records.frame(next, payload);
            bytes.put(next.array(), 0, next.capacity() / 2);
        }
        bytes.flip();
        byte[] residue = new byte[bytes.remaining()];
        bytes.get(residue);
        Files.write(segment, residue, StandardOpenOption.APPEND);
    }

    private static int framedSize(List<DomainEvent> events) {
        int size = 0;
        for (DomainEvent e : events) {
            size += Records.framedSize(EventCodec.instance().encode(e));
        }
        return size;
    }

    private FileJournal open() {
        FileJournal journal = new FileJournal(vertx, dir, FileJournal.Fsync.ALWAYS, 1000);
        assertThat(await(journal.open())).isEmpty();
        return journal;
    }

    private Path onlySegment() throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> p.getFileName().toString().endsWith(".log")).sorted().toList().get(0);
        }
    }
}
