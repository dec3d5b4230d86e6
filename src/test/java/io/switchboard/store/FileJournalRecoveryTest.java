package io.switchboard.store;

import static io.switchboard.store.FileJournalTest.await;
import static io.switchboard.store.FileJournalTest.events;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.switchboard.core.event.DomainEvent;
import io.switchboard.core.event.DomainEvent.TicketReplied;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the file journal finds on disk after crashes at each step of a snapshot, after damage, and
 * beside stray files; and how snapshot windows merge into a base.
 */
class FileJournalRecoveryTest {
    private static final String SEGMENT_1 = "segment-00000000000000000001.log";
    private final Vertx vertx = Vertx.vertx();
    @TempDir
    Path dir;

    @AfterEach
    void close() {
        await(vertx.close());
    }

    @Test
    void open_segmentTheSnapshotAlreadyCovers_skipsItsEventsInsteadOfRepeatingThem() throws IOException {
        FileJournal journal = open(Long.MAX_VALUE);
        await(journal.append(events(0, 5)));
        byte[] coveredSegment = Files.readAllBytes(dir.resolve(SEGMENT_1));
        await(journal.snapshot());
        await(journal.append(events(5, 7)));
        await(journal.close());
        // a crash after the snapshot's rename, before the segments behind it were deleted
        Files.write(dir.resolve(SEGMENT_1), coveredSegment);

        FileJournal reopened = new FileJournal(vertx, dir, FileJournal.Fsync.ALWAYS, 1000, Long.MAX_VALUE);

        assertThat(await(reopened.open())).isEqualTo(events(0, 7));
        assertThat(reopened.position()).isEqualTo(7);
        await(reopened.snapshot());
        await(reopened.close());
        assertThat(names()).as("the leftover goes with the next snapshot")
                .containsExactlyInAnyOrder("snapshot-00000000000000000005.snap", "snapshot-00000000000000000007.snap",
                        "segment-00000000000000000008.log");
        assertThat(await(reopen().open())).isEqualTo(events(0, 7));
    }

    @Test
    void snapshot_windowsAsHeavyAsTheBase_mergeIntoANewBaseAndLighterOnesStayWindows() throws IOException {
        FileJournal journal = open(0);
        // replies of equal size (two-digit numbers), none compacted away: bytes compare as counts
        await(journal.append(events(10, 20)));
        await(journal.snapshot());
        assertThat(names()).contains("base-00000000000000000010.snap");
        await(journal.append(events(20, 23)));
        await(journal.snapshot());
        assertThat(names()).as("3 events weigh less than the base's 10").contains("base-00000000000000000010.snap",
                "snapshot-00000000000000000013.snap");
        await(journal.append(events(23, 30)));
        await(journal.snapshot());
        await(journal.close());

        assertThat(names()).as("3 + 7 events weigh as much as the base: merged, inputs deleted")
                .containsExactlyInAnyOrder("base-00000000000000000020.snap", "segment-00000000000000000021.log");
        assertThat(Files.size(dir.resolve("base-00000000000000000020.snap")))
                .isEqualTo(framedSize(events(10, 30)));
        assertThat(await(reopen().open())).isEqualTo(events(10, 30));
    }

    @Test
    void open_windowAndBaseAlreadyMergedIntoANewerBase_areIgnored() throws IOException {
        FileJournal journal = open(0);
        await(journal.append(events(10, 20)));
        await(journal.snapshot());
        await(journal.append(events(20, 23)));
        await(journal.snapshot());
        byte[] oldBase = Files.readAllBytes(dir.resolve("base-00000000000000000010.snap"));
        byte[] oldWindow = Files.readAllBytes(dir.resolve("snapshot-00000000000000000013.snap"));
        await(journal.append(events(23, 30)));
        await(journal.snapshot());
        await(journal.append(events(30, 31)));
        await(journal.close());
        // a crash after the merged base's rename, before its inputs were deleted
        Files.write(dir.resolve("base-00000000000000000010.snap"), oldBase);
        Files.write(dir.resolve("snapshot-00000000000000000013.snap"), oldWindow);

        FileJournal reopened = reopen();

        assertThat(await(reopened.open())).isEqualTo(events(10, 31));
        assertThat(reopened.position()).isEqualTo(21);
    }

