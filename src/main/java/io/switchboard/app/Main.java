package io.switchboard.app;

import io.switchboard.app.config.ConfigException;
import io.switchboard.app.config.ConfigLoader;
import io.switchboard.app.config.SwitchboardConfig;
import io.switchboard.metrics.Metrics;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
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
        Metrics metrics = Metrics.create(settings.metrics());
        Vertx vertx = metrics.newVertx(new VertxOptions());
        Switchboard.start(vertx, config, settings.port(), metrics).onComplete(started -> {
            if (started.succeeded()) {
                System.out.println("Switchboard listening on http://localhost:" + started.result().port());
                System.out.flush();
            } else {
                System.err.println("Switchboard cannot start: " + started.cause().getMessage());
                vertx.close().onComplete(v -> System.exit(1));
            }
        });
    }

    /** The journal (a later issue) lives here; checked now so a bad path fails at start. */
    private static void prepareDataDir(Settings settings) {
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
