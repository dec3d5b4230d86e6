package io.switchboard.core.agent;

import java.util.Optional;

/** Support tier L1 (simple issues) to L4 (experts); a higher ordinal is a higher tier. */
public enum SupportTier {
    L1, L2, L3, L4;

    public String wire() {
        return name();
    }

    public boolean atLeast(SupportTier other) {
        return ordinal() >= other.ordinal();
    }

    public static Optional<SupportTier> parse(String value) {
        for (SupportTier t : values()) {
            if (t.name().equals(value)) {
                return Optional.of(t);
            }
        }
        return Optional.empty();
    }
}
