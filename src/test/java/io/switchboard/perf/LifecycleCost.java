package io.switchboard.perf;

import com.sun.management.ThreadMXBean;
import io.switchboard.api.TestServer;
import io.switchboard.config.Role;
import io.switchboard.app.DurabilitySettings;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Not a test: a measuring tool for issue 12. Runs a real server in this JVM and drives ticket
 * lifecycles through it over real sockets (JDK HTTP and WebSocket clients, whose threads are not
 * counted), in stages: create (POST, answered, offer pushed), accept (WebSocket accept, ack and
 * assigned pushed), resolve (POST answered). For each stage it prints the bytes allocated and the
 * CPU time used per ticket by the server's threads (every thread but the clients' and main), and
 * both per thread group over the measured rounds.
 * Measures cost, not latency, so it stays meaningful on a busy machine.
 *
 * <pre>
 * ./mvnw -B -q test-compile && java -cp target/classes:target/test-classes:$(cat target/cp.txt) \
 *   io.switchboard.perf.LifecycleCost [memory|file] [rounds]
 * </pre>
 */
public final class LifecycleCost {
    private static final int AGENTS = 20;
    private static final int BATCH = 200;
    private static final String BODY_HEAD = "{\"channel\":\"chat\",\"priority\":\"normal\",\"customer\":{\"id\":\"c-";
    private static final String BODY_TAIL = "\",\"tier\":\"standard\",\"name\":\"Load Test\"},\"type\":\"general\","
            + "\"subject\":\"Order not confirmed\",\"description\":\"The customer says the order confirmation mail"
            + " never arrived and the card shows a double charge; please call back in the afternoon.\","
            + "\"tags\":[\"load_test\"],\"fields\":{\"orderId\":\"A-1\",\"lt_run\":\"abcdefgh\",\"lt_intended\":\"123456789\"}}";

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final String base;
    private final String bearer;
    private final Map<String, CompletableFuture<String>> offers = new ConcurrentHashMap<>();
    private final Map<String, CompletableFuture<Void>> assigned = new ConcurrentHashMap<>();
    private final Map<String, CompletableFuture<Void>> acks = new ConcurrentHashMap<>();
    private final List<WebSocket> sockets = new ArrayList<>();

    private LifecycleCost(String base, String bearer) {
        this.base = base;
        this.bearer = bearer;
    }

    /**
     * Exits explicitly (the server's Vert.x threads would keep the JVM alive): 0 after a complete
     * measurement, 1 with the stack trace after any failure, so a broken run never reads as a result.
     */
    public static void main(String[] args) {
        int status = 1;
        try {
            measure(args);
            status = 0;
        } catch (Throwable failure) {
            failure.printStackTrace();
        } finally {
            System.out.flush();
            System.err.flush();
            System.exit(status);
        }
    }

