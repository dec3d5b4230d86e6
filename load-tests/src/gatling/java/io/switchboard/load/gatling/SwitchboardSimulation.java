package io.switchboard.load.gatling;

import static io.gatling.javaapi.core.CoreDsl.StringBody;
import static io.gatling.javaapi.core.CoreDsl.constantUsersPerSec;
import static io.gatling.javaapi.core.CoreDsl.exec;
import static io.gatling.javaapi.core.CoreDsl.global;
import static io.gatling.javaapi.core.CoreDsl.jsonPath;
import static io.gatling.javaapi.core.CoreDsl.rampUsers;
import static io.gatling.javaapi.core.CoreDsl.scenario;
import static io.gatling.javaapi.http.HttpDsl.http;
import static io.gatling.javaapi.http.HttpDsl.status;
import static io.gatling.javaapi.http.HttpDsl.ws;

import io.gatling.http.action.ws.WsInboundMessage;
import io.gatling.javaapi.core.ChainBuilder;
import io.gatling.javaapi.core.ScenarioBuilder;
import io.gatling.javaapi.core.Simulation;
import io.gatling.javaapi.http.HttpProtocolBuilder;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Chatbot intake and agent desktops against a running Switchboard, for teams that standardise on
 * Gatling. {@code chatbot} posts tickets at an open arrival rate; {@code agents} are closed: each
 * virtual user is one auto-accepting agent that connects its WebSocket, takes the tickets it is
 * assigned, holds each for an exponential handle time and resolves it.
 *
 * <p>Settings (system properties, passed on by the {@code gatling} Maven profile):
 * {@code switchboard.url} (http://localhost:8080), {@code sb.rate} tickets/s (50), {@code sb.agents}
 * (50), {@code sb.duration} seconds (60), {@code sb.handleMs} mean handle time (1000). Every request and
 * socket carries {@code Authorization: Bearer $SB_TOKEN} (an admin token from {@code mint-token}, as
 * for the load-tests jar; an environment variable, so it never shows in a process list); without it
 * the simulation refuses to start. The Gatling HTTP response times are measured from the
 * actual send (open injection keeps coordinated omission small but does not remove it); for
 * created → offer latency from the intended send time use the load-tests jar.
 */
public class SwitchboardSimulation extends Simulation {
    private static final String URL = System.getProperty("switchboard.url", "http://localhost:8080");
    private static final double RATE = Double.parseDouble(System.getProperty("sb.rate", "50"));
    private static final int AGENTS = Integer.getInteger("sb.agents", 50);
    private static final Duration DURATION = Duration.ofSeconds(Integer.getInteger("sb.duration", 60));
    private static final long HANDLE_MS = Long.getLong("sb.handleMs", 1000);
    private static final String TOKEN = token();

    private static final String AGENT_PROFILE = "{\"name\":\"Gatling agent\",\"team\":\"support\",\"tier\":\"L2\","
            + "\"skills\":{\"general\":3,\"billing\":3,\"refunds\":2,\"vip_care\":3},\"languages\":[\"en\",\"zh\"],"
            + "\"capacity\":{\"chat\":1},\"autoAccept\":true}";
    private static final String PRESENCE = "{\"type\":\"presence\",\"status\":\"available\",\"id\":\"ready\"}";

    private final HttpProtocolBuilder protocol = http.baseUrl(URL)
            .wsBaseUrl(URL.replaceFirst("^http", "ws"))
            .contentTypeHeader("application/json")
            .acceptHeader("application/json")
            .authorizationHeader("Bearer " + TOKEN)
            .wsUnmatchedInboundMessageBufferSize(64);

    private final ScenarioBuilder chatbot = scenario("chatbot intake")
            .exec(http("create ticket").post("/v1/tickets")
                    .body(StringBody(session -> "{\"channel\":\"chat\",\"priority\":\"normal\",\"customer\":{\"id\":\"g-"
                            + session.userId() + "\",\"tier\":\"standard\"},\"type\":\"general\","
                            + "\"subject\":\"Gatling chatbot hand-over\",\"tags\":[\"gatling\"]}"))
                    .check(status().is(201)));

    /** Takes an assignment that arrived while no check was waiting (e.g. right after a resolve). */
    private final ChainBuilder takeBuffered = exec(ws.processUnmatchedMessages((messages, session) -> {
        for (WsInboundMessage message : messages) {
            String text = message instanceof WsInboundMessage.Text t ? t.message() : "";
            int at = text.startsWith("{\"type\":\"assigned\"") ? text.indexOf("\"id\":\"") : -1;
            if (at >= 0) {
                return session.set("ticketId", text.substring(at + 6, text.indexOf('"', at + 6)));
            }
        }
        return session;
    }));

    /** Says "ready" and waits for the next assignment unless one is already buffered. */
    private final ChainBuilder awaitAssignment = takeBuffered.doIf(session -> !session.contains("ticketId")).then(
            exec(ws("await assignment").sendText(PRESENCE).await(Duration.ofSeconds(30)).on(
                    ws.checkTextMessage("assigned")
                            .matching(jsonPath("$.type").is("assigned"))
                            .check(jsonPath("$.ticket.id").saveAs("ticketId")))));

    private final ScenarioBuilder agents = scenario("agent desktops")
            .exec(session -> session.set("agentId", "gatling-agent-" + session.userId()))
            .exec(http("upsert agent").put("/v1/agents/#{agentId}").body(StringBody(AGENT_PROFILE))
                    .check(status().in(200, 201)))
            .exec(ws("connect").connect("/v1/agents/#{agentId}/ws").await(Duration.ofSeconds(10)).on(
                    ws.checkTextMessage("welcome").matching(jsonPath("$.type").is("welcome"))))
            .during(DURATION).on(
                    awaitAssignment
                            .pause(session -> Duration.ofMillis(exponential(HANDLE_MS)))
                            .exec(http("resolve").post("/v1/tickets/#{ticketId}/resolve")
                                    .body(StringBody("{\"reason\":\"gatling\"}")).check(status().is(200)))
                            .exec(session -> session.remove("ticketId")))
            .exec(ws("close").close());

    {
        setUp(
                agents.injectOpen(rampUsers(AGENTS).during(Duration.ofSeconds(5))),
                // Tickets keep coming until the last agent has left its loop, so no agent waits in vain.
                chatbot.injectOpen(constantUsersPerSec(RATE).during(DURATION.plusSeconds(40))))
                .protocols(protocol)
                .assertions(global().failedRequests().percent().lt(1.0));
    }

    private static String token() {
        String token = System.getenv("SB_TOKEN");
        if (token == null || token.isBlank()) {
            throw new IllegalStateException("SB_TOKEN is not set: export SB_TOKEN=$(java -jar target/switchboard.jar "
                    + "mint-token --sub gatling --role admin --config load-tests/switchboard-load.yaml)");
        }
        return token.trim();
    }

    private static long exponential(long mean) {
        return Math.round(-mean * Math.log(1.0 - ThreadLocalRandom.current().nextDouble()));
    }
}
