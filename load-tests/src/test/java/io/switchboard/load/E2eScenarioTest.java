package io.switchboard.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class E2eScenarioTest {
    @Test
    void withDefaults_commandLine_winsOverTheModesDefaults() {
        Args a = new Args(E2eScenario.withDefaults(new String[] {"e2e", "--agents", "300"}), 1);
        assertEquals(300, a.integer("agents", 1));
        assertEquals("50ms", Args.format(a.duration("handle", "1s")));
    }

    @Test
    void parseRates_list_isReadAndBadValuesAreRefused() {
        assertEquals(List.of(1000.0, 5000.0, 8000.0), E2eScenario.parseRates("1000, 5_000,8000"));
        assertThrows(IllegalArgumentException.class, () -> E2eScenario.parseRates("1000,fast"));
        assertThrows(IllegalArgumentException.class, () -> E2eScenario.parseRates("0"));
    }

    @Test
    void plan_warmupClimb_startsAtAQuarterOfTheRateAndRecordsOnlyTheFullRate() {
        RatePlan climbing = E2eScenario.plan(true, 5000, java.time.Duration.ofSeconds(40), java.time.Duration.ofSeconds(15));
        assertEquals(5, climbing.phases().size());
        assertEquals(1250.0, climbing.phase(0).ratePerSecond(), 1e-9);
        assertFalse(climbing.phase(0).recorded());
        assertEquals(5000.0, climbing.phase(4).ratePerSecond(), 1e-9);
        assertEquals(55_000_000_000L, climbing.totalNanos());

        RatePlan steady = E2eScenario.plan(false, 5000, java.time.Duration.ofSeconds(40), java.time.Duration.ofSeconds(15));
        assertEquals(5000.0, steady.phase(0).ratePerSecond(), 1e-9);
        assertEquals(55_000_000_000L, steady.totalNanos());
    }

    @Test
    void parseClimb_onlyTrueOrFalse_areAccepted() {
        assertEquals(true, E2eScenario.parseClimb("true"));
        assertEquals(false, E2eScenario.parseClimb("false"));
        assertThrows(IllegalArgumentException.class, () -> E2eScenario.parseClimb("yes"));
    }

    @Test
    void parseJvmOptions_flagsOnly_areSplitAndAnythingElseIsRefused() {
        assertEquals(java.util.List.of(), E2eScenario.parseJvmOptions("  "));
        assertEquals(java.util.List.of("-XX:+UseZGC", "-Xmx2g"), E2eScenario.parseJvmOptions(" -XX:+UseZGC  -Xmx2g "));
        assertThrows(IllegalArgumentException.class, () -> E2eScenario.parseJvmOptions("-XX:+UseZGC -jar other.jar"));
        assertThrows(IllegalArgumentException.class, () -> E2eScenario.parseJvmOptions("-cp /tmp"));
        assertThrows(IllegalArgumentException.class, () -> E2eScenario.parseJvmOptions("-X"));
    }

    @Test
    void parseStores_onlyMemoryAndFile_areAccepted() {
        assertEquals(List.of("file", "memory"), E2eScenario.parseStores("file,memory"));
        assertThrows(IllegalArgumentException.class, () -> E2eScenario.parseStores("redis"));
    }

    @Test
    void switchboardEnv_fileStore_isTheDefaultJournalWithFsyncAlways() {
        Map<String, String> file = E2eScenario.switchboardEnv(Path.of("/tmp/x"), "file");
        assertEquals("file", file.get("SWITCHBOARD_STORE"));
        assertEquals("always", file.get("SWITCHBOARD_FSYNC"));
        assertEquals(Path.of("/tmp/x", "data").toString(), file.get("SWITCHBOARD_DATA_DIR"));
        assertEquals("0", file.get("SWITCHBOARD_HTTP_PORT"));
        Map<String, String> memory = E2eScenario.switchboardEnv(Path.of("/tmp/x"), "memory");
        assertEquals("memory", memory.get("SWITCHBOARD_STORE"));
        assertFalse(memory.containsKey("SWITCHBOARD_FSYNC"));
    }

    @Test
    void listeningUrl_startUpLines_ofBothServersAreRead() {
        assertEquals("http://localhost:41691",
                ServerProcess.listeningUrl("Switchboard listening on http://localhost:41691").toString());
        assertEquals(8090, ServerProcess.listeningUrl("Bare baseline server listening on http://localhost:8090").getPort());
        assertEquals(null, ServerProcess.listeningUrl("First start: generated an admin API key."));
    }

    @Test
    void oneMinuteLoad_procLoadavgFigures_readTheFirstOrNaN() {
        assertEquals(28.47, E2eScenario.oneMinuteLoad("28.47 29.17 29.18"));
        assertEquals(Double.NaN, E2eScenario.oneMinuteLoad("n/a"));
    }

    @Test
    void withMissing_ticketsThatNeverArrived_countAtTheDrainTime() {
        org.HdrHistogram.Histogram arrived = new org.HdrHistogram.Histogram(3);
        for (int i = 0; i < 90; i++) {
            arrived.recordValue(1000);
        }
        org.HdrHistogram.Histogram all = E2eScenario.withMissing(arrived, 100, 5_000_000);
        assertEquals(100, all.getTotalCount());
        assertEquals(5_000_000, all.getValueAtPercentile(99), 5_000);
        assertEquals(90, arrived.getTotalCount());
    }

    @Test
    void withMissing_noneArrived_isAllAtTheDrainTimeNotEmpty() {
        org.HdrHistogram.Histogram all = E2eScenario.withMissing(new org.HdrHistogram.Histogram(3), 10, 5_000_000);
        assertEquals(10, all.getTotalCount());
    }
}
