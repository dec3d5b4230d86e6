package io.switchboard.history;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * A real PostgreSQL server for tests, from Debian's {@code postgresql} binaries ({@code initdb},
 * {@code pg_ctl} on the PATH or under {@code /usr/lib/postgresql/<version>/bin}), in a temporary
 * directory on a free loopback port, trust authentication, {@code fsync=off} (tests do not crash
 * the machine). One server is shared by the whole test run ({@link #shared}, a few seconds to
 * start once); each test takes a fresh database ({@link #newDatabase}). {@link #stop} and
 * {@link #start} keep port and data, as an outage would.
 *
 * <p>PostgreSQL refuses to run as root; under root (CI) the data directory is handed to the
 * {@code postgres} user the Debian package creates, and the binaries run as that user.
 */
public final class PostgresProcess {
    static final String USER = "switchboard";
    private static PostgresProcess shared;

    private final Path bin;
    private final Path dir;
    private final int port;
    private final boolean asPostgresUser;
    private final AtomicInteger databases = new AtomicInteger();

    private PostgresProcess(Path bin, Path dir, int port, boolean asPostgresUser) {
        this.bin = bin;
        this.dir = dir;
        this.port = port;
        this.asPostgresUser = asPostgresUser;
    }

    public static synchronized PostgresProcess shared() {
        if (shared == null) {
            shared = create();
            Runtime.getRuntime().addShutdownHook(new Thread(shared::stopQuietly, "postgres-test-stop"));
        }
        return shared;
    }

    private static PostgresProcess create() {
        Path bin = binaries();
        boolean root = "root".equals(System.getProperty("user.name"));
        try {
            Path dir = Files.createTempDirectory("switchboard-pg");
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
            PostgresProcess pg = new PostgresProcess(bin, dir, freePort(), root);
            Path data = dir.resolve("data");
            Files.createDirectories(data);
            if (root) {
                run(List.of("chown", "-R", "postgres:postgres", dir.toString()), 30);
            }
            pg.runPg(List.of(bin.resolve("initdb").toString(), "-D", data.toString(), "-U", USER, "--auth=trust",
                    "-E", "UTF8", "--no-sync", "--no-instructions"), 120);
            pg.start();
            return pg;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    int port() {
        return port;
    }

    void start() {
        runPg(List.of(bin.resolve("pg_ctl").toString(), "-D", dir.resolve("data").toString(), "-l",
                dir.resolve("postgres.log").toString(), "-w", "-t", "60", "-o",
                "-p " + port + " -k " + dir.resolve("data") + " -c listen_addresses=127.0.0.1 -c fsync=off"
                        + " -c full_page_writes=off -c synchronous_commit=off",
                "start"), 90);
    }

    /**
     * {@code target} as {@code SWITCHBOARD_HISTORY_URL} gives it to a server process (the test
     * cluster trusts local logins, so the password is a placeholder).
     */
    public static String historyUrl(PostgresTarget target) {
        return "postgresql://" + target.user() + ":" + target.password() + "@" + target.host() + ":" + target.port()
                + "/" + target.database();
    }

    /** A JDBC connection to {@code target}, for a test to read what a server wrote. */
    public static Connection connect(PostgresTarget target) throws SQLException {
        return DriverManager.getConnection("jdbc:postgresql://" + target.host() + ":" + target.port() + "/"
                + target.database(), target.user(), "");
    }

    /** A fast shutdown (clients are disconnected, nothing committed is lost). */
    void stop() {
        runPg(List.of(bin.resolve("pg_ctl").toString(), "-D", dir.resolve("data").toString(), "-m", "fast", "-w",
                "stop"), 60);
    }

    /** A new, empty database on the server; its target for {@link HistoryStores#postgres}. */
    public PostgresTarget newDatabase() {
        String name = "history_" + ProcessHandle.current().pid() + "_" + databases.incrementAndGet();
        try (Connection c = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + port + "/postgres", USER, "");
                Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create a test database: " + e.getMessage(), e);
        }
        return new PostgresTarget("127.0.0.1", port, name, USER, "unused-with-trust");
    }

    private void stopQuietly() {
        try {
            stop();
        } catch (RuntimeException ignored) {
            // already stopped
        }
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // a temp dir left behind
        }
    }

    private void runPg(List<String> command, int seconds) {
        List<String> full = new ArrayList<>();
        if (asPostgresUser) {
            full.addAll(List.of("runuser", "-u", "postgres", "--"));
        }
        full.addAll(command);
        run(full, seconds);
    }

    private static void run(List<String> command, int seconds) {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            p.getOutputStream().close();
            byte[] out = p.getInputStream().readAllBytes();
            if (!p.waitFor(seconds, TimeUnit.SECONDS) || p.exitValue() != 0) {
                p.destroyForcibly();
                throw new IllegalStateException(String.join(" ", command) + " failed: " + new String(out));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** initdb's directory: on the PATH (Debian links only some tools there), else the newest version's. */
    private static Path binaries() {
        String path = System.getenv("PATH");
        if (path != null) {
            for (String entry : path.split(java.io.File.pathSeparator)) {
                Path candidate = Path.of(entry, "initdb");
                if (Files.isExecutable(candidate)) {
                    Path real = candidate;
                    try {
                        real = candidate.toRealPath();
                    } catch (IOException ignored) {
                        // use the link's directory
                    }
                    if (Files.isExecutable(real.resolveSibling("pg_ctl"))) {
                        return real.getParent();
                    }
                }
            }
        }
        Path versions = Path.of("/usr/lib/postgresql");
        if (Files.isDirectory(versions)) {
            try (Stream<Path> dirs = Files.list(versions)) {
                return dirs.map(d -> d.resolve("bin"))
                        .filter(b -> Files.isExecutable(b.resolve("initdb")) && Files.isExecutable(b.resolve("pg_ctl")))
                        .max(Comparator.comparing(b -> versionOf(b.getParent().getFileName().toString())))
                        .orElseThrow(PostgresProcess::missing);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        throw missing();
    }

    private static Integer versionOf(String name) {
        try {
            return Integer.parseInt(name);
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private static IllegalStateException missing() {
        return new IllegalStateException("PostgreSQL server binaries (initdb, pg_ctl) not found on the PATH nor under"
                + " /usr/lib/postgresql/*/bin: the history store tests need a real PostgreSQL; install it with"
                + " 'apt-get install postgresql' (.ci/run does this when initdb is missing)");
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
