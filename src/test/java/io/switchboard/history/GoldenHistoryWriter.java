package io.switchboard.history;

import io.switchboard.JarServer;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Not a test: writes a golden history store (src/test/resources/golden/history-schema-4/README.md)
 * with a REAL packaged build, then reads its reports with the same build's classes.
 *
 * <pre>
 * java -cp &lt;that build's switchboard.jar&gt;:target/test-classes io.switchboard.history.GoldenHistoryWriter \
 *   &lt;that build's switchboard.jar&gt; &lt;out dir&gt;
 * </pre>
 *
 * <p>Runs the jar (demo configuration with SLA targets of seconds, so warnings, breaches,
 * escalations and compensations happen; archiving at once) on a fresh data directory and drives
 * tickets through its API: 8 enterprise and vip chat tickets wait unanswered past their targets,
 * then three agents connect over WebSocket and accept every offer; of 40 tickets, every assigned
 * one is replied to, every fifth transferred to the technical team (and accepted there), the rest
 * resolved, half of those rated (feedback), then closed; bob goes away and comes back. Then the
 * server is stopped, the history store copied to {@code <out dir>/history.duckdb}, and the
 * reports of {@link GoldenReports} as this build answers them written to
 * {@code <out dir>/reports.txt}, and every archived ticket's timeline to {@code timelines.txt}.
 */
final class GoldenHistoryWriter {
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private final BlockingQueue<String[]> assigned = new LinkedBlockingQueue<>();

    private GoldenHistoryWriter() {}

    public static void main(String[] args) throws Exception {
        int status = 1;
        try {
            new GoldenHistoryWriter().run(Path.of(args[0]), Path.of(args[1]));
            status = 0;
        } catch (Throwable t) {
            t.printStackTrace();
        }
        System.exit(status);
    }

