package io.switchboard.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

class WindowCpuTest {
    @Test
    void byGroup_threadsBusyBeforeAndInsideTheWindow_onlyTheWindowsShareCharged() throws Exception {
        long pid = ProcessHandle.current().pid();
        Instant from = Instant.now().plusMillis(300);
        Instant to = from.plusMillis(400);
        WindowCpu window = WindowCpu.over(pid, from, to);
        CountDownLatch release = new CountDownLatch(1);
        Thread before = new Thread(() -> {
            spinUntil(from.minusMillis(100));
            awaitQuietly(release); // alive at both reads: /proc lists live threads only
        }, "window-cpu-test-before-1");
        Thread inside = new Thread(() -> {
            sleepUntil(from.plusMillis(50));
            spinUntil(to.minusMillis(50));
            awaitQuietly(release);
        }, "window-cpu-test-inside-1");
        before.start();
        inside.start();

        Map<String, Long> groups = window.byGroup();
        release.countDown();
        before.join();
        inside.join();

        // CPU time, not wall time: on a busy box a spinner gets less than its 300 ms, never more
        // than the window's 400 ms (the kernel counts in 10 ms ticks)
        long in = groups.getOrDefault("window-cpu-test-inside-*", 0L);
        assertTrue(in > 0 && in <= 420_000_000L, "the inside spinner's CPU in the window: " + groups);
        assertTrue(groups.getOrDefault("window-cpu-test-before-*", 0L) <= 20_000_000L,
                "the spinner that stopped before the window is not charged: " + groups);
    }

    @Test
    void byGroup_openWindow_endsAtTheCall() throws Exception {
        long pid = ProcessHandle.current().pid();
        Instant from = Instant.now().plusMillis(200);
        WindowCpu window = WindowCpu.from(pid, from);
        CountDownLatch release = new CountDownLatch(1);
        Thread inside = new Thread(() -> {
            sleepUntil(from.plusMillis(50));
            spinUntil(from.plusMillis(350));
            awaitQuietly(release);
        }, "window-cpu-test-open-1");
        inside.start();
        sleepUntil(from.plusMillis(400));

        Map<String, Long> groups = window.byGroup();
        release.countDown();
        inside.join();

        long in = groups.getOrDefault("window-cpu-test-open-*", 0L);
        assertTrue(in > 0 && in <= 420_000_000L, "the spinner's CPU from the window's start to the call: " + groups);
    }

    @Test
    void byGroup_openWindowNotBegun_empty() {
        assertEquals(Map.of(), WindowCpu.from(ProcessHandle.current().pid(), Instant.now().plusSeconds(3600)).byGroup());
    }

    @Test
    void byGroup_windowNotEnded_empty() {
        Instant far = Instant.now().plusSeconds(3600);
        assertEquals(Map.of(), WindowCpu.over(ProcessHandle.current().pid(), far, far.plusSeconds(1)).byGroup());
    }

    @Test
    void cpuLine_groupsLargestFirst_smallOnesLeftOutOfTheLineButInTheTotal() {
        Map<String, Long> nanos = Map.of("switchboard-history", 300_000_000L, "vert.x-eventloop-thread-*", 600_000_000L,
                "VM Thread", 5_000_000L);
        assertEquals("vert.x-eventloop-thread-* 600.0 µs, switchboard-history 300.0 µs, total 905.0 µs",
                E2eScenario.cpuLine(nanos, 1000));
    }

    @Test
    void jitWarning_compilersAboveFivePercent_warnsWithTheirShare() {
        Map<String, Long> compiling = Map.of("vert.x-eventloop-thread-*", 700_000_000L,
                "C2 CompilerThread*", 200_000_000L, "C1 CompilerThread*", 100_000_000L);
        assertEquals("the JIT took 30 % of the server's CPU in the window: it was still compiling the hot path;"
                + " this run measures the warm-up (lengthen --warmup)", E2eScenario.jitWarning(compiling));
    }

    @Test
    void jitWarning_compilersAtOrBelowFivePercentOrNoCpu_none() {
        assertNull(E2eScenario.jitWarning(Map.of("vert.x-eventloop-thread-*", 950_000_000L,
                "C2 CompilerThread*", 50_000_000L)));
        assertNull(E2eScenario.jitWarning(Map.of("vert.x-eventloop-thread-*", 1_000_000_000L)));
        assertNull(E2eScenario.jitWarning(Map.of()));
    }

    private static void spinUntil(Instant end) {
        long x = 0;
        while (Instant.now().isBefore(end)) {
            x += System.nanoTime() % 7;
        }
        if (x == 42) {
            System.out.println(x);
        }
    }

    private static void sleepUntil(Instant at) {
        OpenLoopRun.sleep(Math.max(0, java.time.Duration.between(Instant.now(), at).toMillis()));
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