    private static void measure(String[] args) throws Exception {
        String store = args.length > 0 ? args[0] : "memory";
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 60;
        Vertx vertx = Vertx.vertx();
        java.nio.file.Path journalDir = Files.createTempDirectory("lifecycle");
        Runtime.getRuntime().addShutdownHook(new Thread(() -> deleteTree(journalDir)));
        DurabilitySettings durability = store.equals("file")
                ? DurabilitySettings.file(journalDir)
                : new DurabilitySettings(DurabilitySettings.Store.MEMORY, null, io.switchboard.store.FileJournal.Fsync.ALWAYS, 1000, null, false,
                        DurabilitySettings.DEFAULT_SNAPSHOT_EVENTS, DurabilitySettings.DEFAULT_SNAPSHOT_MILLIS);
        TestServer server = TestServer.start(vertx, TestServer.CONFIG.replace("{pingInterval: 300ms, idleTimeout: 1500ms}",
                "{pingInterval: 15s, idleTimeout: 45s}"), durability);
        LifecycleCost run = new LifecycleCost("http://localhost:" + server.port(), server.bearer("load", Role.ADMIN));
        for (int i = 0; i < AGENTS; i++) {
            server.putAgent("a" + i, "support", new JsonObject().put("general", 3), new JsonObject().put("chat", 100));
            run.connect(server, "a" + i);
        }
        long[] totals = new long[6];
        Map<String, Long> cpuBefore = Map.of();
        Map<String, Long> bytesBefore = Map.of();
        double[] appendsBefore = {0, 0};
        long journalBytesBefore = 0;
        for (int round = 0; round < rounds; round++) {
            if (round == rounds / 2) {
                cpuBefore = byThreadGroup(false);
                bytesBefore = byThreadGroup(true);
                appendsBefore = run.journalAppends();
                journalBytesBefore = journalBytes(journalDir);
            }
            long[] cost = run.round(round);
            if (round >= rounds / 2) {
                for (int i = 0; i < 6; i++) {
                    totals[i] += cost[i];
                }
            }
        }
        double n = (double) BATCH * (rounds - rounds / 2);
        System.out.printf("%s store, %d tickets measured after %d warm-up%n", store, (long) n, BATCH * (rounds / 2));
        String[] stages = {"create + offer", "accept + assigned", "resolve"};
        long bytes = 0;
        long cpu = 0;
        for (int s = 0; s < 3; s++) {
            System.out.printf("  %-18s %8.0f B/ticket %8.1f us CPU/ticket%n", stages[s], totals[2 * s] / n,
                    totals[2 * s + 1] / n / 1000);
            bytes += totals[2 * s];
            cpu += totals[2 * s + 1];
        }
        System.out.printf("  %-18s %8.0f B/ticket %8.1f us CPU/ticket%n", "lifecycle", bytes / n, cpu / n / 1000);
        Map<String, Long> cpuAfter = byThreadGroup(false);
        Map<String, Long> bytesAfter = byThreadGroup(true);
        if (store.equals("file")) {
            // the group commit's batches: how many per ticket, their mean wall time (not valid on a loaded
            // box), and the journal's growth per ticket (segments only: no snapshot in a run this short)
            double[] appendsAfter = run.journalAppends();
            double appends = appendsAfter[0] - appendsBefore[0];
            System.out.printf("  journal: %.2f appends/ticket, mean append %.3f ms (wall), %.0f journal bytes/ticket%n",
                    appends / n, appends == 0 ? 0 : (appendsAfter[1] - appendsBefore[1]) / appends * 1000,
                    (journalBytes(journalDir) - journalBytesBefore) / n);
        }
        System.out.println("  CPU and allocation per ticket by thread (measured rounds):");
        for (Map.Entry<String, Long> e : cpuAfter.entrySet()) {
            double micros = (e.getValue() - cpuBefore.getOrDefault(e.getKey(), 0L)) / n / 1000;
            double allocated = (bytesAfter.getOrDefault(e.getKey(), 0L) - bytesBefore.getOrDefault(e.getKey(), 0L)) / n;
            if (micros >= 0.05 || allocated >= 1) {
                System.out.printf("    %-28s %8.1f us %8.0f B%n", e.getKey(), micros, allocated);
            }
        }
    }

