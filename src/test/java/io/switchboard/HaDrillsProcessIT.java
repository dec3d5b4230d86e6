package io.switchboard;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

/**
 * The long high-availability drills (minutes): only with {@code -Pha-drills} (docs/testing.md).
 * Two jars on one Redis with AOF, load and agents as in {@link HaFailoverProcessIT}:
 * ten {@code kill -9}s of whichever node leads (the killed one restarted as a standby each time),
 * with the median and maximum failover time; a {@code SIGSTOP} of the active past its lease and a
 * {@code SIGCONT} after the standby took over; a Redis restart in steady state; a rolling upgrade
 * from an older build ({@link OlderBuild}: built once from a git worktree, cached).
 */
@EnabledIfSystemProperty(named = "switchboard.ha.drills", matches = "true")
class HaDrillsProcessIT {
    @TempDir
    Path dir;

    @Test
    @Timeout(value = 20, unit = TimeUnit.MINUTES) // ten JVM restarts on a busy 2-core box
    void tenKill9s_eachStandbyServesWithinTarget_nothingAcknowledgedIsLost() throws Exception {
        try (HaGroup group = new HaGroup(dir)) {
            group.start("a");
            group.awaitActive(Duration.ofSeconds(30));
            group.start("b");
            HaFailoverProcessIT.Drill drill = new HaFailoverProcessIT.Drill(group);
            drill.startLoad(List.of("alice", "bob", "chen"));
            drill.awaitProgress(50, 3, Duration.ofSeconds(60));
            List<Long> failovers = new ArrayList<>();
            for (int kill = 0; kill < 10; kill++) {
                String active = group.awaitActive(Duration.ofSeconds(30));
                String standby = active.equals("a") ? "b" : "a";
                failovers.add(drill.killActiveAndTimeFailover(active, group.node(standby)));
                System.out.printf("HaDrillsProcessIT kill %d of %s: %s served after %d ms (%s)%n", kill + 1, active,
                        standby, failovers.get(kill), HaFailoverProcessIT.Drill.takeover(group.node(standby)));
                JarServer restarted = group.start(active); // back as a standby, ready once warmed up
                for (int i = 0; i < 600 && !restarted.log().contains("standby warmed up"); i++) {
                    Thread.sleep(100);
                }
                drill.awaitProgress(drill.acked.size() + 20, drill.ackedAssignee.size() + 2, Duration.ofSeconds(60));
            }
            drill.stopLoad();
            drill.assertAcknowledgedPresentAndNeverAssignedTwice(group.node(group.awaitActive(Duration.ofSeconds(30))));
            List<Long> sorted = new ArrayList<>(failovers);
            Collections.sort(sorted);
            long median = (sorted.get(4) + sorted.get(5)) / 2;
            System.out.printf("HaDrillsProcessIT kills: %d tickets, %d assignments acknowledged, all present;"
                    + " failover ms %s: median %d, max %d%n", drill.acked.size(), drill.ackedAssignee.size(),
                    failovers, median, sorted.get(9));
            assertThat(median).as("median failover").isLessThanOrEqualTo(HaFailoverProcessIT.TARGET_MILLIS);
            assertThat(sorted.get(9)).as("max failover").isLessThanOrEqualTo(HaFailoverProcessIT.TARGET_MILLIS);
        }
    }

    @Test
    void sigstopPastTheLease_thenSigcont_oldActiveIsFencedStepsDownAndAcknowledgesNothingAfter() throws Exception {
        try (HaGroup group = new HaGroup(dir)) {
            JarServer a = group.start("a");
            assertThat(group.awaitActive(Duration.ofSeconds(30))).isEqualTo("a");
            JarServer b = group.start("b");
            HaFailoverProcessIT.Drill drill = new HaFailoverProcessIT.Drill(group);
            drill.startLoad(List.of("alice", "bob"));
            drill.awaitProgress(50, 3, Duration.ofSeconds(60));

            a.pause();
            long paused = System.nanoTime();
            // requests that reach the frozen node wait in its socket buffers until it continues
            List<CompletableFuture<Integer>> toFrozen = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                String key = "frozen-" + i;
                toFrozen.add(CompletableFuture.supplyAsync(() -> {
                    try {
                        HttpResponse<String> reply = group.send(a, "POST", "/v1/tickets", HaGroup.ticketBody(key),
                                null, Duration.ofSeconds(60));
                        if (reply.statusCode() == 201) {
                            drill.acked.put(new JsonObject(reply.body()).getString("id"), true);
                        }
                        return reply.statusCode();
                    } catch (Exception e) {
                        return -1;
                    }
                }));
            }
            while (b.readyStatus() != 200) {
                assertThat(System.nanoTime() - paused).as("b takes over").isLessThan(30_000_000_000L);
                Thread.sleep(20);
            }
            long tookOverMillis = (System.nanoTime() - paused) / 1_000_000;
            drill.awaitProgress(drill.acked.size() + 20, 0, Duration.ofSeconds(60));
            a.resume();

            List<Integer> answers = new ArrayList<>();
            for (CompletableFuture<Integer> reply : toFrozen) {
                answers.add(reply.get());
            }
            assertThat(answers).as("what the old active answered after losing the lease").doesNotContain(201);
            long deadline = System.nanoTime() + 20_000_000_000L;
            while (a.readyStatus() != 503 && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertThat(a.readyStatus()).as("the old active is a standby again").isEqualTo(503);
            assertThat(a.log()).contains("steps down to standby");
            drill.awaitProgress(drill.acked.size() + 10, 0, Duration.ofSeconds(60));
            drill.stopLoad();
            assertThat(group.active()).isEqualTo("b");
            drill.assertAcknowledgedPresentAndNeverAssignedTwice(b);
            System.out.printf("HaDrillsProcessIT SIGSTOP: b ready %d ms after the pause; the frozen node answered %s"
                    + " after SIGCONT; %d tickets acknowledged, all present%n", tookOverMillis, answers,
                    drill.acked.size());
        }
    }

