package io.switchboard.perf;

import com.sun.management.ThreadMXBean;
import io.switchboard.core.agent.Presence;
import io.switchboard.core.agent.SupportTier;
import io.switchboard.core.event.ArchivedTicket;
import io.switchboard.core.event.DomainEvent;
import io.switchboard.core.event.DomainEvent.AgentConnected;
import io.switchboard.core.event.DomainEvent.AgentDisconnected;
import io.switchboard.core.event.DomainEvent.AgentPresenceChanged;
import io.switchboard.core.event.DomainEvent.StreamAppended;
import io.switchboard.core.event.DomainEvent.TicketArchived;
import io.switchboard.core.event.DomainEvent.TicketAssigned;
import io.switchboard.core.event.DomainEvent.TicketClosed;
import io.switchboard.core.event.DomainEvent.TicketCreated;
import io.switchboard.core.event.DomainEvent.TicketOffered;
import io.switchboard.core.event.DomainEvent.TicketQueued;
import io.switchboard.core.event.DomainEvent.TicketResolved;
import io.switchboard.core.sla.SlaDecision;
import io.switchboard.core.sla.SlaMetric;
import io.switchboard.core.ticket.Channel;
import io.switchboard.core.ticket.Customer;
import io.switchboard.core.ticket.CustomerTier;
import io.switchboard.core.ticket.Priority;
import io.switchboard.core.ticket.SkillRequirement;
import io.switchboard.core.ticket.TicketDraft;
import io.switchboard.core.ticket.TicketStatus;
import io.switchboard.store.CompactionProbe;
import io.switchboard.store.EventCodec;
import io.switchboard.store.FileJournal;
import io.vertx.core.Vertx;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Not a test: a measuring tool for the file journal's compaction (issue 12, default durable mode
 * at 5k/s). Builds the journal range of {@code seconds} at {@code rate} tickets/s as the engine
 * writes it (per ticket: created, queued, offered, assigned about 2 s later, resolved about 10 s
 * later; a {@code StreamAppended} marker on the agent's stream for each of the offer, assigned and
 * ticket_updated pushes, 100 agents; a presence change 50 times a second and a disconnect and
 * reconnect 5 times a second; with {@code archive}, every ticket resolved 20 s earlier closed and
 * archived), then per round measures:
 * <ul>
 * <li>plan: {@code Compaction.ofEncoded} and a {@code keeps} per event, on this thread;
 * <li>snapshot: {@code FileJournal.snapshot} of the whole range appended to a fresh journal (the
 *     first snapshot, a merge: read the segment, plan, write the base), all threads but main;
 * </ul>
 * and prints CPU and bytes allocated per event, the kept count, the SHA-256 of the snapshot file
 * (equal across builds = byte-identical result) and the collections during the snapshot (G1's
 * reported collection time: its pauses and concurrent cycles, as wall time). Counts, not latency: on a busy machine the
 * CPU is an upper bound, the bytes are exact.
 *
 * <pre>
 * java -cp target/classes:target/test-classes:$(cat target/cp.txt) io.switchboard.perf.CompactionCost \
 *   [rounds=5] [seconds=30] [rate=5000] [plain|archive]
 * </pre>
 */
public final class CompactionCost {
    private static final int AGENTS = 100;
    private static final Presence[] CHURN = {Presence.BUSY, Presence.AWAY, Presence.AVAILABLE};

    private CompactionCost() {
    }

    public static void main(String[] args) {
        int status = 1;
        try {
            measure(args);
            status = 0;
        } catch (Throwable failure) {
            failure.printStackTrace();
        } finally {
            System.out.flush();
            System.exit(status);
        }
    }

    private static void measure(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 30;
        int rate = args.length > 2 ? Integer.parseInt(args[2]) : 5000;
        boolean archive = args.length > 3 && args[3].equals("archive");
        List<DomainEvent> events = range(seconds, rate, archive);
        EventCodec codec = EventCodec.instance();
        List<byte[]> payloads = new ArrayList<>(events.size());
        long bytes = 0;
        for (DomainEvent event : events) {
            byte[] payload = codec.encode(event);
            payloads.add(payload);
            bytes += payload.length;
        }
        System.out.printf("range: %d s at %d tickets/s%s: %d events, %d payload bytes%n", seconds, rate,
                archive ? " with archives" : "", events.size(), bytes);
        ThreadMXBean threads = (ThreadMXBean) ManagementFactory.getThreadMXBean();
        Vertx vertx = Vertx.vertx();
        try {
            for (int round = 1; round <= rounds; round++) {
                long cpu = threads.getCurrentThreadCpuTime();
                long allocated = threads.getCurrentThreadAllocatedBytes();
                int kept = CompactionProbe.keptOfEncoded(payloads, false);
                cpu = threads.getCurrentThreadCpuTime() - cpu;
                allocated = threads.getCurrentThreadAllocatedBytes() - allocated;
                System.out.printf("round %d plan: %d kept, %.3f us CPU/event, %.1f B/event%n", round, kept,
                        cpu / 1000.0 / events.size(), allocated / (double) events.size());
                snapshotRound(vertx, round, events);
            }
        } finally {
            vertx.close().toCompletionStage().toCompletableFuture().get();
        }
    }

