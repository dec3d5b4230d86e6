package io.switchboard.api.ws;

/** The names of the resumable streams (the engine's journal markers use the same). */
final class StreamNames {
    private StreamNames() {
    }

    /** An agent socket's stream: the agent's pushes and the notifications addressed to it. */
    static String agent(String agentId) {
        return "agent:" + agentId;
    }

    /** A supervisor stream: the notifications addressed to the person. */
    static String person(String personId) {
        return "person:" + personId;
    }
}