    /** An older HA-capable build (the lease, fencing and standby warm-up) that the current one must join and replace. */
    static final String OLDER = "a3dc71f";

    @Test
    @Timeout(value = 30, unit = TimeUnit.MINUTES) // the first run builds the older jar
    void rollingUpgrade_fromAnOlderBuild_everyAcknowledgedTicketPresent_noneAssignedTwice() throws Exception {
        Path older = OlderBuild.jar(OLDER, dir);
        Assumptions.assumeTrue(older != null, () -> "no jar of " + OLDER + ": " + OlderBuild.missing);
        try (HaGroup group = new HaGroup(dir)) {
            group.start("a", older);
            assertThat(group.awaitActive(Duration.ofSeconds(30))).isEqualTo("a");
            group.start("b", older);
            HaFailoverProcessIT.Drill drill = new HaFailoverProcessIT.Drill(group);
            drill.startLoad(List.of("alice", "bob", "chen"));
            drill.awaitProgress(50, 3, Duration.ofSeconds(60));

            group.node("b").stop(); // the older standby goes; the current build takes its place
            JarServer b = group.start("b");
            HaFailoverProcessIT.Drill.awaitLog(b, "standby warmed up", Duration.ofSeconds(60));
            drill.awaitProgress(drill.acked.size() + 20, drill.ackedAssignee.size() + 2, Duration.ofSeconds(60));
            long failover = drill.killActiveAndTimeFailover("a", b); // the older active dies; the current one leads
            assertThat(group.active()).isEqualTo("b");
            JarServer a = group.start("a"); // the older node replaced by the current build, as a standby
            HaFailoverProcessIT.Drill.awaitLog(a, "standby warmed up", Duration.ofSeconds(60));
            drill.awaitProgress(drill.acked.size() + 20, drill.ackedAssignee.size() + 2, Duration.ofSeconds(60));
            long handover = drill.terminateActiveAndTimeHandover("b", a); // and both current nodes take turns
            drill.awaitProgress(drill.acked.size() + 20, drill.ackedAssignee.size() + 2, Duration.ofSeconds(60));
            drill.stopLoad();

            assertThat(group.active()).isEqualTo("a");
            drill.assertAcknowledgedPresentAndNeverAssignedTwice(a);
            drill.assertAcknowledgedInTheSharedHistory(Duration.ofSeconds(60));
            drill.assertDerivedRowsCoverTheTimeline(Duration.ofSeconds(60));
            System.out.printf("HaDrillsProcessIT rolling upgrade from %s: %d tickets, %d assignments acknowledged,"
                    + " all present, none assigned twice; the older active's kill -9 to the current standby's first"
                    + " 201: %d ms (%s); SIGTERM of the current active to the other's first 201: %d ms%n", OLDER,
                    drill.acked.size(), drill.ackedAssignee.size(), failover, HaFailoverProcessIT.Drill.takeover(b),
                    handover);
            assertThat(failover).as("failover to the current build").isLessThanOrEqualTo(
                    HaFailoverProcessIT.TARGET_MILLIS);
        }
    }

    @Test
    void redisRestartInSteadyState_aNodeLeadsAgain_nothingAcknowledgedIsLost() throws Exception {
        try (HaGroup group = new HaGroup(dir)) {
            group.start("a");
            group.awaitActive(Duration.ofSeconds(30));
            group.start("b");
            HaFailoverProcessIT.Drill drill = new HaFailoverProcessIT.Drill(group);
            drill.startLoad(List.of("alice", "bob"));
            drill.awaitProgress(50, 3, Duration.ofSeconds(60));

            group.redis.stop(); // SIGKILL: the AOF keeps what it fsynced (WAITAOF confirmed each batch)
            Thread.sleep(2_000);
            long restarted = System.nanoTime();
            group.redis.start();
            String active = group.awaitActive(Duration.ofSeconds(60));
            long recoveredMillis = (System.nanoTime() - restarted) / 1_000_000;
            drill.awaitProgress(drill.acked.size() + 20, 0, Duration.ofSeconds(60));
            drill.stopLoad();
            drill.assertAcknowledgedPresentAndNeverAssignedTwice(group.node(active));
            System.out.printf("HaDrillsProcessIT Redis restart: node %s leads %d ms after Redis came back;"
                    + " %d tickets acknowledged, all present%n", active, recoveredMillis, drill.acked.size());
        }
    }
}
