package io.switchboard.engine;

import io.switchboard.core.agent.Presence;

/**
 * A message for one agent, decided by the engine and delivered by the WebSocket adapter to the
 * agent's session {@code sessionId}, which is null when the agent has none (the push then only
 * goes to the agent's resumable stream). Members not used by a kind are null (or 0).
 */
public record AgentPush(String agentId, String sessionId, Kind kind, String offerId, TicketView ticket,
        long expiresAt, Presence presence, String reason) {

    public enum Kind {
        OFFER, ASSIGNED, OFFER_REVOKED, TICKET_UPDATED,
        /**
         * An offer still open, sent again to a new session of the agent (not a new message of
         * its stream: a resumed session already has it or gets it replayed).
         */
        OFFER_RESENT,
        /** The router changed the agent's presence (e.g. away after an ignored offer). */
        PRESENCE_CHANGED,
        /** Another session took over this agent: close this one with 4409. */
        REPLACED
    }
}
