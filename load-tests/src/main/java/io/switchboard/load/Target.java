package io.switchboard.load;

/**
 * What the generator talks to: the Switchboard server under test, or the bare Vert.x baseline of
 * {@link BareServer}. The same workload runs against both so every result has its baseline
 * ratio from one run.
 */
enum Target {
    SWITCHBOARD("switchboard"),
    BARE("bare");

    final String label;

    Target(String label) {
        this.label = label;
    }

    /** Where tickets are posted: intake only, or intake that must reach an agent socket. */
    String ticketPath(boolean toAgents) {
        if (this == SWITCHBOARD) {
            return "/v1/tickets";
        }
        return toAgents ? BareServer.RELAY_PATH : BareServer.TICKETS_PATH;
    }

    /** Where an agent resolves a ticket it holds (the bare relay answers 200 and does nothing else). */
    String resolvePath(String ticketId) {
        return this == SWITCHBOARD ? "/v1/tickets/" + ticketId + "/resolve"
                : BareServer.RELAY_PATH + "/" + ticketId + BareServer.RESOLVE_SUFFIX;
    }

    String socketPath(String agentId) {
        return this == SWITCHBOARD ? "/v1/agents/" + agentId + "/ws" : BareServer.SOCKET_PATH_PREFIX + agentId;
    }
}
