package io.switchboard.load;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The command line after the mode: {@code --name value}, {@code --name=value} or a bare
 * {@code --flag}. Every option a mode reads is remembered, so {@link #rejectUnknown()} can name
 * any option the mode does not understand (a typo never silently falls back to a default).
 */
final class Args {
    private final Map<String, String> values = new LinkedHashMap<>();
    private final Set<String> read = new TreeSet<>();

    Args(String[] argv, int from) {
        for (int i = from; i < argv.length; i++) {
            String token = argv[i];
            if (!token.startsWith("--") || token.length() == 2) {
                throw new IllegalArgumentException("expected --option, got '" + token + "'");
            }
            int eq = token.indexOf('=');
            if (eq > 0) {
                values.put(token.substring(2, eq), token.substring(eq + 1));
            } else if (i + 1 < argv.length && !argv[i + 1].startsWith("--")) {
                values.put(token.substring(2), argv[++i]);
            } else {
                values.put(token.substring(2), "true");
            }
        }
    }

    String string(String name, String fallback) {
        read.add(name);
        return values.getOrDefault(name, fallback);
    }

    int integer(String name, int fallback) {
        String text = string(name, null);
        try {
            return text == null ? fallback : Integer.parseInt(text.replace("_", ""));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--" + name + " must be a whole number, was '" + text + "'");
        }
    }

    double decimal(String name, double fallback) {
        String text = string(name, null);
        try {
            return text == null ? fallback : Double.parseDouble(text.replace("_", ""));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--" + name + " must be a number, was '" + text + "'");
        }
    }

    Duration duration(String name, String fallback) {
        String text = string(name, fallback);
        try {
            return parseDuration(text);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--" + name + ": " + e.getMessage());
        }
    }

    boolean flag(String name) {
        String text = string(name, "false");
        if (!text.equals("true") && !text.equals("false")) {
            throw new IllegalArgumentException("--" + name + " is a flag (true or false), was '" + text + "'");
        }
        return Boolean.parseBoolean(text);
    }

    /** Fails naming every option given but never read by the mode. */
    void rejectUnknown() {
        Set<String> unknown = new TreeSet<>(values.keySet());
        unknown.removeAll(read);
        if (!unknown.isEmpty()) {
            throw new IllegalArgumentException("unknown option(s) for this mode: --" + String.join(", --", unknown));
        }
    }

    /** The shortest exact form in the units {@link #parseDuration} reads: {@code 50ms}, {@code 10s}, {@code 5m}. */
    static String format(Duration d) {
        long nanos = d.toNanos();
        if (nanos % 60_000_000_000L == 0 && nanos >= 60_000_000_000L) {
            return nanos % 3_600_000_000_000L == 0 ? nanos / 3_600_000_000_000L + "h" : nanos / 60_000_000_000L + "m";
        }
        if (nanos % 1_000_000_000L == 0) {
            return nanos / 1_000_000_000L + "s";
        }
        return nanos % 1_000_000L == 0 ? nanos / 1_000_000L + "ms" : nanos / 1000 + "us";
    }

    /** {@code 250us}, {@code 500ms}, {@code 30s}, {@code 5m}, {@code 2h}; a bare number means seconds. */
    static Duration parseDuration(String text) {
        String t = text.trim();
        int split = 0;
        while (split < t.length() && (Character.isDigit(t.charAt(split)) || t.charAt(split) == '.')) {
            split++;
        }
        if (split == 0) {
            throw new IllegalArgumentException("not a duration: '" + text + "' (use e.g. 500ms, 30s, 5m)");
        }
        double amount = Double.parseDouble(t.substring(0, split));
        String unit = t.substring(split);
        double nanos;
        switch (unit) {
            case "us":
                nanos = amount * 1e3;
                break;
            case "ms":
                nanos = amount * 1e6;
                break;
            case "":
            case "s":
                nanos = amount * 1e9;
                break;
            case "m":
                nanos = amount * 60e9;
                break;
            case "h":
                nanos = amount * 3600e9;
                break;
            default:
                throw new IllegalArgumentException("unknown unit in '" + text + "' (us, ms, s, m, h)");
        }
        return Duration.ofNanos(Math.round(nanos));
    }
}
