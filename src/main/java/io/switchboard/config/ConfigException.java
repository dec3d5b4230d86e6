package io.switchboard.config;

/** An invalid configuration; the message names the offending key (e.g. {@code queues[1].strategy}). */
public final class ConfigException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final String key;
    private final String problem;

    public ConfigException(String key, String problem) {
        super("invalid configuration at '" + key + "': " + problem);
        this.key = key;
        this.problem = problem;
    }

    /** The offending key's path, e.g. {@code sla.policies[0].targets.firstResponse}. */
    public String key() {
        return key;
    }

    /** What is wrong with it, without the key. */
    public String problem() {
        return problem;
    }
}
