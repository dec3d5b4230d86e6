package io.switchboard.engine;

import io.switchboard.core.routing.QueueDefinition;

/**
 * Live numbers of one queue: tickets waiting (queued or offered), the oldest wait in seconds,
 * agents whose profile qualifies, and of those the ones available with free capacity.
 */
public record QueueView(QueueDefinition definition, int waiting, long oldestWaitSeconds, int eligibleAgents,
        int availableAgents) {}
