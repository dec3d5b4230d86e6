package io.switchboard.store;

import io.switchboard.core.event.DomainEvent;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The embedded journal: append-only segment files {@code segment-<first position>.log}, a base
 * snapshot {@code base-<last position>.snap} (the compacted events up to it, without archived
 * tickets) and incremental snapshots {@code snapshot-<last position>.snap} (each the compacted
 * events after the previous snapshot) in one directory, every record checksummed
 * ({@link Records}). Blocking file work runs on Vert.x worker threads: appends and segment rolls
 * in order on the caller's context, compaction beside them.
 *
 * <p>Fsync policy {@code always}: an append completes after {@code fdatasync}, so an acknowledged
 * event survives a power cut. {@code interval}: it completes once written to the OS (it survives
 * {@code kill -9}) and the file is synced every interval.
 */
public final class FileJournal implements Journal {
    public enum Fsync { ALWAYS, INTERVAL }

    private static final Logger LOG = Logger.getLogger(FileJournal.class.getName());
    private static final String SEGMENT = "segment-";
    private static final String SNAPSHOT = "snapshot-";
    private static final String BASE = "base-";
    /**
     * No floor on merging: merges happen when the windows weigh as much as the base, so their cost
     * stays proportional to what was written whatever the sizes (a test may raise the floor).
     */
    static final long MERGE_MIN_BYTES = 0;

    private final Vertx vertx;
    private final Path dir;
    private final Fsync fsync;
    private final long intervalMillis;
    private final EventCodec codec = EventCodec.instance();
    /** The batch being written, reused: appends run one after the other (as the channel and committedSize already require). */
    private final FrameBuffer frames = new FrameBuffer();
    private final long mergeMinBytes;
    private FileChannel channel;
    private Path segment;
    private long committedSize;
    private volatile long position;
    private volatile boolean writable = true;
    private long syncTimer = -1;

    public FileJournal(Vertx vertx, Path dir, Fsync fsync, long intervalMillis) {
        this(vertx, dir, fsync, intervalMillis, MERGE_MIN_BYTES);
    }

    /** {@code mergeMinBytes}: windows smaller than this stay windows (tests merge at every snapshot with 0). */
    FileJournal(Vertx vertx, Path dir, Fsync fsync, long intervalMillis, long mergeMinBytes) {
        this.mergeMinBytes = mergeMinBytes;
        this.vertx = vertx;
        this.dir = dir;
        this.fsync = fsync;
        this.intervalMillis = intervalMillis;
    }

    @Override
    public Future<List<DomainEvent>> open() {
        return vertx.executeBlocking(() -> {
            Files.createDirectories(dir);
            List<DomainEvent> events = load();
            startSegment(position + 1);
            return events;
        }, true).onSuccess(v -> {
            if (fsync == Fsync.INTERVAL) {
                syncTimer = vertx.setPeriodic(intervalMillis, id -> vertx.executeBlocking(() -> {
                    if (channel != null && channel.isOpen()) {
                        channel.force(false);
                    }
                    return null;
                }, true));
            }
        });
    }

    @Override
    public Future<Void> append(List<DomainEvent> events) {
        return vertx.executeBlocking(() -> {
            try {
                if (channel.size() != committedSize) {
                    // a failed append left a partial batch behind: cut it off before writing it again
                    channel.truncate(committedSize);
                }
                frames.reset();
                for (DomainEvent event : events) {
                    frames.frame(codec, event);
                }
                int size = frames.size();
                ByteBuffer buffer = frames.buffer();
                while (buffer.hasRemaining()) {
                    channel.write(buffer, channel.size());
                }
                if (fsync == Fsync.ALWAYS) {
                    channel.force(false);
                }
                committedSize += size;
                position += events.size();
                if (!writable) {
                    LOG.info("journal " + segment + " is writable again");
                }
                writable = true;
                return null;
            } catch (IOException | RuntimeException e) {
                if (writable) {
                    LOG.log(Level.SEVERE, "journal append to " + segment + " failed; refusing new work until it "
                            + "succeeds: " + e);
                }
                writable = false;
                throw e;
            }
        }, true);
    }

