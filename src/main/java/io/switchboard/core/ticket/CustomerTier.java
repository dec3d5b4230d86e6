package io.switchboard.core.ticket;

import java.util.Locale;
import java.util.Optional;

/** Customer tier (客户等级): standard 普通, vip, enterprise 企业. */
public enum CustomerTier {
    STANDARD, VIP, ENTERPRISE;

    /** The lower-case name, made once: JSON and metrics ask for it on every write. */
    private final String wire = name().toLowerCase(Locale.ROOT);

    public String wire() {
        return wire;
    }

    public static Optional<CustomerTier> parse(String value) {
        for (CustomerTier t : values()) {
            if (t.wire().equals(value)) {
                return Optional.of(t);
            }
        }
        return Optional.empty();
    }
}
