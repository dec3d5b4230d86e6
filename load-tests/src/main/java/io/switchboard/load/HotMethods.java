package io.switchboard.load;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedMethod;
import jdk.jfr.consumer.RecordingFile;

/**
 * {@code hot-methods --file A.jfr[,B.jfr] [--top 15] [--thread PREFIX]}: the CPU profile of JFR
 * recordings' {@code jdk.ExecutionSample} events (several files are added up into one profile), per method ({@code Class.method}): the self share (samples
 * whose top frame is the method) and the total share (samples with the method anywhere on the
 * stack, counted once per sample), both as a share of all samples. JDK 17's {@code jfr} tool has no
 * {@code view hot-methods}; this is that view, plus totals. Shares, not times: on a shared box they
 * stay meaningful when the wall-clock figures do not. With {@code --alloc true} the same tables
 * weigh {@code jdk.ObjectAllocationSample} events by their bytes: where the allocation goes.
 */
final class HotMethods {
    record Row(String method, long self, long total) {}

    record Profile(long samples, List<Row> bySelf, List<Row> byTotal, Map<String, Long> threads) {}

    private HotMethods() {
    }

    static void run(Args a) {
        int top = a.integer("top", 15);
        String threadPrefix = a.string("thread", null);
        String fileList = a.string("file", null);
        boolean alloc = Boolean.parseBoolean(a.string("alloc", "false"));
        a.rejectUnknown();
        if (fileList == null) {
            throw new IllegalArgumentException("hot-methods needs --file A.jfr[,B.jfr]");
        }
        List<String> files = List.of(fileList.split(","));
        Profile p = read(files.stream().map(Path::of).toList(), threadPrefix, alloc);
        System.out.printf(Locale.ROOT, "%s: %d %s%s%n", String.join(", ", files), p.samples(),
                alloc ? "bytes sampled (jdk.ObjectAllocationSample weights)" : "execution samples",
                threadPrefix == null ? "" : " on threads " + threadPrefix + "*");
        System.out.println("threads (share of samples):");
        p.threads().entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed()).limit(top)
                .forEach(e -> System.out.printf(Locale.ROOT, "  %5.1f %%  %s%n", 100.0 * e.getValue() / p.samples(),
                        e.getKey()));
        print("by self share", p.bySelf(), p.samples(), top);
        print("by total share", p.byTotal(), p.samples(), top);
        print("by total share, io.switchboard only", p.byTotal().stream()
                .filter(r -> r.method().startsWith("io.switchboard.")).toList(), p.samples(), top);
    }

    private static void print(String title, List<Row> rows, long samples, int top) {
        System.out.printf(Locale.ROOT, "%s:%n  %6s %6s  %s%n", title, "self", "total", "method");
        rows.stream().limit(top).forEach(r -> System.out.printf(Locale.ROOT, "  %5.1f%% %5.1f%%  %s%n",
                100.0 * r.self() / samples, 100.0 * r.total() / samples, r.method()));
    }

    /** Reads every execution sample of {@code files} (of threads whose name starts with {@code threadPrefix}, if given). */
    static Profile read(List<Path> files, String threadPrefix, boolean alloc) {
        Map<String, long[]> counts = new HashMap<>();
        Map<String, Long> threads = new HashMap<>();
        long samples = 0;
        for (Path file : files) {
            samples += read(file, threadPrefix, alloc, counts, threads);
        }
        List<Row> rows = new ArrayList<>();
        counts.forEach((m, c) -> rows.add(new Row(m, c[0], c[1])));
        List<Row> bySelf = new ArrayList<>(rows);
        bySelf.sort((x, y) -> Long.compare(y.self(), x.self()));
        List<Row> byTotal = new ArrayList<>(rows);
        byTotal.sort((x, y) -> Long.compare(y.total(), x.total()));
        return new Profile(samples, bySelf, byTotal, threads);
    }

    /** Adds one file's samples to {@code counts} ({self, total} per method) and {@code threads}; returns how many. */
    private static long read(Path file, String threadPrefix, boolean alloc, Map<String, long[]> counts,
            Map<String, Long> threads) {
        String eventName = alloc ? "jdk.ObjectAllocationSample" : "jdk.ExecutionSample";
        long samples = 0;
        try (RecordingFile recording = new RecordingFile(file)) {
            while (recording.hasMoreEvents()) {
                RecordedEvent e = recording.readEvent();
                if (!e.getEventType().getName().equals(eventName) || e.getStackTrace() == null) {
                    continue;
                }
                String thread = threadName(e, alloc ? "eventThread" : "sampledThread");
                long weight = alloc ? e.getLong("weight") : 1;
                if (threadPrefix != null && !thread.startsWith(threadPrefix)) {
                    continue;
                }
                samples += weight;
                threads.merge(threadGroup(thread), weight, Long::sum);
                List<RecordedFrame> frames = e.getStackTrace().getFrames();
                Set<String> seen = new HashSet<>();
                for (int i = 0; i < frames.size(); i++) {
                    String method = name(frames.get(i).getMethod());
                    long[] c = counts.computeIfAbsent(method, k -> new long[2]);
                    if (i == 0) {
                        c[0] += weight;
                    }
                    if (seen.add(method)) {
                        c[1] += weight;
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
        return samples;
    }

    private static String threadName(RecordedEvent e, String field) {
        var t = e.getThread(field);
        return t == null || t.getJavaName() == null ? "?" : t.getJavaName();
    }

    /** {@code vert.x-eventloop-thread-1} → {@code vert.x-eventloop-thread-*}: threads of one pool together. */
    static String threadGroup(String thread) {
        return thread.replaceAll("\\d+$", "*");
    }

    static String name(RecordedMethod m) {
        if (m == null) {
            return "?";
        }
        String type = m.getType() == null ? "?" : m.getType().getName();
        return type + "." + m.getName();
    }
}
