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
 */
public final class AgentConsole {
    private static final Pattern OFFER = Pattern.compile("\"type\":\"offer\",\"offerId\":\"([^\"]+)\"");

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
        CompletableFuture<Void> closed = new CompletableFuture<>();
        boolean autoAccept = accept;
        if (token == null || token.isBlank()) {
            System.err.println("no token: pass --token or set SB_TOKEN (java -jar target/switchboard.jar mint-token ...)");
            System.exit(2);
        }
        WebSocket.Builder builder = HttpClient.newHttpClient().newWebSocketBuilder()
                .header("Authorization", "Bearer " + token);
        WebSocket ws = builder
                .buildAsync(URI.create(url + stream + agent + "/ws"), new WebSocket.Listener() {
                    private final StringBuilder text = new StringBuilder();

                    @Override
                    public CompletionStage<?> onText(WebSocket socket, CharSequence data, boolean last) {
                        text.append(data);
                        if (last) {
                            String message = text.toString();
                            text.setLength(0);
                            System.out.println("<< " + message);
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
                        closed.complete(null);
                        return null;
                    }

                    @Override
                    public void onError(WebSocket socket, Throwable error) {
                        System.out.println("-- error " + error);
                        closed.complete(null);
                    }
                }).exceptionally(e -> {
                    String status = e.getCause() instanceof java.net.http.WebSocketHandshakeException h
                            ? " (HTTP " + h.getResponse().statusCode() + ")" : "";
                    System.out.println("-- refused" + status + ": " + e.getCause());
                    System.exit(1);
                    return null;
                }).join();
        if (available) {
            send(ws, "{\"type\":\"presence\",\"status\":\"available\",\"id\":\"hello\"}");
        }
        Thread stdin = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8))) {
                for (String line; (line = in.readLine()) != null; ) {
                    if (!line.isBlank()) {
                        send(ws, line.trim());
                    }
                }
            } catch (Exception e) {
                closed.complete(null);
            }
        });
        stdin.setDaemon(true);
        stdin.start();
        closed.join();
    }

    private static synchronized void send(WebSocket ws, String message) {
        System.out.println(">> " + message);
        ws.sendText(message, true).join();
    }
}
