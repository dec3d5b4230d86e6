package io.switchboard;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The packaged jar ({@code target/switchboard.jar}, run {@code package} first) as a real child
 * process, for process-level tests: started with the given environment, its stderr in
 * {@code <dir>/<name>.log}, its stdout read until the {@code Switchboard listening on} line (and
 * the admin key printed before it on a first start). Killed with SIGKILL, paused with SIGSTOP and
 * resumed with SIGCONT, or stopped (SIGTERM, then SIGKILL). Usually port 0 (any free port).
 */
public final class JarServer implements AutoCloseable {
    static final Path JAR = Path.of("target/switchboard.jar");
    private static final Pattern LISTENING = Pattern.compile("Switchboard listening on http://([^:]+):(\\d+)");
    private static final Pattern ADMIN_KEY = Pattern.compile("  admin key: (sbk_[A-Za-z0-9_-]+)");
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final Process process;
    private final Path log;
    private final String name;
    private final Map<String, String> env;
    private String adminKey;
    private int port;

    private JarServer(Process process, Path log, String name, Map<String, String> env) {
        this.process = process;
        this.log = log;
        this.name = name;
        this.env = Map.copyOf(env);
    }

    /** Starts the jar with {@code -Xmx512m} and waits (up to 60 s) until it listens. */
    public static JarServer start(Path dir, String name, Map<String, String> env) throws Exception {
        return start(dir, name, env, List.of("-Xmx512m"));
    }

    /**
     * Starts the jar ({@code -Xmx512m}) and waits until it listens; {@code adminKey} is the key an
     * earlier start on the same data dir printed (null on the first start, which prints it).
     */
    public static JarServer start(Map<String, String> env, Path dir, String name, String adminKey) throws Exception {
        JarServer server = start(dir, name, env);
        if (server.adminKey == null) {
            server.adminKey = adminKey;
        }
        if (server.adminKey == null) {
            throw new AssertionError(name + ": the first start prints the admin key; log: " + server.log());
        }
        return server;
    }

    /** Starts the jar with {@code jvmArgs} and waits (up to 60 s) until it listens. */
    public static JarServer start(Path dir, String name, Map<String, String> env, List<String> jvmArgs)
            throws Exception {
        JarServer server = launch(dir, name, env, jvmArgs);
        server.awaitListening();
        return server;
    }

    /** Starts the jar without waiting: {@link #awaitListening()} when it matters. */
    public static JarServer launch(Path dir, String name, Map<String, String> env, List<String> jvmArgs)
            throws IOException {
        return launch(dir, name, env, jvmArgs, JAR);
    }

    /** Starts {@code jar} (another build's, e.g. an older one for an upgrade drill) with {@code jvmArgs}; waits until it listens. */
    public static JarServer start(Path dir, String name, Map<String, String> env, List<String> jvmArgs, Path jar)
            throws Exception {
        JarServer server = launch(dir, name, env, jvmArgs, jar);
        server.awaitListening();
        return server;
    }

    private static JarServer launch(Path dir, String name, Map<String, String> env, List<String> jvmArgs, Path jar)
            throws IOException {
        if (!Files.exists(jar)) {
            throw new IllegalStateException(jar + " is missing: run after 'package'");
        }
        List<String> command = new ArrayList<>();
        command.add(java());
        command.addAll(jvmArgs);
        // The jar's temp dir inside the test's dir: what a server killed with kill -9 leaves there
        // (DuckDB's 55 MB native library, Vert.x's file cache) goes with it instead of piling up in /tmp.
        command.add("-Djava.io.tmpdir=" + Files.createDirectories(dir.resolve("jar-tmp")));
        command.add("-jar");
        command.add(jar.toString());
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().putAll(env);
        Path log = dir.resolve(name + ".log");
        builder.redirectError(log.toFile());
        return new JarServer(builder.start(), log, name, env);
    }

    /** Reads stdout until the listening line (keeping the admin key printed before it); fails after 60 s. */
    public JarServer awaitListening() throws Exception {
        BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        String line = CompletableFuture.supplyAsync(() -> {
            try {
                for (String next; (next = out.readLine()) != null; ) {
                    Matcher key = ADMIN_KEY.matcher(next);
                    if (key.matches()) {
                        adminKey = key.group(1);
                    }
                    if (LISTENING.matcher(next).matches()) {
                        return next;
                    }
                }
                return null;
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }).get(60, TimeUnit.SECONDS);
        Matcher m = LISTENING.matcher(String.valueOf(line));
        if (!m.matches()) {
            throw new AssertionError(name + " did not start; stdout line: " + line + "; log: " + log());
        }
        port = Integer.parseInt(m.group(2));
        // keep draining stdout, so a chatty server never blocks on a full pipe
        CompletableFuture.runAsync(() -> {
            try {
                while (out.readLine() != null) {
                    // discarded
                }
            } catch (IOException e) {
                // the process ended
            }
        });
        return this;
    }

    /** Polls {@code GET /health/ready} until it answers 200; false after {@code timeout}. */
    public boolean awaitReady(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (readyStatus() == 200) {
                return true;
            }
            Thread.sleep(20);
        }
        return false;
    }

