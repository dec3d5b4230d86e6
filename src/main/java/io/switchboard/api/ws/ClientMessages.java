package io.switchboard.api.ws;

import io.switchboard.core.agent.Presence;
import io.switchboard.engine.Command;
import io.vertx.core.json.JsonObject;

/** Maps agent → server messages ({@code presence}, {@code accept}, {@code reject}) to commands. */
final class ClientMessages {
    private static final int MAX_ID = 128;

    private ClientMessages() {
    }

    /** The command for a well-formed message, or null (see {@link #describeProblem}). */
    static Command toCommand(JsonObject msg, String agentId, String sessionId) {
        String type = text(msg, "type");
        if (type == null) {
            return null;
        }
        switch (type) {
            case "presence": {
                String status = text(msg, "status");
                Presence presence = status == null ? null : Presence.parse(status).orElse(null);
                return presence == null ? null : new Command.SetPresence(agentId, sessionId, presence);
            }
            case "accept": {
                String offerId = text(msg, "offerId");
                return offerId == null ? null : new Command.Accept(agentId, sessionId, offerId);
            }
            case "reject": {
                String offerId = text(msg, "offerId");
                String reason = msg.getValue("reason") instanceof String r && r.length() <= 500 ? r : "rejected";
                return offerId == null ? null : new Command.Reject(agentId, sessionId, offerId, reason);
            }
            default:
                return null;
        }
    }

    static String describeProblem(JsonObject msg) {
        String type = text(msg, "type");
        if (type == null) {
            return "every message needs a string 'type': presence, accept or reject";
        }
        switch (type) {
            case "presence":
                return "presence needs 'status': available, away, busy or offline";
            case "accept":
            case "reject":
                return type + " needs a string 'offerId'";
            default:
                return "unknown message type '" + (type.length() > 40 ? type.substring(0, 40) + "…" : type)
                        + "'; expected presence, accept or reject";
        }
    }

    private static String text(JsonObject msg, String key) {
        Object value = msg.getValue(key);
        return value instanceof String s && !s.isEmpty() && s.length() <= MAX_ID ? s : null;
    }
}
