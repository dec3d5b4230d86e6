package io.switchboard.core.routing;

import java.util.Locale;
import java.util.Optional;

/**
 * How a queue picks among eligible agents. Every strategy ends in deterministic tie-breaks:
 * longest idle first, then the agent id.
 */
public enum SelectionStrategy {
    /** Lowest load/capacity on the ticket's channel, then longest idle. The default. */
    LEAST_LOADED,
    /** Longest since the agent's last offer or since it became available. */
    LONGEST_IDLE,
    /** Highest sum of proficiency over the ticket's required skills, then longest idle. */
    MOST_SKILLED;

    /** The lower-case name, made once: JSON and metrics ask for it on every write. */
    private final String wire = name().toLowerCase(Locale.ROOT);

    public String wire() {
        return wire;
    }

    public static Optional<SelectionStrategy> parse(String value) {
        for (SelectionStrategy s : values()) {
            if (s.wire().equals(value)) {
                return Optional.of(s);
            }
        }
        return Optional.empty();
    }
}
