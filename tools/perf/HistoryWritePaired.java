import com.sun.management.ThreadMXBean;
import java.lang.management.ManagementFactory;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Not a test: the history writer's CPU and allocation per ticket for two builds in one JVM, their
 * writes interleaved chunk by chunk (each build in its own class loader with its own in-memory
 * DuckDB store; which build writes a chunk first alternates), so both see the same machine load.
 * On a shared, loaded box this separates changes of 5-10 % that alternated runs of separate JVMs
 * cannot. The journal is {@code EngineHistory}'s (from the test classes), encoded once and decoded
 * by each build; {@code noarchive} leaves out its TicketArchived events, as {@code LifecycleCost}
 * never archives; {@code file} gives each build a DuckDB file store (as file mode opens it, in a
 * fresh temporary directory per round) instead of an in-memory one. Figures are per ticket over
 * the journal's second half, per round and as medians; the wall time of the writes beside the CPU
 * (a file store's fsyncs wait without using the CPU), and the CPU per ticket of the whole run with
 * the stores' close (a file's last checkpoint: work a larger checkpoint threshold defers).
 *
 * <pre>
 * ./mvnw -B -q test-compile  # in each build's clone; cp.txt as in docs/BENCHMARKS.md
 * java -cp $(cat target/cp.txt) tools/perf/HistoryWritePaired.java BASE/target/classes target/classes \
 *   target/test-classes 2000 150 5 [noarchive] [file]
 * </pre>
 * Only the dependencies go on the class path: each build's classes come from its own loader.
 */