    /** {count, total seconds} of the journal's appends, from the server's /metrics. */
    private double[] journalAppends() throws Exception {
        String text = http.send(HttpRequest.newBuilder(URI.create(base + "/metrics")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        double[] out = new double[2];
        for (String line : text.split("\n")) {
            if (line.startsWith("switchboard_journal_append_seconds_count")) {
                out[0] = Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            } else if (line.startsWith("switchboard_journal_append_seconds_sum")) {
                out[1] = Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        return out;
    }

    /** Bytes of every file under {@code root} (the file journal's segments and snapshots). */
    private static long journalBytes(java.nio.file.Path root) throws java.io.IOException {
        try (java.util.stream.Stream<java.nio.file.Path> paths = Files.walk(root)) {
            return paths.filter(p -> p.getFileName().toString().matches("(segment|snapshot|base)-.*"))
                    .mapToLong(p -> p.toFile().length()).sum();
        }
    }

    /** Deletes the file journal's directory when the tool exits (System.exit runs shutdown hooks). */
    private static void deleteTree(java.nio.file.Path root) {
        try (java.util.stream.Stream<java.nio.file.Path> paths = Files.walk(root)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (java.io.IOException e) {
            System.err.println("could not delete " + root + ": " + e.getMessage());
        }
    }

    /**
     * CPU nanos (or, with {@code allocated}, bytes allocated) of the server's threads (as
     * {@link #serverThreads}), summed by name without its number.
     */
    private static Map<String, Long> byThreadGroup(boolean allocated) {
        ThreadMXBean threads = (ThreadMXBean) ManagementFactory.getThreadMXBean();
        Map<String, Long> byGroup = new java.util.TreeMap<>();
        for (java.lang.management.ThreadInfo info : threads.getThreadInfo(threads.getAllThreadIds())) {
            if (info == null || info.getThreadName().startsWith("HttpClient") || info.getThreadName().equals("main")) {
                continue;
            }
            String group = info.getThreadName().replaceAll("[-#]?\\d+$", "");
            long value = allocated ? threads.getThreadAllocatedBytes(info.getThreadId())
                    : threads.getThreadCpuTime(info.getThreadId());
            byGroup.merge(group, Math.max(0, value), Long::sum);
        }
        return byGroup;
    }

    /** One batch through the three stages; returns {bytes, cpu nanos} per stage. */
    private long[] round(int round) throws Exception {
        long[] cost = new long[6];
        long[] before = serverThreads();
        List<CompletableFuture<String>> created = new ArrayList<>();
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < BATCH; i++) {
            String body = BODY_HEAD + (round * BATCH + i) + BODY_TAIL;
            created.add(post("/v1/tickets", body).thenApply(r -> new JsonObject(r.body()).getString("id")));
        }
        List<CompletableFuture<String>> offerIds = new ArrayList<>();
        for (CompletableFuture<String> c : created) {
            String id = c.get(30, TimeUnit.SECONDS);
            ids.add(id);
            offerIds.add(offers.computeIfAbsent(id, k -> new CompletableFuture<>()));
        }
        CompletableFuture.allOf(offerIds.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);
        before = diff(before, cost, 0);

        List<CompletableFuture<Void>> done = new ArrayList<>();
        for (int i = 0; i < BATCH; i++) {
            String id = ids.get(i);
            String offerId = offerIds.get(i).get();
            CompletableFuture<Void> ack = acks.computeIfAbsent(id, k -> new CompletableFuture<>());
            done.add(ack);
            done.add(assigned.computeIfAbsent(id, k -> new CompletableFuture<>()));
            WebSocket ws = sockets.get(Integer.parseInt(owner.get(id).substring(1)));
            synchronized (ws) {
                ws.sendText(new JsonObject().put("type", "accept").put("offerId", offerId).put("id", id).encode(), true)
                        .get(30, TimeUnit.SECONDS);
            }
        }
        CompletableFuture.allOf(done.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);
        before = diff(before, cost, 2);

        List<CompletableFuture<HttpResponse<String>>> resolved = new ArrayList<>();
        for (String id : ids) {
            resolved.add(post("/v1/tickets/" + id + "/resolve", "{\"reason\":\"load_test\"}"));
        }
        for (CompletableFuture<HttpResponse<String>> r : resolved) {
            if (r.get(30, TimeUnit.SECONDS).statusCode() != 200) {
                throw new IllegalStateException("resolve answered " + r.get().statusCode() + " " + r.get().body());
            }
        }
        diff(before, cost, 4);
        ids.forEach(id -> {
            offers.remove(id);
            assigned.remove(id);
            acks.remove(id);
            owner.remove(id);
        });
        return cost;
    }

    private final Map<String, String> owner = new ConcurrentHashMap<>();

    private CompletableFuture<HttpResponse<String>> post(String path, String body) {
        return http.sendAsync(HttpRequest.newBuilder(URI.create(base + path)).header("Authorization", bearer)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private void connect(TestServer server, String agentId) throws Exception {
        WebSocket ws = http.newWebSocketBuilder().header("Authorization", server.bearer(agentId, Role.AGENT))
                .buildAsync(URI.create(base.replace("http", "ws") + "/v1/agents/" + agentId + "/ws"),
                        new WebSocket.Listener() {
                            private final StringBuilder text = new StringBuilder();

                            @Override
                            public CompletionStage<?> onText(WebSocket socket, CharSequence data, boolean last) {
                                text.append(data);
                                if (last) {
                                    onMessage(agentId, new JsonObject(text.toString()));
                                    text.setLength(0);
                                }
                                socket.request(1);
                                return null;
                            }
                        }).get(10, TimeUnit.SECONDS);
        sockets.add(ws);
        synchronized (ws) {
            ws.sendText("{\"type\":\"presence\",\"status\":\"available\"}", true).get(10, TimeUnit.SECONDS);
        }
    }

    private void onMessage(String agentId, JsonObject msg) {
        switch (msg.getString("type")) {
            case "offer" -> {
                String id = msg.getJsonObject("ticket").getString("id");
                owner.put(id, agentId);
                offers.computeIfAbsent(id, k -> new CompletableFuture<>()).complete(msg.getString("offerId"));
            }
            case "assigned" -> assigned.computeIfAbsent(msg.getJsonObject("ticket").getString("id"),
                    k -> new CompletableFuture<>()).complete(null);
            case "ack" -> {
                if (msg.getValue("id") instanceof String id) {
                    acks.computeIfAbsent(id, k -> new CompletableFuture<>()).complete(null);
                }
            }
            case "error" -> System.err.println("error: " + msg.encode());
            default -> {
            }
        }
    }

    /** Per server thread: allocated bytes and CPU nanos, summed. */
    private static long[] serverThreads() {
        ThreadMXBean threads = (ThreadMXBean) ManagementFactory.getThreadMXBean();
        long bytes = 0;
        long cpu = 0;
        for (java.lang.management.ThreadInfo info : threads.getThreadInfo(threads.getAllThreadIds())) {
            if (info == null || info.getThreadName().startsWith("HttpClient") || info.getThreadName().equals("main")) {
                continue;
            }
            bytes += Math.max(0, threads.getThreadAllocatedBytes(info.getThreadId()));
            cpu += Math.max(0, threads.getThreadCpuTime(info.getThreadId()));
        }
        return new long[] {bytes, cpu};
    }

    private static long[] diff(long[] before, long[] cost, int at) {
        long[] now = serverThreads();
        cost[at] = now[0] - before[0];
        cost[at + 1] = now[1] - before[1];
        return now;
    }
}
