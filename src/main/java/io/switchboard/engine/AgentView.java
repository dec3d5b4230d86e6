package io.switchboard.engine;

import io.switchboard.core.agent.AgentProfile;
import io.switchboard.core.agent.Presence;
import io.switchboard.core.ticket.Channel;
import java.util.List;
import java.util.Map;

/** An immutable copy of an agent's profile and live state. */
public record AgentView(AgentProfile profile, Presence presence, boolean connected, Map<Channel, Integer> load,
        List<String> tickets) {}
