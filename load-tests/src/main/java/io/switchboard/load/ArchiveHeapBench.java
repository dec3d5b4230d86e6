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
import java.nio.file.Path;
import java.util.ArrayList;
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
 */
public final class ArchiveHeapBench {
    private ArchiveHeapBench() {
    }

    public static void main(String[] argv) {
        Args a = new Args(argv, 0);
        long archiveAfterMillis = Long.parseLong(a.string("archive-after", "0")) * 1000;
        List<Integer> at = new ArrayList<>();
        for (String s : a.string("at", "20000,80000").split(",")) {
            at.add(Integer.parseInt(s.trim()));
        }
        SwitchboardConfig config = ConfigLoader.loadDemo();
        long now = System.currentTimeMillis() - TimeUnit.DAYS.toMillis(60);
        Engine engine = new Engine(config.routing(), config.sla(), new Retention(archiveAfterMillis), now);
        for (String agent : List.of("alice", "bob", "chen")) {
            engine.handle(new Command.Connect(agent, "s-" + agent), now);
            engine.handle(new Command.SetPresence(agent, "s-" + agent, Presence.AVAILABLE), now);
        }
        String[] types = {"refund", "question", "billing", "technical", "invoice"};
        long pid = ProcessHandle.current().pid();
        List<long[]> readings = new ArrayList<>();
        int done = 0;
        int closed = 0;
        for (int target : at) {
            for (int i = done; i < target; i++) {
                now += 50;
                Customer customer = new Customer("cust-" + (i % 5000),
                        i % 10 == 0 ? CustomerTier.VIP : CustomerTier.STANDARD, "Customer " + i);
                TicketDraft draft = new TicketDraft(Channel.CHAT, Priority.NORMAL, customer, types[i % types.length],
                        "Ticket " + i + ": my order has not arrived", "Order A-" + i + " was due yesterday.", List.of(),
                        "en", Set.of("seed"), Map.of("order", "A-" + i), null);
                Outcome created = engine.handle(new Command.CreateTicket(draft, null, null, "integration"), now);
                for (AgentPush push : created.pushes()) {
                    if (push.kind() == AgentPush.Kind.OFFER) {
                        String agent = push.agentId();
                        String ticket = push.ticket().id();
                        engine.handle(new Command.Accept(agent, "s-" + agent, push.offerId()), now + 5);
                        engine.handle(new Command.Reply(ticket, "We are on it", "agent:" + agent), now + 10);
                        engine.handle(new Command.Resolve(ticket, "done", "agent:" + agent), now + 20);
                        engine.handle(new Command.Close(ticket, "confirmed", "api"), now + 30);
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
            long heap = HeapProbe.liveHeapBytes(pid);
            readings.add(new long[] {target, heap, closed});
            System.out.printf(Locale.ROOT, "archive-after %ds: %d tickets (%d closed) → live heap %.1f MB%n",
                    archiveAfterMillis / 1000, target, closed, heap / 1e6);
        }
        long[] first = readings.get(0);
        long[] last = readings.get(readings.size() - 1);
        double slope = (double) (last[1] - first[1]) / (last[2] - first[2]);
        System.out.printf(Locale.ROOT, "RESULT archive_after_s=%d live_heap_bytes_per_closed_ticket=%.0f (between %d and"
                + " %d closed tickets)%n", archiveAfterMillis / 1000, slope, first[2], last[2]);
        if (engine.hashCode() == 42) {
            System.out.println(Path.of(".")); // keeps the engine reachable until after the last reading
        }
    }
}
