package io.switchboard.store;

import com.sun.management.ThreadMXBean;
import io.switchboard.core.event.DomainEvent;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.util.List;

/**
 * Not a test: a measuring tool for "events encoded more than once" (issue 12, the file journal's
 * share) and for the codec's own cost. Encodes a mix of events, {@code every} sample event type
 * ({@link EverySample}) or a ticket's {@code lifecycle} ({@link LifecycleSample}: the mix the
 * server journals at 5k/s), the two ways the server does: as
 * the file journal frames a batch ({@link FrameBuffer}, on its worker) and as the history store
 * encodes each event again on its own thread ({@code EventCodec.Encoder}; on builds before it a
 * {@code DataOutputStream} over a reused {@code ByteArrayOutputStream}, then {@code toByteArray});
 * and decodes them as a snapshot, a
 * restart or a follower's read does. Prints this thread's CPU and allocation per event for each,
 * per round. Counts, not latency: valid on a busy machine as an upper bound.
 *
 * <pre>
 * java -cp target/classes:target/test-classes:$(cat target/cp.txt) io.switchboard.store.EncodeCost [rounds] [every|lifecycle]
 * </pre>
 *
 * <p>Only the codec's public and package API is used, so another build's codec can be measured by
 * putting its {@code classes} directory first on the class path (old and new alternated).
 */
public final class EncodeCost {
    private static final int EVENTS = 200_000;

    private EncodeCost() {
    }

    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        String mix = args.length > 1 ? args[1] : "every";
        EventCodec codec = EventCodec.instance();
        List<DomainEvent> samples = switch (mix) {
            case "every" -> EverySample.events();
            case "lifecycle" -> LifecycleSample.events();
            default -> throw new IllegalArgumentException("mix: every or lifecycle, not " + mix);
        };
        byte[][] payloads = new byte[samples.size()][];
        for (int i = 0; i < payloads.length; i++) {
            payloads[i] = codec.encode(samples.get(i));
        }
        FrameBuffer frames = new FrameBuffer();
        HistoryEncoding history = HistoryEncoding.of(codec);
        ThreadMXBean threads = (ThreadMXBean) ManagementFactory.getThreadMXBean();
        long sink = 0;
        for (int round = 1; round <= rounds; round++) {
            long[] start = {threads.getCurrentThreadCpuTime(), threads.getCurrentThreadAllocatedBytes()};
            for (int i = 0; i < EVENTS; i++) {
                if (i % 64 == 0) {
                    frames.reset();
                }
                frames.frame(codec, samples.get(i % samples.size()));
            }
            sink += frames.size();
            long[] framed = {threads.getCurrentThreadCpuTime(), threads.getCurrentThreadAllocatedBytes()};
            for (int i = 0; i < EVENTS; i++) {
                sink += history.encode(samples.get(i % samples.size())).length;
            }
            long[] encoded = {threads.getCurrentThreadCpuTime(), threads.getCurrentThreadAllocatedBytes()};
            for (int i = 0; i < EVENTS; i++) {
                sink += codec.decode(payloads[i % payloads.length]).at();
            }
            long[] decoded = {threads.getCurrentThreadCpuTime(), threads.getCurrentThreadAllocatedBytes()};
            System.out.printf("round %d (%s, %d events): journal frame %.0f ns %.0f B | history encode (%s) %.0f ns %.0f B"
                    + " | decode %.0f ns %.0f B  per event%n", round, mix, samples.size(),
                    (framed[0] - start[0]) / (double) EVENTS, (framed[1] - start[1]) / (double) EVENTS, history.how(),
                    (encoded[0] - framed[0]) / (double) EVENTS, (encoded[1] - framed[1]) / (double) EVENTS,
                    (decoded[0] - encoded[0]) / (double) EVENTS, (decoded[1] - encoded[1]) / (double) EVENTS);
        }
        System.out.println(sink == 42 ? "" : "done");
    }

    /**
     * The history store's second encoding of each event, as the build on the class path does it:
     * its reusable {@code EventCodec.Encoder}, or (builds before it) a {@code DataOutputStream}
     * over a reused {@code ByteArrayOutputStream}, then {@code toByteArray}.
     */
    private interface HistoryEncoding {
        byte[] encode(DomainEvent event) throws IOException;

        String how();

        static HistoryEncoding of(EventCodec codec) {
            try {
                return Reused.of(codec);
            } catch (LinkageError older) {
                ByteArrayOutputStream scratch = new ByteArrayOutputStream(512);
                DataOutputStream streamed = new DataOutputStream(scratch);
                return new HistoryEncoding() {
                    public byte[] encode(DomainEvent event) throws IOException {
                        scratch.reset();
                        codec.encode(event, streamed);
                        return scratch.toByteArray();
                    }

                    public String how() {
                        return "stream";
                    }
                };
            }
        }
    }

    /** Links to {@code EventCodec.Encoder} only when first used, so an older build falls back. */
    private static final class Reused {
        static HistoryEncoding of(EventCodec codec) {
            EventCodec.Encoder encoder = codec.encoder();
            return new HistoryEncoding() {
                public byte[] encode(DomainEvent event) {
                    return encoder.encode(event);
                }

                public String how() {
                    return "encoder";
                }
            };
        }
    }
}
