package io.switchboard.store;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;

/**
 * A real Redis server for tests, on a free port with AOF on ({@code appendfsync everysec}) in
 * its own directory: {@code redis-server} from the PATH when there is one, otherwise the Linux
 * binary shipped in the {@code com.github.codemonstur:embedded-redis} test dependency, so a
 * fresh machine needs nothing installed. {@link #stop} and {@link #start} again keep port and
 * data, as a Redis restart would.
 */
public final class RedisProcess implements AutoCloseable {

    private final int port;
    private final Path dir;
    private final Path binary;
    private Process process;

    private RedisProcess(int port, Path dir, Path binary) {
        this.port = port;
        this.dir = dir;
        this.binary = binary;
    }

    public static RedisProcess start(Path dir) {
        RedisProcess redis = new RedisProcess(freePort(), dir, binary());
        redis.start();
        return redis;
    }

    public String url() {
        return "redis://127.0.0.1:" + port;
    }

    public int port() {
        return port;
    }

    public void start() {
        try {
            Files.createDirectories(dir);
            process = new ProcessBuilder(List.of(binary.toString(), "--port", String.valueOf(port), "--bind",
                    "127.0.0.1", "--save", "", "--appendonly", "yes", "--appendfsync", "everysec", "--dir",
                    dir.toString(), "--daemonize", "no", "--protected-mode", "no", "--logfile", ""))
                    .redirectErrorStream(true).redirectOutput(dir.resolve("redis.log").toFile()).start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("redis-server exited: " + log());
            }
            if ("+PONG".equals(command("PING"))) {
                return;
            }
            sleep(50);
        }
        throw new IllegalStateException("redis-server did not answer on port " + port + ": " + log());
    }

    /**
     * Stops Redis abruptly (SIGKILL) once every write it acknowledged is in the AOF file, so a
     * test's "Redis died" keeps exactly what Redis answered. With {@code appendfsync everysec}
     * Redis may hold an acknowledged write in its own memory for up to two seconds while a
     * background fsync runs (a slow disk, as on a loaded CI machine), and a kill then loses it;
     * switching to {@code always} makes Redis write that buffer before it answers the switch.
     * The switch is not persisted: {@link #start} begins with {@code everysec} again.
     */
    public void stop() {
        if (process != null && process.isAlive()) {
            command("CONFIG SET appendfsync always");
        }
        if (process != null) {
            process.destroyForcibly();
            try {
                process.waitFor();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** One inline command and the first line of its reply, or null when Redis does not answer. */
    public String command(String line) {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(2_000);
            OutputStream out = socket.getOutputStream();
            out.write((line + "\r\n").getBytes(StandardCharsets.UTF_8));
            out.flush();
            InputStream in = socket.getInputStream();
            StringBuilder reply = new StringBuilder();
            int c;
            while ((c = in.read()) >= 0 && c != '\r') {
                reply.append((char) c);
            }
            return reply.toString();
        } catch (IOException e) {
            return null;
        }
    }

    @Override
    public void close() {
        stop();
    }

    private String log() {
        try {
            return Files.readString(dir.resolve("redis.log"));
        } catch (IOException e) {
            return "(no log)";
        }
    }

    private static Path binary() {
        String path = System.getenv("PATH");
        if (path != null) {
            for (String entry : path.split(java.io.File.pathSeparator)) {
                Path candidate = Path.of(entry, "redis-server");
                if (Files.isExecutable(candidate)) {
                    return candidate;
                }
            }
        }
        String resource = embeddedBinary(System.getProperty("os.name"), System.getProperty("os.arch"));
        return extracted(resource, Path.of(System.getProperty("user.home"), ".cache", "switchboard", "redis"));
    }

    /**
     * The embedded binary {@code resource} as an executable file under {@code cacheDir}, extracted
     * once per user and reused by every later test and JVM (it used to be copied to a new temp dir
     * on every start, thousands of them). The file is named after the resource, so another
     * embedded-redis version gets its own; it is written to a temporary name and moved into place
     * atomically, so concurrent test JVMs never run a half-written binary.
     */
    static Path extracted(String resource, Path cacheDir) {
        Path target = cacheDir.resolve(resource.substring(resource.lastIndexOf('/') + 1));
        if (Files.isExecutable(target)) {
            return target;
        }
        try (InputStream embedded = RedisProcess.class.getResourceAsStream(resource)) {
            if (embedded == null) {
                throw new IllegalStateException("no redis-server on the PATH and no " + resource + " on the classpath");
            }
            Files.createDirectories(cacheDir);
            Path partial = Files.createTempFile(cacheDir, target.getFileName().toString(), ".partial");
            try {
                Files.copy(embedded, partial, StandardCopyOption.REPLACE_EXISTING);
                if (!partial.toFile().setExecutable(true)) {
                    throw new IOException("cannot make " + partial + " executable");
                }
                Files.move(partial, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } finally {
                Files.deleteIfExists(partial);
            }
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The embedded-redis binary for this machine's OS and CPU ({@code os.name}, {@code os.arch}). */
    static String embeddedBinary(String osName, String osArch) {
        String os = osName.toLowerCase(java.util.Locale.ROOT);
        String arch = osArch.toLowerCase(java.util.Locale.ROOT);
        boolean x64 = arch.equals("amd64") || arch.equals("x86_64");
        boolean arm64 = arch.equals("aarch64") || arch.equals("arm64");
        boolean x86 = arch.equals("x86") || arch.equals("i386") || arch.equals("i686");
        if (os.startsWith("linux") && x64) {
            return "/redis-server-6.2.6-v5-linux-amd64";
        } else if (os.startsWith("linux") && arm64) {
            return "/redis-server-6.2.7-linux-arm64";
        } else if (os.startsWith("linux") && x86) {
            return "/redis-server-6.2.7-linux-386";
        } else if (os.startsWith("mac") && x64) {
            return "/redis-server-6.2.6-v5-darwin-amd64";
        } else if (os.startsWith("mac") && arm64) {
            return "/redis-server-6.2.6-v5-darwin-arm64";
        }
        throw new IllegalStateException("no embedded redis-server for " + osName + "/" + osArch
                + "; put a redis-server on the PATH");
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