    @Override
    public Future<Void> snapshot(long limit) {
        // The roll runs in order with appends, so every closed segment holds exactly its range.
        return vertx.<Void>executeBlocking(() -> {
            if (channel.size() != committedSize) {
                // the append just before failed halfway: its records belong to its retry, not to the closed segment
                channel.truncate(committedSize);
            }
            if (channel.size() > 0) {
                channel.force(false);
                channel.close();
                startSegment(position + 1);
            }
            return null;
        }, true).compose(v -> vertx.<Void>executeBlocking(() -> {
            compact(limit);
            return null;
        }, false));
    }

    @Override
    public Future<List<DomainEvent>> readAfter(long after, int max) {
        long acknowledged = position; // a record written past it may still be retried, never read it
        return vertx.executeBlocking(() -> {
            TreeMap<Long, Path> segments = files(SEGMENT, ".log");
            Long first = segments.floorKey(after + 1);
            if (first == null) {
                if (after >= position) {
                    return List.<DomainEvent>of();
                }
                throw new JournalCorruptException("events after " + after + " were compacted into a snapshot");
            }
            ReadMark mark = readMarks.get(after + 1);
            if (mark != null && segments.containsKey(mark.segment())) {
                return codec.decodeAll(readFrom(segments, mark, acknowledged, max), "journal " + dir);
            }
            List<byte[]> payloads = new ArrayList<>();
            ReadMark end = null;
            for (var entry : segments.tailMap(first, true).entrySet()) {
                long at = entry.getKey();
                long offset = 0;
                // the segment being written may end in a partial record: scan stops before it
                for (byte[] payload : Records.scan(ByteBuffer.wrap(Files.readAllBytes(entry.getValue()))).payloads()) {
                    offset += Records.HEADER + payload.length;
                    if (at > after && at <= acknowledged && payloads.size() < max) {
                        payloads.add(payload);
                        end = new ReadMark(at + 1, entry.getKey(), offset);
                    }
                    at++;
                }
                if (payloads.size() >= max) {
                    break;
                }
            }
            if (end != null) {
                mark(end);
            }
            return codec.decodeAll(payloads, "journal " + dir);
        }, false);
    }

    /**
     * Where a read that ended at a position left off: the segment and the byte offset of the next
     * record. Followers read on from where their last read ended; without this each read scanned
     * its segment from the start (up to {@code snapshotEvents} records, every one copied and
     * checksummed) to return at most {@code max} of them, so a follower behind its buffer (a
     * webhook subscriber that lags) paid for a whole segment per page and fell further behind
     * (BENCHMARKS.md, issue 14). Offsets are those of acknowledged records only, which no retry
     * truncates; a compacted segment is seen missing and the read falls back to a scan.
     */
    private record ReadMark(long next, long segment, long offset) {}

    /** A read's end per next position: a handful of readers at a time, so small and cleared when full. */
    private final java.util.concurrent.ConcurrentHashMap<Long, ReadMark> readMarks = new java.util.concurrent.ConcurrentHashMap<>();
    private static final int READ_MARKS = 64;
    /** Bytes read per page from a mark at most, beyond one record: bounds a page's copy however large the segment. */
    private static final int READ_CHUNK = 256 << 10;

    private void mark(ReadMark end) {
        if (readMarks.size() >= READ_MARKS) {
            readMarks.clear();
        }
        readMarks.put(end.next(), end);
    }

    /** Up to {@code max} acknowledged records from {@code mark} on, through the segments after it as needed. */
    private List<byte[]> readFrom(TreeMap<Long, Path> segments, ReadMark mark, long acknowledged, int max)
            throws IOException {
        List<byte[]> payloads = new ArrayList<>();
        ReadMark end = null;
        long at = mark.next(); // the position of the next record to read
        for (var entry : segments.tailMap(mark.segment(), true).entrySet()) {
            boolean marked = entry.getKey() == mark.segment();
            long offset = marked ? mark.offset() : 0;
            if (!marked && entry.getKey() != at) {
                break; // segments must follow on without a gap; what was read so far is contiguous
            }
            try (FileChannel file = FileChannel.open(entry.getValue(), StandardOpenOption.READ)) {
                while (payloads.size() < max && at <= acknowledged) {
                    ByteBuffer chunk = chunk(file, offset);
                    if (chunk == null) {
                        break; // the end of this segment (or a partial record being written)
                    }
                    int used = 0;
                    while (payloads.size() < max && at <= acknowledged) {
                        byte[] payload = Records.readAt(chunk, used);
                        if (payload == null) {
                            break;
                        }
                        payloads.add(payload);
                        used += Records.HEADER + payload.length;
                        at++;
                        end = new ReadMark(at, entry.getKey(), offset + used);
                    }
                    if (used == 0) {
                        break;
                    }
                    offset += used;
                }
            }
            if (payloads.size() >= max || at > acknowledged) {
                break;
            }
        }
        if (end != null) {
            mark(end);
        }
        return payloads;
    }

