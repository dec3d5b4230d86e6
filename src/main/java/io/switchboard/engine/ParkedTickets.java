package io.switchboard.engine;

import io.switchboard.core.agent.SupportTier;
import io.switchboard.core.event.DomainEvent;
import io.switchboard.core.event.DomainEvent.TicketCreated;
import io.switchboard.core.sla.BusinessCalendar;
import io.switchboard.core.sla.SlaClock;
import io.switchboard.core.sla.SlaDecision;
import io.switchboard.core.sla.SlaMetric;
import io.switchboard.core.sla.SlaPolicy;
import io.switchboard.core.sla.TicketSla;
import io.switchboard.core.ticket.Channel;
import io.switchboard.core.ticket.CustomerTier;
import io.switchboard.core.ticket.Priority;
import io.switchboard.core.ticket.Ticket;
import io.switchboard.core.ticket.TicketStatus;
import java.io.ByteArrayOutputStream;
import java.io.DataInput;
import java.io.DataInputStream;
import java.io.DataOutput;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Resolved and closed tickets kept as bytes rather than objects, until something needs them again.
 *
 * <p>Why: the engine keeps a ticket for days after it resolves (reopen, feedback, auto-close,
 * archive), as ~38 small objects. Every young GC copies what survives, so under load each pause
 * grew with the resolved tickets of the last few seconds (issue 12: at 5k tickets/s the longest
 * pause was ~150–200 ms). Parked, a ticket is one entry in a large chunk of bytes, off the Java
 * heap while the JVM's budget lasts and a heap array after it ({@link ChunkMemory}); a heap chunk
 * of {@link #MAX_CHUNK} is allocated straight into the old generation by G1 (a humongous object)
 * and never copied by a young pause. The index is a few large {@code long} pages.
 *
 * <p>An entry is the ticket's own fields, its SLA state and its timeline (through the
 * {@link TimelineCodec}); everything a ticket refers to from the configuration (its SLA policy,
 * the calendar of its clocks) is looked up again on the way back. Only a ticket whose id is the
 * engine's own ({@link Ids#ticket}), whose timeline opens with its creation and whose SLA state
 * comes from its recorded decision (or, for a legacy one, today's policy of that name) is parked:
 * those are the ones {@link #decode} rebuilds exactly, which {@code ParkedTicketsTest} checks
 * field by field. Bytes never leave the process.
 *
 * <p>Space: an entry freed (its ticket thawed or archived) leaves a hole; a full chunk left with
 * under half of its bytes in use is compacted into the chunk being written, so holes never take
 * more than the live entries (moving a byte frees at least one).
 *
 * <p>Threading: single-writer; not thread-safe.
 */
final class ParkedTickets {
    /** The largest chunk: on the heap, humongous (allocated old, never copied) for G1 regions up to 8 MB, i.e. heaps below ~16 GB. */
    static final int MAX_CHUNK = 4 << 20;
    /** The smallest chunk; see {@link #newChunk} for the others' size. */
    private static final int FIRST_CHUNK = 64 << 10;
    /** An entry larger than this stays an object (a ticket with an unusually long conversation). */
    static final int MAX_ENTRY = MAX_CHUNK / 4;
    /** Before each entry: its ticket's seq (8 bytes) and its length (4). */
    private static final int ENTRY_HEADER = 12;
    private static final int PAGE_BITS = 12;
    private static final int PAGE_SIZE = 1 << PAGE_BITS;
    private static final SlaMetric[] METRICS = SlaMetric.values();

    private final TimelineCodec codec;
    private final SlaBook sla;
    private final ChunkMemory memory;
    private final Bytes scratch = new Bytes();
    private final DataOutputStream out = new DataOutputStream(scratch);

    private ChunkMemory.Chunk[] chunks = new ChunkMemory.Chunk[4];
    /** Bytes of live entries per chunk, and where its last entry ends. */
    private int[] liveBytes = new int[4];
    private int[] endOf = new int[4];
    private int current = -1;
    /** Bytes of live entries in all chunks. */
    private long totalLiveBytes;
    /** seq → 1 + (chunk << 32 | offset) of its entry, 0 when not parked; pages of {@link #PAGE_SIZE} seqs. */
    private long[][] pages = new long[16][];
    private int[] pageCounts = new int[16];
    private int count;

    /** Parking in the JVM's chunk memory. */
    ParkedTickets(TimelineCodec codec, SlaBook sla) {
        this(codec, sla, ChunkMemory.JVM);
    }

    ParkedTickets(TimelineCodec codec, SlaBook sla, ChunkMemory memory) {
        this.codec = codec;
        this.sla = sla;
        this.memory = memory;
    }

    /** How many tickets are parked. */
    int size() {
        return count;
    }

    /** True when the ticket with this seq is parked. */
    boolean contains(long seq) {
        return location(seq) >= 0;
    }

    /**
     * Parks {@code ticket} (the caller drops its objects), or returns false when it cannot be
     * rebuilt exactly from bytes (see the class comment) and must stay an object.
     */
    boolean park(Ticket ticket) {
        if (!parkable(ticket)) {
            return false;
        }
        scratch.reset();
        try {
            encode(ticket, out);
        } catch (IOException e) {
            return false; // a name too long for writeUTF (64 KB): kept as an object
        }
        int length = scratch.size();
        if (length > MAX_ENTRY) {
            return false;
        }
        append(ticket.seq(), scratch.array(), length);
        return true;
    }

    /** The parked ticket rebuilt, or null when none with this seq is parked; it stays parked. */
    Ticket decode(long seq) {
        long at = location(seq);
        if (at < 0) {
            return null;
        }
        DataInputStream in = head(seq);
        try {
            return decode(seq, in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * True when the parked ticket {@code seq} passes {@code filter}, read from the head of its entry
     * without rebuilding it.
     */
    boolean matches(long seq, TicketBook.Filter filter) {
        DataInputStream in = head(seq);
        try {
            TicketStatus status = TicketStatus.values()[in.readByte()];
            Channel channel = Channel.values()[in.readByte()];
            long createdAt = in.readLong();
            return filter.test(status, in.readUTF(), readNullable(in), in.readUTF(), channel, createdAt);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The customer of the parked ticket {@code seq}, read from the head of its entry; null when none is parked. */
    String customerOf(long seq) {
        DataInputStream in = contains(seq) ? head(seq) : null;
        try {
            return in == null ? null : skipToCustomer(in).readUTF();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The last assignee of the parked ticket {@code seq} if it is {@code customerId}'s, read from
     * the head of its entry; null when none is parked or it is another customer's.
     */
    String lastAssigneeIf(long seq, String customerId) {
        DataInputStream in = contains(seq) ? head(seq) : null;
        try {
            if (in == null || !skipToCustomer(in).readUTF().equals(customerId)) {
                return null;
            }
            in.readByte(); // priority
            in.readByte(); // tier
            return readNullable(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A stream over the parked entry of {@code seq}, which must exist, from its first byte. */
    private DataInputStream head(long seq) {
        long at = location(seq);
        ByteBuffer chunk = chunks[(int) (at >>> 32)].bytes;
        int offset = (int) at;
        return new DataInputStream(new Entry(chunk, offset + ENTRY_HEADER, chunk.getInt(offset + 8)));
    }

    /** Past the head's status, channel, creation time, queue and assignee (see {@link #encode}). */
    private static DataInputStream skipToCustomer(DataInputStream in) throws IOException {
        in.readByte();
        in.readByte();
        in.readLong();
        in.readUTF();
        readNullable(in);
        return in;
    }

    /** Forgets the parked ticket {@code seq} (thawed or archived); false when it was not parked. */
    boolean remove(long seq) {
        long at = location(seq);
        if (at < 0) {
            return false;
        }
        int chunk = (int) (at >>> 32);
        setLocation(seq, -1);
        int size = ENTRY_HEADER + chunks[chunk].bytes.getInt((int) at + 8);
        liveBytes[chunk] -= size;
        totalLiveBytes -= size;
        if (chunk != current && liveBytes[chunk] * 2L < endOf[chunk]) {
            compact(chunk);
        }
        return true;
    }

    /** The next parked seq after {@code after}, or -1 when none. */
    long nextSeq(long after) {
        long seq = Math.max(after + 1, 0);
        for (int page = (int) (seq >>> PAGE_BITS); page < pages.length; page++, seq = (long) page << PAGE_BITS) {
            long[] slots = pages[page];
            if (slots == null) {
                continue;
            }
            for (int i = (int) (seq & (PAGE_SIZE - 1)); i < PAGE_SIZE; i++) {
                if (slots[i] != 0) {
                    return ((long) page << PAGE_BITS) | i;
                }
            }
        }
        return -1;
    }

    /** Bytes held by chunks (live entries, holes and unwritten tail alike), for tests and diagnostics. */
    long chunkBytes() {
        long total = 0;
        for (ChunkMemory.Chunk chunk : chunks) {
            total += chunk == null ? 0 : chunk.bytes.capacity();
        }
        return total;
    }

    /** Of {@link #chunkBytes}, those off the Java heap. */
    long directChunkBytes() {
        long total = 0;
        for (ChunkMemory.Chunk chunk : chunks) {
            total += chunk == null || !chunk.isDirect() ? 0 : chunk.bytes.capacity();
        }
        return total;
    }

    private boolean parkable(Ticket ticket) {
        List<DomainEvent.TicketEvent> timeline = ticket.timeline();
        if (timeline.isEmpty() || !(timeline.get(0) instanceof TicketCreated)
                || !ticket.id().equals(Ids.ticket(ticket.seq())) || ticket.seq() < 0) {
            return false;
        }
        TicketSla state = ticket.sla();
        SlaDecision decision = state.decision();
        SlaPolicy expectedPolicy;
        BusinessCalendar expectedCalendar;
        if (decision != null) {
            expectedPolicy = decision.policy() == null ? null : sla.policyFor(decision);
            expectedCalendar = decision.policy() == null ? null : sla.calendarFor(decision);
        } else {
            expectedPolicy = state.policy() == null ? null : sla.config().policy(state.policy().name()).orElse(null);
            expectedCalendar = expectedPolicy == null ? null : expectedPolicy.calendar();
        }
        if (!java.util.Objects.equals(expectedPolicy, state.policy())) {
            return false;
        }
        for (SlaMetric metric : METRICS) {
            SlaClock clock = state.clock(metric);
            if (clock != null && clock.calendar() != expectedCalendar) {
                return false;
            }
        }
        return draftOf(ticket.draft() == ((TicketCreated) timeline.get(0)).draft(), timeline).equals(ticket.draft());
    }

    // ---- the entry's layout: a head the listing filters read, then the rest -------------------
    // (customerOf and lastAssigneeIf read the head too, and lastAssigneeIf the three fields after it)

    private void encode(Ticket t, DataOutput out) throws IOException {
        out.writeByte(t.status().ordinal());
        out.writeByte(t.channel().ordinal());
        out.writeLong(t.createdAt());
        out.writeUTF(t.queue());
        writeNullable(out, t.assignee());
        out.writeUTF(t.customer().id());

        out.writeByte(t.priority().ordinal());
        out.writeByte(t.tier().ordinal());
        writeNullable(out, t.lastAssignee());
        out.writeLong(t.updatedAt());
        writeNullable(out, t.team());
        out.writeByte(t.minTier() == null ? -1 : t.minTier().ordinal());
        out.writeInt(t.skillRelaxation());
        out.writeLong(t.queuedAt());
        out.writeInt(t.nextOverflowStep());
        writeNullable(out, t.offerId());
        writeNullable(out, t.preferredAgent());
        out.writeLong(t.preferredUntil());
        out.writeLong(t.orderKey());
        out.writeLong(t.exclusionExpiryAt());
        Map<String, Long> exclusions = t.exclusions();
        out.writeInt(exclusions.size());
        for (Map.Entry<String, Long> exclusion : exclusions.entrySet()) {
            out.writeUTF(exclusion.getKey());
            out.writeLong(exclusion.getValue());
        }
        out.writeInt(t.widenedTeams().size());
        for (String team : t.widenedTeams()) {
            out.writeUTF(team);
        }
        List<DomainEvent.TicketEvent> timeline = t.timeline();
        out.writeBoolean(t.draft() == ((TicketCreated) timeline.get(0)).draft());
        out.writeInt(timeline.size());
        for (DomainEvent.TicketEvent event : timeline) {
            codec.write(event, out);
        }
        // last: it is read straight into the rebuilt ticket's own TicketSla, made from the timeline
        encodeSla(t.sla(), out);
    }

    private Ticket decode(long seq, DataInput in) throws IOException {
        TicketStatus status = TicketStatus.values()[in.readByte()];
        in.readByte(); // the channel: the draft's
        long createdAt = in.readLong();
        String queue = in.readUTF();
        String assignee = readNullable(in);
        in.readUTF(); // the customer's id: the draft's

        Priority priority = Priority.values()[in.readByte()];
        CustomerTier tier = CustomerTier.values()[in.readByte()];
        String lastAssignee = readNullable(in);
        long updatedAt = in.readLong();
        String team = readNullable(in);
        byte minTier = in.readByte();
        int skillRelaxation = in.readInt();
        long queuedAt = in.readLong();
        int nextOverflowStep = in.readInt();
        String offerId = readNullable(in);
        String preferredAgent = readNullable(in);
        long preferredUntil = in.readLong();
        long orderKey = in.readLong();
        long exclusionExpiryAt = in.readLong();
        int exclusionCount = in.readInt();
        String[] excluded = new String[exclusionCount];
        long[] excludedSince = new long[exclusionCount];
        for (int i = 0; i < exclusionCount; i++) {
            excluded[i] = in.readUTF();
            excludedSince[i] = in.readLong();
        }
        String[] widened = new String[in.readInt()];
        for (int i = 0; i < widened.length; i++) {
            widened[i] = in.readUTF();
        }
        boolean draftAsCreated = in.readBoolean();
        DomainEvent.TicketEvent[] timeline = new DomainEvent.TicketEvent[in.readInt()];
        for (int i = 0; i < timeline.length; i++) {
            timeline[i] = codec.read(in);
        }

        Ticket t = new Ticket(Ids.ticket(seq), seq, draftOf(draftAsCreated, Arrays.asList(timeline)), queue, createdAt);
        for (DomainEvent.TicketEvent event : timeline) {
            t.record(event);
        }
        t.touch(updatedAt);
        t.priority(priority);
        t.tier(tier);
        t.restoreStatus(status);
        t.assignee(assignee);
        t.restoreLastAssignee(lastAssignee);
        t.team(team);
        t.minTier(minTier < 0 ? null : SupportTier.values()[minTier]);
        t.skillRelaxation(skillRelaxation);
        t.queuedAt(queuedAt);
        t.nextOverflowStep(nextOverflowStep);
        t.offerId(offerId);
        t.preferred(preferredAgent, preferredUntil);
        t.orderKey(orderKey);
        t.exclusionExpiryAt(exclusionExpiryAt);
        for (int i = 0; i < exclusionCount; i++) {
            t.exclude(excluded[i], excludedSince[i]);
        }
        if (widened.length > 0) {
            t.widen(Arrays.asList(widened));
        }
        decodeSla(t.sla(), in);
        return t;
    }

    /**
     * The ticket's draft: as created, or as created with every later {@code FieldsSupplied} filled
     * in, in order, exactly as the engine applied them.
     */
    private static io.switchboard.core.ticket.TicketDraft draftOf(boolean asCreated,
            List<DomainEvent.TicketEvent> timeline) {
        io.switchboard.core.ticket.TicketDraft created = ((TicketCreated) timeline.get(0)).draft();
        if (asCreated) {
            return created;
        }
        Ticket replay = new Ticket("draft", 0, created, "draft", 0);
        for (DomainEvent.TicketEvent event : timeline) {
            if (event instanceof DomainEvent.FieldsSupplied supplied) {
                replay.fill(FieldFollowUp.chosenValues(supplied.sources()));
            }
        }
        return replay.draft();
    }

    private void encodeSla(TicketSla s, DataOutput out) throws IOException {
        SlaDecision decision = s.decision();
        out.writeBoolean(decision != null);
        if (decision != null) {
            writeNullable(out, decision.policy());
            writeNullable(out, decision.calendar());
            writeMetrics(out, decision.targets());
            writeMetrics(out, decision.deadlines());
        } else {
            writeNullable(out, s.policy() == null ? null : s.policy().name());
        }
        long[] compensations = s.compensationsIssued();
        out.writeInt(compensations.length);
        for (long word : compensations) {
            out.writeLong(word);
        }
        out.writeLong(s.pendingSince());
        out.writeLong(s.lastActivityAt());
        out.writeLong(s.resolvedAt());
        out.writeLong(s.wakeAt());
        out.writeLong(s.idleTimerAt());
        out.writeLong(s.handoffDeadline());
        writeNullable(out, s.handoffTeam());
        out.writeLong(s.idleEscalatedFor());
        out.writeLong(s.handoffAlertedFor());
        out.writeLong(s.remindedFor());
        out.writeLong(s.followUpDueAt());
        out.writeLong(s.followUpOverdueFor());
        out.writeLong(s.unroutableAlertedFor());
        for (SlaMetric metric : METRICS) {
            SlaClock clock = s.clock(metric);
            out.writeBoolean(clock != null);
            if (clock != null) {
                out.writeLong(clock.targetMillis());
                out.writeLong(clock.spentMillis());
                out.writeLong(clock.runningSince());
                out.writeBoolean(clock.isStarted());
                out.writeBoolean(clock.isPaused());
                out.writeLong(clock.stoppedAt());
                out.writeLong(clock.breachedAt());
                out.writeInt(clock.warningsFired());
                out.writeInt(clock.stepsFired());
            }
        }
    }

    private void decodeSla(TicketSla s, DataInput in) throws IOException {
        BusinessCalendar calendar = null;
        if (in.readBoolean()) {
            SlaDecision decision = new SlaDecision(readNullable(in), readNullable(in), readMetrics(in), readMetrics(in));
            s.decision(decision);
            if (decision.policy() != null) {
                s.policy(sla.policyFor(decision));
                calendar = sla.calendarFor(decision);
            }
        } else {
            String policy = readNullable(in);
            if (policy != null) {
                s.policy(sla.config().policy(policy).orElseThrow());
                calendar = s.policy().calendar();
            }
        }
        long[] compensations = new long[in.readInt()];
        for (int i = 0; i < compensations.length; i++) {
            compensations[i] = in.readLong();
        }
        java.util.BitSet issued = java.util.BitSet.valueOf(compensations);
        for (int level = issued.nextSetBit(0); level >= 0; level = issued.nextSetBit(level + 1)) {
            s.markCompensationIssued(level);
        }
        s.pendingSince(in.readLong());
        s.lastActivityAt(in.readLong());
        s.resolvedAt(in.readLong());
        s.wakeAt(in.readLong());
        s.idleTimerAt(in.readLong());
        long handoffDeadline = in.readLong();
        s.handoff(readNullable(in), handoffDeadline);
        s.idleEscalatedFor(in.readLong());
        s.handoffAlertedFor(in.readLong());
        s.remindedFor(in.readLong());
        s.followUpDueAt(in.readLong());
        s.followUpOverdueFor(in.readLong());
        s.unroutableAlertedFor(in.readLong());
        for (SlaMetric metric : METRICS) {
            if (in.readBoolean()) {
                s.putClock(SlaClock.restored(metric, in.readLong(), calendar, in.readLong(), in.readLong(),
                        in.readBoolean(), in.readBoolean(), in.readLong(), in.readLong(), in.readInt(), in.readInt()));
            }
        }
    }

    private static void writeMetrics(DataOutput out, Map<SlaMetric, Long> values) throws IOException {
        out.writeByte(values.size());
        for (Map.Entry<SlaMetric, Long> value : values.entrySet()) {
            out.writeByte(value.getKey().ordinal());
            out.writeLong(value.getValue());
        }
    }

    private static Map<SlaMetric, Long> readMetrics(DataInput in) throws IOException {
        int size = in.readByte();
        Map<SlaMetric, Long> values = new EnumMap<>(SlaMetric.class);
        for (int i = 0; i < size; i++) {
            values.put(METRICS[in.readByte()], in.readLong());
        }
        return values;
    }

    private static void writeNullable(DataOutput out, String value) throws IOException {
        out.writeBoolean(value != null);
        if (value != null) {
            out.writeUTF(value);
        }
    }

    private static String readNullable(DataInput in) throws IOException {
        return in.readBoolean() ? in.readUTF() : null;
    }

    // ---- chunks and the index -------------------------------------------------------------------

    private void append(long seq, byte[] payload, int length) {
        int offset = place(seq, length);
        chunks[current].bytes.put(offset + ENTRY_HEADER, payload, 0, length);
    }

    /** Moves an entry's payload from another chunk; no intermediate copy, so compactions may nest. */
    private void move(long seq, ByteBuffer from, int at, int length) {
        int offset = place(seq, length);
        chunks[current].bytes.put(offset + ENTRY_HEADER, from, at, length);
    }

    /**
     * Room for {@code seq}'s entry of {@code length} bytes at the end of the current chunk, its
     * header written and its location set; returns its offset, where the payload goes next.
     */
    private int place(long seq, int length) {
        int size = ENTRY_HEADER + length;
        // a loop: the entries a new chunk takes from the one just filled may fill it in turn
        while (current < 0 || endOf[current] + size > chunks[current].bytes.capacity()) {
            newChunk(size);
        }
        ByteBuffer chunk = chunks[current].bytes;
        int offset = endOf[current];
        chunk.putLong(offset, seq);
        chunk.putInt(offset + 8, length);
        endOf[current] = offset + size;
        liveBytes[current] += size;
        totalLiveBytes += size;
        setLocation(seq, ((long) current << 32) | offset);
        return offset;
    }

    private void newChunk(int atLeast) {
        int slot = 0;
        while (slot < chunks.length && chunks[slot] != null) {
            slot++;
        }
        if (slot == chunks.length) {
            chunks = Arrays.copyOf(chunks, slot * 2);
            liveBytes = Arrays.copyOf(liveBytes, slot * 2);
            endOf = Arrays.copyOf(endOf, slot * 2);
        }
        // a quarter of what is parked, in powers of two: small engines stay small, busy ones reach MAX_CHUNK
        long wanted = Long.highestOneBit(Math.max(1, totalLiveBytes / 4));
        int size = (int) Math.max(FIRST_CHUNK, Math.min(MAX_CHUNK, wanted));
        chunks[slot] = memory.allocate(Math.max(size, atLeast));
        liveBytes[slot] = 0;
        endOf[slot] = 0;
        int previous = current;
        current = slot;
        // the chunk just filled was skipped by compaction while it was being written
        if (previous >= 0 && chunks[previous] != null && liveBytes[previous] * 2L < endOf[previous]) {
            compact(previous);
        }
    }

    /** Moves a sparse chunk's live entries to the chunk being written and frees it. */
    private void compact(int chunk) {
        ByteBuffer bytes = chunks[chunk].bytes;
        int end = endOf[chunk];
        // the slot stays taken until the end, so the chunks the moved entries need are made elsewhere
        for (int offset = 0; offset < end; ) {
            long seq = bytes.getLong(offset);
            int length = bytes.getInt(offset + 8);
            if (location(seq) == (((long) chunk << 32) | offset)) {
                liveBytes[chunk] -= ENTRY_HEADER + length;
                totalLiveBytes -= ENTRY_HEADER + length;
                move(seq, bytes, offset + ENTRY_HEADER, length);
            }
            offset += ENTRY_HEADER + length;
        }
        chunks[chunk].free(); // nothing reads it now: no entry points into it
        chunks[chunk] = null;
        liveBytes[chunk] = 0;
        endOf[chunk] = 0;
    }

    private long location(long seq) {
        if (seq < 0) {
            return -1;
        }
        long page = seq >>> PAGE_BITS;
        if (page >= pages.length || pages[(int) page] == null) {
            return -1;
        }
        return pages[(int) page][(int) (seq & (PAGE_SIZE - 1))] - 1;
    }

    /** Sets the entry of {@code seq}, or clears it when {@code at} is -1; a page is made at its first entry and dropped at its last. */
    private void setLocation(long seq, long at) {
        int page = Math.toIntExact(seq >>> PAGE_BITS);
        if (page >= pages.length) {
            if (at < 0) {
                return;
            }
            int size = Math.max(page + 1, pages.length * 2);
            pages = Arrays.copyOf(pages, size);
            pageCounts = Arrays.copyOf(pageCounts, size);
        }
        long[] slots = pages[page];
        if (slots == null) {
            if (at < 0) {
                return;
            }
            slots = pages[page] = new long[PAGE_SIZE];
        }
        int index = (int) (seq & (PAGE_SIZE - 1));
        boolean was = slots[index] != 0;
        slots[index] = at + 1;
        if (was != (at >= 0)) {
            int delta = at >= 0 ? 1 : -1;
            count += delta;
            if ((pageCounts[page] += delta) == 0) {
                pages[page] = null;
            }
        }
    }

    /**
     * A reusable output buffer whose array is read in place. Its writes take no lock: the JDK's
     * are synchronized, and a ticket is a few hundred small writes (replay parks every resolved
     * ticket of the journal).
     */
    private static final class Bytes extends ByteArrayOutputStream {
        Bytes() {
            super(1024);
        }

        byte[] array() {
            return buf;
        }

        @Override
        public void write(int b) {
            ensure(1);
            buf[count++] = (byte) b;
        }

        @Override
        public void write(byte[] b, int off, int len) {
            java.util.Objects.checkFromIndexSize(off, len, b.length);
            ensure(len);
            System.arraycopy(b, off, buf, count, len);
            count += len;
        }

        private void ensure(int more) {
            if (count + more > buf.length) {
                buf = Arrays.copyOf(buf, Math.max(buf.length * 2, count + more));
            }
        }
    }

    /** One entry's bytes to read, in place (absolute reads: the chunk's position is never moved). */
    private static final class Entry extends InputStream {
        private final ByteBuffer chunk;
        private final int end;
        private int pos;

        Entry(ByteBuffer chunk, int offset, int length) {
            this.chunk = chunk;
            this.pos = offset;
            this.end = offset + length;
        }

        @Override
        public int read() {
            return pos < end ? chunk.get(pos++) & 0xff : -1;
        }

        @Override
        public int read(byte[] b, int off, int len) {
            java.util.Objects.checkFromIndexSize(off, len, b.length);
            if (pos >= end) {
                return len == 0 ? 0 : -1;
            }
            int n = Math.min(len, end - pos);
            chunk.get(pos, b, off, n);
            pos += n;
            return n;
        }
    }
}
