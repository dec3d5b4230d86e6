package io.switchboard.load;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedThread;
import jdk.jfr.consumer.RecordingFile;

/**
 * GC pauses and allocation of a running server without any start-up flag: {@code jcmd PID
 * JFR.start} with a small settings file (GC pauses, GC configuration, per-thread allocation
 * counters every second; no sampling, so the recording costs next to nothing), then {@code jcmd
 * PID JFR.stop filename=...}, and {@link #summarise} reads the file with {@code jdk.jfr.consumer}
 * for one time window: the pauses that started in it, and the bytes every thread allocated between
 * its last counter sample at or before the window's start and its last one at or before its end.
 */
final class JfrProbe {
    static final String RECORDING = "e2e";
    static final String SETTINGS = """
            <?xml version="1.0" encoding="UTF-8"?>
            <configuration version="2.0" label="switchboard e2e" description="GC pauses and allocation only">
              <event name="jdk.GCPhasePause"><setting name="enabled">true</setting><setting name="threshold">0 ms</setting></event>
              <event name="jdk.GarbageCollection"><setting name="enabled">true</setting><setting name="threshold">0 ms</setting></event>
              <event name="jdk.GCConfiguration"><setting name="enabled">true</setting><setting name="period">beginChunk</setting></event>
              <event name="jdk.ThreadAllocationStatistics"><setting name="enabled">true</setting><setting name="period">1 s</setting></event>
            </configuration>
            """;

    /** What a window of the recording shows; pause figures in ms, NaN when there was no pause. */
    record Summary(String collector, int pauses, double maxPauseMs, double p99PauseMs, double totalPauseMs,
            long allocatedBytes) {}

    private JfrProbe() {
    }

    /** Starts the recording in process {@code pid}; the settings file is written into {@code dir}. */
    static void start(long pid, Path dir) {
        Path settings = dir.resolve("e2e.jfc");
        try {
            Files.writeString(settings, SETTINGS, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        jcmd(pid, "JFR.start", "name=" + RECORDING, "settings=" + settings.toAbsolutePath());
    }

    /** Stops the recording and writes it to {@code file}. */
    static void stop(long pid, Path file) {
        jcmd(pid, "JFR.stop", "name=" + RECORDING, "filename=" + file.toAbsolutePath());
    }

    static Summary summarise(Path file, Instant from, Instant to) {
        List<RecordedEvent> events;
        try {
            events = RecordingFile.readAllEvents(file);
        } catch (IOException e) {
            throw new UncheckedIOException("reading " + file, e);
        }
        String collector = "unknown";
        List<Double> pauses = new ArrayList<>();
        Map<Long, TreeMap<Instant, Long>> allocated = new HashMap<>();
        for (RecordedEvent e : events) {
            switch (e.getEventType().getName()) {
                case "jdk.GCConfiguration":
                    collector = e.getString("youngCollector") + " + " + e.getString("oldCollector");
                    break;
                case "jdk.GCPhasePause":
                    if (!e.getStartTime().isBefore(from) && e.getStartTime().isBefore(to)) {
                        pauses.add(e.getDuration().toNanos() / 1e6);
                    }
                    break;
                case "jdk.ThreadAllocationStatistics":
                    RecordedThread thread = e.getThread("thread");
                    long id = thread == null ? -1 : thread.getId();
                    allocated.computeIfAbsent(id, k -> new TreeMap<>()).put(e.getEndTime(), e.getLong("allocated"));
                    break;
                default:
                    break;
            }
        }
        long bytes = 0;
        for (TreeMap<Instant, Long> samples : allocated.values()) {
            Map.Entry<Instant, Long> end = samples.floorEntry(to);
            if (end == null) {
                continue;
            }
            Map.Entry<Instant, Long> start = samples.floorEntry(from);
            bytes += end.getValue() - (start == null ? 0 : start.getValue()); // a thread born inside the window starts at 0
        }
        Collections.sort(pauses);
        double total = 0;
        for (double p : pauses) {
            total += p;
        }
        return new Summary(collector, pauses.size(), pauses.isEmpty() ? Double.NaN : pauses.get(pauses.size() - 1),
                pauses.isEmpty() ? Double.NaN : pauses.get((int) Math.min(pauses.size() - 1, Math.ceil(pauses.size() * 0.99) - 1)),
                total, bytes);
    }

    /**
     * Bytes allocated per thread group ({@link ThreadCpu#group}) from {@code from} to the end of
     * the recording: each thread's last counter minus its last one at or before {@code from} (a
     * thread born later from 0).
     */
    static Map<String, Long> allocatedByGroup(Path file, Instant from) {
        Map<Long, long[]> firstLast = new HashMap<>();
        Map<Long, String> names = new HashMap<>();
        try (RecordingFile recording = new RecordingFile(file)) {
            while (recording.hasMoreEvents()) {
                RecordedEvent e = recording.readEvent();
                if (!e.getEventType().getName().equals("jdk.ThreadAllocationStatistics")) {
                    continue;
                }
                RecordedThread thread = e.getThread("thread");
                if (thread == null) {
                    continue;
                }
                long bytes = e.getLong("allocated");
                long[] fl = firstLast.computeIfAbsent(thread.getId(), k -> new long[] {0, 0});
                if (!e.getEndTime().isAfter(from)) {
                    fl[0] = bytes; // the last sample at or before the window's start is the base
                }
                fl[1] = bytes;
                names.put(thread.getId(), thread.getJavaName() == null ? thread.getOSName() : thread.getJavaName());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("reading " + file, e);
        }
        Map<String, Long> out = new TreeMap<>();
        firstLast.forEach((id, fl) -> out.merge(ThreadCpu.group(names.get(id)), fl[1] - fl[0], Long::sum));
        return out;
    }

    private static void jcmd(long pid, String... command) {
        List<String> argv = new ArrayList<>();
        argv.add(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString());
        argv.add(Long.toString(pid));
        Collections.addAll(argv, command);
        try {
            Process p = new ProcessBuilder(argv).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(60, java.util.concurrent.TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IllegalStateException("jcmd " + String.join(" ", command) + " failed: " + out);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