    /**
     * The bytes of {@code file} from {@code offset}: up to {@link #READ_CHUNK}, or the whole first
     * record when it is larger; null when no whole record header follows.
     */
    private static ByteBuffer chunk(FileChannel file, long offset) throws IOException {
        long size = file.size();
        if (size - offset < Records.HEADER) {
            return null;
        }
        ByteBuffer header = ByteBuffer.allocate(Records.HEADER);
        file.read(header, offset);
        int length = header.getInt(0);
        if (length < 4 || length > Records.MAX_RECORD) {
            return null; // not a record: a torn tail the retry will overwrite; nothing to read past it
        }
        long want = Math.min(size - offset, Math.max(READ_CHUNK, Records.HEADER + (long) length));
        ByteBuffer bytes = ByteBuffer.allocate((int) want);
        while (bytes.hasRemaining()) {
            if (file.read(bytes, offset + bytes.position()) < 0) {
                break;
            }
        }
        bytes.flip();
        return bytes;
    }

    @Override
    public long position() {
        return position;
    }

    @Override
    public String acknowledgement() {
        return fsync == Fsync.ALWAYS
                ? "file journal in " + dir + ": acknowledged after the events are written and fdatasync'd"
                : "file journal in " + dir + ": acknowledged after the events are written to the OS (survives a"
                        + " process crash); fsync every " + intervalMillis + " ms";
    }

    @Override
    public boolean writable() {
        return writable;
    }

    @Override
    public Future<Void> close() {
        if (syncTimer >= 0) {
            vertx.cancelTimer(syncTimer);
        }
        return vertx.executeBlocking(() -> {
            if (channel != null && channel.isOpen()) {
                channel.force(false);
                channel.close();
            }
            return null;
        }, true);
    }

    /** Latest snapshot, then every segment record behind it; drops a torn tail of the last segment. */
    private List<DomainEvent> load() throws IOException {
        Snapshots snapshots = snapshots();
        TreeMap<Long, Path> segments = files(SEGMENT, ".log");
        List<byte[]> payloads = new ArrayList<>();
        for (Path file : snapshots.files()) {
            payloads.addAll(readSnapshot(file));
        }
        long snapshotAt = snapshots.position();
        long next = snapshotAt + 1;
        for (var entry : segments.entrySet()) {
            long first = entry.getKey();
            Path file = entry.getValue();
            boolean last = entry.getKey().equals(segments.lastKey());
            if (first > next) {
                throw new JournalCorruptException("journal gap: events " + next + ".." + (first - 1) + " are missing"
                        + " before " + file + "; refusing to start with lost history");
            }
            Records.Scan scan = Records.scan(ByteBuffer.wrap(Files.readAllBytes(file)));
            long at = first;
            for (byte[] payload : scan.payloads()) {
                if (at++ >= next) {
                    payloads.add(payload);
                    next++;
                }
            }
            if (scan.damage() != null) {
                if (!last || !scan.tornTail()) {
                    throw new JournalCorruptException("journal " + file + " is corrupt: " + scan.damage()
                            + (scan.tornTail() ? "" : ", and valid records follow it") + ". Refusing to replay"
                            + " around it: move the file aside or restore it from a backup.");
                }
                long dropped = Files.size(file) - scan.validBytes();
                LOG.warning("journal " + file + ": dropped a torn last write (" + dropped + " bytes, "
                        + scan.damage() + ") left by a crash; it was never acknowledged");
                try (FileChannel truncate = FileChannel.open(file, StandardOpenOption.WRITE)) {
                    truncate.truncate(scan.validBytes());
                    truncate.force(true);
                }
            }
        }
        position = next - 1;
        return codec.decodeAll(payloads, "journal " + dir);
    }