    private static void snapshotRound(Vertx vertx, int round, List<DomainEvent> events) throws Exception {
        Path dir = Files.createTempDirectory("compaction-cost");
        try {
            FileJournal journal = CompactionProbe.journal(vertx, dir);
            journal.open().toCompletionStage().toCompletableFuture().get();
            for (int from = 0; from < events.size(); from += 5000) {
                journal.append(events.subList(from, Math.min(events.size(), from + 5000)))
                        .toCompletionStage().toCompletableFuture().get();
            }
            long[] gcBefore = gcTotals();
            long[] before = CompactionProbe.allButMain();
            journal.snapshot(Long.MAX_VALUE).toCompletionStage().toCompletableFuture().get();
            long[] after = CompactionProbe.allButMain();
            long[] gcAfter = gcTotals();
            journal.close().toCompletionStage().toCompletableFuture().get();
            String digest = "";
            long size = 0;
            try (Stream<Path> files = Files.list(dir)) {
                for (Path file : (Iterable<Path>) files.filter(f -> f.toString().endsWith(".snap"))::iterator) {
                    byte[] content = Files.readAllBytes(file);
                    size += content.length;
                    digest = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content))
                            .substring(0, 16);
                }
            }
            System.out.printf("round %d snapshot: %.3f us CPU/event, %.1f B/event, %d bytes, sha256 %s;"
                    + " GC during it: %d collections, %d ms%n", round, (after[1] - before[1]) / 1000.0 / events.size(),
                    (after[0] - before[0]) / (double) events.size(), size, digest, gcAfter[0] - gcBefore[0],
                    gcAfter[1] - gcBefore[1]);
        } finally {
            try (Stream<Path> paths = Files.walk(dir)) {
                paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    /** {collections, milliseconds} of every collector so far (the GC threads' work is not in the thread CPU). */
    private static long[] gcTotals() {
        long count = 0;
        long millis = 0;
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            count += Math.max(0, gc.getCollectionCount());
            millis += Math.max(0, gc.getCollectionTime());
        }
        return new long[] {count, millis};
    }

    /** The range in journal order; ticket {@code n} is created at {@code n * 1000 / rate} ms. */
    static List<DomainEvent> range(int seconds, int rate, boolean archive) {
        int tickets = seconds * rate;
        int assignLag = 2 * rate;
        int resolveLag = 10 * rate;
        int archiveLag = 20 * rate;
        TicketDraft draft = new TicketDraft(Channel.CHAT, Priority.NORMAL, new Customer("c-1", CustomerTier.STANDARD,
                "Load Test"), "general", "Order not confirmed", "The customer says the order confirmation mail never"
                + " arrived; please call back.", List.of(new SkillRequirement("billing", 2)), "en", Set.of("load_test"),
                Map.of("orderId", "A-1"), null);
        SlaDecision sla = new SlaDecision("standard", "support-hours", Map.of(SlaMetric.FIRST_RESPONSE, 60_000L),
                Map.of(SlaMetric.FIRST_RESPONSE, 60_000L));
        long[] seq = new long[AGENTS];
        List<DomainEvent> events = new ArrayList<>(tickets * 9);
        for (int n = 0; n < tickets; n++) {
            long at = 1_800_000_000_000L + n * 1000L / rate;
            String ticket = "tkt_" + n;
            String agent = "agent-" + n % AGENTS;
            events.add(new TicketCreated(at, ticket, n + 1, draft, "billing", "key:bot", "intake", null, null, sla));
            events.add(new TicketQueued(at, ticket, "billing", null, 0, "router", "routing_rule"));
            events.add(new TicketOffered(at, ticket, agent, "ofr_" + n, at + 30_000, "router", "routed"));
            events.add(marker(at, n, agent, seq, "offer", "ofr_" + n));
            if (n >= assignLag) {
                int m = n - assignLag;
                String other = "agent-" + m % AGENTS;
                events.add(new TicketAssigned(at, "tkt_" + m, other, "ofr_" + m, "agent:" + other, "accepted"));
                events.add(marker(at, m, other, seq, "assigned", "ofr_" + m));
            }
            if (n >= resolveLag) {
                int m = n - resolveLag;
                String other = "agent-" + m % AGENTS;
                events.add(new TicketResolved(at, "tkt_" + m, "agent:" + other, "fixed"));
                events.add(marker(at, m, other, seq, "ticket_updated", null));
            }
            if (archive && n >= archiveLag) {
                int m = n - archiveLag;
                events.add(new TicketClosed(at, "tkt_" + m, "router", "auto_close"));
                events.add(new TicketArchived(at, "tkt_" + m, new ArchivedTicket("tkt_" + m, m + 1,
                        TicketStatus.CLOSED, Priority.NORMAL, CustomerTier.STANDARD, draft, draft.requiredSkills(),
                        "billing", "agent-" + m % AGENTS, null, SupportTier.L1, at - 20_000, at, "key:bot", "standard",
                        Map.of()), m + 1, m + 1, "router", "retention"));
            }
            if (n % (rate / 50) == 0) {
                int k = n / (rate / 50);
                events.add(new AgentPresenceChanged(at, "agent-" + k % AGENTS, CHURN[k / AGENTS % CHURN.length],
                        "manual"));
            }
            if (n % (rate / 5) == 0) {
                String who = "agent-" + (n / (rate / 5)) * 7 % AGENTS;
                events.add(new AgentDisconnected(at, who, "s-" + n, at + 120_000));
                events.add(new AgentConnected(at, who, "s-" + n + "b", null));
            }
        }
        return events;
    }

    private static StreamAppended marker(long at, int ticket, String agent, long[] seq, String kind, String offer) {
        int k = Integer.parseInt(agent.substring("agent-".length()));
        return new StreamAppended(at, "agent:" + agent, ++seq[k], kind, "tkt_" + ticket, offer, 0, null, null, null, 0);
    }
}
