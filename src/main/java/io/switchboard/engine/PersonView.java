package io.switchboard.engine;

import java.util.List;

/**
 * Someone who receives SLA notifications: the agents whose team lead or manager they are named
 * as, and the queues they supervise (all may be empty for a plain agent).
 */
public record PersonView(String id, List<String> leads, List<String> manages, List<String> queues) {
    public PersonView {
        leads = List.copyOf(leads);
        manages = List.copyOf(manages);
        queues = List.copyOf(queues);
    }
}
