package io.switchboard.core.ticket;

import java.util.Locale;
import java.util.Optional;

/** Ticket priority, most urgent first. */
public enum Priority {
    URGENT, HIGH, NORMAL, LOW;

    /** The lower-case name, made once: JSON and metrics ask for it on every write. */
    private final String wire = name().toLowerCase(Locale.ROOT);

    public String wire() {
        return wire;
    }

    /** One step more urgent; {@code URGENT} stays {@code URGENT}. */
    public Priority raised() {
        return this == URGENT ? URGENT : values()[ordinal() - 1];
    }

    public static Optional<Priority> parse(String value) {
        for (Priority p : values()) {
            if (p.wire().equals(value)) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }
}
