package io.switchboard.load;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * CPU time per thread of a server process (Linux): {@code /proc/<pid>/task/<tid>/stat} read twice,
 * the difference per thread, named through {@code jcmd PID Thread.print} (whose {@code nid} is the
 * Linux thread id; the kernel's own thread names are cut at 15 characters). Costs the server
 * nothing while it runs, and a thread's CPU time does not depend on how busy the box is, so these
 * figures compare runs on a shared box where latencies do not. A thread that ended before the
 * second read is not counted (a server's threads live as long as it does, but a Vert.x worker
 * retired meanwhile is missed); one the JVM does not list is named {@code tid (comm)}.
 */
final class ThreadCpu {
    private static final long NANOS_PER_TICK = 10_000_000L;
    private static final Pattern NID = Pattern.compile("^\"(.*?)\".*\\bnid=(0x[0-9a-f]+|[0-9]+)", Pattern.MULTILINE);

    private ThreadCpu() {
    }

    /** Thread id → (kernel name, CPU nanoseconds so far); empty when {@code /proc} cannot be read. */
    static Map<Integer, Map.Entry<String, Long>> snapshot(long pid) {
        Map<Integer, Map.Entry<String, Long>> out = new HashMap<>();
        try (Stream<Path> tasks = Files.list(Path.of("/proc/" + pid + "/task"))) {
            for (Path task : tasks.toList()) {
                try {
                    String stat = Files.readString(task.resolve("stat"));
                    String comm = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
                    String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                    long nanos = (Long.parseLong(f[11]) + Long.parseLong(f[12])) * NANOS_PER_TICK;
                    out.put(Integer.parseInt(task.getFileName().toString()), Map.entry(comm, nanos));
                } catch (IOException | RuntimeException e) {
                    // the thread ended between the listing and the read
                }
            }
        } catch (IOException e) {
            return Map.of();
        }
        return out;
    }

    /** Thread id → the JVM's full thread name, from {@code jcmd PID Thread.print}; empty on failure. */
    static Map<Integer, String> javaNames(long pid) {
        try {
            Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
                    Long.toString(pid), "Thread.print").redirectErrorStream(true).start();
            String dump = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            p.waitFor();
            return parseNames(dump);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Map.of();
        }
    }

    static Map<Integer, String> parseNames(String threadDump) {
        Map<Integer, String> names = new HashMap<>();
        Matcher m = NID.matcher(threadDump);
        while (m.find()) {
            String nid = m.group(2);
            names.put(nid.startsWith("0x") ? Integer.parseInt(nid.substring(2), 16) : Integer.parseInt(nid), m.group(1));
        }
        return names;
    }

    /**
     * CPU nanoseconds per thread group between two snapshots; a group is a thread's name with its
     * trailing number cut ({@code vert.x-eventloop-thread-3} → {@code vert.x-eventloop-thread-*}).
     */
    static Map<String, Long> byGroup(Map<Integer, Map.Entry<String, Long>> before,
            Map<Integer, Map.Entry<String, Long>> after, Map<Integer, String> names) {
        Map<String, Long> out = new TreeMap<>();
        after.forEach((tid, now) -> {
            Map.Entry<String, Long> then = before.get(tid);
            long nanos = now.getValue() - (then == null ? 0 : then.getValue());
            if (nanos <= 0) {
                return;
            }
            String name = names.getOrDefault(tid, "tid (" + now.getKey() + ")");
            out.merge(group(name), nanos, Long::sum);
        });
        return out;
    }

    /** A thread's name with a trailing number (and {@code #} or {@code -} before it) replaced by {@code *}. */
    static String group(String name) {
        return name.replaceAll("([#-]?)\\d+$", "$1*");
    }
}
