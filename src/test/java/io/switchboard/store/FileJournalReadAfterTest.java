package io.switchboard.store;

import static io.switchboard.store.FileJournalTest.await;
import static io.switchboard.store.FileJournalTest.events;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.switchboard.core.event.DomainEvent;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** How a follower catches up on the file journal ({@link Journal#readAfter}): paging, segments, limits. */
class FileJournalReadAfterTest {
    private final Vertx vertx = Vertx.vertx();
    @TempDir
    Path dir;

    @AfterEach
    void close() {
        await(vertx.close());
    }

    @Test
    void readAfter_acrossSegments_returnsTheEventsAfterThePositionInOrderUpToMax() {
        FileJournal journal = threeSegments();

        assertThat(await(journal.readAfter(0, 100))).isEqualTo(events(0, 12));
        assertThat(await(journal.readAfter(3, 100))).isEqualTo(events(3, 12));
        assertThat(await(journal.readAfter(3, 4))).as("across the segment boundary after event 5")
                .isEqualTo(events(3, 7));
        assertThat(await(journal.readAfter(0, 5))).as("exactly the first segment").isEqualTo(events(0, 5));
        assertThat(await(journal.readAfter(5, 1))).as("the first event of the second segment")
                .isEqualTo(events(5, 6));
        assertThat(await(journal.readAfter(11, 10))).isEqualTo(events(11, 12));
        assertThat(await(journal.readAfter(12, 10))).as("nothing after the last event").isEmpty();
        await(journal.close());
    }

    @Test
    void readAfter_eventsCompactedIntoASnapshot_failsSayingSoButReadsWhatIsLeft() {
        FileJournal journal = open();
        await(journal.append(events(0, 10)));
        await(journal.snapshot());
        await(journal.append(events(10, 12)));

        assertThatThrownBy(() -> await(journal.readAfter(5, 10))).rootCause()
                .isInstanceOf(JournalCorruptException.class).hasMessage("events after 5 were compacted into a snapshot");
        assertThat(await(journal.readAfter(10, 10))).isEqualTo(events(10, 12));
        assertThat(await(journal.readAfter(12, 10))).isEmpty();
        await(journal.close());
    }

    @Test
    void readAfter_recordsWrittenButNotAcknowledged_areNotReadUntilTheRetrySucceeds() throws IOException {
        FileJournal journal = open();
        await(journal.append(events(0, 3)));
        // a failed append's records reached the file whole, its acknowledgement did not
        ByteBuffer residue = ByteBuffer.allocate(1 << 12);
        for (DomainEvent event : events(3, 5)) {
            Records.frame(residue, EventCodec.instance().encode(event));
        }
        Files.write(dir.resolve("segment-00000000000000000001.log"), java.util.Arrays.copyOf(residue.array(),
                residue.position()), StandardOpenOption.APPEND);

        assertThat(await(journal.readAfter(0, 100))).isEqualTo(events(0, 3));

        await(journal.append(events(3, 5)));
        assertThat(await(journal.readAfter(0, 100))).isEqualTo(events(0, 5));
        await(journal.close());
    }

    @Test
    void readAfter_freshJournal_returnsNothing() {
        FileJournal journal = open();

        assertThat(await(journal.readAfter(0, 10))).isEmpty();
        await(journal.close());
    }

    @Test
    void readAfter_pagingOnFromWhereTheLastPageEnded_sameEventsAsOneRead_acrossSegments() {
        FileJournal journal = threeSegments();

        for (int page : new int[] {1, 2, 3, 4, 5, 7, 100}) {
            List<DomainEvent> paged = new java.util.ArrayList<>();
            long after = 0;
            List<DomainEvent> next;
            while (!(next = await(journal.readAfter(after, page))).isEmpty()) {
                assertThat(next.size()).isLessThanOrEqualTo(page);
                paged.addAll(next);
                after += next.size();
            }
            assertThat(paged).as("pages of " + page).isEqualTo(events(0, 12));
        }
        await(journal.close());
    }

    @Test
    void readAfter_pagingOn_newAppendsAndRollsBetweenPages_readInOrder() {
        FileJournal journal = open();
        await(journal.append(events(0, 4)));
        assertThat(await(journal.readAfter(0, 4))).isEqualTo(events(0, 4)); // ends at the segment's end
        await(journal.append(events(4, 6)));
        assertThat(await(journal.readAfter(4, 10))).as("appended to the marked segment").isEqualTo(events(4, 6));
        await(journal.snapshot(0));
        await(journal.append(events(6, 9)));
        assertThat(await(journal.readAfter(6, 2))).as("into the next segment from the end of the marked one")
                .isEqualTo(events(6, 8));
        assertThat(await(journal.readAfter(8, 2))).isEqualTo(events(8, 9));
        assertThat(await(journal.readAfter(3, 4))).as("from a position no page ended at").isEqualTo(events(3, 7));
        await(journal.close());
    }

    @Test
    void readAfter_pagingOn_markedSegmentCompacted_failsSayingSo() {
        FileJournal journal = open();
        await(journal.append(events(0, 10)));
        assertThat(await(journal.readAfter(0, 5))).isEqualTo(events(0, 5)); // marks position 6 in segment 1
        await(journal.snapshot());
        await(journal.append(events(10, 12)));

        assertThatThrownBy(() -> await(journal.readAfter(5, 10))).rootCause()
                .isInstanceOf(JournalCorruptException.class).hasMessage("events after 5 were compacted into a snapshot");
        await(journal.close());
    }

    @Test
    void readAfter_pagingOn_recordsWrittenButNotAcknowledged_notRead() throws IOException {
        FileJournal journal = open();
        await(journal.append(events(0, 3)));
        assertThat(await(journal.readAfter(0, 3))).isEqualTo(events(0, 3)); // marks position 4
        ByteBuffer residue = ByteBuffer.allocate(1 << 12);
        for (DomainEvent event : events(3, 5)) {
            Records.frame(residue, EventCodec.instance().encode(event));
        }
        Files.write(dir.resolve("segment-00000000000000000001.log"), java.util.Arrays.copyOf(residue.array(),
                residue.position()), StandardOpenOption.APPEND);

        assertThat(await(journal.readAfter(3, 100))).isEmpty();

        await(journal.append(events(3, 5)));
        assertThat(await(journal.readAfter(3, 100))).isEqualTo(events(3, 5));
        await(journal.close());
    }

    /** Events 1-5, 6-9 and 10-12 in three segments (snapshots with limit 0 only roll the segment). */
    private FileJournal threeSegments() {
        FileJournal journal = open();
        await(journal.append(events(0, 5)));
        await(journal.snapshot(0));
        await(journal.append(events(5, 9)));
        await(journal.snapshot(0));
        await(journal.append(events(9, 12)));
        try (var files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder(
                    "segment-00000000000000000001.log", "segment-00000000000000000006.log",
                    "segment-00000000000000000010.log");
        } catch (IOException e) {
            throw new AssertionError(e);
        }
        return journal;
    }

    private FileJournal open() {
        FileJournal journal = new FileJournal(vertx, dir, FileJournal.Fsync.ALWAYS, 1000, Long.MAX_VALUE);
        assertThat(await(journal.open())).isEmpty();
        return journal;
    }
}
