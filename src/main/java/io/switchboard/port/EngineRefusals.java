package io.switchboard.port;

/** Failure codes of the engine's refusals, as carried by a {@link io.vertx.core.eventbus.ReplyException}. */
public final class EngineRefusals {
    /** The engine itself failed while running the command; nothing is known to have changed. */
    public static final int INTERNAL_ERROR = 500;
    /** The journal cannot take new work (fail closed); nothing was changed. */
    public static final int UNAVAILABLE = 503;
    /**
     * This node is a standby (high availability): another node owns the engine, or this one just
     * lost the lease; nothing was changed here. Clients retry, through the load balancer, on the
     * active node.
     */
    public static final int NOT_LEADER = 5030;
    /** This node is stopping (a graceful stop): nothing was changed; retry once it is back (or on another node). */
    public static final int SHUTTING_DOWN = 5031;

    private EngineRefusals() {
    }
}