    private void run(Path jar, Path out) throws Exception {
        Path dir = Files.createTempDirectory("golden-history");
        Map<String, String> env = new HashMap<>();
        env.put("SWITCHBOARD_HTTP_PORT", "0");
        env.put("SWITCHBOARD_DATA_DIR", dir.resolve("data").toString());
        env.put("SWITCHBOARD_ARCHIVE_AFTER", "0s");
        String demo;
        try (var in = GoldenHistoryWriter.class.getResourceAsStream("/switchboard-demo.yaml")) {
            demo = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        String config = demo.replace("targets: {firstResponse: 2m, nextResponse: 10m, resolution: 4h}",
                "targets: {firstResponse: 2s, nextResponse: 10m, resolution: 4h}")
                .replace("targets: {firstResponse: 60s, nextResponse: 3m, resolution: 8h}",
                        "targets: {firstResponse: 2s, nextResponse: 3m, resolution: 8h}")
                .replace("overdue: 1h", "overdue: 1s").replace("overdue: 2h", "overdue: 2s")
                + "\nsecurity:\n  rateLimit: {perSecond: 1000000, burst: 1000000}\n";
        Files.writeString(dir.resolve("golden.yaml"), config);
        env.put("SWITCHBOARD_CONFIG", dir.resolve("golden.yaml").toString());
        long from = System.currentTimeMillis() - 3_600_000;
        JarServer server = JarServer.start(dir, "golden", env, List.of("-Xmx512m"), jar);
        String base = server.baseUrl();
        String admin = server.adminKey();
        String[] tiers = {"standard", "vip", "enterprise", "standard", "standard"};
        String[] channels = {"chat", "email", "web", "wechat", "api"};
        String[] types = {"general", "billing", "technical", "general", "refund"};
        int n = 0;
        for (; n < 8; n++) { // no agent yet: these breach their first response
            create(base, admin, n, n % 2 == 0 ? "enterprise" : "vip", "chat", "general");
        }
        Thread.sleep(3_500);
        Map<String, WebSocket> agents = new HashMap<>();
        for (String agent : List.of("alice", "bob", "chen")) {
            agents.put(agent, connect(base, agent, JarServer.mintToken(env, agent, "agent")));
        }
        for (; n < 40; n++) {
            create(base, admin, n, tiers[n % 5], channels[(n / 5) % 5], types[n % 5]);
        }
        int handled = 0;
        int transfers = 0;
        Map<String, String> tokens = new HashMap<>();
        for (String agent : agents.keySet()) {
            tokens.put(agent, JarServer.mintToken(env, agent, "agent"));
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        java.util.Set<String> transferred = new java.util.HashSet<>();
        while (handled < 40 && System.nanoTime() < deadline) {
            String[] next = assigned.poll(1, TimeUnit.SECONDS);
            if (next == null) {
                continue;
            }
            String ticket = next[0];
            String agent = next[1];
            post(base, tokens.get(agent), "/v1/tickets/" + ticket + "/reply", "{\"message\":\"On it.\"}");
            int number = Integer.parseInt(ticket.substring(ticket.indexOf('_') + 1));
            if (number % 5 == 0 && transferred.add(ticket)) {
                transfers++;
                post(base, admin, "/v1/tickets/" + ticket + "/transfer", "{\"team\":\"technical\",\"reason\":\"needs_technical\"}");
                continue; // comes back as an offer to the technical team
            }
            post(base, admin, "/v1/tickets/" + ticket + "/resolve", "{\"reason\":\"done\"}");
            if (number % 2 == 0) {
                post(base, admin, "/v1/tickets/" + ticket + "/feedback", "{\"csat\":" + (1 + number % 5)
                        + ",\"nps\":" + (number % 11) + ",\"comment\":\"golden\"}");
            }
            post(base, admin, "/v1/tickets/" + ticket + "/close", "{}");
            handled++;
            if (handled == 10) {
                send(agents.get("bob"), new JsonObject().put("type", "presence").put("status", "away").put("id", "away"));
                Thread.sleep(300);
                send(agents.get("bob"), new JsonObject().put("type", "presence").put("status", "available")
                        .put("id", "back"));
            }
        }
        System.out.printf("handled %d tickets (%d transfers)%n", handled, transfers);
        Thread.sleep(2_000); // the last batches reach the history store
        agents.values().forEach(ws -> ws.sendClose(WebSocket.NORMAL_CLOSURE, "done").join());
        Thread.sleep(500);
        server.stop();
        System.out.println(server.log().lines().filter(l -> l.contains("history")).toList());
        Files.createDirectories(out);
        for (String file : List.of(HistoryStores.DUCKDB_FILE, HistoryStores.DUCKDB_FILE + ".wal")) {
            // the write-ahead log too, if the stop left one: the open below replays it and checkpoints
            if (Files.exists(dir.resolve("data").resolve(file))) {
                Files.copy(dir.resolve("data").resolve(file), out.resolve(file),
                        java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            }
        }
        long to = System.currentTimeMillis() + 3_600_000;
        try (HistoryStore store = HistoryStores.duckDb(out)) {
            Files.writeString(out.resolve("reports.txt"), GoldenReports.render(store, from, to));
            Files.writeString(out.resolve("timelines.txt"), GoldenReports.timelines(store));
        }
        if (Files.exists(out.resolve(HistoryStores.DUCKDB_FILE + ".wal"))) {
            throw new IllegalStateException("the store was not checkpointed at close");
        }
        try (var files = Files.walk(dir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    private static void create(String base, String admin, int n, String tier, String channel, String type)
            throws Exception {
        HttpResponse<String> r = post(base, admin, "/v1/tickets", "{\"channel\":\"" + channel
                + "\",\"priority\":\"normal\",\"customer\":{\"id\":\"c-" + n + "\",\"tier\":\"" + tier
                + "\",\"name\":\"Golden " + n + "\"},\"type\":\"" + type + "\",\"subject\":\"Golden ticket " + n
                + "\",\"description\":\"A ticket for the golden history store.\"}");
        if (r.statusCode() != 201) {
            throw new IllegalStateException("create " + n + ": " + r.statusCode() + " " + r.body());
        }
    }

    private static HttpResponse<String> post(String base, String bearer, String path, String body) throws Exception {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(base + path))
                .timeout(Duration.ofSeconds(10)).header("Content-Type", "application/json")
                .header("Authorization", "Bearer " + bearer).POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() >= 300) {
            System.out.println("POST " + path + ": " + r.statusCode() + " " + r.body());
        }
        return r;
    }

    private static void send(WebSocket ws, JsonObject message) {
        synchronized (ws) {
            ws.sendText(message.encode(), true).join();
        }
    }

    private WebSocket connect(String base, String agent, String token) throws Exception {
        StringBuilder partial = new StringBuilder();
        WebSocket[] self = new WebSocket[1];
        WebSocket ws = HTTP.newWebSocketBuilder().header("Authorization", "Bearer " + token)
                .buildAsync(URI.create(base.replace("http", "ws") + "/v1/agents/" + agent + "/ws"),
                        new WebSocket.Listener() {
                            @Override
                            public CompletionStage<?> onText(WebSocket socket, CharSequence data, boolean last) {
                                partial.append(data);
                                if (last) {
                                    JsonObject m = new JsonObject(partial.toString());
                                    partial.setLength(0);
                                    if ("offer".equals(m.getString("type"))) {
                                        String offer = m.getString("offerId");
                                        String ticket = m.getJsonObject("ticket").getString("id");
                                        java.util.concurrent.CompletableFuture.runAsync(() -> send(socket,
                                                new JsonObject().put("type", "accept").put("offerId", offer)
                                                        .put("id", "accept-" + ticket)));
                                    } else if ("ack".equals(m.getString("type"))
                                            && m.getString("id", "").startsWith("accept-")) {
                                        assigned.add(new String[] {m.getString("id").substring(7), agent});
                                    }
                                }
                                socket.request(1);
                                return null;
                            }
                        }).get(10, TimeUnit.SECONDS);
        self[0] = ws;
        send(ws, new JsonObject().put("type", "presence").put("status", "available").put("id", "hello"));
        return ws;
    }
}
