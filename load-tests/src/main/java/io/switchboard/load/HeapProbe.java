package io.switchboard.load;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Reads the memory of a JVM on this machine by pid. {@link #liveHeapBytes} runs
 * {@code jcmd <pid> GC.class_histogram}, which performs a full GC and then totals the live
 * objects: the heap that is really retained, independent of the collector and of when it last
 * ran. It pauses the target for the collection, so sample sparingly during a latency run.
 */
final class HeapProbe {
    private HeapProbe() {
    }

    /** Live heap bytes after a full GC, from the histogram's {@code Total} line. */
    static long liveHeapBytes(long pid) {
        List<String> lines = jcmd(pid, "GC.class_histogram");
        for (int i = lines.size() - 1; i >= 0; i--) {
            String line = lines.get(i).trim();
            if (line.startsWith("Total")) {
                String[] parts = line.split("\\s+");
                return Long.parseLong(parts[parts.length - 1]);
            }
        }
        throw new IllegalStateException("jcmd " + pid + " GC.class_histogram printed no Total line: " + lines);
    }

    /**
     * The live heap after a full GC by class: class name (without its module) to
     * {@code {instances, bytes}}, in the histogram's order (most bytes first), plus the
     * histogram's {@code Total} line under the key {@link #TOTAL}.
     */
    static Map<String, long[]> liveHistogram(long pid) {
        Map<String, long[]> byClass = new LinkedHashMap<>();
        for (String raw : jcmd(pid, "GC.class_histogram")) {
            String line = raw.trim();
            String[] parts = line.split("\\s+");
            if (line.startsWith("Total") && parts.length >= 3) {
                byClass.put(TOTAL, new long[] {Long.parseLong(parts[1]), Long.parseLong(parts[2])});
            } else if (parts.length >= 4 && parts[0].endsWith(":")) {
                byClass.merge(parts[3], new long[] {Long.parseLong(parts[1]), Long.parseLong(parts[2])},
                        (a, b) -> new long[] {a[0] + b[0], a[1] + b[1]});
            }
        }
        if (!byClass.containsKey(TOTAL)) {
            throw new IllegalStateException("jcmd " + pid + " GC.class_histogram printed no Total line");
        }
        return byClass;
    }

    /** The key of the histogram's {@code Total} line in {@link #liveHistogram}. */
    static final String TOTAL = "Total";

    /** Resident set size from {@code /proc/<pid>/status}, or -1. */
    static long rssBytes(long pid) {
        return procStatusKib(pid, "VmRSS:") * 1024;
    }

    /** Kernel memory of all TCP sockets, from {@code /proc/net/sockstat} ({@code TCP: ... mem N}, pages), or -1. */
    static long tcpKernelBytes() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/net/sockstat"))) {
                if (line.startsWith("TCP:")) {
                    String[] f = line.trim().split("\\s+");
                    for (int i = 1; i + 1 < f.length; i++) {
                        if (f[i].equals("mem")) {
                            return Long.parseLong(f[i + 1]) * 4096;
                        }
                    }
                }
            }
        } catch (IOException | RuntimeException e) {
            return -1;
        }
        return -1;
    }

    private static long procStatusKib(long pid, String key) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
                if (line.startsWith(key)) {
                    return Long.parseLong(line.substring(key.length()).trim().split("\\s+")[0]);
                }
            }
        } catch (IOException | RuntimeException e) {
            return -1;
        }
        return -1;
    }

    private static List<String> jcmd(long pid, String command) {
        try {
            Process p = new ProcessBuilder("jcmd", Long.toString(pid), command).redirectErrorStream(true).start();
            byte[] out = p.getInputStream().readAllBytes();
            if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IllegalStateException("jcmd " + pid + " " + command + " failed: "
                        + new String(out, StandardCharsets.UTF_8));
            }
            return new String(out, StandardCharsets.UTF_8).lines().toList();
        } catch (IOException e) {
            throw new IllegalStateException("cannot run jcmd (is a JDK on the PATH?): " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
