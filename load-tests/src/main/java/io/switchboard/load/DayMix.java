package io.switchboard.load;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Tickets of a {@link DayProfile}: channel, tier, priority and type drawn from the profile's
 * mixes, a subject from its list, tagged {@code simulated} (模拟工单) so they are easy to tell from
 * real work. Each ticket is announced to the {@link SlaBook} as it is sent.
 */
final class DayMix implements TicketMix {
    private final DayProfile profile;
    private final SlaBook sla;
    private final SplittableRandom random;

    DayMix(DayProfile profile, SlaBook sla, long seed) {
        this.profile = profile;
        this.sla = sla;
        this.random = new SplittableRandom(seed);
    }

    @Override
    public Buffer body(long seq, long intendedNanos) {
        String channel = DayProfile.pick(profile.channels, random);
        String tier = DayProfile.pick(profile.tiers, random);
        String type = DayProfile.pick(profile.types, random);
        List<String> subjects = profile.subjects.getOrDefault(type, List.of("Simulated ticket 模拟工单"));
        sla.sent(tier, channel);
        JsonObject fields = new JsonObject().put("orderId", "D-" + seq);
        JsonObject ticket = new JsonObject()
                .put("channel", channel)
                .put("priority", DayProfile.pick(profile.priorities, random))
                .put("customer", new JsonObject().put("id", "dc-" + random.nextInt(200_000)).put("tier", tier))
                .put("type", type)
                .put("subject", subjects.get(random.nextInt(subjects.size())))
                .put("tags", new JsonArray().add("simulated"))
                .put("fields", fields);
        String json = ticket.encode();
        // Append the stamp members inside "fields" (the last member) without re-encoding.
        return Buffer.buffer(json.substring(0, json.length() - 2) + "," + Stamp.fields(intendedNanos) + "}}");
    }
}
