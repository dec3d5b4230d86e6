package io.switchboard.config;

import java.time.Duration;
import java.util.Set;

/**
 * The {@code shutdown} section (docs/configuration.md): {@code gracePeriod}, how long a graceful
 * stop (SIGTERM) may take before the process exits anyway, {@code 1s}–{@code 5m}, default 10 s.
 */
public record ShutdownSection(Duration gracePeriod) {
    public static final ShutdownSection DEFAULT = new ShutdownSection(Duration.ofSeconds(10));
    private static final Duration MIN = Duration.ofSeconds(1);
    private static final Duration MAX = Duration.ofMinutes(5);

    static ShutdownSection read(ConfigNode node) {
        node.onlyKeys(Set.of("gracePeriod"));
        Duration grace = node.get("gracePeriod").duration(DEFAULT.gracePeriod());
        if (grace.compareTo(MIN) < 0 || grace.compareTo(MAX) > 0) {
            throw node.get("gracePeriod").error("must be between 1s and 5m");
        }
        return new ShutdownSection(grace);
    }
}
