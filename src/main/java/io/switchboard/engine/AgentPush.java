package io.switchboard.engine;

/**
 * A message for one agent session, decided by the engine and delivered by the WebSocket adapter.
 * Members not used by a kind are null (or 0).
 */
public record AgentPush(String agentId, String sessionId, Kind kind, String offerId, TicketView ticket,
        long expiresAt, String reason) {

    public enum Kind {
        OFFER, ASSIGNED, OFFER_REVOKED, TICKET_UPDATED,
        /** Another session took over this agent: close this one with 4409. */
        REPLACED
    }
}
