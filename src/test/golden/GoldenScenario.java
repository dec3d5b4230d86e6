import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Drives a running Switchboard (any build) through its public API only, so that its journal
 * holds every event type, and then writes what the server answers as the expected result.
 * Used to make the golden journals under src/test/resources/golden/ (see the README there).
 *
 * <pre>
 *   java src/test/golden/GoldenScenario.java http://127.0.0.1:PORT ADMIN_KEY OUT_DIR
 * </pre>
 *
 * Needs only a JDK (no JSON library: ids are read with regular expressions). Agents act through
 * WebSockets opened with the admin key; how an agent answers an offer depends on the ticket's
 * subject: "reject" (reject the first offer), "ignore" (let the first offer expire), "hold" (never
 * answer), anything else (accept). The server must run with src/test/golden/golden.yaml.
 */
public final class GoldenScenario {
    private static final Pattern OFFER = Pattern.compile(
            "\"type\":\"offer\",\"offerId\":\"([^\"]+)\",\"ticket\":\\{\"id\":\"([^\"]+)\".*?\"subject\":\"([^\"]*)\"");
    private static final Pattern ID = Pattern.compile("\"id\":\"(tkt_[0-9]+)\"");
    private static final Pattern NEXT = Pattern.compile("\"nextCursor\":\"([^\"]+)\"");

    private final String base;
    private final String key;
    private final HttpClient http = HttpClient.newHttpClient();
    private final Map<String, AtomicInteger> offersSeen = new ConcurrentHashMap<>();

    private GoldenScenario(String base, String key) {
        this.base = base;
        this.key = key;
    }

    public static void main(String[] args) throws Exception {
        GoldenScenario s = new GoldenScenario(args[0], args[1]);
        s.run();
        s.capture(Path.of(args[2]));
    }

