package io.switchboard;

import static org.assertj.core.api.Assertions.assertThat;

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
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Starts the packaged jar as a child process, as a newcomer would, and checks start-up, the
 * README walk-through and fail-fast configuration. Runs in the verify phase, after packaging.
 */
class ServerProcessIT {
    private static final Pattern LISTENING = Pattern.compile("Switchboard listening on http://([^:]+):(\\d+)");
    private static final Pattern ADMIN_KEY = Pattern.compile("  admin key: (sbk_[A-Za-z0-9_-]+)");
    private static final Path JAR = Path.of("target/switchboard.jar");

    @TempDir
    Path dataDir;

    @Test
    void jar_demoConfig_readmeWalkThroughRoutesTheTicketToAlice() throws Exception {
        Process server = start(Map.of("SWITCHBOARD_HTTP_PORT", "0"));
        Process console = null;
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(server.getInputStream(), StandardCharsets.UTF_8));
            // README: the first start prints the generated admin key once, then the listening line.
            assertThat(readLine(out, 30)).startsWith("First start: generated an admin API key.");
            Matcher key = ADMIN_KEY.matcher(readLine(out, 5));
            assertThat(key.matches()).as("admin key line").isTrue();
            String adminKey = key.group(1);
            String line = readLine(out, 30);
            Matcher m = LISTENING.matcher(line);
            assertThat(m.matches()).as("listening line: " + line).isTrue();
            String base = "http://localhost:" + m.group(2);

