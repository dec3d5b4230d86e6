package io.switchboard.history;

import com.sun.management.ThreadMXBean;
import io.switchboard.core.event.DomainEvent;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Not a test: a measuring tool for issue 12. The history writer's cost per ticket, without the
 * rest of the server: a realistic journal ({@link EngineHistory}: created, offered, assigned,
 * replied, resolved, closed, archived, every fifth ticket breaching and escalating) is written to
 * a fresh in-memory DuckDB store in chunks of the given sizes (a chunk is one store transaction,
 * as the projection makes them), and the writing thread's CPU time and allocated bytes are
 * printed per ticket over the second half of the journal (the first half warms up the JIT and
 * gives the tables their rows). Measures cost, not latency, so it stays meaningful on a busy
 * machine; DuckDB's native work runs on the writing thread and counts in its CPU time (not in
 * its allocation, which is the JVM heap's).
 *
 * <pre>
 * ./mvnw -B -q test-compile && java -cp target/classes:target/test-classes:$(cat target/cp.txt) \
 *   io.switchboard.history.HistoryWriteCost [tickets] [chunk,chunk,...] [runs]
 * </pre>
 */
final class HistoryWriteCost {
    private HistoryWriteCost() {}

    public static void main(String[] args) throws Exception {
        int tickets = args.length > 0 ? Integer.parseInt(args[0]) : 4_000;
        int[] chunks = Arrays.stream((args.length > 1 ? args[1] : "20,150,1000").split(","))
                .mapToInt(Integer::parseInt).toArray();
        int runs = args.length > 2 ? Integer.parseInt(args[2]) : 3;
        EngineHistory history = EngineHistory.run(tickets);
        List<DomainEvent> journal = history.journal;
        System.out.printf("%d tickets, %d events (%.1f per ticket); medians of %d runs%n", tickets, journal.size(),
                journal.size() / (double) tickets, runs);
        for (int chunk : chunks) {
            double[] cpu = new double[runs];
            double[] bytes = new double[runs];
            for (int r = 0; r < runs; r++) {
                double[] cost = once(journal, chunk, tickets);
                cpu[r] = cost[0];
                bytes[r] = cost[1];
            }
            Arrays.sort(cpu);
            Arrays.sort(bytes);
            System.out.printf("  chunks of %5d events: %7.1f us CPU/ticket %8.0f B/ticket   (CPU runs %s)%n", chunk,
                    cpu[runs / 2], bytes[runs / 2], Arrays.toString(Arrays.stream(cpu)
                            .map(v -> Math.round(v * 10) / 10.0).toArray()));
        }
        System.exit(0);
    }

    /** Writes the journal to a fresh store; returns {CPU micros, bytes} per ticket of the second half. */
    private static double[] once(List<DomainEvent> journal, int chunk, int tickets) throws Exception {
        ThreadMXBean threads = (ThreadMXBean) ManagementFactory.getThreadMXBean();
        try (HistoryStore store = HistoryStores.duckDbInMemory()) {
            int half = journal.size() / 2;
            List<int[]> ranges = new ArrayList<>();
            for (int first = 0; first < journal.size(); first += chunk) {
                ranges.add(new int[] {first, Math.min(journal.size(), first + chunk)});
            }
            long cpu0 = 0;
            long bytes0 = 0;
            int measuredFrom = -1;
            for (int[] range : ranges) {
                if (measuredFrom < 0 && range[0] >= half) {
                    measuredFrom = range[0];
                    cpu0 = threads.getCurrentThreadCpuTime();
                    bytes0 = threads.getCurrentThreadAllocatedBytes();
                }
                store.write(range[0] + 1L, journal.subList(range[0], range[1]));
            }
            long cpu = threads.getCurrentThreadCpuTime() - cpu0;
            long bytes = threads.getCurrentThreadAllocatedBytes() - bytes0;
            double measuredTickets = tickets * (journal.size() - measuredFrom) / (double) journal.size();
            return new double[] {cpu / measuredTickets / 1000, bytes / measuredTickets};
        }
    }
}
