package io.switchboard.hooks;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * At least once across {@code kill -9}: the packaged jar delivers to a real receiver while tickets
 * pour in; half-way the receiver fails (503), then the server is killed with SIGKILL and started
 * again on the same data dir with the receiver healthy. Every acknowledged ticket's
 * {@code ticket.created} must arrive, signed, and a message seen twice must be the same message
 * (same {@code webhook-id}, same body).
 */
class WebhookCrashProcessIT {
    private static final Pattern LISTENING = Pattern.compile("Switchboard listening on http://([^:]+):(\\d+)");
    private static final Pattern ADMIN_KEY = Pattern.compile("  admin key: (sbk_[A-Za-z0-9_-]+)");
    private static final Path JAR = Path.of("target/switchboard.jar");

    @TempDir
    Path dir;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final Set<String> acknowledged = ConcurrentHashMap.newKeySet();
    private String adminKey;

    @Test
    void kill9_whileDeliveringAndRetrying_restart_everyAcknowledgedTicketDeliveredWithStableIds() throws Exception {
        try (WebhookReceiver receiver = new WebhookReceiver()) {
            Path config = dir.resolve("hooks.yaml");
            try (var demo = WebhookCrashProcessIT.class.getResourceAsStream("/switchboard-demo.yaml")) {
                Files.writeString(config, new String(demo.readAllBytes(), StandardCharsets.UTF_8)
                        + "\nsecurity:\n  rateLimit: {perSecond: 1000000, burst: 1000000}\n"
                        + "webhooks:\n  allowPrivateNetworks: true\n  initialBackoff: 50ms\n  maxBackoff: 200ms\n"
                        + "  subscriptions:\n    - {id: crm, url: '" + receiver.url() + "', secret: "
                        + WebhookServerTest.SECRET + ", types: [ticket.created]}\n");
            }
            Map<String, String> env = new HashMap<>();
            env.put("SWITCHBOARD_HTTP_PORT", "0");
            env.put("SWITCHBOARD_DATA_DIR", dir.resolve("data").toString());
            env.put("SWITCHBOARD_SNAPSHOT_EVENTS", "100"); // snapshots while the endpoint fails
            env.put("SWITCHBOARD_CONFIG", config.toString());

            Process server = start(env, "first");
            String base = baseUrl(server);
            for (int i = 0; i < 150; i++) {
                create(base, "a" + i);
            }
            long t0 = System.nanoTime();
            receiver.await(r -> r.size() >= 50, 20, "deliveries before the failure");
            long t1 = System.nanoTime();
            receiver.answer.set(503);
            for (int i = 0; i < 150; i++) {
                create(base, "b" + i);
            }
            receiver.await(r -> r.stream().filter(x -> x.answered() == 503).count() >= 20, 20, "failed attempts");
            long t2 = System.nanoTime();
            server.destroyForcibly(); // SIGKILL while messages are pending and being retried
            server.waitFor(10, TimeUnit.SECONDS);
            receiver.answer.set(200);

            Process again = start(env, "second");
            try {
                baseUrl(again);
                long t3 = System.nanoTime();
                receiver.await(r -> delivered(r).containsAll(acknowledged), 60, "every acknowledged ticket.created");
                Map<String, String> bodies = new HashMap<>();
                int duplicates = 0;
                for (WebhookReceiver.Received r : receiver.all()) {
                    assertThat(WebhookReceiver.signedWith(WebhookServerTest.SECRET, r)).as(r.id()).isTrue();
                    String earlier = bodies.putIfAbsent(r.id(), r.body());
                    if (earlier != null) {
                        duplicates++;
                        assertThat(r.body()).as("a message seen again is the same message: " + r.id()).isEqualTo(earlier);
                    }
                }
                System.out.printf("WebhookCrashProcessIT: %d tickets acknowledged, all delivered after kill -9; %d"
                        + " requests, %d repeats of an earlier id (retries and redeliveries)%n", acknowledged.size(),
                        receiver.all().size(), duplicates);
                System.out.printf("WebhookCrashProcessIT ms: first deliveries %d, failing phase %d, restart %d, catch-up %d%n", (t1 - t0) / 1000000, (t2 - t1) / 1000000,
                        (t3 - t2) / 1000000, (System.nanoTime() - t3) / 1000000);
            } finally {
                again.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
    }

    private static Set<String> delivered(List<WebhookReceiver.Received> all) {
        Set<String> tickets = new java.util.HashSet<>();
        all.stream().filter(r -> r.answered() == 200).forEach(r -> tickets.add(r.data().getString("ticketId")));
        return tickets;
    }

    private void create(String base, String key) throws Exception {
        String body = "{\"channel\":\"chat\",\"type\":\"question\",\"subject\":\"hooks " + key
                + "\",\"customer\":{\"id\":\"c-" + key + "\",\"tier\":\"standard\"}}";
        HttpResponse<String> reply = http.send(HttpRequest.newBuilder(URI.create(base + "/v1/tickets"))
                .timeout(Duration.ofSeconds(10)).header("Content-Type", "application/json")
                .header("Authorization", "Bearer " + adminKey).POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(reply.statusCode()).as(reply.body()).isEqualTo(201);
        acknowledged.add(new JsonObject(reply.body()).getString("id"));
    }

    private Process start(Map<String, String> env, String name) throws Exception {
        assertThat(JAR).as("run after 'package'").exists();
        ProcessBuilder builder = new ProcessBuilder(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-Xmx512m", jarTmpDir(), "-jar", JAR.toString()));
        builder.environment().putAll(env);
        builder.redirectError(dir.resolve(name + ".log").toFile());
        return builder.start();
    }

    private String baseUrl(Process server) throws Exception {
        BufferedReader out = new BufferedReader(new InputStreamReader(server.getInputStream(), StandardCharsets.UTF_8));
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
            } catch (java.io.IOException e) {
                throw new IllegalStateException(e);
            }
        }).get(60, TimeUnit.SECONDS);
        Matcher m = LISTENING.matcher(String.valueOf(line));
        assertThat(m.matches()).as("stdout line: " + line).isTrue();
        return "http://localhost:" + m.group(2);
    }

    /**
     * The jar's {@code java.io.tmpdir}, inside this test's temp dir: what a server killed with
     * {@code kill -9} leaves there (DuckDB's 55 MB native library, Vert.x's file cache) goes
     * with the test's dir instead of piling up in /tmp.
     */
    private String jarTmpDir() throws java.io.IOException {
        return "-Djava.io.tmpdir=" + Files.createDirectories(dir.resolve("jar-tmp"));
    }
}
