package io.switchboard.load;

import io.switchboard.config.ConfigLoader;
import io.switchboard.config.SwitchboardConfig;
import io.switchboard.core.agent.Presence;
import io.switchboard.core.ticket.Channel;
import io.switchboard.core.ticket.Customer;
import io.switchboard.core.ticket.CustomerTier;
import io.switchboard.core.ticket.Priority;
import io.switchboard.core.ticket.TicketDraft;
import io.switchboard.engine.AgentPush;
import io.switchboard.engine.Command;
import io.switchboard.engine.Engine;
import io.switchboard.engine.Outcome;
import io.switchboard.engine.Retention;
import io.switchboard.store.EventTimelineCodec;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * Live heap per closed ticket in the engine, with and without archiving: drives the real engine in
 * process (the demo configuration, as {@link RestartBench} does) through full lifecycles (create →
 * offer → accept → reply → resolve → close, then a tick past {@code --archive-after}) and reads
 * this JVM's live heap after a full GC ({@link HeapProbe}, {@code jcmd GC.class_histogram}) at
 * each count in {@code --at}. The events are dropped as they are made (the journal and the history
 * store are not in this heap), so the slope is what the engine keeps per ticket.
 *
 * <p>{@code --archive-after} in seconds ({@code 0} = at once, as SWITCHBOARD_ARCHIVE_AFTER=0s;
 * {@code 2592000} = 30 days, the baseline where closed tickets stay). One setting per JVM, so run
 * it twice:
 * {@code java -cp target/switchboard.jar:load-tests/target/load-tests.jar io.switchboard.load.ArchiveHeapBench
 * --archive-after 0 --at 20000,80000}.
 *
 * <p>{@code --until resolved} stops each lifecycle at the resolution instead (create → offer →
 * accept → resolve, no reply, a draft without tags or fields: the lifecycle of the load
 * generator's {@code e2e} mode), which is what a ticket keeps in the engine for
 * {@code sla.autoCloseAfter}. Besides the total, the slope is reported per class, in bytes and in
 * objects (instances) per ticket, for the {@code --classes} classes with the largest slope
 * (default 30): a young GC's copying cost grows with both.
 *
 * <p>{@code --parking false} keeps resolved and closed tickets as objects, as builds before
 * a77f8f6 did; by default they are parked as bytes, as the server does.
 */
public final class ArchiveHeapBench {
    private ArchiveHeapBench() {
    }

    public static void main(String[] argv) {
        Args a = new Args(argv, 0);
        long archiveAfterMillis = Long.parseLong(a.string("archive-after", "0")) * 1000;
        String until = a.string("until", "closed");
        if (!until.equals("closed") && !until.equals("resolved")) {
            throw new IllegalArgumentException("--until must be closed or resolved, was '" + until + "'");
        }
        boolean toClose = until.equals("closed");
        int classes = a.integer("classes", 30);
        List<Integer> at = new ArrayList<>();
        for (String s : a.string("at", "20000,80000").split(",")) {
            at.add(Integer.parseInt(s.trim()));
        }
        SwitchboardConfig config = ConfigLoader.loadDemo();
        long now = System.currentTimeMillis() - TimeUnit.DAYS.toMillis(60);
        boolean parking = Boolean.parseBoolean(a.string("parking", "true"));
        Engine engine = new Engine(config.routing(), config.sla(), new Retention(archiveAfterMillis),
                parking ? new EventTimelineCodec() : null, now);
        for (String agent : List.of("alice", "bob", "chen")) {
            engine.handle(new Command.Connect(agent, "s-" + agent), now);
            engine.handle(new Command.SetPresence(agent, "s-" + agent, Presence.AVAILABLE), now);
        }
        String[] types = {"refund", "question", "billing", "technical", "invoice"};
        long pid = ProcessHandle.current().pid();
        List<long[]> readings = new ArrayList<>();
        List<Map<String, long[]>> histograms = new ArrayList<>();
        int done = 0;
        int closed = 0; // tickets taken to the end of their lifecycle (closed, or resolved with --until resolved)
        for (int target : at) {
            for (int i = done; i < target; i++) {
                now += 50;
                Customer customer = new Customer("cust-" + (i % 5000),
                        i % 10 == 0 ? CustomerTier.VIP : CustomerTier.STANDARD, "Customer " + i);
                TicketDraft draft = new TicketDraft(Channel.CHAT, Priority.NORMAL, customer, types[i % types.length],
                        "Ticket " + i + ": my order has not arrived", "Order A-" + i + " was due yesterday.", List.of(),
                        "en", toClose ? Set.of("seed") : Set.of(), toClose ? Map.of("order", "A-" + i) : Map.of(),
                        null);
                Outcome created = engine.handle(new Command.CreateTicket(draft, null, null, "integration"), now);
                for (AgentPush push : created.pushes()) {
                    if (push.kind() == AgentPush.Kind.OFFER) {
                        String agent = push.agentId();
                        String ticket = push.ticket().id();
                        engine.handle(new Command.Accept(agent, "s-" + agent, push.offerId()), now + 5);
                        if (toClose) {
                            engine.handle(new Command.Reply(ticket, "We are on it", "agent:" + agent), now + 10);
                        }
                        engine.handle(new Command.Resolve(ticket, "done", "agent:" + agent), now + 20);
                        if (toClose) {
                            engine.handle(new Command.Close(ticket, "confirmed", "api"), now + 30);
                        }
                        closed++;
                    }
                }
                if (i % 1000 == 999) {
                    engine.handle(new Command.Tick(), now + 40);
                }
            }
            done = target;
            // Past the archive delay (when archiving), then let every timer due by then fire.
            long settle = archiveAfterMillis >= 0 && archiveAfterMillis < TimeUnit.DAYS.toMillis(1)
                    ? archiveAfterMillis + 1_000 : 1_000;
            now += settle;
            engine.handle(new Command.Tick(), now);
            Map<String, long[]> histogram = HeapProbe.liveHistogram(pid);
            long heap = histogram.get(HeapProbe.TOTAL)[1];
            histograms.add(histogram);
            readings.add(new long[] {target, heap, closed});
            System.out.printf(Locale.ROOT, "archive-after %ds: %d tickets (%d %s) → live heap %.1f MB, %d objects%n",
                    archiveAfterMillis / 1000, target, closed, until, heap / 1e6, histogram.get(HeapProbe.TOTAL)[0]);
        }
        long[] first = readings.get(0);
        long[] last = readings.get(readings.size() - 1);
        double tickets = last[2] - first[2];
        printPerClass(histograms.get(0), histograms.get(histograms.size() - 1), tickets, classes);
        double slope = (last[1] - first[1]) / tickets;
        double objects = (histograms.get(histograms.size() - 1).get(HeapProbe.TOTAL)[0]
                - histograms.get(0).get(HeapProbe.TOTAL)[0]) / tickets;
        System.out.printf(Locale.ROOT, "RESULT archive_after_s=%d live_heap_bytes_per_%s_ticket=%.0f"
                + " live_objects_per_%s_ticket=%.1f (between %d and %d %s tickets)%n", archiveAfterMillis / 1000,
                until, slope, until, objects, first[2], last[2], until);
        if (engine.hashCode() == 42) {
            System.out.println(Path.of(".")); // keeps the engine reachable until after the last reading
        }
    }

    /** The per-class slope between two histograms, largest byte slope first, as a Markdown table. */
    private static void printPerClass(Map<String, long[]> first, Map<String, long[]> last, double tickets, int rows) {
        Map<String, long[]> delta = new HashMap<>();
        last.forEach((name, v) -> delta.put(name, v.clone()));
        first.forEach((name, v) -> delta.merge(name, new long[] {-v[0], -v[1]},
                (a, b) -> new long[] {a[0] + b[0], a[1] + b[1]}));
        delta.remove(HeapProbe.TOTAL);
        List<Map.Entry<String, long[]>> sorted = new ArrayList<>(delta.entrySet());
        sorted.sort(Comparator.comparingLong((Map.Entry<String, long[]> e) -> -Math.abs(e.getValue()[1]))
                .thenComparing(Map.Entry::getKey));
        System.out.println("| class | bytes per ticket | objects per ticket |");
        System.out.println("|---|---|---|");
        long restBytes = 0;
        long restObjects = 0;
        for (int i = 0; i < sorted.size(); i++) {
            long[] v = sorted.get(i).getValue();
            if (i < rows) {
                System.out.printf(Locale.ROOT, "| `%s` | %.1f | %.2f |%n", sorted.get(i).getKey(), v[1] / tickets,
                        v[0] / tickets);
            } else {
                restBytes += v[1];
                restObjects += v[0];
            }
        }
        System.out.printf(Locale.ROOT, "| (the other %d classes) | %.1f | %.2f |%n", Math.max(0, sorted.size() - rows),
                restBytes / tickets, restObjects / tickets);
    }
}
