package io.switchboard.load;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Map;

/**
 * The simulated agents of a run: how many, their profiles (the body of {@code PUT /v1/agents/{id}})
 * and how they work. {@code thinkMeanNanos} is the mean of the exponential delay before accepting
 * an offer (0 = at once); {@code handleMeanNanos} maps a channel to the mean of the exponential time
 * a ticket is held before it is resolved ({@code "default"} for the others).
 */
record AgentSpec(String idPrefix, int count, int idOffset, boolean autoAccept, long thinkMeanNanos,
        Map<String, Long> handleMeanNanos, ProfileMaker profiles) {

    /** Makes the profile of the {@code index}-th agent. */
    @FunctionalInterface
    interface ProfileMaker {
        JsonObject profile(int index, boolean autoAccept);
    }

    String id(int index) {
        return idPrefix + (idOffset + index);
    }

    long handleMeanNanos(String channel) {
        Long mean = handleMeanNanos.get(channel);
        return mean != null ? mean : handleMeanNanos.getOrDefault("default", 0L);
    }

    /**
     * The throughput-scenario agents: 70 % support (general, billing, refunds, VIP care) and 30 %
     * technical (general, technical, networking), {@code capacity} tickets on every channel, so each
     * ticket of {@link LoadMix} has eligible agents.
     */
    static ProfileMaker loadProfiles(int capacity) {
        JsonObject cap = new JsonObject();
        for (String channel : new String[] {"web", "email", "chat", "wechat", "voice", "api"}) {
            cap.put(channel, capacity);
        }
        return (index, autoAccept) -> {
            boolean technical = index % 10 >= 7;
            JsonObject skills = technical
                    ? new JsonObject().put("general", 2).put("technical", 4).put("networking", 3)
                    : new JsonObject().put("general", 3).put("billing", 3).put("refunds", 2).put("vip_care", 3);
            return new JsonObject()
                    .put("name", "Load agent " + index)
                    .put("team", technical ? "technical" : "support")
                    .put("tier", technical ? "L3" : "L2")
                    .put("skills", skills)
                    .put("languages", new JsonArray().add("en").add("zh"))
                    .put("capacity", cap.copy())
                    .put("autoAccept", autoAccept);
        };
    }
}
