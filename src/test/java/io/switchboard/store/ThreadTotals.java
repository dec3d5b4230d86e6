package io.switchboard.store;

import com.sun.management.ThreadMXBean;
import java.lang.management.ManagementFactory;

/** The store's perf tools' reading of this JVM's threads (allocation and CPU are HotSpot's counters). */
final class ThreadTotals {
    private ThreadTotals() {
    }

    /** {bytes allocated, CPU nanos} summed over every thread but main. */
    static long[] allButMain() {
        ThreadMXBean threads = (ThreadMXBean) ManagementFactory.getThreadMXBean();
        long bytes = 0;
        long cpu = 0;
        for (java.lang.management.ThreadInfo info : threads.getThreadInfo(threads.getAllThreadIds())) {
            if (info == null || info.getThreadName().equals("main")) {
                continue;
            }
            bytes += Math.max(0, threads.getThreadAllocatedBytes(info.getThreadId()));
            cpu += Math.max(0, threads.getThreadCpuTime(info.getThreadId()));
        }
        return new long[] {bytes, cpu};
    }
}
