package io.switchboard.load;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/**
 * {@code median}: the median of one figure over several runs' {@code summary.json} files, for the
 * "median of at least 3 runs" in docs/BENCHMARKS.md. {@code --field} is a dotted path into the
 * JSON; a number selects an array element, e.g. {@code runs.1.latency.offer.p99Ms} or
 * {@code maxSustainable.ratio}. The files are the remaining arguments; a file without a number
 * there (e.g. a run that collapsed and recorded no offers) is listed as skipped.
 */
final class MedianTool {
    private MedianTool() {
    }

    static void run(String[] argv) {
        if (argv.length < 4 || !argv[1].equals("--field")) {
            throw new IllegalArgumentException("usage: median --field PATH FILE...");
        }
        String field = argv[2];
        List<Double> values = new ArrayList<>();
        for (int i = 3; i < argv.length; i++) {
            Object value = at(read(Path.of(argv[i])), field);
            if (value instanceof Number n) {
                values.add(n.doubleValue());
                System.out.printf(Locale.ROOT, "%s  %s%n", n, argv[i]);
            } else {
                System.out.printf(Locale.ROOT, "skipped (%s is %s)  %s%n", field, value, argv[i]);
            }
        }
        if (values.isEmpty()) {
            throw new IllegalArgumentException("no file has a number at " + field);
        }
        Collections.sort(values);
        int n = values.size();
        double median = n % 2 == 1 ? values.get(n / 2) : (values.get(n / 2 - 1) + values.get(n / 2)) / 2;
        System.out.printf(Locale.ROOT, "median of %d: %s (min %s, max %s)%n", n, median, values.get(0), values.get(n - 1));
    }

    private static JsonObject read(Path file) {
        try {
            return new JsonObject(Files.readString(file));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Object at(Object node, String path) {
        Object current = node;
        for (String key : path.split("\\.")) {
            if (current instanceof JsonObject o) {
                current = o.getValue(key);
            } else if (current instanceof JsonArray a && key.chars().allMatch(Character::isDigit)
                    && Integer.parseInt(key) < a.size()) {
                current = a.getValue(Integer.parseInt(key));
            } else {
                return null;
            }
        }
        return current;
    }
}
