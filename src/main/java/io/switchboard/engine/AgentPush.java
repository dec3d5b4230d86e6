package io.switchboard.engine;

import io.switchboard.core.agent.Presence;

/**
 * A message for one agent session, decided by the engine and delivered by the WebSocket adapter.
 * Members not used by a kind are null (or 0).
 */
public record AgentPush(String agentId, String sessionId, Kind kind, String offerId, TicketView ticket,
        long expiresAt, Presence presence, String reason) {

    public enum Kind {
        OFFER, ASSIGNED, OFFER_REVOKED, TICKET_UPDATED,
        /** The router changed the agent's presence (e.g. away after an ignored offer). */
        PRESENCE_CHANGED,
        /** Another session took over this agent: close this one with 4409. */
        REPLACED
    }
}
