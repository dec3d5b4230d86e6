package io.switchboard.app;

import io.switchboard.app.config.ConfigException;
import io.switchboard.app.config.ConfigLoader;
import io.switchboard.app.config.SwitchboardConfig;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.nio.file.Files;

/**
 * Starts Switchboard. On success prints exactly one line to stdout,
 * {@code Switchboard listening on http://HOST:PORT}; on an invalid setting or configuration prints
 * the problem (naming the key) to stderr and exits with status 2.
 */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        SwitchboardConfig config;
        Settings settings;
        try {
            settings = Settings.from(System.getenv(), args);
            config = settings.configFile() == null ? ConfigLoader.loadDemo() : ConfigLoader.load(settings.configFile());
            prepareDataDir(settings);
        } catch (ConfigException e) {
            System.err.println("Switchboard cannot start: " + e.getMessage());
            System.exit(2);
            return;
        }
        Vertx vertx = Vertx.vertx();
        Switchboard.start(vertx, config, settings.port(), settings.durability()).onComplete(started -> {
            if (started.succeeded()) {
                System.out.println("Switchboard listening on http://localhost:" + started.result().port());
                System.out.flush();
            } else {
                System.err.println("Switchboard cannot start: " + started.cause().getMessage());
                vertx.close().onComplete(v -> System.exit(1));
            }
        });
    }

    /** The file journal lives here; checked now so a bad path fails at start with its setting named. */
    private static void prepareDataDir(Settings settings) {
        if (settings.durability().store() != DurabilitySettings.Store.FILE) {
            return;
        }
        try {
            Files.createDirectories(settings.dataDir());
            if (!Files.isWritable(settings.dataDir())) {
                throw new ConfigException("SWITCHBOARD_DATA_DIR", settings.dataDir() + " is not writable");
            }
        } catch (IOException e) {
            throw new ConfigException("SWITCHBOARD_DATA_DIR", "cannot create " + settings.dataDir() + ": " + e);
        }
    }
}
