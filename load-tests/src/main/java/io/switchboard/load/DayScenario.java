package io.switchboard.load;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * {@code day}: plays a realistic day ({@link DayProfile}) against a server, compressed by
 * {@code --speed} (default: the day fits in {@code --duration}). Arrivals follow the hourly curve
 * (Poisson within each hour), tickets the profile's mix; agents of the profile's teams accept after
 * a think time and hold tickets for per-channel handle times, all scaled by the speed. Reports the
 * usual latency table and first-response SLA attainment per tier and channel ({@link SlaBook}).
 *
 * <p>With {@code --agents 0} it only creates the tickets, at real speed if asked
 * ({@code --speed 1}): simulated tickets (模拟工单) for people training on agent desktops. Note
 * that the server's own timers (offer timeouts, overflow, head starts) are not compressed; scale
 * them in its configuration when comparing policies at high speed.
 */
final class DayScenario {
    private DayScenario() {
    }

    static void run(Args a) {
        DayProfile profile = DayProfile.load(a.string("profile", null));
        URI url = Clients.parseBase(a.string("url", "http://localhost:8080"));
        Duration duration = a.duration("duration", "10m");
        double speed = a.decimal("speed", profile.dayLength.toNanos() / (double) duration.toNanos());
        int agents = a.integer("agents", 80);
        double tickets = a.decimal("tickets", profile.ticketsPerDay);
        long seed = a.integer("seed", 42);
        Arrivals.Kind arrivals = Arrivals.parseKind(a.string("arrivals", "poisson"));
        int connections = a.integer("connections", 32);
        int loops = a.integer("event-loops", 2);
        long pid = a.integer("server-pid", -1);
        Duration drain = a.duration("drain", "10s");
        String prefix = a.string("agent-prefix", "lt-day-");
        Path results = Path.of(a.string("results", Common.defaultResults().toString()));
        a.rejectUnknown();
        double scale = tickets / profile.ticketsPerDay;
        RatePlan.Builder plan = RatePlan.builder();
        Duration slice = Duration.ofNanos(Math.round(profile.dayLength.toNanos() / (double) profile.hourlyWeights.length / speed));
        for (int h = 0; h < profile.hourlyWeights.length; h++) {
            plan.phase(String.format(Locale.ROOT, "%02dh", h), slice, profile.ratePerSimulatedSecond(h) * scale * speed, true);
        }
        JsonObject options = new JsonObject().put("url", url.toString()).put("speed", speed).put("agents", agents)
                .put("ticketsPerDay", tickets).put("arrivals", arrivals.name()).put("seed", seed);
        describe(profile, speed, agents, scale);
        Report report = new Report(results, "day", options);
        SlaBook sla = new SlaBook(profile, speed);
        try (Clients clients = new Clients(url, connections, loops)) {
            Fleet fleet = null;
            if (agents > 0) {
                fleet = new Fleet(clients, Target.SWITCHBOARD, agentSpec(profile, speed, agents, prefix), loops);
                fleet.connect(0, agents, true).toCompletionStage().toCompletableFuture().join();
                System.out.printf(Locale.ROOT, "[day] %d agents connected and available%n", agents);
            }
            OpenLoopRun.Setup setup = new OpenLoopRun.Setup("day", clients, Target.SWITCHBOARD, agents > 0, fleet,
                    new DayMix(profile, sla, seed), new Arrivals(arrivals, seed), drain, slice, pid, sla);
            report.add(OpenLoopRun.run(setup, plan.build()));
        }
        report.summary().put("sla", sla.report());
        report.write();
    }

    /** Agents by the profile's team weights (interleaved), with team skills and the profile's capacities. */
    private static AgentSpec agentSpec(DayProfile profile, double speed, int count, String prefix) {
        Map<String, Long> handle = new LinkedHashMap<>();
        profile.handleTime.forEach((channel, d) -> handle.put(channel, Math.round(d.toNanos() / speed)));
        JsonObject capacity = new JsonObject();
        profile.capacity.forEach(capacity::put);
        double total = profile.teams.values().stream().mapToDouble(Double::doubleValue).sum();
        return new AgentSpec(prefix, count, 0, false, Math.round(profile.thinkTime.toNanos() / speed), handle,
                (index, autoAccept) -> {
                    double at = ((index * 0.618034) % 1.0) * total;
                    String team = null;
                    for (Map.Entry<String, Double> e : profile.teams.entrySet()) {
                        team = e.getKey();
                        at -= e.getValue();
                        if (at < 0) {
                            break;
                        }
                    }
                    boolean senior = index % 2 == 0;
                    JsonObject skills = new JsonObject().put("general", senior ? 3 : 2);
                    switch (team) {
                        case "support":
                            skills.put("billing", 3).put("refunds", 3);
                            if (senior) {
                                skills.put("vip_care", 4);
                            }
                            break;
                        case "technical":
                            skills.put("technical", senior ? 5 : 3).put("networking", 3);
                            break;
                        default:
                            skills.put("sales", 3);
                            break;
                    }
                    return new JsonObject().put("name", "Day agent " + index).put("team", team)
                            .put("tier", senior ? "L2" : "L1").put("skills", skills)
                            .put("languages", new JsonArray().add("zh").add("en")).put("capacity", capacity.copy())
                            .put("autoAccept", autoAccept);
                });
    }

    /** Prints the compressed schedule and the offered load, so an under-staffed day is obvious. */
    private static void describe(DayProfile profile, double speed, int agents, double scale) {
        double channelTotal = profile.channels.values().stream().mapToDouble(Double::doubleValue).sum();
        double meanHandle = 0;
        double meanSlots = 0;
        for (Map.Entry<String, Double> e : profile.channels.entrySet()) {
            double share = e.getValue() / channelTotal;
            meanHandle += share * profile.handleTime.getOrDefault(e.getKey(), Duration.ZERO).toNanos() / 1e9;
            meanSlots += share * profile.capacity.getOrDefault(e.getKey(), 1);
        }
        double peak = 0;
        for (int h = 0; h < profile.hourlyWeights.length; h++) {
            peak = Math.max(peak, profile.ratePerSimulatedSecond(h) * scale);
        }
        double busy = peak * meanHandle;
        System.out.printf(Locale.ROOT, "day: %.0f tickets, %.0f× speed (a simulated hour lasts %.1fs); peak %.2f tickets/s"
                + " simulated × %.0fs mean handle = %.0f tickets in progress at the peak; %d agents × ~%.1f slots%n",
                profile.ticketsPerDay * scale, speed, 3600 / speed, peak, meanHandle, busy, agents, meanSlots);
    }
}