    /**
     * The status of {@code GET /health/ready} now; -1 when nothing answered within 5 s (a JVM just
     * started on a busy machine can take seconds over its first request).
     */
    public int readyStatus() {
        try {
            return HTTP.send(HttpRequest.newBuilder(URI.create(baseUrl() + "/health/ready"))
                    .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    public String baseUrl() {
        return "http://localhost:" + port;
    }

    public int port() {
        return port;
    }

    /** The admin key printed on a first start with a fresh data dir; null on later starts. */
    public String adminKey() {
        return adminKey;
    }

    public long pid() {
        return process.pid();
    }

    public boolean alive() {
        return process.isAlive();
    }

    /** SIGKILL: no shutdown hook runs; returns once the process is gone. */
    public void kill9() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
    }

    /** SIGSTOP: the process freezes (its sockets stay open, nothing answers). */
    public void pause() throws Exception {
        signal("STOP");
    }

    /** SIGCONT after {@link #pause()}. */
    public void resume() throws Exception {
        signal("CONT");
    }

    private void signal(String signal) throws Exception {
        Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(process.pid())).start();
        if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0) {
            throw new IllegalStateException("kill -" + signal + " " + process.pid() + " failed");
        }
    }

    /** SIGTERM (shutdown hooks run) without waiting for the process to end. */
    public void terminate() {
        process.destroy();
    }

    /** The ended process's exit status (call after {@link #awaitExit} returned true). */
    public int exitValue() {
        return process.exitValue();
    }

    /** Waits up to {@code timeout} for the process to end; true if it did. */
    public boolean awaitExit(Duration timeout) throws InterruptedException {
        return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** SIGTERM (shutdown hooks run), then SIGKILL after 10 s. */
    public void stop() throws InterruptedException {
        if (!process.isAlive()) {
            return;
        }
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            kill9();
        }
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            try {
                resume(); // a paused process would ignore SIGTERM until continued
            } catch (Exception e) {
                // it ended meanwhile
            }
        }
        stop();
    }

    /** A request as the admin (the key this or an earlier start printed); {@code body} null for none. */
    public HttpResponse<String> send(String method, String path, String contentType, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl() + path))
                .timeout(Duration.ofSeconds(10)).header("Authorization", "Bearer " + adminKey)
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /**
     * An agent's WebSocket, present and available (a JWT minted by the jar's {@code mint-token}
     * against this server's environment); frames it receives are read and dropped.
     */
    public java.net.http.WebSocket availableAgent(String agentId) throws Exception {
        String token = mintToken(env, agentId, "agent");
        java.net.http.WebSocket socket = HTTP.newWebSocketBuilder().header("Authorization", "Bearer " + token)
                .buildAsync(URI.create(baseUrl().replace("http", "ws") + "/v1/agents/" + agentId + "/ws"),
                        new java.net.http.WebSocket.Listener() {
                            @Override
                            public java.util.concurrent.CompletionStage<?> onText(java.net.http.WebSocket ws,
                                    CharSequence data, boolean last) {
                                ws.request(1);
                                return null;
                            }
                        }).get(10, TimeUnit.SECONDS);
        socket.sendText("{\"type\":\"presence\",\"status\":\"available\",\"id\":\"hello\"}", true).join();
        return socket;
    }

    /** Everything the server wrote to stderr (its log) so far. */
    public String log() {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    /** {@code java -jar switchboard.jar mint-token --sub SUB --role ROLE} against {@code env}'s data dir. */
    public static String mintToken(Map<String, String> env, String sub, String role) throws Exception {
        ProcessBuilder builder = new ProcessBuilder(List.of(java(), "-jar", JAR.toString(), "mint-token", "--sub", sub,
                "--role", role));
        builder.environment().putAll(env);
        Process mint = builder.start();
        String token = new String(mint.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        String errors = new String(mint.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!mint.waitFor(30, TimeUnit.SECONDS) || mint.exitValue() != 0) {
            throw new AssertionError("mint-token failed: " + token + errors);
        }
        return token;
    }

    static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }
}
