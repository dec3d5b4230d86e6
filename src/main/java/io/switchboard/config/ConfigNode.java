package io.switchboard.config;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A value read from YAML together with its key path, so every error can name its key. Maps
 * refuse keys they do not know (a typo must not silently fall back to a default).
 */
final class ConfigNode {
    private static final Pattern DURATION = Pattern.compile("(\\d+)\\s*(ms|s|m|h|d)");

    private final String path;
    private final Object value;

    ConfigNode(String path, Object value) {
        this.path = path;
        this.value = value;
    }

    String path() {
        return path;
    }

    boolean isMissing() {
        return value == null;
    }

    boolean isMap() {
        return value instanceof Map;
    }

    /** A date like 2026-10-01 (YAML may already have parsed it into a timestamp at UTC midnight). */
    java.time.LocalDate localDate() {
        if (value instanceof java.util.Date date) {
            return date.toInstant().atZone(java.time.ZoneOffset.UTC).toLocalDate();
        }
        return SlaSection.parseDate(this, string());
    }

    /** A number strictly between 0 and 1. */
    double fraction() {
        if (!(value instanceof Number number) || number.doubleValue() <= 0 || number.doubleValue() >= 1) {
            throw error("expected a fraction between 0 and 1, such as 0.75");
        }
        return number.doubleValue();
    }

    /** A non-negative decimal amount. */
    java.math.BigDecimal decimal() {
        if (value == null) {
            throw error("is required");
        }
        return SlaSection.parseAmount(this, value);
    }

    ConfigException error(String problem) {
        return new ConfigException(path.isEmpty() ? "(root)" : path, problem);
    }

    ConfigNode get(String key) {
        return new ConfigNode(path.isEmpty() ? key : path + "." + key, asMap().get(key));
    }

    /** Fails on keys outside {@code allowed}. */
    ConfigNode onlyKeys(Set<String> allowed) {
        for (Object key : asMap().keySet()) {
            if (!allowed.contains(String.valueOf(key))) {
                throw new ConfigNode(path.isEmpty() ? String.valueOf(key) : path + "." + key, null)
                        .error("unknown key; expected one of " + String.join(", ", new java.util.TreeSet<>(allowed)));
            }
        }
        return this;
    }

    Map<String, ConfigNode> entries() {
        Map<String, ConfigNode> out = new LinkedHashMap<>();
        asMap().forEach((k, v) -> out.put(String.valueOf(k), get(String.valueOf(k))));
        return out;
    }

    List<ConfigNode> items() {
        if (value == null) {
            return List.of();
        }
        if (!(value instanceof List<?> list)) {
            throw error("expected a list");
        }
        List<ConfigNode> out = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            out.add(new ConfigNode(path + "[" + i + "]", list.get(i)));
        }
        return out;
    }

    List<String> strings() {
        List<String> out = new ArrayList<>();
        for (ConfigNode item : items()) {
            out.add(item.string());
        }
        return out;
    }

    String string() {
        if (value == null) {
            throw error("is required");
        }
        if (value instanceof Map || value instanceof List) {
            throw error("expected a text value");
        }
        String text = String.valueOf(value).trim();
        if (text.isEmpty()) {
            throw error("must not be empty");
        }
        return text;
    }

    String string(String fallback) {
        return value == null ? fallback : string();
    }

    int integer(int min, int max, int fallback) {
        if (value == null) {
            return fallback;
        }
        if (!(value instanceof Integer number)) {
            throw error("expected a whole number");
        }
        if (number < min || number > max) {
            throw error("must be between " + min + " and " + max + ", was " + number);
        }
        return number;
    }

    boolean bool(boolean fallback) {
        if (value == null) {
            return fallback;
        }
        if (!(value instanceof Boolean b)) {
            throw error("expected true or false");
        }
        return b;
    }

    /** A duration such as {@code 30s}, {@code 2m}, {@code 1h}, {@code 500ms}, or a number of seconds. */
    Duration duration(Duration fallback) {
        if (value == null) {
            return fallback;
        }
        if (value instanceof Integer seconds && seconds >= 0) {
            return Duration.ofSeconds(seconds);
        }
        Matcher m = DURATION.matcher(String.valueOf(value).trim());
        if (!m.matches()) {
            throw error("expected a duration like 30s, 5m, 2h or 500ms, was '" + value + "'");
        }
        long amount = Long.parseLong(m.group(1));
        switch (m.group(2)) {
            case "ms":
                return Duration.ofMillis(amount);
            case "s":
                return Duration.ofSeconds(amount);
            case "m":
                return Duration.ofMinutes(amount);
            case "h":
                return Duration.ofHours(amount);
            default:
                return Duration.ofDays(amount);
        }
    }

    private Map<?, ?> asMap() {
        if (value == null) {
            return Map.of();
        }
        if (!(value instanceof Map<?, ?> map)) {
            throw error("expected a map of keys");
        }
        return map;
    }
}