    @Test
    void open_segmentMissingBetweenTwoOthers_refusesNamingTheLostEvents() throws IOException {
        FileJournal journal = open(Long.MAX_VALUE);
        await(journal.append(events(0, 5)));
        await(journal.snapshot(0));
        await(journal.append(events(5, 9)));
        await(journal.snapshot(0));
        await(journal.append(events(9, 12)));
        await(journal.close());
        Files.delete(dir.resolve("segment-00000000000000000006.log"));

        assertThatThrownBy(() -> await(reopen().open())).rootCause().isInstanceOf(JournalCorruptException.class)
                .hasMessage("journal gap: events 6..9 are missing before " + dir.resolve("segment-00000000000000000010.log")
                        + "; refusing to start with lost history");
    }

    @Test
    void open_earlierSegmentCutShort_refusesEvenThoughNothingFollowsTheDamageInThatFile() throws IOException {
        FileJournal journal = open(Long.MAX_VALUE);
        await(journal.append(events(0, 5)));
        await(journal.snapshot(0));
        await(journal.append(events(5, 7)));
        await(journal.close());
        Path first = dir.resolve(SEGMENT_1);
        try (RandomAccessFile file = new RandomAccessFile(first.toFile(), "rw")) {
            file.setLength(file.length() - 3);
        }

        assertThatThrownBy(() -> await(reopen().open())).rootCause().isInstanceOf(JournalCorruptException.class)
                .hasMessageStartingWith("journal " + first + " is corrupt: record at offset ")
                .hasMessageEndingWith(" remain. Refusing to replay around it: move the file aside or restore it from a"
                        + " backup.");
    }

    @Test
    void open_tornTail_cutsTheFileBackToItsLastWholeRecord() throws IOException {
        FileJournal journal = open(Long.MAX_VALUE);
        await(journal.append(events(0, 4)));
        await(journal.close());
        Path segment = dir.resolve(SEGMENT_1);
        long whole = Files.size(segment);
        Files.write(segment, new byte[] {0, 0, 0, 99, 7}, java.nio.file.StandardOpenOption.APPEND);

        FileJournal reopened = reopen();
        assertThat(await(reopened.open())).isEqualTo(events(0, 4));
        await(reopened.close());

        assertThat(Files.size(segment)).isEqualTo(whole);
    }

    @Test
    void open_damagedSnapshot_refusesCallingItDiskCorruption() throws IOException {
        FileJournal journal = open(Long.MAX_VALUE);
        await(journal.append(events(0, 5)));
        await(journal.snapshot());
        await(journal.close());
        Path snapshot = dir.resolve("snapshot-00000000000000000005.snap");
        try (RandomAccessFile file = new RandomAccessFile(snapshot.toFile(), "rw")) {
            file.seek(20);
            file.write(file.read() ^ 0xff);
        }

        assertThatThrownBy(() -> await(reopen().open())).rootCause().isInstanceOf(JournalCorruptException.class)
                .hasMessage("snapshot " + snapshot + " is damaged (checksum mismatch in the record at offset 0);"
                        + " snapshots are written atomically, so this is disk corruption: restore the data directory"
                        + " from a backup");
    }

    @Test
    void open_strayFilesNamedLikeJournalFiles_areIgnored() throws IOException {
        FileJournal journal = open(Long.MAX_VALUE);
        await(journal.append(events(0, 3)));
        await(journal.close());
        Files.write(dir.resolve("segment-backup.log"), new byte[] {1, 2, 3});
        Files.write(dir.resolve("snapshot-old.snap"), new byte[] {1, 2, 3});
        Files.write(dir.resolve("base-.snap"), new byte[] {1, 2, 3});

        FileJournal reopened = reopen();

        assertThat(await(reopened.open())).isEqualTo(events(0, 3));
        assertThat(reopened.position()).isEqualTo(3);
    }

