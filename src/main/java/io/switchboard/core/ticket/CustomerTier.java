package io.switchboard.core.ticket;

import java.util.Locale;
import java.util.Optional;

/** Customer tier (客户等级): standard 普通, vip, enterprise 企业. */
public enum CustomerTier {
    STANDARD, VIP, ENTERPRISE;

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
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
