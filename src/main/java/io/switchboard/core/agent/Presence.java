package io.switchboard.core.agent;

import java.util.Locale;
import java.util.Optional;

/** Presence is what the agent says about itself; load is tracked separately. */
public enum Presence {
    OFFLINE, AVAILABLE, AWAY, BUSY;

    /** The lower-case name, made once: JSON and metrics ask for it on every write. */
    private final String wire = name().toLowerCase(Locale.ROOT);

    public String wire() {
        return wire;
    }

    public static Optional<Presence> parse(String value) {
        for (Presence p : values()) {
            if (p.wire().equals(value)) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }
}
