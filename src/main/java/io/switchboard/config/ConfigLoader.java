package io.switchboard.config;

import io.switchboard.engine.StreamWindows;
import io.switchboard.store.Compaction;
import io.switchboard.core.agent.AgentProfile;
import io.switchboard.core.agent.SupportTier;
import io.switchboard.core.routing.QueueDefinition;
import io.switchboard.core.routing.RoutingConfig;
import io.switchboard.core.routing.RoutingRule;
import io.switchboard.core.sla.SlaConfig;
import io.switchboard.core.ticket.Channel;
import io.switchboard.core.ticket.CustomerTier;
import io.switchboard.core.ticket.Priority;
import io.switchboard.engine.Retention;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Reads and validates the YAML configuration (documented key by key in docs/configuration.md).
 * Every problem is a {@link ConfigException} that names the key; nothing is half-loaded.
 */
public final class ConfigLoader {
    /** The demo configuration bundled in the jar, used when no file is given. */
    public static final String DEMO_RESOURCE = "/switchboard-demo.yaml";
    static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9_.-]{0,63}");
    static final Pattern AGENT_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.@-]{0,63}");

    private ConfigLoader() {
    }

    public static SwitchboardConfig load(Path file) {
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            return parse(StrictYaml.load(reader, file.toString()));
        } catch (IOException e) {
            throw new ConfigException(file.toString(), "cannot read file: " + e.getMessage());
        }
    }

    public static SwitchboardConfig loadDemo() {
        try (InputStream in = ConfigLoader.class.getResourceAsStream(DEMO_RESOURCE)) {
            return parse(StrictYaml.load(new String(in.readAllBytes(), StandardCharsets.UTF_8), DEMO_RESOURCE));
        } catch (IOException e) {
            throw new ConfigException(DEMO_RESOURCE, "cannot read: " + e.getMessage());
        }
    }

    /** Parses YAML text; used for configs that are not files (tests, tools). */
    public static SwitchboardConfig fromYaml(String text) {
        return parse(StrictYaml.load(text, "(yaml)"));
    }

    static SwitchboardConfig parse(Object yaml) {
        ConfigNode root = new ConfigNode("", yaml)
                .onlyKeys(Set.of("server", "skills", "teams", "routing", "queues", "rules", "agents", "calendars", "sla", "security",
                        "retention", "webhooks", "intake", "email", "wechat", "shutdown"));
        ServerSettings server = server(root.get("server"));
        Set<String> skills = names(root.get("skills"));
        Set<String> teams = names(root.get("teams"));
        Map<String, QueueDefinition> queues = QueueSection.read(root.get("queues"), skills, teams);
        if (queues.isEmpty()) {
            throw root.get("queues").error("at least one queue is required");
        }
        List<RoutingRule> rules = rules(root.get("rules"), queues);
        ConfigNode routing = root.get("routing").onlyKeys(Set.of("defaultQueue", "offerTimeout",
                "offerTimeoutSetsAway", "disconnectGrace", "preferredAgentWindow", "ordering", "exclusionTtl",
                "unroutableAfter"));
        String defaultQueue = routing.get("defaultQueue").string(queues.keySet().iterator().next());
        requireQueue(routing.get("defaultQueue"), defaultQueue, queues);
        ConfigNode ordering = routing.get("ordering").onlyKeys(Set.of("tierHeadStart", "priorityHeadStart"));
        List<AgentProfile> agents = agents(root.get("agents"), teams);
        SlaConfig sla = SlaSection.sla(root.get("sla"), SlaSection.calendars(root.get("calendars")), teams,
                queues.keySet());
        SecuritySettings security = SecuritySection.read(root.get("security"));
        return new SwitchboardConfig(server, sla, new RoutingConfig(skills, teams, queues, rules, defaultQueue,
                offerTimeouts(routing.get("offerTimeout")),
                routing.get("offerTimeoutSetsAway").bool(true),
                millis(routing.get("disconnectGrace"), RoutingConfig.DEFAULT_GRACE_MILLIS),
                millis(routing.get("preferredAgentWindow"), RoutingConfig.DEFAULT_PREFERRED_WINDOW_MILLIS),
                headStarts(ordering.get("tierHeadStart"), CustomerTier::parse, CustomerTier.class),
                headStarts(ordering.get("priorityHeadStart"), Priority::parse, Priority.class),
                agents,
                millis(routing.get("exclusionTtl"), RoutingConfig.DEFAULT_EXCLUSION_TTL_MILLIS),
                millis(routing.get("unroutableAfter"), RoutingConfig.DEFAULT_UNROUTABLE_AFTER_MILLIS)),
                security, retention(root.get("retention")), WebhookSection.read(root.get("webhooks")),
                new io.switchboard.channels.ChannelSettings(IntakeSection.read(root.get("intake")),
                        EmailSection.read(root.get("email")), WeChatSection.read(root.get("wechat"))),
                ShutdownSection.read(root.get("shutdown")));
    }

    /** {@code retention.archiveAfter}: how long a closed ticket stays in the engine (default 7d, 0s = at once). */
    private static Retention retention(ConfigNode node) {
        node.onlyKeys(Set.of("archiveAfter"));
        return new Retention(node.get("archiveAfter")
                .duration(Duration.ofMillis(Retention.DEFAULT_ARCHIVE_AFTER_MILLIS)).toMillis());
    }

    /** A duration setting from the environment, in the YAML's syntax ({@code 30s}, {@code 7d}); errors name {@code key}. */
    public static Duration duration(String key, String text) {
        return new ConfigNode(key, text.trim()).duration(Duration.ZERO);
    }

    private static ServerSettings server(ConfigNode node) {
        node.onlyKeys(Set.of("maxBodyBytes", "websocket", "requestTimeout", "headerTimeout", "idleTimeout"));
        ConfigNode ws = node.get("websocket").onlyKeys(Set.of("pingInterval", "idleTimeout", "resume"));
        Duration ping = ws.get("pingInterval").duration(Duration.ofSeconds(15));
        Duration idle = ws.get("idleTimeout").duration(Duration.ofSeconds(45));
        if (ping.isZero() || idle.compareTo(ping) <= 0) {
            throw ws.get("idleTimeout").error("must be longer than pingInterval (" + ping.toSeconds() + "s)");
        }
        Duration headerTimeout = between(node.get("headerTimeout"), ServerSettings.DEFAULT_HEADER_TIMEOUT);
        // Unset, it stays above a long WebSocket idle timeout, so such a config keeps starting.
        Duration connectionIdle = between(node.get("idleTimeout"), ServerSettings.defaultIdleTimeout(ping, idle));
        if (connectionIdle.compareTo(idle) <= 0) {
            // The WebSocket heartbeat must close a dead socket first; a live one is pinged well within this.
            throw node.get("idleTimeout").error("must be longer than websocket.idleTimeout (" + idle.toMillis()
                    + "ms)");
        }
        return new ServerSettings(node.get("maxBodyBytes").integer(1024, 16 * 1024 * 1024,
                ServerSettings.DEFAULT_MAX_BODY_BYTES), ping, idle, requestTimeout(node.get("requestTimeout")),
                headerTimeout, connectionIdle, resume(ws.get("resume")));
    }

    /** {@code server.websocket.resume}: the replay windows of resumable WebSocket streams. */
    private static StreamWindows.Limits resume(ConfigNode node) {
        node.onlyKeys(Set.of("maxMessages", "maxAge", "maxTotal"));
        StreamWindows.Limits defaults = StreamWindows.Limits.DEFAULT;
        int maxMessages = node.get("maxMessages").integer(0, Compaction.STREAM_KEEP_COUNT, defaults.maxMessages());
        Duration maxAge = node.get("maxAge").duration(Duration.ofMillis(defaults.maxAgeMillis()));
        if (maxAge.toMillis() > Compaction.STREAM_KEEP_MILLIS) {
            throw node.get("maxAge").error("must be at most 1h (what snapshots keep)");
        }
        int maxTotal = node.get("maxTotal").integer(0, 10_000_000, defaults.maxTotal());
        return new StreamWindows.Limits(maxMessages, maxAge.toMillis(), maxTotal);
    }

    private static Duration between(ConfigNode node, Duration fallback) {
        Duration value = node.duration(fallback);
        if (value.toMillis() < 100 || value.compareTo(Duration.ofHours(1)) > 0) {
            throw node.error("must be between 100ms and 1h");
        }
        return value;
    }

    private static Duration requestTimeout(ConfigNode node) {
        Duration timeout = node.duration(ServerSettings.DEFAULT_REQUEST_TIMEOUT);
        if (timeout.toMillis() < 100 || timeout.compareTo(Duration.ofMinutes(10)) > 0) {
            throw node.error("must be between 100ms and 10m");
        }
        return timeout;
    }

    private static Set<String> names(ConfigNode node) {
        Set<String> out = new LinkedHashSet<>();
        for (ConfigNode item : node.items()) {
            String name = item.string();
            if (!NAME.matcher(name).matches()) {
                throw item.error("'" + name + "' must be lower-case letters, digits, '_', '-' or '.' (max 64)");
            }
            if (!out.add(name)) {
                throw item.error("'" + name + "' is listed twice");
            }
        }
        return out;
    }

    private static List<RoutingRule> rules(ConfigNode node, Map<String, QueueDefinition> queues) {
        List<RoutingRule> rules = new ArrayList<>();
        for (ConfigNode r : node.items()) {
            r.onlyKeys(Set.of("name", "match", "queue"));
            ConfigNode match = r.get("match").onlyKeys(Set.of("types", "channels", "tags", "tiers", "languages"));
            String queue = r.get("queue").string();
            requireQueue(r.get("queue"), queue, queues);
            rules.add(new RoutingRule(r.get("name").string(r.path()),
                    Set.copyOf(match.get("types").strings()),
                    enumSet(match.get("channels"), Channel::parse, Channel.values()),
                    Set.copyOf(match.get("tags").strings()),
                    enumSet(match.get("tiers"), CustomerTier::parse, CustomerTier.values()),
                    Set.copyOf(match.get("languages").strings()), queue));
        }
        return rules;
    }

    private static List<AgentProfile> agents(ConfigNode node, Set<String> teams) {
        List<AgentProfile> agents = new ArrayList<>();
        Set<String> ids = new LinkedHashSet<>();
        for (ConfigNode a : node.items()) {
            a.onlyKeys(Set.of("id", "name", "team", "tier", "skills", "languages", "capacity", "autoAccept",
                    "teamLeadId", "managerId"));
            String id = a.get("id").string();
            if (!AGENT_ID.matcher(id).matches() || !ids.add(id)) {
                throw a.get("id").error("'" + id + "' is not a valid, unique agent id");
            }
            String team = a.get("team").string();
            requireKnown(a.get("team"), team, teams, "team");
            Map<Channel, Integer> capacity = new EnumMap<>(Channel.class);
            a.get("capacity").entries().forEach((channel, n) -> capacity.put(
                    enumValue(n, Channel.parse(channel), Channel.values()), n.integer(0, 100, 0)));
            agents.add(AgentProfile.of(id, a.get("name").string(id), team,
                    enumValue(a.get("tier"), SupportTier.parse(a.get("tier").string("L1")), SupportTier.values()),
                    skillLevels(a.get("skills"), null), Set.copyOf(a.get("languages").strings()), capacity,
                    a.get("autoAccept").bool(false), a.get("teamLeadId").string(null),
                    a.get("managerId").string(null)));
        }
        return agents;
    }

    /** Skill name → level 1–5; with {@code known} non-null every skill must be declared there. */
    static Map<String, Integer> skillLevels(ConfigNode node, Set<String> known) {
        Map<String, Integer> out = new TreeMap<>();
        node.entries().forEach((skill, level) -> {
            if (known != null) {
                requireKnown(level, skill, known, "skill (declare it under 'skills')");
            } else if (!NAME.matcher(skill).matches()) {
                throw level.error("'" + skill + "' is not a valid skill name");
            }
            if (level.isMissing()) {
                throw level.error("needs a level 1..5");
            }
            out.put(skill, level.integer(1, 5, 1));
        });
        return out;
    }

    private static Map<Channel, Long> offerTimeouts(ConfigNode node) {
        Map<Channel, Long> out = new EnumMap<>(Channel.class);
        long fallback = millis(node.get("default"), RoutingConfig.DEFAULT_OFFER_TIMEOUT_MILLIS);
        for (Channel channel : Channel.values()) {
            out.put(channel, fallback);
        }
        node.entries().forEach((key, value) -> {
            if (!key.equals("default")) {
                out.put(enumValue(value, Channel.parse(key), Channel.values()), millis(value, fallback));
            }
        });
        return out;
    }

    private static <E extends Enum<E>> Map<E, Long> headStarts(ConfigNode node, Function<String, Optional<E>> parse,
            Class<E> type) {
        Map<E, Long> out = new EnumMap<>(type);
        node.entries().forEach((key, value) -> out.put(enumValue(value, parse.apply(key), type.getEnumConstants()),
                millis(value, 0)));
        return out;
    }

    private static long millis(ConfigNode node, long fallback) {
        return node.duration(Duration.ofMillis(fallback)).toMillis();
    }

    static <E extends Enum<E>> Set<E> enumSet(ConfigNode node, Function<String, Optional<E>> parse, E[] all) {
        Set<E> out = new LinkedHashSet<>();
        for (ConfigNode item : node.items()) {
            out.add(enumValue(item, parse.apply(item.string()), all));
        }
        return out;
    }

    static <E extends Enum<E>> E enumValue(ConfigNode node, Optional<E> parsed, E[] all) {
        return parsed.orElseThrow(() -> {
            List<String> allowed = new ArrayList<>();
            for (E e : all) {
                allowed.add(e.name().startsWith("L") && e.name().length() == 2 ? e.name()
                        : e.name().toLowerCase(java.util.Locale.ROOT));
            }
            return node.error("unknown value; expected one of " + String.join(", ", allowed));
        });
    }

    static void requireQueue(ConfigNode at, String queue, Map<String, QueueDefinition> queues) {
        if (!queues.containsKey(queue)) {
            throw at.error("unknown queue '" + queue + "'; defined: " + String.join(", ", queues.keySet()));
        }
    }

    static void requireKnown(ConfigNode at, String value, Set<String> known, String what) {
        if (!known.contains(value)) {
            throw at.error("unknown " + what + " '" + value + "'");
        }
    }
}
