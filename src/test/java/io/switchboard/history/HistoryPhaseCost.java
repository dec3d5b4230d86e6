package io.switchboard.history;

import com.sun.management.ThreadMXBean;
import io.switchboard.core.event.DomainEvent;
import io.switchboard.core.event.DomainEvent.TicketArchived;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Not a test: where the DuckDB history writer's thread CPU goes, per step of a write
 * ({@link WritePhases}: the Java fold, each append, the ticket_dims steps, the backlog_open
 * changes, the SLA rows, the commit, the position's compare-and-set), in µs per ticket over the
 * journal's second half, median of the rounds. One store variant per run ({@link HistoryFileCost}'s
 * names: {@code memory}, {@code file}, {@code file:setting=value,...}); a step's CPU includes the
 * checkpoints DuckDB runs inside it (the commit's, in a file).
 *
 * <pre>
 * java -cp target/classes:target/test-classes:$(cat target/cp.txt) io.switchboard.history.HistoryPhaseCost \
 *   TICKETS CHUNK ROUNDS [noarchive] VARIANT
 * </pre>
 */
public final class HistoryPhaseCost {
    public static void main(String[] args) throws Exception {
        int tickets = Integer.parseInt(args[0]);
        int chunk = Integer.parseInt(args[1]);
        int rounds = Integer.parseInt(args[2]);
        boolean noArchive = args[3].equals("noarchive");
        String variant = args[noArchive ? 4 : 3];
        List<DomainEvent> journal = new ArrayList<>();
        for (DomainEvent e : EngineHistory.run(tickets).journal) {
            if (!(noArchive && e instanceof TicketArchived)) {
                journal.add(e);
            }
        }
        int size = journal.size();
        ThreadMXBean threads = (ThreadMXBean) ManagementFactory.getThreadMXBean();
        Map<String, double[]> perStep = new TreeMap<>();
        double[] totals = new double[rounds];
        List<String> order = new ArrayList<>();
        for (int r = 0; r < rounds; r++) {
            Path dir = Files.createTempDirectory("history-phase-cost");
            HistoryStore store = HistoryFileCost.open(variant, dir.resolve("v"));
            WritePhases phases = new WritePhases();
            long cpu = 0;
            int measuredFrom = -1;
            for (int first = 0; first < size; first += chunk) {
                int end = Math.min(size, first + chunk);
                if (first >= size / 2 && measuredFrom < 0) {
                    measuredFrom = first;
                    WritePhases.current = phases;
                }
                long c0 = threads.getCurrentThreadCpuTime();
                store.write(first + 1, journal.subList(first, end));
                if (measuredFrom >= 0) {
                    cpu += threads.getCurrentThreadCpuTime() - c0;
                }
            }
            WritePhases.current = null;
            store.close();
            double measuredTickets = (double) tickets * (size - measuredFrom) / size;
            totals[r] = cpu / measuredTickets / 1000;
            StringBuilder line = new StringBuilder(String.format("  round %d: write %.1f us/ticket;", r + 1, totals[r]));
            for (Map.Entry<String, long[]> e : phases.totals.entrySet()) {
                if (!order.contains(e.getKey())) {
                    order.add(e.getKey());
                }
                double us = e.getValue()[0] / measuredTickets / 1000;
                perStep.computeIfAbsent(e.getKey(), k -> new double[rounds])[r] = us;
                line.append(String.format(" %s %.1f", e.getKey(), us));
            }
            System.out.println(line);
            HistoryFileCost.deleteTree(dir);
        }
        System.out.printf("%s, %d tickets, %d events, chunks of %d, median of %d rounds, us per ticket:%n", variant,
                tickets, size, chunk, rounds);
        System.out.printf("  %-24s %7.1f%n", "whole write", median(totals));
        for (String step : order) {
            System.out.printf("  %-24s %7.1f%n", step, median(perStep.get(step)));
        }
        System.exit(0);
    }

    private static double median(double[] v) {
        double[] s = v.clone();
        java.util.Arrays.sort(s);
        return s[s.length / 2];
    }
}