    /**
     * The snapshot files that make up the state, in order: the latest base (a merge of everything
     * up to its position), then the windows after it. Windows and bases the latest base already
     * covers are leftovers of a merge interrupted before its clean-up, and are ignored.
     */
    private record Snapshots(Path base, long basePosition, TreeMap<Long, Path> windows) {
        List<Path> files() {
            List<Path> files = new ArrayList<>();
            if (base != null) {
                files.add(base);
            }
            files.addAll(windows.values());
            return files;
        }

        long position() {
            return windows.isEmpty() ? basePosition : windows.lastKey();
        }
    }

    private Snapshots snapshots() throws IOException {
        TreeMap<Long, Path> bases = files(BASE, ".snap");
        long basePosition = bases.isEmpty() ? 0 : bases.lastKey();
        TreeMap<Long, Path> windows = new TreeMap<>(files(SNAPSHOT, ".snap").tailMap(basePosition, false));
        return new Snapshots(bases.isEmpty() ? null : bases.lastEntry().getValue(), basePosition, windows);
    }

    /** As {@link #readSnapshot}, the records left in the file's bytes (for a merge, which writes most back). */
    private static Frames snapshotFrames(Path file) throws IOException {
        Frames frames = Frames.of(Files.readAllBytes(file));
        if (frames.damage() != null) {
            throw damagedSnapshot(file, frames.damage());
        }
        return frames;
    }

    private static List<byte[]> readSnapshot(Path file) throws IOException {
        Records.Scan scan = Records.scan(ByteBuffer.wrap(Files.readAllBytes(file)));
        if (scan.damage() != null) {
            throw damagedSnapshot(file, scan.damage());
        }
        return scan.payloads();
    }

    private static JournalCorruptException damagedSnapshot(Path file, String damage) {
        return new JournalCorruptException("snapshot " + file + " is damaged (" + damage + "); snapshots are"
                + " written atomically, so this is disk corruption: restore the data directory from a backup");
    }

    private void startSegment(long first) throws IOException {
        segment = dir.resolve(String.format("%s%020d.log", SEGMENT, first));
        channel = FileChannel.open(segment, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.READ);
        committedSize = channel.size();
        if (committedSize != 0) {
            // a segment with this first position exists only if it stayed empty after its roll
            Records.Scan scan = Records.scan(ByteBuffer.wrap(Files.readAllBytes(segment)));
            if (!scan.payloads().isEmpty()) {
                throw new IllegalStateException(segment + " already holds events");
            }
            channel.truncate(0);
            committedSize = 0;
        }
        syncDirectory();
    }