    private void run() throws Exception {
        // an agent added at run time (AgentUpserted beyond the seeds)
        call("PUT", "/v1/agents/dave", "{\"name\":\"Dave Ma\",\"team\":\"support\",\"tier\":\"L1\","
                + "\"skills\":{\"general\":1},\"languages\":[\"en\"],\"capacity\":{\"web\":1}}", 2);
        Desk alice = desk("alice").available();
        Desk chen = desk("chen").available();
        pause(300);

        // accepted, worked, confirmed (closed by the customer); created with an idempotency key, twice
        String body = ticket("chat", "standard", "cust-1", "general", "order question", null, null);
        String t1 = create(body, "golden-1");
        create(body, "golden-1");
        pause(500);
        work(t1);
        call("POST", "/v1/tickets/" + t1 + "/messages", "{\"message\":\"thanks, one more thing\"}", 2);
        work(t1);
        call("POST", "/v1/tickets/" + t1 + "/resolve", "{\"reason\":\"answered\"}", 2);
        call("POST", "/v1/tickets/" + t1 + "/confirm", "{}", 2);

        // rejected once, then accepted by the other agent; resolved early and closed by auto-close
        String t2 = create(ticket("web", "standard", "cust-2", "general", "reject me once", null, null), null);
        pause(700);
        work(t2);
        call("POST", "/v1/tickets/" + t2 + "/resolve", "{\"reason\":\"done\"}", 2);

        // first offer ignored: it expires and sets the agent away; the agent comes back
        String t3 = create(ticket("chat", "standard", "cust-3", "general", "ignore the first offer", null, null), null);
        pause(2600);
        alice.available();
        chen.available();
        pause(700);
        work(t3);
        call("POST", "/v1/tickets/" + t3 + "/pending", "{\"on\":\"customer\",\"reason\":\"awaiting_info\"}", 2);

        // a refund nobody can serve (French): every overflow step of billing, then left queued in general
        create(ticket("web", "standard", "cust-4", "refund", "remboursement", "fr", null), "golden-4");

        // VIP: not answered in time -> warning, breach, escalations, compensation, follow-up; idle escalation
        String t5 = create(ticket("chat", "vip", "cust-5", "general", "vip waiting", null, null), null);
        pause(500);
        String t6 = create(ticket("web", "standard", "cust-6", "general", "internal check", null, null), null);
        pause(500);
        work(t6);
        call("POST", "/v1/tickets/" + t6 + "/pending", "{\"on\":\"internal\",\"reason\":\"ask_finance\"}", 2);
        pause(5000);
        work(t5);

        // transfers: to a team with a handoff limit that is missed, to a queue, to a tier
        chen.presence("busy");
        String t7 = create(ticket("chat", "standard", "cust-7", "general", "needs tech team", null, null), null);
        pause(500);
        call("POST", "/v1/tickets/" + t7 + "/transfer", "{\"team\":\"technical\",\"reason\":\"needs_tech\"}", 2);
        pause(2600);
        chen.available();
        pause(500);
        String t8 = create(ticket("web", "standard", "cust-8", "general", "queue transfer", null, null), null);
        pause(500);
        call("POST", "/v1/tickets/" + t8 + "/transfer", "{\"queue\":\"technical\",\"reason\":\"crash_report\"}", 2);
        String t9 = create(ticket("web", "enterprise", "cust-9", "general", "tier transfer", null, null), null);
        pause(500);
        call("POST", "/v1/tickets/" + t9 + "/transfer", "{\"tier\":\"L4\",\"reason\":\"needs_senior\"}", 2);

        // reprioritized (priority and tier: the SLA policy is chosen again)
        call("PATCH", "/v1/tickets/" + t8, "{\"priority\":\"urgent\",\"customer\":{\"tier\":\"enterprise\"},"
                + "\"reason\":\"escalated_by_phone\"}", 2);

        // a returning customer: cust-1's last agent is held busy, so the preference lapses
        Desk last = owner(t1).equals("chen") ? chen : alice;
        last.presence("busy");
        String t10 = create(ticket("chat", "standard", "cust-1", "general", "second question", null, null), null);
        pause(2600);
        last.available();

        // auto-accept, then a disconnect whose grace expires (the ticket goes back in line)
        Desk bob = desk("bob");
        alice.presence("away");
        chen.presence("away");
        pause(300);
        bob.available();
        String t11 = create(ticket("web", "standard", "cust-11", "general", "auto accepted", null, null), null);
        pause(500);
        bob.close();
        pause(2800);
        alice.available();
        chen.available();
        pause(700);

        // resolve and reopen (by the customer and by the API)
        String t12 = create(ticket("web", "standard", "cust-12", "general", "reopened by message", null, null), null);
        String t13 = create(ticket("email", "standard", "cust-13", "general", "reopened by api", null, null), null);
        pause(700);
        for (String t : List.of(t12, t13)) {
            work(t);
            call("POST", "/v1/tickets/" + t + "/resolve", "{\"reason\":\"fixed\"}", 2);
        }
        call("POST", "/v1/tickets/" + t12 + "/messages", "{\"message\":\"still broken\"}", 2);
        call("POST", "/v1/tickets/" + t13 + "/reopen", "{\"reason\":\"customer_called\"}", 2);

        // a session replaced by a second connection of the same agent
        Desk alice2 = desk("alice").available();
        alice = alice2;
        pause(500);

        // closed by the API; one left resolved; one left waiting in an unserved queue; one offered
        String t14 = create(ticket("web", "standard", "cust-14", "general", "closed by api", null, null), null);
        pause(500);
        call("POST", "/v1/tickets/" + t14 + "/resolve", "{\"reason\":\"duplicate\"}", 2);
        call("POST", "/v1/tickets/" + t14 + "/close", "{\"reason\":\"duplicate\"}", 2);
        String t15 = create(ticket("web", "standard", "cust-15", "general", "left resolved", null, null), null);
        pause(500);
        work(t15);
        call("POST", "/v1/tickets/" + t15 + "/resolve", "{\"reason\":\"fixed\"}", 2);
        String t16 = create(ticket("web", "standard", "cust-16", "general", "parked", null, "parked"), null);
        String t17 = create(ticket("email", "standard", "cust-17", "general", "hold this offer", null, null), null);
        // an open offer revoked by a transfer (to a queue nobody serves)
        String t18 = create(ticket("email", "standard", "cust-18", "general", "hold then transfer", null, null), null);
        pause(500);
        call("POST", "/v1/tickets/" + t18 + "/transfer", "{\"queue\":\"parked\",\"reason\":\"wrong_queue\"}", 2);
        // let every short timer fire (idle escalations, reminders, follow-ups) before the capture
        pause(6000);
        System.out.println("tickets: " + List.of(t1, t2, t3, t5, t6, t7, t8, t9, t10, t11, t12, t13, t14, t15, t16, t17, t18));
    }

    /** Reply as the owner (retries while the ticket is still being offered/accepted). */
    private void work(String ticket) throws Exception {
        call("POST", "/v1/tickets/" + ticket + "/reply", "{\"message\":\"we are on it\"}", 2);
    }

    private String owner(String ticket) throws Exception {
        String json = call("GET", "/v1/tickets/" + ticket, null, 2);
        Matcher m = Pattern.compile("\"assignee\":\"([^\"]+)\"").matcher(json);
        return m.find() ? m.group(1) : "";
    }

