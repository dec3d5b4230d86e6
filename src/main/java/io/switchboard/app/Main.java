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
    /** Set by the first stop: SIGTERM's handler and the shutdown hook run it once between them. */
    private static final java.util.concurrent.atomic.AtomicBoolean STOPPING =
            new java.util.concurrent.atomic.AtomicBoolean();

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
                java.time.Duration grace = secured.shutdown().gracePeriod();
                onSigterm(vertx, started.result(), grace);
                // other ways out (SIGINT, System.exit) stop the same way; a stop runs once
                Runtime.getRuntime().addShutdownHook(new Thread(() -> stop(vertx, started.result(), grace),
                        "switchboard-stop-hook"));
                System.out.println("Switchboard listening on http://localhost:" + started.result().port());
                System.out.flush();
            } else {
                System.err.println("Switchboard cannot start: " + started.cause().getMessage());
                vertx.close().onComplete(v -> System.exit(1));
            }
        });
    }

    /**
     * SIGTERM runs the graceful stop, then exits with status 0 (the JVM's own handling would run
     * the shutdown hooks and exit with 143, which service managers count as a failure).
     */
    @SuppressWarnings("sunapi") // sun.misc.Signal (jdk.unsupported): the JDK's only way to handle a signal
    private static void onSigterm(Vertx vertx, Switchboard switchboard, java.time.Duration grace) {
        try {
            sun.misc.Signal.handle(new sun.misc.Signal("TERM"), signal -> new Thread(() -> {
                stop(vertx, switchboard, grace);
                System.exit(0);
            }, "switchboard-stop").start());
        } catch (IllegalArgumentException e) {
            // no SIGTERM on this platform: the shutdown hook still stops gracefully
        }
    }

    /**
     * SIGTERM: a graceful stop ({@link Switchboard#stop}: intake refused and sockets closed with
     * 1001 on a single node, the side effects' cursors saved, the journal closed after the
     * engine's last append; a node of a highly available group hands over, its lease released
     * once the engine stopped, so a standby takes over at once), then Vert.x closes. At most
     * {@code shutdown.gracePeriod}, after which the JVM exits anyway (what was not acknowledged
     * stays unacknowledged; a lease not released expires by its TTL). Exits 0 either way: the
     * JVM's status after a SIGTERM handled by its hooks.
     */
    private static void stop(Vertx vertx, Switchboard switchboard, java.time.Duration grace) {
        if (!STOPPING.compareAndSet(false, true)) {
            return; // the SIGTERM handler's System.exit runs the hook too
        }
        long began = System.nanoTime();
        try {
            switchboard.stop().eventually(vertx::close).toCompletionStage().toCompletableFuture()
                    .get(grace.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
            // stderr, not the log: the JVM's shutdown may have closed the log handlers already
            System.err.printf("Switchboard stopped in %d ms%n", (System.nanoTime() - began) / 1_000_000);
        } catch (Exception e) {
            System.err.println("Switchboard did not stop cleanly within shutdown.gracePeriod (" + grace.toMillis()
                    + " ms): " + e);
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
