package io.switchboard.load;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * CPU time consumed by this generator and, when its pid is known, by the server under test
 * (read from {@code /proc/<pid>/stat}, Linux only). Both in nanoseconds; -1 when unknown.
 */
final class CpuClock {
    /** USER_HZ; 100 on every mainstream Linux build. */
    private static final long NANOS_PER_TICK = 10_000_000L;

    private CpuClock() {
    }

    static long self() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            return os.getProcessCpuTime();
        }
        return -1;
    }

    static long process(long pid) {
        if (pid <= 0) {
            return -1;
        }
        try {
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
            // Fields after the command name (which may contain spaces) start after the last ')'.
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return (Long.parseLong(f[11]) + Long.parseLong(f[12])) * NANOS_PER_TICK;
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    /** CPU time over wall time, in cores (1.0 = one core busy); NaN when unknown. */
    static double cores(long cpuNanos, long wallNanos) {
        return cpuNanos < 0 || wallNanos <= 0 ? Double.NaN : (double) cpuNanos / wallNanos;
    }
}
