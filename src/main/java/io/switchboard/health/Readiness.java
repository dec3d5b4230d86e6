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

    /** Adds or replaces the check called {@code name}. */
    public Readiness register(String name, BooleanSupplier check) {
        checks.put(name, check);
        return this;
    }

    /** Evaluates every check now; names in sorted order. */
    public Report evaluate() {
        Map<String, Boolean> results = new LinkedHashMap<>();
        checks.keySet().stream().sorted().forEach(name -> results.put(name, safely(checks.get(name))));
        return new Report(Collections.unmodifiableMap(results));
    }

    private static boolean safely(BooleanSupplier check) {
        try {
            return check.getAsBoolean();
        } catch (RuntimeException e) {
            return false;
        }
    }

    /** The result of every check by name; ready when all passed. */
    public record Report(Map<String, Boolean> checks) {
        public boolean ready() {
            return checks.values().stream().allMatch(Boolean::booleanValue);
        }
    }
}