    /** Writes the server's answers: ticket pages, every ticket and timeline, the agents. */
    private void capture(Path out) throws Exception {
        Files.createDirectories(out);
        List<String> ids = new ArrayList<>();
        String cursor = null;
        int page = 0;
        do {
            String json = call("GET", "/v1/tickets?limit=10" + (cursor == null ? ""
                    : "&cursor=" + URLEncoder.encode(cursor, StandardCharsets.UTF_8)), null, 2);
            Files.writeString(out.resolve("tickets-page-" + (++page) + ".json"), json);
            Matcher m = ID.matcher(json);
            while (m.find()) {
                if (!ids.contains(m.group(1))) {
                    ids.add(m.group(1));
                }
            }
            Matcher next = NEXT.matcher(json);
            cursor = next.find() ? next.group(1) : null;
        } while (cursor != null);
        for (String id : ids) {
            Files.writeString(out.resolve(id + ".json"), call("GET", "/v1/tickets/" + id, null, 2));
            Files.writeString(out.resolve(id + ".timeline.json"), call("GET", "/v1/tickets/" + id + "/timeline", null, 2));
        }
        Files.writeString(out.resolve("agents.json"), call("GET", "/v1/agents", null, 2));
        System.out.println("captured " + ids.size() + " tickets in " + out + " at " + System.currentTimeMillis());
    }

    private static String ticket(String channel, String tier, String customer, String type, String subject,
            String language, String queue) {
        return "{\"channel\":\"" + channel + "\",\"customer\":{\"id\":\"" + customer + "\",\"tier\":\"" + tier
                + "\",\"name\":\"Customer " + customer + "\"},\"type\":\"" + type + "\",\"subject\":\"" + subject
                + "\",\"description\":\"golden scenario\",\"tags\":[\"golden\"],\"fields\":{\"order\":\"A-1\"}"
                + (language == null ? "" : ",\"language\":\"" + language + "\"")
                + (queue == null ? "" : ",\"queue\":\"" + queue + "\"") + "}";
    }

    private String create(String body, String idempotencyKey) throws Exception {
        HttpRequest.Builder request = request("/v1/tickets").POST(HttpRequest.BodyPublishers.ofString(body));
        if (idempotencyKey != null) {
            request.header("Idempotency-Key", idempotencyKey);
        }
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() / 100 != 2) {
            throw new IllegalStateException("create: " + response.statusCode() + " " + response.body());
        }
        Matcher m = ID.matcher(response.body());
        m.find();
        System.out.println("created " + m.group(1) + " (" + response.statusCode() + ")");
        return m.group(1);
    }

    private String call(String method, String path, String body, int expectedClass) throws Exception {
        HttpRequest.BodyPublisher publisher = body == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(body);
        for (int attempt = 0; ; attempt++) {
            HttpResponse<String> response = http.send(request(path).method(method, publisher).build(),
                    HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() / 100 == expectedClass) {
                return response.body();
            }
            if (attempt == 20) {
                throw new IllegalStateException(method + " " + path + ": " + response.statusCode() + " " + response.body());
            }
            pause(250);
        }
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create(base + path)).header("Authorization", "Bearer " + key)
                .header("Content-Type", "application/json");
    }

    private Desk desk(String agent) {
        Desk desk = new Desk(agent);
        desk.socket = http.newWebSocketBuilder().header("Authorization", "Bearer " + key)
                .buildAsync(URI.create(base.replace("http", "ws") + "/v1/agents/" + agent + "/ws"), desk).join();
        return desk;
    }

    private static void pause(long millis) throws InterruptedException {
        Thread.sleep(millis);
    }

    /** One agent desktop: answers offers by the ticket's subject (see the class comment). */
    private final class Desk implements WebSocket.Listener {
        private final String agent;
        private final StringBuilder text = new StringBuilder();
        private WebSocket socket;
        private int sent;

        Desk(String agent) {
            this.agent = agent;
        }

        Desk available() {
            return presence("available");
        }

        Desk presence(String status) {
            send("{\"type\":\"presence\",\"status\":\"" + status + "\",\"id\":\"p" + (++sent) + "\"}");
            return this;
        }

        void close() {
            socket.sendClose(WebSocket.NORMAL_CLOSURE, "bye").join();
        }

        private synchronized void send(String message) {
            socket.sendText(message, true).join();
        }

        @Override
        public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
            text.append(data);
            if (last) {
                String message = text.toString();
                text.setLength(0);
                Matcher offer = OFFER.matcher(message);
                if (offer.find()) {
                    String offerId = offer.group(1);
                    String subject = offer.group(3);
                    int seen = offersSeen.computeIfAbsent(offer.group(2), k -> new AtomicInteger()).getAndIncrement();
                    System.out.println(agent + " offered " + offer.group(2) + " (" + subject + ")");
                    boolean first = seen == 0;
                    if (subject.startsWith("reject") && first) {
                        new Thread(() -> send("{\"type\":\"reject\",\"offerId\":\"" + offerId
                                + "\",\"reason\":\"not_my_topic\",\"id\":\"r-" + offerId + "\"}")).start();
                    } else if ((subject.startsWith("ignore") && first) || subject.startsWith("hold")) {
                        // let it expire (or stay open)
                    } else {
                        new Thread(() -> send("{\"type\":\"accept\",\"offerId\":\"" + offerId + "\",\"id\":\"a-"
                                + offerId + "\"}")).start();
                    }
                }
            }
            ws.request(1);
            return null;
        }
    }
}
