package io.switchboard;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The packaged jar as a child process, for process tests: started with environment variables (the
 * data dir, config, port 0), its URL and the admin key it prints on the first start read from its
 * stdout, stderr in {@code <dir>/<name>.log}; {@link #kill9} is SIGKILL. Run after {@code package}.
 */
public final class JarServer implements AutoCloseable {
    private static final Pattern LISTENING = Pattern.compile("Switchboard listening on http://([^:]+):(\\d+)");
    private static final Pattern ADMIN_KEY = Pattern.compile("  admin key: (sbk_[A-Za-z0-9_-]+)");
    private static final Path JAR = Path.of("target/switchboard.jar");
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private final Process process;
    private final String baseUrl;
    private final String adminKey;
    private final Map<String, String> env;

    private JarServer(Process process, String baseUrl, String adminKey, Map<String, String> env) {
        this.process = process;
        this.baseUrl = baseUrl;
        this.adminKey = adminKey;
        this.env = env;
    }

    /**
     * Starts the jar with {@code env} and waits (60 s) until it listens. {@code adminKey}: the key
     * a previous start printed (null on the first start, which prints it).
     */
    public static JarServer start(Map<String, String> env, Path dir, String name, String adminKey) throws Exception {
        assertThat(JAR).as("run after 'package'").exists();
        ProcessBuilder builder = new ProcessBuilder(List.of(java(), "-Xmx512m", "-jar", JAR.toString()));
        builder.environment().putAll(env);
        builder.redirectError(dir.resolve(name + ".log").toFile());
        Process process = builder.start();
        BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        String[] key = {adminKey};
        String line = CompletableFuture.supplyAsync(() -> {
            try {
                for (String next; (next = out.readLine()) != null; ) {
                    Matcher printed = ADMIN_KEY.matcher(next);
                    if (printed.matches()) {
                        key[0] = printed.group(1);
                    }
                    if (LISTENING.matcher(next).matches()) {
                        return next;
                    }
                }
                return null;
            } catch (java.io.IOException e) {
                throw new IllegalStateException(e);
            }
        }).get(60, TimeUnit.SECONDS);
        Matcher m = LISTENING.matcher(String.valueOf(line));
        assertThat(m.matches()).as("stdout line: " + line + "; log: " + Files.readString(dir.resolve(name + ".log")))
                .isTrue();
        assertThat(key[0]).as("the first start prints the admin key").isNotNull();
        return new JarServer(process, "http://localhost:" + m.group(2), key[0], env);
    }

    public String baseUrl() {
        return baseUrl;
    }

    public String adminKey() {
        return adminKey;
    }

    /** A request as the admin; {@code body} null for GET. */
    public HttpResponse<String> send(String method, String path, String contentType, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl + path)).timeout(Duration.ofSeconds(10))
                .header("Authorization", "Bearer " + adminKey)
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /**
     * An agent's WebSocket, present and available (a JWT minted by the jar's {@code mint-token});
     * with {@code autoAccept} in the config its tickets are assigned without an accept.
     */
    public WebSocket availableAgent(String agentId) throws Exception {
        ProcessBuilder builder = new ProcessBuilder(List.of(java(), "-jar", JAR.toString(), "mint-token", "--sub",
                agentId, "--role", "agent"));
        builder.environment().putAll(env);
        Process mint = builder.start();
        String token = new String(mint.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        assertThat(mint.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(mint.exitValue()).as("mint-token: " + token).isZero();
        WebSocket socket = HTTP.newWebSocketBuilder().header("Authorization", "Bearer " + token)
                .buildAsync(URI.create(baseUrl.replace("http", "ws") + "/v1/agents/" + agentId + "/ws"),
                        new WebSocket.Listener() {
                            @Override
                            public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
                                ws.request(1);
                                return null;
                            }
                        }).get(10, TimeUnit.SECONDS);
        socket.sendText("{\"type\":\"presence\",\"status\":\"available\",\"id\":\"hello\"}", true).join();
        return socket;
    }

    /** SIGKILL: no shutdown hook runs. */
    public void kill9() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
    }

    @Override
    public void close() throws InterruptedException {
        kill9();
    }

    private static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }
}
