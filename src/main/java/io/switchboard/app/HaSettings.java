package io.switchboard.app;

import io.switchboard.config.ConfigException;
import io.switchboard.config.ConfigLoader;
import java.util.Map;

/**
 * High availability (docs/operations.md, "High availability"): several nodes share one Redis
 * journal and one of them, the lease holder, owns the engine. {@code SWITCHBOARD_HA=true} turns it
 * on (off by default: one node, no lease); {@code SWITCHBOARD_HA_NODE_ID} names this node (default
 * host name and process id); {@code SWITCHBOARD_HA_LEASE_TTL} is the lease's TTL (default 3s,
 * 1s..60s): a dead active is replaced within about that long.
 */
public record HaSettings(boolean enabled, String nodeId, long leaseTtlMillis) {
    public static final HaSettings OFF = new HaSettings(false, null, 0);
    static final long DEFAULT_LEASE_TTL_MILLIS = 3_000;

    /** High availability on, as node {@code nodeId} with a lease of {@code leaseTtlMillis} (tests, embedding). */
    public static HaSettings node(String nodeId, long leaseTtlMillis) {
        return new HaSettings(true, nodeId, leaseTtlMillis);
    }

    /** Renewals run this often: three chances inside one TTL. */
    long renewMillis() {
        return Math.max(100, leaseTtlMillis / 3);
    }

    /**
     * A standby tries to take the lease this often (one cheap script on Redis): it wins within
     * 100 ms of the expiry or of a release (a stopping active gives the lease up), as often as
     * a warm standby reads the journal.
     */
    long attemptMillis() {
        return Math.min(100, Math.max(50, leaseTtlMillis / 6));
    }

    static HaSettings from(Map<String, String> env, DurabilitySettings durability) {
        String text = env.getOrDefault("SWITCHBOARD_HA", "false").trim().toLowerCase(java.util.Locale.ROOT);
        boolean enabled = switch (text) {
            case "", "false" -> false;
            case "true" -> true;
            default -> throw new ConfigException("SWITCHBOARD_HA", "must be true or false, was '" + text + "'");
        };
        if (!enabled) {
            return OFF;
        }
        if (durability.store() != DurabilitySettings.Store.REDIS) {
            throw new ConfigException("SWITCHBOARD_HA", "high availability needs the Redis journal (set"
                    + " SWITCHBOARD_REDIS_URL); a " + durability.store().name().toLowerCase(java.util.Locale.ROOT)
                    + " journal cannot be shared by several nodes");
        }
        String ttlText = env.get("SWITCHBOARD_HA_LEASE_TTL");
        long ttl = ttlText == null || ttlText.isBlank() ? DEFAULT_LEASE_TTL_MILLIS
                : ConfigLoader.duration("SWITCHBOARD_HA_LEASE_TTL", ttlText.trim()).toMillis();
        if (ttl < 1_000 || ttl > 60_000) {
            throw new ConfigException("SWITCHBOARD_HA_LEASE_TTL", "must be between 1s and 60s, was '" + ttlText + "'");
        }
        String nodeId = env.get("SWITCHBOARD_HA_NODE_ID");
        if (nodeId == null || nodeId.isBlank()) {
            nodeId = hostName() + "-" + ProcessHandle.current().pid();
        } else if (!nodeId.trim().matches("[A-Za-z0-9._:-]{1,100}")) {
            throw new ConfigException("SWITCHBOARD_HA_NODE_ID", "must be 1..100 letters, digits or . _ : -, was '"
                    + nodeId + "'");
        }
        return new HaSettings(true, nodeId.trim(), ttl);
    }

    private static String hostName() {
        try {
            return java.net.InetAddress.getLocalHost().getHostName();
        } catch (java.io.IOException e) {
            return "node";
        }
    }
}
