package io.switchboard.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class ArgsTest {
    @Test
    void options_valueFlagAndEquals_areRead() {
        Args a = new Args(new String[] {"steady", "--rate", "5000", "--auto-accept", "--duration=30s"}, 1);
        assertEquals(5000, a.decimal("rate", 1));
        assertTrue(a.flag("auto-accept"));
        assertEquals(Duration.ofSeconds(30), a.duration("duration", "1s"));
        a.rejectUnknown();
    }

    @Test
    void rejectUnknown_optionNeverRead_namesIt() {
        Args a = new Args(new String[] {"--rate", "5", "--rtae", "6"}, 0);
        a.decimal("rate", 1);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, a::rejectUnknown);
        assertTrue(e.getMessage().contains("--rtae"), e.getMessage());
    }

    @Test
    void parseDuration_units_convert() {
        assertEquals(Duration.ofNanos(250_000), Args.parseDuration("250us"));
        assertEquals(Duration.ofMillis(500), Args.parseDuration("500ms"));
        assertEquals(Duration.ofSeconds(7), Args.parseDuration("7"));
        assertEquals(Duration.ofMinutes(5), Args.parseDuration("5m"));
        assertEquals(Duration.ofHours(2), Args.parseDuration("2h"));
        assertThrows(IllegalArgumentException.class, () -> Args.parseDuration("5 parsecs"));
    }

    @Test
    void format_roundTripsThroughParse() {
        for (String text : new String[] {"50ms", "10s", "5m", "2h", "250us"}) {
            assertEquals(text, Args.format(Args.parseDuration(text)));
        }
    }
}
