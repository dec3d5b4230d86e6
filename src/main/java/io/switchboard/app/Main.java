package io.switchboard.app;

import io.switchboard.config.ConfigException;
import io.switchboard.config.ConfigLoader;
import io.switchboard.config.SwitchboardConfig;
import io.switchboard.engine.Retention;
import io.switchboard.metrics.Metrics;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.util.Arrays;

/**
 * Starts Switchboard. On success prints {@code Switchboard listening on http://HOST:PORT} to
 * stdout, preceded, on the very first start with a fresh data dir only, by the generated admin API
 * key (see {@link SecretStore}); on an invalid setting or configuration prints the problem (naming
 * the key) to stderr and exits with status 2. {@code mint-token} and {@code new-api-key} are
 * commands for operators ({@link Tools}).
 */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        if (args.length > 0 && args[0].equals("health")) {
            System.exit(HealthProbe.run(Arrays.copyOfRange(args, 1, args.length), System.getenv()));
            return;
        }
        if (args.length > 0 && Tools.handles(args[0])) {
            System.exit(Tools.run(args[0], Arrays.copyOfRange(args, 1, args.length)));
            return;
        }
        JsonLimits.apply();
        SwitchboardConfig config;
        Settings settings;
        SecretStore.Loaded secrets;
        try {
            settings = Settings.from(System.getenv(), args);
            config = settings.configFile() == null ? ConfigLoader.loadDemo() : ConfigLoader.load(settings.configFile());
            if (settings.archiveAfterMillis() != null) {
                config = config.withRetention(new Retention(settings.archiveAfterMillis()));
            }
            prepareDataDir(settings);
            secrets = SecretStore.load(settings.dataDir(), config.security());
        } catch (ConfigException e) {
            System.err.println("Switchboard cannot start: " + e.getMessage());
            System.exit(2);
            return;
        }
        if (secrets.newAdminKey() != null) {
            // Before starting: the hash is already stored, so a start that fails must not lose the key.
            System.out.println("First start: generated an admin API key. It is shown only now; "
                    + settings.dataDir().resolve(SecretStore.FILE) + " keeps only its SHA-256:");
            System.out.println("  admin key: " + secrets.newAdminKey());
        }
        SwitchboardConfig secured = config.withSecurity(config.security().withApiKeys(secrets.apiKeys()));
        Metrics metrics = Metrics.create(settings.metrics());
        Vertx vertx = metrics.newVertx(new VertxOptions());
        Switchboard.start(vertx, secured, settings.port(), secrets.jwtSecret(), settings.durability(), metrics,
                settings.history(), settings.ha())
                .onComplete(started -> {
            if (started.succeeded()) {
                if (settings.ha().enabled()) {
                    Runtime.getRuntime().addShutdownHook(new Thread(() -> stop(vertx, started.result()),
                            "switchboard-stop"));
                }
                System.out.println("Switchboard listening on http://localhost:" + started.result().port());
                System.out.flush();
            } else {
                System.err.println("Switchboard cannot start: " + started.cause().getMessage());
                vertx.close().onComplete(v -> System.exit(1));
            }
        });
    }

    /**
     * SIGTERM on a node of a highly available group: hands over (the lease released once the
     * engine stopped, so a standby takes over at once, not after the TTL), then closes Vert.x;
     * at most 10 s, after which the JVM exits anyway (the lease then expires by its TTL).
     */
    private static void stop(Vertx vertx, Switchboard switchboard) {
        try {
            switchboard.stop().eventually(vertx::close).toCompletionStage().toCompletableFuture()
                    .get(10, java.util.concurrent.TimeUnit.SECONDS);
        } catch (Exception e) {
            System.err.println("Switchboard did not stop cleanly within 10 s: " + e);
        }
    }

    /** The file journal and the secrets live here; checked now so a bad path fails at start naming its setting. */
    static void prepareDataDir(Settings settings) {
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
