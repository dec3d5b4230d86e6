package io.switchboard.app;

import io.switchboard.app.config.ConfigException;
import java.nio.file.Path;
import java.util.Map;

/**
 * Deployment settings from the environment and the command line (docs/configuration.md):
 * {@code SWITCHBOARD_HTTP_PORT} (default 8080, 0 = any free port), {@code SWITCHBOARD_CONFIG} or
 * {@code --config FILE} (default: the bundled demo), {@code SWITCHBOARD_DATA_DIR} (default ./data),
 * {@code SWITCHBOARD_METRICS} ({@code true} by default; {@code false} turns all metrics off).
 */
record Settings(int port, Path configFile, Path dataDir, boolean metrics) {
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
        String dataDir = env.getOrDefault("SWITCHBOARD_DATA_DIR", "data");
        return new Settings(port, config == null || config.isBlank() ? null : Path.of(config),
                Path.of(dataDir.isBlank() ? "data" : dataDir), metricsOn(env.get("SWITCHBOARD_METRICS")));
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
