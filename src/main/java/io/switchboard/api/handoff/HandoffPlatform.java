package io.switchboard.api.handoff;

import io.switchboard.engine.TicketView;
import io.vertx.core.json.JsonObject;

/**
 * One bot platform's handoff: reads the payload the platform already sends and answers in the
 * shape the platform expects. Implementations are stateless and thread-safe; they only translate
 * (the ticket is created through the engine port by the route).
 */
public interface HandoffPlatform {
    /** The route's last segment and the {@code handoff.platform} of the tickets, e.g. {@code dialogflow-cx}. */
    String name();

    /**
     * Maps {@code body} (a JSON object) to a ticket, or names every bad member, or says why this
     * delivery is no handoff at all. {@code integration} is the caller's actor ({@code key:NAME}).
     */
    HandoffMapping map(JsonObject body, String integration);

    /** The answer the platform expects once {@code ticket} holds the conversation ({@code created}: it is new). */
    JsonObject answer(HandoffRequest request, TicketView ticket, boolean created);

    /** The four platforms this build reads. */
    static java.util.List<HandoffPlatform> all() {
        return java.util.List.of(new DialogflowCx(), new BotFramework(), new Rasa(), new Chatwoot());
    }
}
