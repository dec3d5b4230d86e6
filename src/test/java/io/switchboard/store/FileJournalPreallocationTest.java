package io.switchboard.store;

import static io.switchboard.store.FileJournalTest.await;
import static io.switchboard.store.FileJournalTest.events;
import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.core.event.DomainEvent;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
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
 * A segment past {@link FileJournal#PREALLOCATE_AFTER} runs ahead of its records in zeros: every
 * reader stops at them as at a torn tail, a crash leaves them behind and a restart cuts them, and a
 * rolled or closed segment ends with its last record as before.
 */
class FileJournalPreallocationTest {
    private final Vertx vertx = Vertx.vertx();
    @TempDir
    Path dir;

    @AfterEach
    void close() {
        await(vertx.close());
    }

    @Test
    void append_pastTheThreshold_segmentRunsAheadInZerosAndACrashedJournalReopensWithEveryEvent() throws IOException {
        FileJournal journal = open();
        List<DomainEvent> written = fill(journal);
        Path segment = onlySegment();
        long records = framedSize(written);

        assertThat(Files.size(segment)).as("zeros ahead of the records").isGreaterThan(records);
        byte[] bytes = Files.readAllBytes(segment);
        for (long i = records; i < bytes.length; i++) {
            assertThat(bytes[(int) i]).isZero();
        }

        // the process dies here: nothing closes the journal
        FileJournal reopened = open();
        assertThat(await(reopened.open())).isEqualTo(written);
        assertThat(reopened.position()).isEqualTo(written.size());
        assertThat(Files.size(segment)).as("cut back to its last record").isEqualTo(records);
        await(reopened.close());
    }

    @Test
    void close_afterPreallocating_segmentEndsWithItsLastRecord() throws IOException {
        FileJournal journal = open();
        List<DomainEvent> written = fill(journal);
        await(journal.close());

        assertThat(Files.size(onlySegment())).isEqualTo(framedSize(written));
        assertThat(await(open().open())).isEqualTo(written);
    }

    @Test
    void snapshot_rollAfterPreallocating_closedSegmentEndsWithItsRecordsAndReopenIsEqual() throws IOException {
        FileJournal journal = open();
        List<DomainEvent> written = fill(journal);
        Path first = onlySegment();

        await(journal.snapshot(0)); // rolls the segment, compacts nothing
        List<DomainEvent> more = events(written.size(), written.size() + 10);
        await(journal.append(more));
        await(journal.close());

        assertThat(Files.size(first)).isEqualTo(framedSize(written));
        List<DomainEvent> all = new ArrayList<>(written);
        all.addAll(more);
        assertThat(await(open().open())).isEqualTo(all);
    }

    @Test
    void readAfter_liveSegmentWithZerosAhead_readsEveryAcknowledgedEvent() throws IOException {
        FileJournal journal = open();
        List<DomainEvent> written = fill(journal);

        assertThat(Files.size(onlySegment())).isGreaterThan(framedSize(written));
        assertThat(await(journal.readAfter(written.size() - 30, 100))).isEqualTo(written.subList(written.size() - 30,
                written.size()));
        assertThat(await(journal.readAfter(0, written.size() + 10))).isEqualTo(written);
        await(journal.close());
    }

    /** A failed write lands where the writer writes: at the committed end, over the zeros. */
    @Test
    void append_retryAfterAWriteThatFailedHalfwayIntoTheZeros_reopenFindsEveryEventOnce() throws IOException {
        FileJournal journal = open();
        List<DomainEvent> written = fill(journal);
        List<DomainEvent> batch = events(written.size(), written.size() + 10);
        ByteBuffer half = ByteBuffer.allocate(framedSize(batch));
        for (DomainEvent event : batch) {
            Records.frame(half, EventCodec.instance().encode(event));
        }
        half.flip().limit(half.limit() / 2);
        try (FileChannel file = FileChannel.open(onlySegment(), StandardOpenOption.WRITE)) {
            file.write(half, framedSize(written));
        }

        await(journal.append(batch));
        await(journal.close());

        List<DomainEvent> expected = new ArrayList<>(written);
        expected.addAll(batch);
        assertThat(await(open().open())).isEqualTo(expected);
    }

    /** Appends batches of 50 events until the segment preallocates; returns them in order. */
    private List<DomainEvent> fill(FileJournal journal) throws IOException {
        await(journal.open());
        List<DomainEvent> written = new ArrayList<>();
        while (framedSize(written) < FileJournal.PREALLOCATE_AFTER + 1000) {
            List<DomainEvent> batch = events(written.size(), written.size() + 50);
            await(journal.append(batch));
            written.addAll(batch);
        }
        return written;
    }

    private FileJournal open() {
        return new FileJournal(vertx, dir, FileJournal.Fsync.ALWAYS, 1000);
    }

    private Path onlySegment() throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> p.getFileName().toString().startsWith("segment-")).sorted().findFirst()
                    .orElseThrow();
        }
    }

    private static int framedSize(List<DomainEvent> events) {
        int size = 0;
        for (DomainEvent e : events) {
            size += Records.framedSize(EventCodec.instance().encode(e));
        }
        return size;
    }
}