            // README: export SB_TOKEN=$(java -jar target/switchboard.jar mint-token --sub alice --role agent)
            Process mint = start(Map.of(), "mint-token", "--sub", "alice", "--role", "agent");
            assertThat(mint.waitFor(30, TimeUnit.SECONDS)).isTrue();
            String token = new String(mint.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            assertThat(mint.exitValue()).as(new String(mint.getErrorStream().readAllBytes(), StandardCharsets.UTF_8))
                    .isZero();
            assertThat(token).matches("[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+");

            // README: java tools/AgentConsole.java alice --token "$SB_TOKEN" --available --accept
            console = new ProcessBuilder(java(), "tools/AgentConsole.java", "alice", "--token", token, "--url",
                    "ws://localhost:" + m.group(2), "--available", "--accept").redirectErrorStream(true).start();
            LinkedBlockingQueue<String> lines = new LinkedBlockingQueue<>();
            pump(console, lines);
            awaitLine(lines, "\"type\":\"ack\",\"id\":\"hello\"");

            // README: the chatbot's curl
            HttpClient http = HttpClient.newHttpClient();
            HttpResponse<String> anonymous = http.send(HttpRequest.newBuilder(URI.create(base + "/v1/tickets")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(anonymous.statusCode()).isEqualTo(401);
            HttpResponse<String> created = http.send(HttpRequest.newBuilder(URI.create(base + "/v1/tickets"))
                    .header("Authorization", "Bearer " + adminKey).header("Content-Type", "application/json").header("Idempotency-Key", "chat-7781-handoff")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"channel\":\"chat\",\"type\":\"refund\","
                            + "\"subject\":\"Refund for order A-1001\","
                            + "\"customer\":{\"id\":\"cust-42\",\"tier\":\"standard\",\"name\":\"Li Lei\"}}"))
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertThat(created.statusCode()).isEqualTo(201);
            assertThat(created.body()).contains("\"queue\":\"billing\"").contains("\"id\":\"tkt_1\"");
            awaitLine(lines, "\"type\":\"offer\"");
            awaitLine(lines, "\"type\":\"assigned\"");

            HttpResponse<String> ticket = http.send(HttpRequest.newBuilder(URI.create(base + "/v1/tickets/tkt_1"))
                    .header("Authorization", "Bearer " + token).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(ticket.body()).contains("\"assignee\":\"alice\"").contains("\"status\":\"assigned\"");
            HttpResponse<String> spec = http.send(HttpRequest.newBuilder(URI.create(base + "/openapi.yaml")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(spec.body()).isEqualTo(Files.readString(Path.of("docs/openapi.yaml")));
            HttpResponse<String> asyncApi = http.send(HttpRequest.newBuilder(URI.create(base + "/asyncapi.yaml")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(asyncApi.headers().firstValue("Content-Type")).contains("application/yaml");
            assertThat(asyncApi.body()).isEqualTo(Files.readString(Path.of("docs/asyncapi.yaml")));

            // README: mint-token --link prints a one-time sign-in link for the desk; the page trades its code
            Process link = start(Map.of(), "mint-token", "--sub", "alice", "--role", "agent", "--link", "--base-url", base);
            assertThat(link.waitFor(30, TimeUnit.SECONDS)).isTrue();
            String printed = new String(link.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            assertThat(printed).startsWith(base + "/desk/#code=");
            String code = printed.substring(printed.indexOf("#code=") + 6);
            assertThat(code).isNotEqualTo(token);
            HttpResponse<String> signIn = http.send(HttpRequest.newBuilder(URI.create(base + "/v1/sign-in"))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"code\":\"" + code + "\"}")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(signIn.statusCode()).as(signIn.body()).isEqualTo(200);
            assertThat(signIn.body()).contains("\"sub\":\"alice\"");
            HttpResponse<String> desk = http.send(HttpRequest.newBuilder(URI.create(base + "/desk/")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(desk.statusCode()).isEqualTo(200);
            assertThat(desk.body()).contains("<script type=\"module\" src=\"/ui/");
            // an admin's link opens the reports page; an integration has no page to sign in to
            Process adminLink = start(Map.of(), "mint-token", "--sub", "ops", "--role", "admin", "--link", "--base-url",
                    base);
            assertThat(adminLink.waitFor(30, TimeUnit.SECONDS)).isTrue();
            assertThat(new String(adminLink.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim())
                    .startsWith(base + "/reports/#code=");
            Process botLink = start(Map.of(), "mint-token", "--sub", "bot", "--role", "integration", "--link");
            assertThat(botLink.waitFor(30, TimeUnit.SECONDS)).isTrue();
            assertThat(botLink.exitValue()).isEqualTo(2);
            assertThat(out.ready() ? out.readLine() : null).as("nothing else on stdout").isNull();
        } finally {
            if (console != null) {
                console.destroyForcibly();
            }
            server.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void jar_secondStartWithSameDataDir_printsNoKeyAndAcceptsTheFirstOne() throws Exception {
        Process first = start(Map.of("SWITCHBOARD_HTTP_PORT", "0"));
        String key;
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(first.getInputStream(), StandardCharsets.UTF_8));
            readLine(out, 30);
            Matcher m = ADMIN_KEY.matcher(readLine(out, 5));
            assertThat(m.matches()).isTrue();
            key = m.group(1);
            assertThat(LISTENING.matcher(readLine(out, 30)).matches()).isTrue();
        } finally {
            first.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
        Process second = start(Map.of("SWITCHBOARD_HTTP_PORT", "0"));
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(second.getInputStream(), StandardCharsets.UTF_8));
            Matcher m = LISTENING.matcher(readLine(out, 30));
            assertThat(m.matches()).as("the key is printed once, never again").isTrue();
            HttpResponse<String> agents = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create("http://localhost:" + m.group(2) + "/v1/agents")).header("X-Api-Key", key).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(agents.statusCode()).isEqualTo(200);
        } finally {
            second.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void jar_invalidConfig_exitsNamingTheKey() throws Exception {
        Path config = dataDir.resolve("bad.yaml");
        Files.writeString(config, "skills: [billing]\nqueues:\n  - name: billing\n    strategy: fastest\n");
        Process process = start(Map.of("SWITCHBOARD_HTTP_PORT", "0", "SWITCHBOARD_CONFIG", config.toString()));
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        String err = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.exitValue()).isEqualTo(2);
        assertThat(err).contains("queues[0].strategy");
        assertThat(new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8)).isEmpty();
    }

    @Test
    void jar_configWithDuplicateKey_exitsNamingFileKeyAndLine() throws Exception {
        Path config = dataDir.resolve("twice.yaml");
        Files.writeString(config, "skills: [billing]\nqueues:\n  - name: billing\nqueues:\n  - name: other\n");
        Process process = start(Map.of("SWITCHBOARD_HTTP_PORT", "0", "SWITCHBOARD_CONFIG", config.toString()));
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        String err = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.exitValue()).isEqualTo(2);
        assertThat(err).contains(config.toString()).contains("duplicate key 'queues'").contains("line 4");
    }

    @Test
    void jar_configFlagAndBadPort_failFastWithTheSettingNamed() throws Exception {
        Process badPort = start(Map.of("SWITCHBOARD_HTTP_PORT", "eighty"));
        assertThat(badPort.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(new String(badPort.getErrorStream().readAllBytes(), StandardCharsets.UTF_8))
                .contains("SWITCHBOARD_HTTP_PORT");

        Process missing = start(Map.of("SWITCHBOARD_HTTP_PORT", "0"), "--config", dataDir.resolve("none.yaml").toString());
        assertThat(missing.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(missing.exitValue()).isEqualTo(2);
        assertThat(new String(missing.getErrorStream().readAllBytes(), StandardCharsets.UTF_8)).contains("none.yaml");
    }

    @Test
    void jar_dataDirIsAFile_exitsNamingTheSetting() throws Exception {
        Path notADirectory = Files.writeString(dataDir.resolve("occupied"), "a file, not a directory");
        Process process = start(Map.of("SWITCHBOARD_HTTP_PORT", "0", "SWITCHBOARD_DATA_DIR", notADirectory.toString()));
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).isEqualTo(2);
        assertThat(new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8))
                .contains("SWITCHBOARD_DATA_DIR");
    }

    @Test
    void jar_badHistoryStore_exitsNamingTheSettingOrTheFile() throws Exception {
        Process badUrl = start(Map.of("SWITCHBOARD_HTTP_PORT", "0", "SWITCHBOARD_HISTORY_URL", "mysql://db/history"));
        assertThat(badUrl.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(badUrl.exitValue()).isEqualTo(2);
        assertThat(new String(badUrl.getErrorStream().readAllBytes(), StandardCharsets.UTF_8))
                .contains("SWITCHBOARD_HISTORY_URL");

        Process unreachable = start(Map.of("SWITCHBOARD_HTTP_PORT", "0", "SWITCHBOARD_HISTORY_URL",
                "postgresql://switchboard:secret@127.0.0.1:1/history"));
        assertThat(unreachable.waitFor(60, TimeUnit.SECONDS)).isTrue();
        String unreachableErr = new String(unreachable.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(unreachable.exitValue()).isNotZero();
        assertThat(unreachableErr).contains("SWITCHBOARD_HISTORY_URL").contains("127.0.0.1").doesNotContain("secret");

        Path corruptDir = dataDir.resolve("corrupt");
        Files.createDirectories(corruptDir);
        Path corrupt = Files.writeString(corruptDir.resolve("history.duckdb"), "not a database, just text ".repeat(400));
        Process damaged = start(Map.of("SWITCHBOARD_HTTP_PORT", "0", "SWITCHBOARD_DATA_DIR", corruptDir.toString()));
        assertThat(damaged.waitFor(60, TimeUnit.SECONDS)).isTrue();
        String damagedErr = new String(damaged.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(damaged.exitValue()).isNotZero();
        assertThat(damagedErr).contains(corrupt.toAbsolutePath().toString()).contains("move the file aside");
    }

    private Process start(Map<String, String> env, String... args) throws IOException {
        assertThat(JAR).as("run after 'package'").exists();
        List<String> command = new ArrayList<>(List.of(java(), "-Xmx256m", jarTmpDir(), "-jar", JAR.toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().putAll(env);
        builder.environment().putIfAbsent("SWITCHBOARD_DATA_DIR", dataDir.resolve("data").toString());
        return builder.start();
    }

    private static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    private static void pump(Process process, LinkedBlockingQueue<String> lines) {
        Thread reader = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(),
                    StandardCharsets.UTF_8))) {
                for (String line; (line = in.readLine()) != null; ) {
                    lines.add(line);
                }
            } catch (IOException e) {
                lines.add("-- reader failed " + e);
            }
        });
        reader.setDaemon(true);
        reader.start();
    }

    private static void awaitLine(LinkedBlockingQueue<String> lines, String fragment) throws InterruptedException {
        List<String> seen = new ArrayList<>();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            String line = lines.poll(100, TimeUnit.MILLISECONDS);
            if (line != null) {
                seen.add(line);
                if (line.contains(fragment)) {
                    return;
                }
            }
        }
        throw new AssertionError("console never printed " + fragment + "; it printed " + seen);
    }

    private static String readLine(BufferedReader out, int seconds) throws Exception {
        CompletableFuture<String> line = CompletableFuture.supplyAsync(() -> {
            try {
                return out.readLine();
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        });
        return line.get(seconds, TimeUnit.SECONDS);
    }

    /**
     * The jar's {@code java.io.tmpdir}, inside this test's temp dir: what a server killed with
     * {@code kill -9} leaves there (DuckDB's 55 MB native library, Vert.x's file cache) goes
     * with the test's dir instead of piling up in /tmp.
     */
    private String jarTmpDir() throws java.io.IOException {
        return "-Djava.io.tmpdir=" + Files.createDirectories(dataDir.resolve("jar-tmp"));
    }
}
