package io.switchboard.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.switchboard.core.agent.Presence;
import io.switchboard.core.event.DomainEvent;
import io.switchboard.core.event.DomainEvent.AgentPresenceChanged;
import io.switchboard.core.event.DomainEvent.TicketReplied;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The embedded journal on a real directory: reopen, torn tails, corruption, snapshots, versions. */
class FileJournalTest {
    private final Vertx vertx = Vertx.vertx();
    @TempDir
    Path dir;

    @AfterEach
    void close() {
        await(vertx.close());
    }

    @Test
    void reopen_afterAppends_returnsEveryEventInOrder() {
        FileJournal journal = open(FileJournal.Fsync.ALWAYS);
        List<DomainEvent> written = events(0, 50);
        await(journal.append(written.subList(0, 20)));
        await(journal.append(written.subList(20, 50)));
        await(journal.close());

        FileJournal reopened = new FileJournal(vertx, dir, FileJournal.Fsync.ALWAYS, 1000);
        assertThat(await(reopened.open())).isEqualTo(written);
        assertThat(reopened.position()).isEqualTo(50);
        await(reopened.append(events(50, 51)));
        await(reopened.close());
        assertThat(await(new FileJournal(vertx, dir, FileJournal.Fsync.INTERVAL, 10).open())).hasSize(51);
    }

    @Test
    void open_tornLastRecord_dropsItAndKeepsTheRest() throws IOException {
        FileJournal journal = open(FileJournal.Fsync.ALWAYS);
        await(journal.append(events(0, 10)));
        await(journal.close());
        Path segment = onlySegment();
        long size = Files.size(segment);
        try (RandomAccessFile file = new RandomAccessFile(segment.toFile(), "rw")) {
            file.setLength(size - 5); // the crash cut the last record short
        }

        List<DomainEvent> recovered = await(new FileJournal(vertx, dir, FileJournal.Fsync.ALWAYS, 1000).open());

        assertThat(recovered).isEqualTo(events(0, 9));
    }

    @Test
    void open_garbageAppendedByACrash_dropsItAsTornTail() throws IOException {
        FileJournal journal = open(FileJournal.Fsync.ALWAYS);
        await(journal.append(events(0, 10)));
        await(journal.close());
        Files.write(onlySegment(), new byte[] {0, 0, 0, 40, 1, 2, 3, 4, 9, 9}, java.nio.file.StandardOpenOption.APPEND);

        FileJournal reopened = new FileJournal(vertx, dir, FileJournal.Fsync.ALWAYS, 1000);
        assertThat(await(reopened.open())).isEqualTo(events(0, 10));
        await(reopened.append(events(10, 12)));
        await(reopened.close());
        assertThat(await(new FileJournal(vertx, dir, FileJournal.Fsync.ALWAYS, 1000).open())).isEqualTo(events(0, 12));
    }

    @Test
    void open_corruptRecordInTheMiddle_refusesToStartNamingFileAndOffset() throws IOException {
        FileJournal journal = open(FileJournal.Fsync.ALWAYS);
        await(journal.append(events(0, 10)));
        await(journal.close());
        Path segment = onlySegment();
        try (RandomAccessFile file = new RandomAccessFile(segment.toFile(), "rw")) {
            file.seek(30); // inside the first record's payload
            file.write(file.read() ^ 0xff);
        }

        Future<List<DomainEvent>> opened = new FileJournal(vertx, dir, FileJournal.Fsync.ALWAYS, 1000).open();

        assertThatThrownBy(() -> await(opened)).hasRootCauseInstanceOf(JournalCorruptException.class)
                .rootCause().hasMessageContaining(segment.getFileName().toString()).hasMessageContaining("offset 0")
                .hasMessageContaining("valid records follow");
    }

