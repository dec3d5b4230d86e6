package io.switchboard.history;

import com.sun.management.OperatingSystemMXBean;
import com.sun.management.ThreadMXBean;
import io.switchboard.core.event.DomainEvent;
import io.switchboard.core.event.DomainEvent.TicketArchived;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;
import org.duckdb.DuckDBConnection;

/**
 * Not a test: the DuckDB history writer's cost per ticket in several store variants of this build
 * in one JVM, their writes interleaved chunk by chunk (who writes a chunk first rotates), so all
 * see the same machine load: {@code memory} (in-memory DuckDB), {@code file} (a DuckDB file, as
 * file mode opens it), and {@code file:setting=value,...} (a file opened with extra DuckDB
 * settings, for experiments). Prints, per variant and over the journal's second half: the writing
 * thread's CPU per ticket, the whole process's CPU during the variant's writes (DuckDB's own
 * threads included, and whatever else the JVM did then), the allocation, the share of the thread
 * CPU spent in chunks over 5x the variant's median chunk (automatic checkpoints), and the file's
 * and WAL's sizes at the end, and the thread CPU per ticket of the whole run with the store's
 * close (its last checkpoint: the work a larger checkpoint threshold defers).
 *
 * <pre>
 * java -cp target/classes:target/test-classes:$(cat target/cp.txt) io.switchboard.history.HistoryFileCost \
 *   TICKETS CHUNK ROUNDS [noarchive] memory file file:checkpoint_threshold=1GB
 * </pre>
 */
public final class HistoryFileCost {
    public static void main(String[] args) throws Exception {
        int tickets = Integer.parseInt(args[0]);
        int chunk = Integer.parseInt(args[1]);
        int rounds = Integer.parseInt(args[2]);
        int next = 3;
        boolean noArchive = args.length > next && args[next].equals("noarchive");
        if (noArchive) {
            next++;
        }
        String[] variants = Arrays.copyOfRange(args, next, args.length);
        List<DomainEvent> journal = new ArrayList<>();
        for (DomainEvent e : EngineHistory.run(tickets).journal) {
            if (!(noArchive && e instanceof TicketArchived)) {
                journal.add(e);
            }
        }
        int size = journal.size();
        System.out.printf("%d tickets, %d events%s, chunks of %d, %d rounds; per ticket over the second half%n",
                tickets, size, noArchive ? " (no TicketArchived)" : "", chunk, rounds);
        ThreadMXBean threads = (ThreadMXBean) ManagementFactory.getThreadMXBean();
        OperatingSystemMXBean os = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        int n = variants.length;
        double[][] cpu = new double[n][rounds];
        double[][] proc = new double[n][rounds];
        double[][] alloc = new double[n][rounds];
        double[][] spikes = new double[n][rounds];
        double[][] whole = new double[n][rounds];
        for (int r = 0; r < rounds; r++) {
            Path dir = Files.createTempDirectory("history-file-cost");
            HistoryStore[] stores = new HistoryStore[n];
            for (int v = 0; v < n; v++) {
                stores[v] = open(variants[v], dir.resolve("v" + v));
            }
            long[] c = new long[n];
            long[] p = new long[n];
            long[] a = new long[n];
            long[] all = new long[n];
            List<List<Long>> chunkCpu = new ArrayList<>();
            for (int v = 0; v < n; v++) {
                chunkCpu.add(new ArrayList<>());
            }
            int measuredFrom = -1;
            int k = 0;
            for (int first = 0; first < size; first += chunk, k++) {
                int end = Math.min(size, first + chunk);
                boolean measured = first >= size / 2;
                if (measured && measuredFrom < 0) {
                    measuredFrom = first;
                }
                for (int o = 0; o < n; o++) {
                    int v = (k + o) % n;
                    long p0 = os.getProcessCpuTime();
                    long c0 = threads.getCurrentThreadCpuTime();
                    long a0 = threads.getCurrentThreadAllocatedBytes();
                    stores[v].write(first + 1, journal.subList(first, end));
                    long dc = threads.getCurrentThreadCpuTime() - c0;
                    all[v] += dc;
                    if (Boolean.getBoolean("chunks")) { // every chunk's CPU, to see the checkpoints as the store grows
                        System.out.printf("    chunk %d %s %.1f ms%n", k, variants[v], dc / 1e6);
                    }
                    if (measured) {
                        c[v] += dc;
                        a[v] += threads.getCurrentThreadAllocatedBytes() - a0;
                        p[v] += os.getProcessCpuTime() - p0;
                        chunkCpu.get(v).add(dc);
                    }
                }
            }
            double measuredTickets = (double) tickets * (size - measuredFrom) / size; // long products overflow int
            StringBuilder line = new StringBuilder("  round " + (r + 1) + ":");
            for (int v = 0; v < n; v++) {
                cpu[v][r] = c[v] / measuredTickets / 1000;
                proc[v][r] = p[v] / measuredTickets / 1000;
                alloc[v][r] = a[v] / measuredTickets;
                long[] sorted = chunkCpu.get(v).stream().mapToLong(Long::longValue).sorted().toArray();
                long med = sorted[sorted.length / 2];
                long spike = 0;
                for (long x : sorted) {
                    if (x > 5 * med) {
                        spike += x;
                    }
                }
                spikes[v][r] = spike / (double) c[v];
                String before = sizes(dir.resolve("v" + v));
                long c0 = threads.getCurrentThreadCpuTime();
                stores[v].close(); // a file's last checkpoint: what a larger threshold defers
                whole[v][r] = (all[v] + threads.getCurrentThreadCpuTime() - c0) / (double) tickets / 1000;
                line.append(String.format("  %s %.1f us (proc %.1f) %.0f B spikes %.0f%% %s", variants[v], cpu[v][r],
                        proc[v][r], alloc[v][r], 100 * spikes[v][r], before + " closed " + sizes(dir.resolve("v" + v))));
            }
            System.out.println(line);
            deleteTree(dir);
        }
        System.out.println("median:");
        for (int v = 0; v < n; v++) {
            double[] ratio = new double[rounds];
            for (int r = 0; r < rounds; r++) {
                ratio[r] = cpu[v][r] / cpu[0][r];
            }
            System.out.printf("  %-40s thread %7.1f us  process %7.1f us  %7.0f B  spikes %3.0f%%  ÷ %s %.3f;"
                    + " whole run with the close %7.1f us%n", variants[v], median(cpu[v]), median(proc[v]), median(alloc[v]),
                    100 * median(spikes[v]), variants[0], median(ratio), median(whole[v]));
        }

        System.exit(0);
    }

