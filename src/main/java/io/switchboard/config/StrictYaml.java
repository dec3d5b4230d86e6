package io.switchboard.config;

import java.io.Reader;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.DuplicateKeyException;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;

/**
 * The one way this project reads YAML: safe types only, and a key repeated in a mapping is an
 * error instead of the last one silently winning (SnakeYAML's default). Used for the user's
 * configuration and, by the tests, for every YAML file the repo ships (the OpenAPI contract, the
 * alert rules), so a file that strict parsers (Redocly, Prometheus) reject never passes here.
 *
 * <p>Errors are {@link ConfigException}s whose message names the source, the key and the line.
 */
public final class StrictYaml {
    private StrictYaml() {
    }

    /** A fresh loader (SnakeYAML's {@code Yaml} is not thread-safe) that rejects duplicate keys. */
    public static Yaml loader() {
        LoaderOptions options = new LoaderOptions();
        options.setAllowDuplicateKeys(false);
        return new Yaml(new SafeConstructor(options));
    }

    /** Parses {@code text}; {@code source} (a file name) starts every error message. */
    public static Object load(String text, String source) {
        try {
            return loader().load(text);
        } catch (YAMLException e) {
            throw error(source, e);
        }
    }

    /** As {@link #load(String, String)}, from a reader the caller closes. */
    public static Object load(Reader reader, String source) {
        try {
            return loader().load(reader);
        } catch (YAMLException e) {
            throw error(source, e);
        }
    }

    /** The readable form of a parse error: duplicate keys name the key and both lines (1-based). */
    static ConfigException error(String source, YAMLException e) {
        if (e instanceof DuplicateKeyException d) {
            String problem = d.getProblem(); // "found duplicate key <key>"
            String key = problem.startsWith("found duplicate key ")
                    ? problem.substring("found duplicate key ".length()) : problem;
            Mark second = d.getProblemMark();
            Mark mapping = d.getContextMark();
            return new ConfigException(source, "duplicate key '" + key + "' at line " + (second.getLine() + 1)
                    + ", column " + (second.getColumn() + 1) + " (in the mapping that starts at line "
                    + (mapping.getLine() + 1) + "); each key may appear once");
        }
        if (e instanceof MarkedYAMLException m && m.getProblemMark() != null) {
            return new ConfigException(source, "not valid YAML at line " + (m.getProblemMark().getLine() + 1)
                    + ", column " + (m.getProblemMark().getColumn() + 1) + ": " + m.getProblem());
        }
        return new ConfigException(source, "not valid YAML: " + e.getMessage());
    }
}
