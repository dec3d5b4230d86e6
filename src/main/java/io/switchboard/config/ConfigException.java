package io.switchboard.config;

/** An invalid configuration; the message names the offending key (e.g. {@code queues[1].strategy}). */
public final class ConfigException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public ConfigException(String key, String problem) {
        super("invalid configuration at '" + key + "': " + problem);
    }
}
