package io.switchboard.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.core.event.ArchivedTicket;
import io.switchboard.core.event.DomainEvent;
import io.switchboard.core.event.DomainEvent.TicketArchived;
import io.switchboard.core.sla.SlaMetric;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The exact bytes today's codec writes for one sample of every event type ({@link EverySample})
 * and for a ticket's lifecycle ({@link LifecycleSample}), pinned in {@code encoded-events.txt}
 * (written by the codec of e445c4f, before its primitive components were read without boxing).
 * The golden journals pin what older builds wrote (format 1) and the shapes file pins each body's
 * structure; this pins the bytes of format 2 itself, so a faster codec cannot drift by one byte.
 *
 * <p>A new event type or sample appends its line (the failure prints the lines this build writes,
 * and writes them to {@code target/encoded-events.actual.txt}); a changed line means the codec
 * writes another shape, which journals already on disk would not read.
 */
class EncodedBytesTest {
    private static final EventCodec CODEC = EventCodec.instance();

    @Test
    void encode_everySampleAndALifecycle_writesThePinnedBytes() throws IOException {
        List<String> written = new ArrayList<>();
        for (DomainEvent event : samples()) {
            written.add(line(event, CODEC.encode(event)));
        }

        List<String> pinned = pinned();
        if (!written.equals(pinned)) {
            Path actual = Path.of("target", "encoded-events.actual.txt");
            Files.createDirectories(actual.getParent());
            Files.write(actual, written, StandardCharsets.UTF_8);
        }
        assertThat(written).as("bytes written for the samples (this build's lines are in target/encoded-events.actual.txt)")
                .containsExactlyElementsOf(pinned);
    }

    @Test
    void encode_throughAJournalFrame_writesThePinnedBytes() throws IOException {
        List<DomainEvent> samples = samples();
        FrameBuffer frames = new FrameBuffer();
        for (DomainEvent event : samples) {
            frames.frame(CODEC, event);
        }

        List<byte[]> payloads = Records.scan(frames.buffer()).payloads();
        List<String> written = new ArrayList<>();
        for (int i = 0; i < samples.size(); i++) {
            written.add(line(samples.get(i), payloads.get(i)));
        }
        assertThat(written).containsExactlyElementsOf(pinned());
    }

    @Test
    void decode_pinnedBytes_givesBackEverySample() throws IOException {
        List<DomainEvent> samples = samples();
        List<String> pinned = pinned();

        for (int i = 0; i < samples.size(); i++) {
            byte[] bytes = HexFormat.of().parseHex(pinned.get(i).substring(pinned.get(i).indexOf(' ') + 1));
            assertThat(CODEC.decode(bytes)).isEqualTo(samples.get(i));
        }
    }

    /**
     * EverySample's events, then LifecycleSample's; the archived ticket keeps one SLA clock, as its
     * record copies the clocks with {@code Map.copyOf}, whose order (so the bytes of two clocks)
     * changes from one JVM to the next.
     */
    private static List<DomainEvent> samples() {
        List<DomainEvent> samples = new ArrayList<>();
        for (DomainEvent event : EverySample.events()) {
            samples.add(event instanceof TicketArchived archived ? withOneClock(archived) : event);
        }
        samples.addAll(LifecycleSample.events());
        return samples;
    }

    private static TicketArchived withOneClock(TicketArchived event) {
        ArchivedTicket t = event.ticket();
        ArchivedTicket oneClock = new ArchivedTicket(t.id(), t.seq(), t.status(), t.priority(), t.tier(), t.draft(),
                t.requiredSkills(), t.queue(), t.assignee(), t.team(), t.minTier(), t.createdAt(), t.updatedAt(),
                t.createdBy(), t.slaPolicy(), Map.of(SlaMetric.RESOLUTION, t.clocks().get(SlaMetric.RESOLUTION)));
        return new TicketArchived(event.at(), event.ticketId(), oneClock, event.ticketSeq(), event.offerSeq(),
                event.actor(), event.reason());
    }

    private static String line(DomainEvent event, byte[] bytes) {
        return event.getClass().getSimpleName() + " " + HexFormat.of().formatHex(bytes);
    }

    private static List<String> pinned() throws IOException {
        try (InputStream in = EncodedBytesTest.class.getResourceAsStream("/encoded-events.txt")) {
            assertThat(in).as("src/test/resources/encoded-events.txt").isNotNull();
            List<String> lines = new ArrayList<>();
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                if (!line.isBlank() && !line.startsWith("#")) {
                    lines.add(line.strip());
                }
            }
            return lines;
        }
    }
}