    @Test
    void snapshot_thenMoreAppends_reopensFromSnapshotPlusTailAndDropsOldSegments() throws IOException {
        FileJournal journal = open(FileJournal.Fsync.ALWAYS);
        List<DomainEvent> churn = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            churn.add(new AgentPresenceChanged(i, "alice", i % 2 == 0 ? Presence.AVAILABLE : Presence.AWAY, "agent"));
        }
        await(journal.append(churn));
        await(journal.append(events(0, 5)));
        await(journal.snapshot());
        await(journal.append(events(5, 8)));
        await(journal.close());

        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString()))
                    .containsExactlyInAnyOrder("snapshot-00000000000000000045.snap", "segment-00000000000000000046.log");
        }
        FileJournal reopened = new FileJournal(vertx, dir, FileJournal.Fsync.ALWAYS, 1000);
        List<DomainEvent> recovered = await(reopened.open());

        List<DomainEvent> expected = new ArrayList<>(Compaction.compact(concat(churn, events(0, 5))));
        expected.addAll(events(5, 8));
        assertThat(recovered).isEqualTo(expected);
        assertThat(recovered.stream().filter(e -> e instanceof AgentPresenceChanged))
                .as("the last change and the last change to available").hasSize(2);
        assertThat(reopened.position()).as("positions count journaled events, not kept ones").isEqualTo(48);
    }

    @Test
    void snapshot_twice_keepsBothWindowsAndReopensFromThemPlusTail() throws IOException {
        FileJournal journal = open(FileJournal.Fsync.ALWAYS);
        List<DomainEvent> first = new ArrayList<>();
        List<DomainEvent> second = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            first.add(new AgentPresenceChanged(i, "alice", Presence.AVAILABLE, "agent"));
            second.add(new AgentPresenceChanged(100 + i, "alice", Presence.AWAY, "agent"));
        }
        await(journal.append(first));
        await(journal.snapshot());
        await(journal.append(second));
        await(journal.append(events(0, 2)));
        await(journal.snapshot());
        await(journal.append(events(2, 3)));
        await(journal.close());

        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).as("a snapshot covers only what came after the last")
                    .containsExactlyInAnyOrder("snapshot-00000000000000000010.snap",
                            "snapshot-00000000000000000022.snap", "segment-00000000000000000023.log");
        }
        List<DomainEvent> expected = new ArrayList<>(Compaction.compact(first));
        expected.addAll(Compaction.compact(concat(second, events(0, 2))));
        expected.addAll(events(2, 3));
        FileJournal reopened = new FileJournal(vertx, dir, FileJournal.Fsync.ALWAYS, 1000);
        assertThat(await(reopened.open())).isEqualTo(expected);
        assertThat(reopened.position()).isEqualTo(23);
    }

    @Test
    void open_everyEventTypeWrittenByThisBuildThroughASnapshot_reopensEqual() {
        FileJournal journal = open(FileJournal.Fsync.ALWAYS);
        List<DomainEvent> every = EverySample.events();
        await(journal.append(every.subList(0, 20)));
        await(journal.snapshot());
        await(journal.append(every.subList(20, every.size())));
        await(journal.close());

        FileJournal reopened = new FileJournal(vertx, dir, FileJournal.Fsync.ALWAYS, 1000);
        List<DomainEvent> expected = new ArrayList<>(Compaction.compact(every.subList(0, 20)));
        expected.addAll(every.subList(20, every.size()));
        assertThat(await(reopened.open())).isEqualTo(expected);
    }

    @Test
    void open_journalOfANewerFormat_refusesToStartAndLeavesTheFileAsItWas() throws IOException {
        byte[] payload = EventCodec.instance().encode(events(0, 1).get(0));
        payload[1] = (byte) (EventCodec.FORMAT + 1);
        ByteBuffer record = ByteBuffer.allocate(Records.framedSize(payload));
        Records.frame(record, payload);
        Path segment = dir.resolve("segment-00000000000000000001.log");
        Files.write(segment, record.array());

        Future<List<DomainEvent>> opened = new FileJournal(vertx, dir, FileJournal.Fsync.ALWAYS, 1000).open();

        assertThatThrownBy(() -> await(opened)).rootCause().isInstanceOf(JournalCorruptException.class)
                .hasMessageContaining("journal format " + (EventCodec.FORMAT + 1) + " is unknown to this build")
                .hasMessageContaining("newer Switchboard build");
        assertThat(Files.readAllBytes(segment)).isEqualTo(record.array());
        try (var files = Files.list(dir)) {
            assertThat(files).containsExactly(segment);
        }
    }

    @Test
    void append_dataDirTurnedUnwritable_failsAndReportsNotWritable() throws IOException {
        FileJournal journal = open(FileJournal.Fsync.ALWAYS);
        await(journal.append(events(0, 1)));
        Path segment = onlySegment();
        await(journal.close()); // closes the channel: the next append fails as a vanished disk would

        assertThatThrownBy(() -> await(journal.append(events(1, 2)))).isNotNull();
        assertThat(journal.writable()).isFalse();
        assertThat(Files.size(segment)).isPositive();
    }

    /** Snapshots stay windows here (never merged into a base): ArchivedSnapshotTest covers merging. */
    private FileJournal open(FileJournal.Fsync fsync) {
        FileJournal journal = new FileJournal(vertx, dir, fsync, 1000, Long.MAX_VALUE);
        assertThat(await(journal.open())).isEmpty();
        return journal;
    }

    private Path onlySegment() throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            List<Path> segments = files.filter(p -> p.getFileName().toString().endsWith(".log")).sorted().toList();
            return segments.get(0);
        }
    }

    static List<DomainEvent> events(int from, int to) {
        List<DomainEvent> events = new ArrayList<>();
        for (int i = from; i < to; i++) {
            events.add(new TicketReplied(1_000L + i, "tkt_" + i, "reply " + i + " 你好", "agent:alice", "reply"));
        }
        return events;
    }

    private static List<DomainEvent> concat(List<DomainEvent> a, List<DomainEvent> b) {
        List<DomainEvent> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }

    static <T> T await(Future<T> future) {
        try {
            return future.toCompletionStage().toCompletableFuture().get(20, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new RuntimeException(e);
        }
    }
}