public final class HistoryWritePaired {
    public static void main(String[] args) throws Exception {
        ClassLoader parent = HistoryWritePaired.class.getClassLoader();
        Path tests = Path.of(args[2]);
        URLClassLoader[] loaders = {
            new URLClassLoader(new URL[] {Path.of(args[0]).toUri().toURL(), tests.toUri().toURL()}, parent),
            new URLClassLoader(new URL[] {Path.of(args[1]).toUri().toURL(), tests.toUri().toURL()}, parent)};
        int tickets = Integer.parseInt(args[3]);
        int chunk = Integer.parseInt(args[4]);
        int rounds = Integer.parseInt(args[5]);
        List<String> options = Arrays.asList(args).subList(Math.min(6, args.length), args.length);
        boolean noArchive = options.contains("noarchive");
        boolean file = options.contains("file");
        // one journal, as bytes, decoded by each build
        Class<?> history = loaders[0].loadClass("io.switchboard.history.EngineHistory");
        Method run = history.getMethod("run", int.class);
        run.setAccessible(true);
        List<?> events = (List<?>) history.getField("journal").get(run.invoke(null, tickets));
        Object codec0 = loaders[0].loadClass("io.switchboard.store.EventCodec").getMethod("instance").invoke(null);
        Method encode = codec0.getClass().getMethod("encode", loaders[0].loadClass("io.switchboard.core.event.DomainEvent"));
        List<byte[]> bytes = new ArrayList<>();
        for (Object e : events) {
            if (noArchive && e.getClass().getSimpleName().equals("TicketArchived")) {
                continue;
            }
            bytes.add((byte[]) encode.invoke(codec0, e));
        }
        List<List<Object>> journals = new ArrayList<>();
        for (URLClassLoader l : loaders) {
            Object codec = l.loadClass("io.switchboard.store.EventCodec").getMethod("instance").invoke(null);
            Method decode = codec.getClass().getMethod("decode", byte[].class);
            List<Object> j = new ArrayList<>();
            for (byte[] b : bytes) {
                j.add(decode.invoke(codec, (Object) b));
            }
            journals.add(j);
        }
        int size = bytes.size();
        System.out.printf("%d tickets, %d events%s, chunks of %d, %d rounds, %s stores; per ticket over the second half%n",
                tickets, size, noArchive ? " (no TicketArchived)" : "", chunk, rounds, file ? "DuckDB file" : "in-memory");
        ThreadMXBean threads = (ThreadMXBean) ManagementFactory.getThreadMXBean();
        double[][] cpu = new double[2][rounds];
        double[][] alloc = new double[2][rounds];
        double[][] wall = new double[2][rounds];
        double[][] whole = new double[2][rounds];
        for (int r = 0; r < rounds; r++) {
            Object[] stores = new Object[2];
            Path dir = file ? java.nio.file.Files.createTempDirectory("history-write-paired") : null;
            Method[] writes = new Method[2];
            for (int s = 0; s < 2; s++) {
                Class<?> stores0 = loaders[s].loadClass("io.switchboard.history.HistoryStores");
                stores[s] = file ? stores0.getMethod("duckDb", Path.class).invoke(null, dir.resolve("build" + s))
                        : stores0.getMethod("duckDbInMemory").invoke(null);
                writes[s] = loaders[s].loadClass("io.switchboard.history.HistoryStore").getMethod("write", long.class,
                        List.class);
            }
            long[] c = new long[2];
            long[] a = new long[2];
            long[] w = new long[2];
            long[] all = new long[2];
            int measuredFrom = -1;
            int k = 0;
            for (int first = 0; first < size; first += chunk, k++) {
                int end = Math.min(size, first + chunk);
                boolean measured = first >= size / 2;
                if (measured && measuredFrom < 0) {
                    measuredFrom = first;
                }
                for (int o = 0; o < 2; o++) {
                    int s = (k + o) % 2; // who goes first alternates
                    long c0 = threads.getCurrentThreadCpuTime();
                    long a0 = threads.getCurrentThreadAllocatedBytes();
                    long w0 = System.nanoTime();
                    writes[s].invoke(stores[s], (long) first + 1, journals.get(s).subList(first, end));
                    all[s] += threads.getCurrentThreadCpuTime() - c0;
                    if (measured) {
                        c[s] += threads.getCurrentThreadCpuTime() - c0;
                        a[s] += threads.getCurrentThreadAllocatedBytes() - a0;
                        w[s] += System.nanoTime() - w0;
                    }
                }
            }
            double measuredTickets = (double) tickets * (size - measuredFrom) / size; // long products overflow int
            for (int s = 0; s < 2; s++) {
                cpu[s][r] = c[s] / measuredTickets / 1000;
                alloc[s][r] = a[s] / measuredTickets;
                wall[s][r] = w[s] / measuredTickets / 1000;
                long c0 = threads.getCurrentThreadCpuTime();
                ((AutoCloseable) stores[s]).close(); // a file's last checkpoint: deferred work, counted in `whole`
                whole[s][r] = (all[s] + threads.getCurrentThreadCpuTime() - c0) / (double) tickets / 1000;
            }
            if (dir != null) {
                try (java.util.stream.Stream<Path> paths = java.nio.file.Files.walk(dir)) {
                    paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
                }
            }
            System.out.printf("  round %d: base %7.1f us %7.0f B (wall %7.1f us)   head %7.1f us %7.0f B (wall %7.1f us)"
                    + "   head/base CPU %.3f; whole run with the close: base %.1f us, head %.1f us%n", r + 1, cpu[0][r],
                    alloc[0][r], wall[0][r], cpu[1][r], alloc[1][r], wall[1][r], cpu[1][r] / cpu[0][r], whole[0][r],
                    whole[1][r]);
        }
        double[] ratio = new double[rounds];
        double[] wallRatio = new double[rounds];
        double[] wholeRatio = new double[rounds];
        for (int r = 0; r < rounds; r++) {
            ratio[r] = cpu[1][r] / cpu[0][r];
            wallRatio[r] = wall[1][r] / wall[0][r];
            wholeRatio[r] = whole[1][r] / whole[0][r];
        }
        System.out.printf("median: base %.1f us %.0f B, head %.1f us %.0f B, head/base CPU %.3f; wall base %.1f us, head"
                + " %.1f us, head/base %.3f%n", median(cpu[0]), median(alloc[0]), median(cpu[1]), median(alloc[1]),
                median(ratio), median(wall[0]), median(wall[1]), median(wallRatio));
        System.out.printf("median, the whole run's CPU per ticket with the stores' close: base %.1f us, head %.1f us,"
                + " head/base %.3f%n", median(whole[0]), median(whole[1]), median(wholeRatio));
        System.exit(0);
    }

    private static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        return s[s.length / 2];
    }
}
