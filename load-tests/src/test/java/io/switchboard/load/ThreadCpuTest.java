package io.switchboard.load;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class ThreadCpuTest {
    @Test
    void group_trailingNumberCut_namesWithoutOneKept() {
        assertThat(ThreadCpu.group("vert.x-eventloop-thread-3")).isEqualTo("vert.x-eventloop-thread-*");
        assertThat(ThreadCpu.group("GC Thread#1")).isEqualTo("GC Thread#*");
        assertThat(ThreadCpu.group("C2 CompilerThread0")).isEqualTo("C2 CompilerThread*");
        assertThat(ThreadCpu.group("switchboard-webhooks")).isEqualTo("switchboard-webhooks");
    }

    @Test
    void parseNames_threadDumpLines_nidIsTheThreadId() {
        String dump = """
                "vert.x-eventloop-thread-1" #31 prio=5 os_prio=0 cpu=812.11ms elapsed=60.1s tid=0x00007f nid=0x7b1c runnable  [0x00007f]
                   java.lang.Thread.State: RUNNABLE
                "GC Thread#0" os_prio=0 cpu=90.00ms elapsed=61.00s tid=0x00007f nid=31500 runnable
                """;
        assertThat(ThreadCpu.parseNames(dump)).containsExactlyInAnyOrderEntriesOf(
                Map.of(0x7b1c, "vert.x-eventloop-thread-1", 31500, "GC Thread#0"));
    }

    @Test
    void byGroup_thisProcessBusyThread_chargedToItsGroupByName() throws Exception {
        long pid = ProcessHandle.current().pid();
        Map<Integer, Map.Entry<String, Long>> before = ThreadCpu.snapshot(pid);
        Thread busy = new Thread(() -> {
            long end = System.nanoTime() + 300_000_000L;
            long x = 0;
            while (System.nanoTime() < end) {
                x += System.nanoTime() % 7;
            }
            if (x == 42) {
                System.out.println(x);
            }
        }, "thread-cpu-test-spinner-7");
        busy.start();
        Map<Integer, String> names = ThreadCpu.javaNames(pid); // while it runs: a dump lists live threads only
        busy.join();
        Map<String, Long> groups = ThreadCpu.byGroup(before, ThreadCpu.snapshot(pid), names);

        assertThat(groups).containsKey("thread-cpu-test-spinner-*");
        assertThat(groups.get("thread-cpu-test-spinner-*")).isPositive();
    }
}