    static HistoryStore open(String variant, Path dir) throws Exception {
        if (variant.equals("memory")) {
            return HistoryStores.duckDbInMemory();
        }
        if (variant.equals("file")) {
            return HistoryStores.duckDb(dir);
        }
        if (!variant.startsWith("file:")) {
            throw new IllegalArgumentException("variant: memory, file or file:setting=value,...: " + variant);
        }
        Properties settings = new Properties();
        settings.setProperty("preserve_insertion_order", "false");
        for (String kv : variant.substring(5).split(",")) {
            String[] parts = kv.split("=", 2);
            settings.setProperty(parts[0], parts[1]);
        }
        Files.createDirectories(dir);
        DuckDBConnection root = (DuckDBConnection) DriverManager.getConnection(
                "jdbc:duckdb:" + dir.resolve(HistoryStores.DUCKDB_FILE).toAbsolutePath(), settings);
        return new JdbcHistoryStore(new ConnectionSource() {
            @Override
            public synchronized Connection get() throws SQLException {
                return root.duplicate();
            }

            @Override
            public synchronized void close() {
                try {
                    root.close();
                } catch (SQLException ignored) {
                    // a measuring tool
                }
            }
        }, Dialect.DUCKDB, "duckdb:" + variant);
    }

    private static String sizes(Path dir) throws java.io.IOException {
        if (!Files.isDirectory(dir)) {
            return "";
        }
        Path db = dir.resolve(HistoryStores.DUCKDB_FILE);
        Path wal = dir.resolve(HistoryStores.DUCKDB_FILE + ".wal");
        return String.format("[db %.1f MB, wal %.1f MB]", Files.exists(db) ? Files.size(db) / 1e6 : 0,
                Files.exists(wal) ? Files.size(wal) / 1e6 : 0);
    }

    static void deleteTree(Path root) throws java.io.IOException {
        try (java.util.stream.Stream<Path> paths = Files.walk(root)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    private static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        return s[s.length / 2];
    }
}
