package io.switchboard.app;

import io.switchboard.config.ConfigException;
import io.switchboard.store.FileJournal;
import java.nio.file.Path;
import java.util.Map;

/**
 * Deployment settings from the environment and the command line (docs/configuration.md):
 * {@code SWITCHBOARD_HTTP_PORT} (default 8080, 0 = any free port), {@code SWITCHBOARD_CONFIG} or
 * {@code --config FILE} (default: the bundled demo), {@code SWITCHBOARD_DATA_DIR} (default ./data),
 * {@code SWITCHBOARD_METRICS} ({@code true} by default; {@code false} turns all metrics off),
 * {@code SWITCHBOARD_ARCHIVE_AFTER} (overrides the YAML's {@code retention.archiveAfter}; null when unset),
 * {@code SWITCHBOARD_HISTORY_URL} (a shared PostgreSQL history store; see {@link HistorySettings}),
 * {@code SWITCHBOARD_HA*} (high availability; see {@link HaSettings}).
 */
record Settings(int port, Path configFile, Path dataDir, DurabilitySettings durability, boolean metrics,
        Long archiveAfterMillis, HistorySettings history, HaSettings ha) {
    static Settings from(Map<String, String> env, String[] args) {
        int port = 8080;
        String portText = env.get("SWITCHBOARD_HTTP_PORT");
        if (portText != null && !portText.isBlank()) {
            try {
                port = Integer.parseInt(portText.trim());
            } catch (NumberFormatException e) {
                port = -1;
            }
            if (port < 0 || port > 65535) {
                throw new ConfigException("SWITCHBOARD_HTTP_PORT", "must be a port number 0..65535, was '" + portText + "'");
            }
        }
        String config = env.get("SWITCHBOARD_CONFIG");
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--config")) {
                if (i + 1 >= args.length) {
                    throw new ConfigException("--config", "needs a file path");
                }
                config = args[++i];
            } else if (args[i].startsWith("--config=")) {
                config = args[i].substring("--config=".length());
            } else {
                throw new ConfigException(args[i], "unknown argument; usage: switchboard [--config FILE]");
            }
        }
        String dataDirText = env.getOrDefault("SWITCHBOARD_DATA_DIR", "data");
        Path dataDir = Path.of(dataDirText.isBlank() ? "data" : dataDirText);
        DurabilitySettings durability = durability(env, dataDir);
        return new Settings(port, config == null || config.isBlank() ? null : Path.of(config), dataDir,
                durability, metricsOn(env.get("SWITCHBOARD_METRICS")), archiveAfter(env),
                HistorySettings.from(env, dataDir), HaSettings.from(env, durability));
    }

    private static Long archiveAfter(Map<String, String> env) {
        String text = blankToNull(env.get("SWITCHBOARD_ARCHIVE_AFTER"));
        return text == null ? null : io.switchboard.config.ConfigLoader.duration("SWITCHBOARD_ARCHIVE_AFTER", text)
                .toMillis();
    }

    private static DurabilitySettings durability(Map<String, String> env, Path dataDir) {
        String redisUrl = blankToNull(env.get("SWITCHBOARD_REDIS_URL"));
        if (redisUrl != null && !redisUrl.startsWith("redis://") && !redisUrl.startsWith("rediss://")) {
            throw new ConfigException("SWITCHBOARD_REDIS_URL", "must be a redis:// or rediss:// URL");
        }
        String storeText = blankToNull(env.get("SWITCHBOARD_STORE"));
        DurabilitySettings.Store store = redisUrl != null ? DurabilitySettings.Store.REDIS : DurabilitySettings.Store.FILE;
        if (storeText != null) {
            store = switch (storeText.trim().toLowerCase(java.util.Locale.ROOT)) {
                case "file" -> DurabilitySettings.Store.FILE;
                case "redis" -> DurabilitySettings.Store.REDIS;
                case "memory" -> DurabilitySettings.Store.MEMORY;
                default -> throw new ConfigException("SWITCHBOARD_STORE", "must be file, redis or memory, was '"
                        + storeText + "'");
            };
        }
        if (store == DurabilitySettings.Store.REDIS && redisUrl == null) {
            throw new ConfigException("SWITCHBOARD_REDIS_URL", "is required when SWITCHBOARD_STORE=redis");
        }
        String fsyncText = env.getOrDefault("SWITCHBOARD_FSYNC", "always").trim().toLowerCase(java.util.Locale.ROOT);
        FileJournal.Fsync fsync = switch (fsyncText) {
            case "always", "" -> FileJournal.Fsync.ALWAYS;
            case "interval" -> FileJournal.Fsync.INTERVAL;
            default -> throw new ConfigException("SWITCHBOARD_FSYNC", "must be always or interval, was '"
                    + fsyncText + "'");
        };
        long interval = number(env, "SWITCHBOARD_FSYNC_INTERVAL_MS", 1000, 1, 60_000);
        String waitAof = env.getOrDefault("SWITCHBOARD_REDIS_WAITAOF", "auto").trim().toLowerCase(java.util.Locale.ROOT);
        if (!waitAof.equals("auto") && !waitAof.equals("off") && !waitAof.isEmpty()) {
            throw new ConfigException("SWITCHBOARD_REDIS_WAITAOF", "must be auto or off, was '" + waitAof + "'");
        }
        long snapshotEvents = number(env, "SWITCHBOARD_SNAPSHOT_EVENTS", DurabilitySettings.DEFAULT_SNAPSHOT_EVENTS,
                0, Long.MAX_VALUE);
        long snapshotSeconds = number(env, "SWITCHBOARD_SNAPSHOT_SECONDS",
                DurabilitySettings.DEFAULT_SNAPSHOT_MILLIS / 1000, 0, 7 * 24 * 3600);
        return new DurabilitySettings(store, dataDir, fsync, interval, redisUrl, !waitAof.equals("off"),
                snapshotEvents, snapshotSeconds * 1000);
    }

    private static long number(Map<String, String> env, String key, long fallback, long min, long max) {
        String text = blankToNull(env.get(key));
        if (text == null) {
            return fallback;
        }
        try {
            long value = Long.parseLong(text.trim());
            if (value >= min && value <= max) {
                return value;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new ConfigException(key, "must be a whole number " + min + ".." + max + ", was '" + text + "'");
    }

    private static String blankToNull(String text) {
        return text == null || text.isBlank() ? null : text.trim();
    }

    private static boolean metricsOn(String text) {
        if (text == null || text.isBlank() || text.trim().equalsIgnoreCase("true")) {
            return true;
        }
        if (text.trim().equalsIgnoreCase("false")) {
            return false;
        }
        throw new ConfigException("SWITCHBOARD_METRICS", "must be true or false, was '" + text + "'");
    }
}
