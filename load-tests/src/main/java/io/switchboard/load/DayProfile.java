package io.switchboard.load;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * A realistic day of tickets (the JSON format of {@code day-default.json}): volume and its hourly
 * curve, the mix of channels, customer tiers, priorities and types, subjects, handle and think
 * times, the agents' teams and capacities, and the first-response targets per tier and channel.
 * Durations are simulated time. Immutable; {@link #pick} draws from a weighted mix.
 */
final class DayProfile {
    final Duration dayLength;
    final double ticketsPerDay;
    final double[] hourlyWeights;
    final Map<String, Double> channels;
    final Map<String, Double> tiers;
    final Map<String, Double> priorities;
    final Map<String, Double> types;
    final Map<String, List<String>> subjects;
    final Map<String, Duration> handleTime;
    final Duration thinkTime;
    final Map<String, Double> teams;
    final Map<String, Integer> capacity;
    final Map<String, Map<String, Duration>> firstResponse;

    private DayProfile(JsonObject j) {
        dayLength = Args.parseDuration(j.getString("dayLength", "24h"));
        ticketsPerDay = j.getDouble("ticketsPerDay");
        JsonArray weights = j.getJsonArray("hourlyWeights");
        hourlyWeights = new double[weights.size()];
        for (int i = 0; i < hourlyWeights.length; i++) {
            hourlyWeights[i] = weights.getDouble(i);
        }
        channels = weights(j, "channels");
        tiers = weights(j, "tiers");
        priorities = weights(j, "priorities");
        types = weights(j, "types");
        subjects = new LinkedHashMap<>();
        j.getJsonObject("subjects", new JsonObject()).forEach(e -> {
            List<String> list = new ArrayList<>();
            ((JsonArray) e.getValue()).forEach(s -> list.add((String) s));
            subjects.put(e.getKey(), List.copyOf(list));
        });
        handleTime = durations(j.getJsonObject("handleTime"));
        thinkTime = Args.parseDuration(j.getString("thinkTime", "0s"));
        teams = weights(j, "teams");
        capacity = new LinkedHashMap<>();
        j.getJsonObject("capacity").forEach(e -> capacity.put(e.getKey(), ((Number) e.getValue()).intValue()));
        firstResponse = new LinkedHashMap<>();
        j.getJsonObject("firstResponse").forEach(e -> firstResponse.put(e.getKey(), durations((JsonObject) e.getValue())));
    }

    /** The bundled profile, or the JSON file at {@code path}. */
    static DayProfile load(String path) {
        try {
            if (path == null) {
                try (InputStream in = DayProfile.class.getResourceAsStream("/day-default.json")) {
                    return new DayProfile(new JsonObject(new String(in.readAllBytes(), StandardCharsets.UTF_8)));
                }
            }
            return new DayProfile(new JsonObject(Files.readString(Path.of(path))));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("invalid day profile " + (path == null ? "(bundled)" : path) + ": " + e, e);
        }
    }

    /** Tickets per simulated second during {@code hour} (0-based; one weight per equal slice of the day). */
    double ratePerSimulatedSecond(int hour) {
        double sum = 0;
        for (double w : hourlyWeights) {
            sum += w;
        }
        double sliceSeconds = dayLength.toNanos() / 1e9 / hourlyWeights.length;
        return ticketsPerDay * hourlyWeights[hour] / sum / sliceSeconds;
    }

    /** The first-response target for a tier and channel, or null when the profile sets none. */
    Duration target(String tier, String channel) {
        Map<String, Duration> byChannel = firstResponse.get(tier);
        return byChannel == null ? null : byChannel.get(channel);
    }

    static String pick(Map<String, Double> weights, SplittableRandom random) {
        double total = 0;
        for (double w : weights.values()) {
            total += w;
        }
        double r = random.nextDouble() * total;
        String last = null;
        for (Map.Entry<String, Double> e : weights.entrySet()) {
            last = e.getKey();
            r -= e.getValue();
            if (r < 0) {
                return last;
            }
        }
        return last;
    }

    private static Map<String, Double> weights(JsonObject j, String key) {
        Map<String, Double> out = new LinkedHashMap<>();
        j.getJsonObject(key).forEach(e -> out.put(e.getKey(), ((Number) e.getValue()).doubleValue()));
        return out;
    }

    private static Map<String, Duration> durations(JsonObject j) {
        Map<String, Duration> out = new LinkedHashMap<>();
        j.forEach(e -> out.put(e.getKey(), Args.parseDuration((String) e.getValue())));
        return out;
    }
}
