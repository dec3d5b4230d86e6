package io.switchboard.api;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.core.io.JsonStringEncoder;
import com.fasterxml.jackson.core.io.SegmentedStringWriter;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;
import com.fasterxml.jackson.core.util.BufferRecycler;
import io.switchboard.core.sla.SlaMetric;
import io.switchboard.core.ticket.SkillRequirement;
import io.switchboard.engine.SlaView;
import io.switchboard.engine.TicketView;
import io.vertx.core.json.jackson.JacksonCodec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * The hot path's ticket JSON: byte for byte what {@code JsonViews.ticket(t).encode()} gives (same
 * members, same order, nulls written), streamed by Jackson without building the
 * {@code JsonObject} tree first. A ticket view goes out with every answer and every push, and the
 * tree (a map per object, boxed values, a copy of the custom fields) was the largest allocation
 * of a ticket's life. The rarely filled lists (alerts, compensations) still go through
 * {@link JsonViews}.
 *
 * <p>{@link #bytes} writes UTF-8 straight from the generator and remembers the last views it
 * encoded by identity: the engine hands the same view to the HTTP answer and to the pushes of one
 * change, so the ticket is encoded once and its bytes are shared, not copied, by every recipient.
 *
 * <p>Thread-safe: the memo is a small direct-mapped table of immutable entries; two threads that
 * miss on the same view both encode it, to the same bytes. Each thread encodes with a generator
 * of its own ({@link Encoder}).
 */
public final class TicketJson {
    private static final JsonFactory FACTORY = JsonFactory.builder()
            .disable(com.fasterxml.jackson.core.StreamWriteFeature.AUTO_CLOSE_CONTENT)
            // as the text path: a surrogate pair is one 4-byte character, not two \\u escapes
            .enable(JsonWriteFeature.COMBINE_UNICODE_SURROGATES_IN_UTF8).build();
    /**
     * Slots of the identity memo (a power of two). A view's answer and pushes are encoded on
     * different event loops, each when its turn comes, so a view must survive every view encoded
     * in between: with 64 slots a burst evicted it and a lifecycle encoded its three states 4.07
     * times (`LifecycleCost memory`, 200 tickets in flight), with 256 3.43, with 1024 3.11 (the
     * rest: both loops missing at the same moment). Holds at most 1024 views and their bytes
     * (~1.3 MB of bytes), each until its slot is taken again.
     */
    private static final int MEMO_SLOTS = 1024;
    private static final AtomicReferenceArray<Memo> MEMO = new AtomicReferenceArray<>(MEMO_SLOTS);

    private record Memo(TicketView view, byte[] bytes) {}

    /** {@code SlaMetric.values()} once: each call clones the array. Never modified. */
    private static final SlaMetric[] METRICS = SlaMetric.values();
    /**
     * The heads of messages without an {@code offerId}, by type: the callers pass a handful of
     * constant types, so the map stays that small. Arrays shared: never modified.
     */
    private static final java.util.concurrent.ConcurrentHashMap<String, byte[]> HEADS = new java.util.concurrent.ConcurrentHashMap<>();

    private TicketJson() {
    }

    /** The ticket alone, a complete JSON object. */
    public static String encode(TicketView t) {
        BufferRecycler recycler = FACTORY._getBufferRecycler();
        try (SegmentedStringWriter out = new SegmentedStringWriter(recycler)) {
            try (JsonGenerator g = FACTORY.createGenerator(out)) {
                write(g, t, new char[JsonViews.TIME_CHARS]);
            }
            return out.getAndClear();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            recycler.releaseToPool();
        }
    }

    /**
     * {@link #encode}'s text as UTF-8 (as {@code String.getBytes(UTF_8)} gives it). The array is
     * shared with other callers for the same view: never modify it.
     */
    public static byte[] bytes(TicketView t) {
        int slot = System.identityHashCode(t) & (MEMO_SLOTS - 1);
        Memo memo = MEMO.get(slot);
        if (memo != null && memo.view() == t) {
            return memo.bytes();
        }
        byte[] bytes = encodeUtf8(t);
        MEMO.set(slot, new Memo(t, bytes));
        return bytes;
    }

    private static byte[] encodeUtf8(TicketView t) {
        Encoder encoder = ENCODERS.get();
        try {
            byte[] bytes = encoder.encode(t);
            // A lone surrogate (possible in parsed input) is escaped or encoded on its own here,
            // and '?' in String.getBytes: take the text's bytes then, so both give the same output.
            return mayHoldLoneSurrogate(bytes) ? encode(t).getBytes(StandardCharsets.UTF_8) : bytes;
        } catch (IOException | IllegalArgumentException e) {
            ENCODERS.remove(); // stopped inside an object: the next encoding starts from a new generator
            return encode(t).getBytes(StandardCharsets.UTF_8);
        }
    }

    private static final ThreadLocal<Encoder> ENCODERS = ThreadLocal.withInitial(Encoder::new);

    /**
     * One thread's generator, kept open and writing one root value after another (no separator)
     * into a reused builder: a generator, its I/O context and its nested write contexts cost
     * ~650 B per ticket when made per encoding, as much as half the ticket's own bytes. The
     * generator reuses its child contexts, so an encoding allocates only the result array.
     */
    private static final class Encoder {
        private final ByteArrayBuilder out = new ByteArrayBuilder(4096);
        private final JsonGenerator g;
        /** Every timestamp's text, copied out by the generator: one per thread, not one per encoding. */
        private final char[] time = new char[JsonViews.TIME_CHARS];

        Encoder() {
            try {
                g = FACTORY.createGenerator(out);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            g.setRootValueSeparator(null);
        }

        byte[] encode(TicketView t) throws IOException {
            out.reset();
            write(g, t, time);
            g.flush();
            byte[] bytes = out.toByteArray();
            out.reset();
            return bytes;
        }
    }

    /**
     * A surrogate encoded alone (0xED 0xA0..0xBF) or an escape {@code \\uD800..\\uDFFF} (or text
     * that looks like one). Both start with 0xED or a backslash, which ticket text rarely holds: the
     * bytes are scanned eight at a time for either, and only a word that has one is looked at byte
     * by byte (a profile at 5k/s had the byte-by-byte scan at ~3 % of the server's CPU).
     */
    static boolean mayHoldLoneSurrogate(byte[] bytes) {
        int i = 0;
        for (int words = bytes.length - Long.BYTES; i <= words; i += Long.BYTES) {
            long word = (long) LONGS.get(bytes, i);
            if (hasByte(word, 0xED) || hasByte(word, '\\')) {
                if (surrogateAt(bytes, i, i + Long.BYTES)) {
                    return true;
                }
            }
        }
        return surrogateAt(bytes, i, bytes.length);
    }

    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long ONES = 0x0101010101010101L;
    private static final long HIGHS = 0x8080808080808080L;

    /** Whether any of the word's eight bytes equals {@code value} (exact: the classic zero-byte test). */
    private static boolean hasByte(long word, int value) {
        long x = word ^ (ONES * (value & 0xFF));
        return ((x - ONES) & ~x & HIGHS) != 0;
    }

    /** The byte-by-byte test for a start in [{@code from}, {@code to}), looking ahead past {@code to}. */
    private static boolean surrogateAt(byte[] bytes, int from, int to) {
        for (int i = from; i < to && i < bytes.length - 1; i++) {
            if (bytes[i] == (byte) 0xED && (bytes[i + 1] & 0xE0) == 0xA0) {
                return true;
            }
            if (bytes[i] == '\\' && bytes[i + 1] == 'u' && i + 3 < bytes.length && (bytes[i + 2] | 0x20) == 'd'
                    && "89abcdefABCDEF".indexOf(bytes[i + 3]) >= 0) {
                return true;
            }
        }
        return false;
    }

    /**
     * A server message {@code {"type":TYPE[,"offerId":..],"ticket":{..}[,"expiresAt":..]} } with its
     * closing brace left off, so that a socket can append its {@code seq} when it writes it.
     * {@code offerId} null and {@code expiresAt} 0 leave those members out. The ticket's bytes are
     * {@link #bytes}, shared; so is the head of a message without {@code offerId} (one per type).
     */
    public static Message openMessage(String type, String offerId, TicketView t, long expiresAt) {
        byte[] head = offerId == null ? HEADS.computeIfAbsent(type, k -> head(k, null)) : head(type, offerId);
        byte[] tail = EMPTY;
        if (expiresAt != 0) {
            StringBuilder text = new StringBuilder(40).append(",\"expiresAt\":");
            quote(text, JsonViews.time(expiresAt));
            tail = text.toString().getBytes(StandardCharsets.UTF_8);
        }
        return new Message(head, bytes(t), tail);
    }

    /** {@code {"type":TYPE[,"offerId":OFFER],"ticket":} as UTF-8. */
    private static byte[] head(String type, String offerId) {
        StringBuilder head = new StringBuilder(48).append("{\"type\":");
        quote(head, type);
        if (offerId != null) {
            head.append(",\"offerId\":");
            quote(head, offerId);
        }
        head.append(",\"ticket\":");
        return head.toString().getBytes(StandardCharsets.UTF_8);
    }

    /**
     * The server message {@code {"type":TYPE,"id":ID} } (an {@code ack}) with its closing brace left
     * off, as {@link #openMessage}; {@code id} null writes {@code "id":null}.
     */
    public static Message idMessage(String type, String id) {
        StringBuilder head = new StringBuilder(32 + (id == null ? 4 : id.length())).append("{\"type\":");
        quote(head, type);
        head.append(",\"id\":");
        if (id == null) {
            head.append("null");
        } else {
            quote(head, id);
        }
        return new Message(head.toString().getBytes(StandardCharsets.UTF_8), EMPTY, EMPTY);
    }

    private static final byte[] EMPTY = new byte[0];
    private static final byte[] SEQ = ",\"seq\":".getBytes(StandardCharsets.US_ASCII);

    /** Jackson's string escaping, as the generator writes a string value. */
    private static void quote(StringBuilder out, String value) {
        out.append('"');
        JsonStringEncoder.getInstance().quoteAsString(value, out);
        out.append('"');
    }

    /**
     * A message written as {@code head + ticket + tail + ,"seq":N} } (UTF-8). {@code ticket} is shared:
     * never modified.
     */
    public record Message(byte[] head, byte[] ticket, byte[] tail) {
        /** The complete message numbered {@code seq}, in a new array. */
        public byte[] withSeq(long seq) {
            byte[] out = new byte[length(seq)];
            writeWithSeq(seq, out);
            return out;
        }

        /** How many bytes {@link #withSeq} gives for {@code seq}. */
        public int length(long seq) {
            if (seq < 0) {
                throw new IllegalArgumentException("a seq is never negative: " + seq);
            }
            return head.length + ticket.length + tail.length + SEQ.length + digits(seq) + 1;
        }

        /**
         * Writes {@link #withSeq}'s bytes at the start of {@code out} (at least {@link #length} long, so
         * a reused array can take it: a push then copies the shared ticket bytes once, into the frame).
         */
        public void writeWithSeq(long seq, byte[] out) {
            int digits = digits(seq);
            int at = 0;
            System.arraycopy(head, 0, out, at, head.length);
            at += head.length;
            System.arraycopy(ticket, 0, out, at, ticket.length);
            at += ticket.length;
            System.arraycopy(tail, 0, out, at, tail.length);
            at += tail.length;
            System.arraycopy(SEQ, 0, out, at, SEQ.length);
            at += SEQ.length;
            for (int i = at + digits - 1; i >= at; i--) {
                out[i] = (byte) ('0' + seq % 10);
                seq /= 10;
            }
            out[at + digits] = '}';
        }

        private static int digits(long value) {
            int digits = 1;
            while (value >= 10) {
                value /= 10;
                digits++;
            }
            return digits;
        }
    }

    /** {@code time}: room for a timestamp's text ({@link JsonViews#TIME_CHARS}), which the generator copies out. */
    private static void write(JsonGenerator g, TicketView t, char[] time) throws IOException {
        g.writeStartObject();
        g.writeStringField("id", t.id());
        g.writeStringField("status", t.status().wire());
        g.writeStringField("channel", t.channel().wire());
        g.writeStringField("priority", t.priority().wire());
        g.writeObjectFieldStart("customer");
        g.writeStringField("id", t.customer().id());
        g.writeStringField("tier", t.customer().tier().wire());
        g.writeStringField("name", t.customer().name());
        g.writeEndObject();
        g.writeStringField("type", t.type());
        g.writeStringField("subject", t.subject());
        g.writeStringField("description", t.description());
        g.writeArrayFieldStart("requiredSkills");
        List<SkillRequirement> skills = t.requiredSkills();
        for (int i = 0; i < skills.size(); i++) { // indexed, and the fields below by forEach: no iterator or entry wrappers
            SkillRequirement s = skills.get(i);
            g.writeStartObject();
            g.writeStringField("name", s.name());
            g.writeNumberField("level", s.level());
            g.writeEndObject();
        }
        g.writeEndArray();
        g.writeStringField("language", t.language());
        g.writeArrayFieldStart("tags");
        for (String tag : t.tags()) {
            g.writeString(tag);
        }
        g.writeEndArray();
        g.writeObjectFieldStart("fields");
        try {
            t.fields().forEach((name, value) -> {
                try {
                    g.writeStringField(name, value);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
        g.writeEndObject();
        g.writeStringField("queue", t.queue());
        g.writeStringField("assignee", t.assignee());
        g.writeStringField("team", t.team());
        g.writeStringField("minTier", t.minTier() == null ? null : t.minTier().wire());
        g.writeFieldName("createdAt");
        time(g, t.createdAt(), time);
        g.writeFieldName("updatedAt");
        time(g, t.updatedAt(), time);
        g.writeFieldName("sla");
        sla(g, t.sla(), time);
        g.writeFieldName("alerts");
        if (t.alerts().isEmpty()) {
            g.writeStartArray();
            g.writeEndArray();
        } else {
            JacksonCodec.encodeJson(JsonViews.alerts(t.alerts()), g);
        }
        g.writeFieldName("compensations");
        if (t.compensations().isEmpty()) {
            g.writeStartArray();
            g.writeEndArray();
        } else {
            JacksonCodec.encodeJson(JsonViews.compensations(t.compensations()), g);
        }
        g.writeFieldName("handoff");
        if (t.handoff() == null) {
            g.writeNull();
        } else {
            JacksonCodec.encodeJson(JsonViews.handoff(t.handoff()), g);
        }
        g.writeBooleanField("needsInfo", t.needsInfo());
        g.writeArrayFieldStart("missingFields");
        List<String> missing = t.missingFields();
        for (int i = 0; i < missing.size(); i++) { // indexed: even an empty list's iterator is an object
            g.writeString(missing.get(i));
        }
        g.writeEndArray();
        g.writeFieldName("fieldSources");
        if (t.fieldSources().isEmpty()) {
            g.writeStartArray();
            g.writeEndArray();
        } else {
            JacksonCodec.encodeJson(JsonViews.fieldSources(t.fieldSources()), g);
        }
        g.writeFieldName("attachments");
        if (t.attachments().isEmpty()) {
            g.writeStartArray();
            g.writeEndArray();
        } else {
            JacksonCodec.encodeJson(JsonViews.attachments(t.id(), t.attachments()), g);
        }
        g.writeEndObject();
    }

    /** {@code JsonViews.time(epochMillis)} as a string value, without making the string ({@code scratch}: its room). */
    private static void time(JsonGenerator g, long epochMillis, char[] scratch) throws IOException {
        g.writeString(scratch, 0, JsonViews.time(epochMillis, scratch));
    }

    /** As {@code JsonViews.sla}. */
    private static void sla(JsonGenerator g, SlaView sla, char[] time) throws IOException {
        g.writeStartObject();
        g.writeStringField("policy", sla.policy());
        for (SlaMetric metric : METRICS) {
            SlaView.Clock clock = sla.clocks().get(metric);
            g.writeFieldName(JsonViews.clockName(metric));
            if (clock == null) {
                g.writeNull();
                continue;
            }
            g.writeStartObject();
            g.writeFieldName("dueAt");
            if (clock.dueAt() < 0) {
                g.writeNull();
            } else {
                time(g, clock.dueAt(), time);
            }
            g.writeFieldName("stoppedAt");
            if (clock.stoppedAt() == 0) {
                g.writeNull();
            } else {
                time(g, clock.stoppedAt(), time);
            }
            g.writeBooleanField("breached", clock.breached());
            g.writeFieldName("remainingSeconds");
            if (clock.remainingSeconds() == null) {
                g.writeNull();
            } else {
                g.writeNumber(clock.remainingSeconds());
            }
            g.writeEndObject();
        }
        g.writeBooleanField("paused", sla.paused());
        g.writeEndObject();
    }
}
