package io.switchboard.load.bench;

import io.switchboard.core.agent.AgentProfile;
import io.switchboard.core.agent.SupportTier;
import io.switchboard.core.routing.Demand;
import io.switchboard.core.ticket.Channel;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * A seeded routing population shaped like a large contact centre: {@value #SKILLS} skills of
 * skewed popularity, about {@value #PROFILES} distinct agent profiles (team, tier, 3–6 skills at
 * levels 1–5, one to three languages) and ticket demands (1–2 skills, sometimes a language or a
 * team) drawn so that at least one profile meets each. The same seed always gives the same world.
 */
final class RoutingWorld {
    static final int SKILLS = 50;
    static final int PROFILES = 200;
    static final List<String> TEAMS = List.of("support", "technical", "sales", "billing");
    static final List<String> LANGUAGES = List.of("zh", "en", "ja");
    /** The channels tickets arrive on, with their share in percent. */
    static final Map<Channel, Integer> CHANNEL_SHARE = Map.of(Channel.CHAT, 50, Channel.EMAIL, 25, Channel.WEB, 15,
            Channel.WECHAT, 10);

    final List<String> skills = new ArrayList<>();
    private final List<AgentProfile> prototypes = new ArrayList<>();
    private final SplittableRandom random;

    RoutingWorld(long seed) {
        random = new SplittableRandom(seed);
        for (int i = 0; i < SKILLS; i++) {
            skills.add(String.format("skill_%02d", i));
        }
        for (int p = 0; p < PROFILES; p++) {
            TreeMap<String, Integer> levels = new TreeMap<>();
            int count = 3 + random.nextInt(4);
            while (levels.size() < count) {
                levels.put(popularSkill(), 1 + random.nextInt(5));
            }
            TreeSet<String> languages = new TreeSet<>();
            languages.add(LANGUAGES.get(random.nextInt(2)));
            if (random.nextInt(3) == 0) {
                languages.add(LANGUAGES.get(random.nextInt(LANGUAGES.size())));
            }
            prototypes.add(AgentProfile.of("prototype-" + p, "Agent", TEAMS.get(random.nextInt(TEAMS.size())),
                    SupportTier.values()[random.nextInt(SupportTier.values().length)], levels, languages, Map.of(),
                    false, null, null));
        }
    }

    /** The profile of agent {@code index}: prototype {@code index % PROFILES} with this id and capacity. */
    AgentProfile agent(int index, Map<Channel, Integer> capacity, boolean autoAccept) {
        AgentProfile p = prototypes.get(index % PROFILES);
        return AgentProfile.of("agent-" + index, "Agent " + index, p.team(), p.tier(), p.skills(), p.languages(),
                capacity, autoAccept, null, null);
    }

    /**
     * {@code n} distinct demands, the shapes waiting tickets come in (a queue's skills on a channel,
     * maybe with a language or a team). Real centres have tens of queues, so a few hundred shapes.
     */
    List<Demand> demandPool(int n) {
        Set<Demand> pool = new LinkedHashSet<>();
        while (pool.size() < n) {
            pool.add(demand());
        }
        return List.copyOf(pool);
    }

    /** A demand some prototype meets: a subset of its skills at or below its levels, maybe its language or team. */
    Demand demand() {
        AgentProfile p = prototypes.get(random.nextInt(PROFILES));
        List<String> own = new ArrayList<>(p.skills().keySet());
        TreeMap<String, Integer> wanted = new TreeMap<>();
        int count = 1 + random.nextInt(2);
        while (wanted.size() < count) {
            String skill = own.get(random.nextInt(own.size()));
            wanted.put(skill, 1 + random.nextInt(p.skills().get(skill)));
        }
        String language = random.nextInt(10) < 4 ? p.languages().first() : null;
        Set<String> teams = random.nextInt(10) < 3 ? Set.of(p.team()) : Set.of();
        return new Demand(channel(), language, wanted, teams, null);
    }

    Channel channel() {
        int r = random.nextInt(100);
        for (Map.Entry<Channel, Integer> e : new TreeMap<>(CHANNEL_SHARE).entrySet()) {
            r -= e.getValue();
            if (r < 0) {
                return e.getKey();
            }
        }
        return Channel.CHAT;
    }

    SplittableRandom random() {
        return random;
    }

    /** Skewed: low-numbered skills are held by many profiles, high-numbered by few. */
    private String popularSkill() {
        double u = random.nextDouble();
        return skills.get((int) (SKILLS * u * u));
    }
}
