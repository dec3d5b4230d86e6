package io.switchboard.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;

class ThreadCpuTest {
    @Test
    void group_trailingNumberCut_namesWithoutOneKept() {
        assertEquals("vert.x-eventloop-thread-*", ThreadCpu.group("vert.x-eventloop-thread-3"));
        assertEquals("GC Thread#*", ThreadCpu.group("GC Thread#1"));
        assertEquals("C2 CompilerThread*", ThreadCpu.group("C2 CompilerThread0"));
        assertEquals("switchboard-webhooks", ThreadCpu.group("switchboard-webhooks"));
    }

    @Test
    void parseNames_threadDumpLines_nidIsTheThreadId() {
        String dump = """
                "vert.x-eventloop-thread-1" #31 prio=5 os_prio=0 cpu=812.11ms elapsed=60.1s tid=0x00007f nid=0x7b1c runnable  [0x00007f]
                   java.lang.Thread.State: RUNNABLE
                "GC Thread#0" os_prio=0 cpu=90.00ms elapsed=61.00s tid=0x00007f nid=31500 runnable
                """;
        assertEquals(Map.of(0x7b1c, "vert.x-eventloop-thread-1", 31500, "GC Thread#0"), ThreadCpu.parseNames(dump));
    }

    @Test
    void byGroup_thisProcessBusyThread_chargedToItsGroupByName() throws Exception {
        long pid = ProcessHandle.current().pid();
        Map<Integer, Map.Entry<String, Long>> before = ThreadCpu.snapshot(pid);
        java.util.concurrent.CountDownLatch spun = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
        Thread busy = new Thread(() -> {
            long end = System.nanoTime() + 300_000_000L;
            long x = 0;
            while (System.nanoTime() < end) {
                x += System.nanoTime() % 7;
            }
            if (x == 42) {
                System.out.println(x);
            }
            spun.countDown();
            try {
                release.await(); // alive at the second read: /proc lists live threads only, as the dump does
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "thread-cpu-test-spinner-7");
        busy.start();
        spun.await();
        Map<Integer, String> names = ThreadCpu.javaNames(pid);
        Map<String, Long> groups = ThreadCpu.byGroup(before, ThreadCpu.snapshot(pid), names);
        release.countDown();
        busy.join();

        assertTrue(groups.getOrDefault("thread-cpu-test-spinner-*", 0L) > 0, "the spinner's CPU under its group: " + groups);
    }
}
