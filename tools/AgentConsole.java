import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A minimal agent desktop for trying Switchboard from a terminal; needs only a JDK:
 *
 *   export SB_TOKEN=$(java -jar target/switchboard.jar mint-token --sub alice --role agent)
 *   java tools/AgentConsole.java alice --token "$SB_TOKEN"                      # prints what the server sends
 *   java tools/AgentConsole.java alice --token "$SB_TOKEN" --available --accept # goes available, accepts offers
 *   java tools/AgentConsole.java lead-chen --supervisor --token "$LEAD_TOKEN"  # a team lead's SLA alert stream
 *
 * Options: --url ws://localhost:8080 (default), --token JWT (default: $SB_TOKEN; sent as
 * Authorization: Bearer), --available, --accept, --supervisor. Lines typed on stdin are sent as
 * they are, e.g. {"type":"presence","status":"away","id":1}.
 *
 * A dropped connection (network, server restart) is reopened by itself, with backoff (0.5 s
 * doubling to 10 s), as {@code ?resume=<last seq processed>}: the server replays what was missed
 * or sends a welcome with {@code resumed: false} and the full state (docs/websocket-protocol.md,
 * "Resume"); --available is said again on each connection. A close that reconnecting cannot fix
 * (1008, 4401 expired token, 4409 replaced by another session) or a refused handshake ends it.
 */
public final class AgentConsole {
    private static final Pattern OFFER = Pattern.compile("\"type\":\"offer\",\"offerId\":\"([^\"]+)\"");
    private static final Pattern TYPE = Pattern.compile("^\\{\"type\":\"([a-z_]+)\"");
    /** The message's own seq: the server writes it last. */
    private static final Pattern SEQ = Pattern.compile("\"seq\":(\\d+)}$");
    /** The last seq processed; every (re)connection asks to resume after it. */
    private static volatile long lastSeq;
    private static volatile boolean welcomed;
    private static volatile WebSocket current;

    public static void main(String[] args) throws Exception {
        if (args.length == 0) {
            System.err.println("usage: java tools/AgentConsole.java ID [--token JWT] [--url ws://HOST:PORT] [--available]"
                    + " [--accept] [--supervisor]");
            System.exit(2);
        }
        String agent = args[0];
        String url = "ws://localhost:8080";
        boolean available = false;
        boolean accept = false;
        String stream = "/v1/agents/";
        String token = System.getenv("SB_TOKEN");
        for (int i = 1; i < args.length; i++) {
            switch (args[i]) {
                case "--url" -> url = args[++i];
                case "--token" -> token = args[++i];
                case "--available" -> available = true;
                case "--accept" -> accept = true;
                case "--supervisor" -> stream = "/v1/supervisors/";
                default -> {
                    System.err.println("unknown option " + args[i]);
                    System.exit(2);
                }
            }
        }
        if (token == null || token.isBlank()) {
            System.err.println("no token: pass --token or set SB_TOKEN (java -jar target/switchboard.jar mint-token ...)");
            System.exit(2);
        }
        Thread stdin = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8))) {
                for (String line; (line = in.readLine()) != null; ) {
                    WebSocket open = current;
                    if (!line.isBlank() && open != null) {
                        send(open, line.trim());
                    }
                }
            } catch (Exception e) {
                // stdin gone: keep printing what the server sends
            }
        });
        stdin.setDaemon(true);
        stdin.start();
        long delay = 500;
        while (true) {
            String target = url + stream + agent + "/ws?resume=" + lastSeq;
            CompletableFuture<Integer> closed = new CompletableFuture<>();
            WebSocket ws;
            try {
                ws = HttpClient.newHttpClient().newWebSocketBuilder().header("Authorization", "Bearer " + token)
                        .buildAsync(URI.create(target), new Listener(accept, closed)).join();
            } catch (java.util.concurrent.CompletionException e) {
                if (e.getCause() instanceof java.net.http.WebSocketHandshakeException h) {
                    // refused before the upgrade (bad token, unknown agent, bad resume): retrying cannot help
                    System.out.println("-- refused (HTTP " + h.getResponse().statusCode() + ")");
                    System.exit(1);
                }
                System.out.println("-- cannot connect: " + e.getCause());
                delay = backOff(delay, lastSeq);
                continue;
            }
            current = ws;
            if (available) { // a dropped socket left the agent offline: say it again on every connection
                send(ws, "{\"type\":\"presence\",\"status\":\"available\",\"id\":\"hello\"}");
            }
            int code = closed.join();
            current = null;
            if (welcomed) {
                delay = 500;
                welcomed = false;
            }
            // 1000 normal close, 1008 refused (policy), 4401 credential expired, 4409 replaced by another
            // session: reconnecting would not help or would take the session back; anything else resumes
            if (code == 1000 || code == 1008 || code == 4401 || code == 4409) {
                System.exit(code == 1000 ? 0 : 1);
            }
            delay = backOff(delay, lastSeq);
        }
    }

    /** Waits {@code delay} ms (with jitter) and returns the next delay: doubling, at most 10 s. */
    private static long backOff(long delay, long seq) throws InterruptedException {
        long wait = Math.round(delay * (0.8 + Math.random() * 0.4));
        System.out.println("-- reconnecting in " + wait + " ms with ?resume=" + seq);
        Thread.sleep(wait);
        return Math.min(delay * 2, 10_000);
    }

    /**
     * Prints each message and keeps {@link #lastSeq}: a welcome's seq (the client's own when
     * resumed, else the stream's position), then the seq of each stream message; ack and error
     * answer the connection and do not advance it (docs/websocket-protocol.md, "Resume").
     */
    private static final class Listener implements WebSocket.Listener {
        private final StringBuilder text = new StringBuilder();
        private final boolean autoAccept;
        private final CompletableFuture<Integer> closed;

        Listener(boolean autoAccept, CompletableFuture<Integer> closed) {
            this.autoAccept = autoAccept;
            this.closed = closed;
        }

        @Override
        public CompletionStage<?> onText(WebSocket socket, CharSequence data, boolean last) {
            text.append(data);
            if (last) {
                String message = text.toString();
                text.setLength(0);
                System.out.println("<< " + message);
                Matcher type = TYPE.matcher(message);
                Matcher seq = SEQ.matcher(message);
                if (type.find() && seq.find()) {
                    long n = Long.parseLong(seq.group(1));
                    switch (type.group(1)) {
                        case "welcome" -> {
                            lastSeq = n;
                            welcomed = true;
                        }
                        case "ack", "error" -> { }
                        default -> lastSeq = Math.max(lastSeq, n);
                    }
                }
                Matcher offer = OFFER.matcher(message);
                if (autoAccept && offer.find()) {
                    send(socket, "{\"type\":\"accept\",\"offerId\":\"" + offer.group(1) + "\",\"id\":\"accept-"
                            + offer.group(1) + "\"}");
                }
            }
            socket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket socket, int code, String reason) {
            System.out.println("-- closed " + code + " " + reason);
            closed.complete(code);
            return null;
        }

        @Override
        public void onError(WebSocket socket, Throwable error) {
            System.out.println("-- error " + error);
            closed.complete(-1);
        }
    }

    private static synchronized void send(WebSocket ws, String message) {
        System.out.println(">> " + message);
        ws.sendText(message, true).join();
    }
}