    @Test
    void snapshot_eventsLargerThanTheOneMebibyteWriteBuffer_reopenEqual() throws IOException {
        FileJournal journal = open(Long.MAX_VALUE);
        List<DomainEvent> big = new ArrayList<>();
        for (int i = 0; i < 3; i++) { // 600 KB each: the second does not fit behind the first
            big.add(new TicketReplied(i, "tkt_" + i, "a".repeat(600_000), "agent:alice", "reply"));
        }
        big.add(new TicketReplied(3, "tkt_3", "b".repeat(1_500_000), "agent:alice", "reply")); // larger than the buffer
        big.add(new TicketReplied(4, "tkt_4", "small", "agent:alice", "reply"));
        await(journal.append(big));
        await(journal.snapshot());
        await(journal.close());

        assertThat(Files.size(dir.resolve("snapshot-00000000000000000005.snap"))).isEqualTo(framedSize(big));
        assertThat(await(reopen().open())).isEqualTo(big);
    }

    @Test
    void snapshot_closedSegmentCutUnderTheRunningJournal_failsInsteadOfCompactingTooFewEvents() throws IOException {
        FileJournal journal = open(Long.MAX_VALUE);
        await(journal.append(events(0, 5)));
        await(journal.snapshot(0));
        await(journal.append(events(5, 8)));
        byte[] kept = Files.readAllBytes(dir.resolve(SEGMENT_1));
        Files.write(dir.resolve(SEGMENT_1), Arrays.copyOf(kept, kept.length - 1)); // its last record torn

        assertThatThrownBy(() -> await(journal.snapshot())).rootCause().isInstanceOf(IllegalStateException.class)
                .hasMessage("compaction found events up to 7, expected 8");
        assertThat(names()).as("nothing written, nothing deleted").doesNotContain("snapshot-00000000000000000008.snap")
                .contains(SEGMENT_1, "segment-00000000000000000006.log");
        await(journal.close());
    }

    @Test
    void append_failedBatchThenAGoodOne_isWritableAgainAndKeepsOnlyTheGoodOne() {
        FileJournal journal = open(Long.MAX_VALUE);
        List<DomainEvent> broken = new ArrayList<>(events(0, 2));
        broken.add(null);

        assertThatThrownBy(() -> await(journal.append(broken))).isNotNull();
        assertThat(journal.writable()).isFalse();
        assertThat(journal.position()).isZero();
        await(journal.append(events(0, 2)));
        assertThat(journal.writable()).isTrue();
        assertThat(journal.position()).isEqualTo(2);
        await(journal.close());

        assertThat(await(reopen().open())).isEqualTo(events(0, 2));
    }

    @Test
    void acknowledgement_eachFsyncPolicy_saysWhenAnAppendCompletes() {
        assertThat(new FileJournal(vertx, dir, FileJournal.Fsync.ALWAYS, 1000).acknowledgement())
                .isEqualTo("file journal in " + dir + ": acknowledged after the events are written and fdatasync'd");
        assertThat(new FileJournal(vertx, dir, FileJournal.Fsync.INTERVAL, 250).acknowledgement())
                .isEqualTo("file journal in " + dir + ": acknowledged after the events are written to the OS (survives"
                        + " a process crash); fsync every 250 ms");
        assertThat(new FileJournal(vertx, dir, FileJournal.Fsync.INTERVAL, 250).durable()).isTrue();
    }

    @Test
    void interval_appendsThenClose_reopenWithEveryEvent() {
        FileJournal journal = new FileJournal(vertx, dir, FileJournal.Fsync.INTERVAL, 5);
        assertThat(await(journal.open())).isEmpty();
        await(journal.append(events(0, 3)));
        await(journal.append(events(3, 6)));
        await(journal.close());

        assertThat(await(reopen().open())).isEqualTo(events(0, 6));
    }

    private static long framedSize(List<DomainEvent> events) {
        long size = 0;
        for (DomainEvent event : events) {
            size += Records.framedSize(EventCodec.instance().encode(event));
        }
        return size;
    }

    private List<String> names() throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).toList();
        }
    }

    private FileJournal open(long mergeMinBytes) {
        FileJournal journal = new FileJournal(vertx, dir, FileJournal.Fsync.ALWAYS, 1000, mergeMinBytes);
        assertThat(await(journal.open())).isEmpty();
        return journal;
    }

    private FileJournal reopen() {
        return new FileJournal(vertx, dir, FileJournal.Fsync.ALWAYS, 1000);
    }
}
