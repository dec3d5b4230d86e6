package io.switchboard.health;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BooleanSupplier;

/**
 * Named readiness checks composed into one answer for {@code GET /health/ready}: the server is
 * ready when every registered check says so. Adding a check is one line, for example
 * {@code readiness.register("journal", journal::writable)}.
 *
 * <p>Threading: checks are registered at wiring time and evaluated on HTTP event loops, so a check
 * must be cheap, must not block and must be safe to call from any thread (read a volatile, an
 * atomic, or a timestamp written by the owner). A check that throws counts as not ready.
 */
public final class Readiness {
    private final Map<String, BooleanSupplier> checks = new ConcurrentHashMap<>();
    private final Map<String, java.util.function.Supplier<String>> notes = new ConcurrentHashMap<>();

    /** Adds or replaces the check called {@code name}. */
    public Readiness register(String name, BooleanSupplier check) {
        checks.put(name, check);
        return this;
    }

    /**
     * Adds a part whose state is shown but never makes the server unready: the history store, for
     * instance, may lag ({@code lagging}) while routing goes on. Same threading rules as a check.
     */
    public Readiness inform(String name, java.util.function.Supplier<String> state) {
        notes.put(name, state);
        return this;
    }

    /** Evaluates every check now; names in sorted order. */
    public Report evaluate() {
        Map<String, Boolean> results = new LinkedHashMap<>();
        checks.keySet().stream().sorted().forEach(name -> results.put(name, safely(checks.get(name))));
        Map<String, String> states = new LinkedHashMap<>();
        notes.keySet().stream().sorted().forEach(name -> {
            String state;
            try {
                state = notes.get(name).get();
            } catch (RuntimeException e) {
                state = "unknown";
            }
            states.put(name, state);
        });
        return new Report(Collections.unmodifiableMap(results), Collections.unmodifiableMap(states));
    }

    private static boolean safely(BooleanSupplier check) {
        try {
            return check.getAsBoolean();
        } catch (RuntimeException e) {
            return false;
        }
    }

    /** The result of every check by name, and the informational states; ready when all checks passed. */
    public record Report(Map<String, Boolean> checks, Map<String, String> states) {
        public boolean ready() {
            return checks.values().stream().allMatch(Boolean::booleanValue);
        }
    }
}