    /**
     * Compacts the closed segments up to the last one that ends at or before {@code limit} (what
     * the history store has committed), then deletes them. Usually the result is a window,
     * {@code snapshot-<upTo>.snap}: the compacted events since the previous snapshot, so a
     * snapshot costs the events since the last one, not the whole history. Once the windows since
     * the last base weigh as much as that base (and at least {@code mergeMinBytes}), base and
     * windows are merged into a new {@code base-<upTo>.snap} instead, which drops the tickets
     * archived since: each merge reads at most twice what was written since the last one, so the
     * cost per event stays constant while the snapshot follows open work, not history. A crash at
     * any step leaves the new file either absent (its inputs remain) or complete (what it covers
     * is ignored on load).
     */
    private void compact(long limit) throws IOException {
        long started = System.nanoTime();
        Snapshots snapshots = snapshots();
        TreeMap<Long, Path> segments = files(SEGMENT, ".log");
        long covered = snapshots.position();
        long upTo = covered;
        Long previous = null;
        for (long first : segments.keySet()) {
            // a segment ends where the next begins; the last one is still being written
            if (previous != null && first - 1 <= limit) {
                upTo = Math.max(upTo, first - 1);
            }
            previous = first;
        }
        if (upTo <= covered) {
            return;
        }
        Frames input = null;
        long next = covered + 1;
        for (var entry : segments.headMap(upTo, true).entrySet()) {
            long at = entry.getKey();
            Frames segment = Frames.of(Files.readAllBytes(entry.getValue()));
            // its records at positions next..upTo (the segment's first record is at position `at`)
            int from = (int) Math.max(0, Math.min(segment.size(), next - at));
            int to = (int) Math.max(from, Math.min(segment.size(), upTo - at + 1));
            if (input == null && from == 0 && to == segment.size()) {
                input = segment; // the usual case: a snapshot rolls the segment, so one segment is the range
            } else {
                if (input == null) {
                    input = new Frames();
                }
                input.addRange(segment, from, to);
            }
            next += to - from;
        }
        if (input == null) {
            input = new Frames();
        }
        if (next != upTo + 1) {
            throw new IllegalStateException("compaction found events up to " + (next - 1) + ", expected " + upTo);
        }
        long windowBytes = 0;
        for (Path window : snapshots.windows().values()) {
            windowBytes += Files.size(window);
        }
        long baseBytes = snapshots.base() == null ? 0 : Files.size(snapshots.base());
        boolean merge = windowBytes + input.framedBytes() >= Math.max(mergeMinBytes, baseBytes);
        Frames all = input;
        if (merge && !snapshots.files().isEmpty()) {
            all = new Frames();
            for (Path file : snapshots.files()) {
                all.addAll(snapshotFrames(file));
            }
            all.addAll(input);
        }
        Compaction plan = Compaction.ofEncoded(all, codec, merge);
        Path target = dir.resolve(String.format("%s%020d.snap", merge ? BASE : SNAPSHOT, upTo));
        long size = write(target, all, plan);
        for (Path old : segments.headMap(upTo, true).values()) {
            Files.deleteIfExists(old);
        }
        if (merge) {
            for (Path old : snapshots.files()) {
                Files.deleteIfExists(old);
            }
        }
        syncDirectory();
        LOG.info(String.format("%s at event %d: kept %d bytes of %d events, %d archived tickets dropped, in %d ms",
                merge ? "snapshot base" : "snapshot", upTo, size, all.size(), plan.purgedTickets(),
                (System.nanoTime() - started) / 1_000_000));
    }

    /** Writes the kept payloads to {@code target} atomically (temp file, fsync, rename); returns its size. */
    private long write(Path target, Frames records, Compaction plan) throws IOException {
        Path temp = dir.resolve(target.getFileName() + ".tmp");
        long size = 0;
        try (FileChannel out = FileChannel.open(temp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            ByteBuffer buffer = ByteBuffer.allocate(1 << 20);
            for (int i = 0; i < records.size(); i++) {
                if (!plan.keeps(i)) {
                    continue;
                }
                int framed = records.framedSize(i);
                if (buffer.remaining() < framed) {
                    drain(out, buffer);
                    if (buffer.capacity() < framed) {
                        buffer = ByteBuffer.allocate(framed);
                    }
                }
                // the record as read and checked: the frame Records.frame would write for its payload
                records.copyFrame(i, buffer);
                size += framed;
            }
            drain(out, buffer);
            out.force(true);
        }
        try {
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
        }
        syncDirectory();
        return size;
    }

    private static void drain(FileChannel out, ByteBuffer buffer) throws IOException {
        buffer.flip();
        while (buffer.hasRemaining()) {
            out.write(buffer);
        }
        buffer.clear();
    }

    private TreeMap<Long, Path> files(String prefix, String suffix) throws IOException {
        TreeMap<Long, Path> found = new TreeMap<>();
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(dir, prefix + "*" + suffix)) {
            for (Path file : stream) {
                String name = file.getFileName().toString();
                try {
                    found.put(Long.parseLong(name.substring(prefix.length(), name.length() - suffix.length())), file);
                } catch (NumberFormatException e) {
                    LOG.warning("ignoring unexpected file " + file);
                }
            }
        }
        return found;
    }

    /** Makes file creations and renames durable (a new file's directory entry needs its own fsync). */
    private void syncDirectory() {
        try (FileChannel directory = FileChannel.open(dir, StandardOpenOption.READ)) {
            directory.force(true);
        } catch (IOException e) {
            // Some file systems cannot open a directory for sync; the data itself is still synced.
            LOG.log(Level.FINE, "cannot fsync directory " + dir, e);
        } catch (UncheckedIOException e) {
            LOG.log(Level.FINE, "cannot fsync directory " + dir, e);
        }
    }
}
