package io.switchboard.core.ticket;

import java.util.Locale;
import java.util.Optional;

/** The channel a ticket arrived on. Capacity and offer timeouts are configured per channel. */
public enum Channel {
    WEB, EMAIL, CHAT, WECHAT, VOICE, API;

    /** The lower-case name, made once: JSON and metrics ask for it on every write. */
    private final String wire = name().toLowerCase(Locale.ROOT);

    /** The lower-case name used in JSON and YAML. */
    public String wire() {
        return wire;
    }

    /** Parses the wire name; empty for anything unknown (callers report their own error). */
    public static Optional<Channel> parse(String value) {
        for (Channel c : values()) {
            if (c.wire().equals(value)) {
                return Optional.of(c);
            }
        }
        return Optional.empty();
    }
}
