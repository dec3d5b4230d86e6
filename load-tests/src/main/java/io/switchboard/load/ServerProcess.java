package io.switchboard.load;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A server under test started as its own process, as users start it: {@code java -jar ...} with
 * no JVM flags (only environment variables and program arguments). It is ready when its stdout
 * prints {@code ... listening on http://HOST:PORT} (Switchboard and the bare relay both do); stdout
 * and stderr go to {@code log}. {@link #close()} stops it (SIGTERM, then SIGKILL after 15 s).
 * {@code SWITCHBOARD_*} variables of the generator's environment are not passed on: only the
 * ones the caller gives decide how the server runs.
 */
final class ServerProcess implements AutoCloseable {
    private static final Pattern LISTENING = Pattern.compile("listening on (http://[^\\s/]+)");
    private static final long READY_TIMEOUT_SECONDS = 90;

    final Process process;
    final URI url;

    private ServerProcess(Process process, URI url) {
        this.process = process;
        this.url = url;
    }

    long pid() {
        return process.pid();
    }

    /** The base URL announced by a start-up line, or null when the line is not one. */
    static URI listeningUrl(String line) {
        Matcher m = LISTENING.matcher(line);
        return m.find() ? URI.create(m.group(1)) : null;
    }

    /** {@code java} of the running JVM, so generator and servers run on the same Java. */
    static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /** Starts {@code command} in {@code workDir} with {@code env} added and waits until it listens. */
    static ServerProcess start(List<String> command, Map<String, String> env, Path workDir, Path log) {
        ProcessBuilder builder = new ProcessBuilder(command).directory(workDir.toFile()).redirectErrorStream(true);
        environment(builder, env);
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + command, e);
        }
        // A generator stopped with SIGTERM or Ctrl-C takes its servers with it.
        Runtime.getRuntime().addShutdownHook(new Thread(process::destroy, "stop-server-" + process.pid()));
        BlockingQueue<URI> ready = new ArrayBlockingQueue<>(1);
        Thread pump = new Thread(() -> pump(process, log, ready), "server-log-" + process.pid());
        pump.setDaemon(true);
        pump.start();
        try {
            URI url = ready.poll(READY_TIMEOUT_SECONDS, TimeUnit.SECONDS);
            if (url == null || url.getPort() <= 0) {
                process.destroyForcibly();
                throw new IllegalStateException("server did not announce 'listening on' within " + READY_TIMEOUT_SECONDS
                        + " s: " + String.join(" ", command) + "; see " + log);
            }
            return new ServerProcess(process, url);
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Copies the process's output into {@code log}, handing the first announced URL to {@code ready}. */
    private static void pump(Process process, Path log, BlockingQueue<URI> ready) {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
                var out = java.nio.file.Files.newBufferedWriter(log, StandardCharsets.UTF_8)) {
            boolean announced = false;
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                out.write(line);
                out.newLine();
                out.flush();
                URI url = announced ? null : listeningUrl(line);
                if (url != null) {
                    announced = true;
                    ready.offer(url);
                }
            }
        } catch (IOException e) {
            // the process ended or the log is unwritable; the caller sees a missing announcement
        }
    }

    /** Runs a short command to completion and returns its stdout's last non-blank line (e.g. a minted token). */
    static String runForLine(List<String> command, Map<String, String> env, Path workDir) {
        ProcessBuilder builder = new ProcessBuilder(command).directory(workDir.toFile())
                .redirectError(ProcessBuilder.Redirect.DISCARD);
        environment(builder, env);
        try {
            Process p = builder.start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IllegalStateException(String.join(" ", command) + " failed: " + out);
            }
            List<String> lines = new ArrayList<>();
            for (String line : out.split("\\R")) {
                if (!line.isBlank()) {
                    lines.add(line.trim());
                }
            }
            if (lines.isEmpty()) {
                throw new IllegalStateException(String.join(" ", command) + " printed nothing");
            }
            return lines.get(lines.size() - 1);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static void environment(ProcessBuilder builder, Map<String, String> env) {
        builder.environment().keySet().removeIf(name -> name.startsWith("SWITCHBOARD_"));
        builder.environment().putAll(env);
    }

    /** A port that was free a moment ago (for servers that cannot announce a port they picked). */
    static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(15, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(15, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
