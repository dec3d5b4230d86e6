package io.switchboard.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.core.agent.AgentProfile;
import io.switchboard.core.agent.Presence;
import io.switchboard.core.agent.SupportTier;
import io.switchboard.core.event.DomainEvent;
import io.switchboard.core.event.DomainEvent.TicketOffered;
import io.switchboard.core.routing.OverflowStep;
import io.switchboard.core.routing.QueueDefinition;
import io.switchboard.core.routing.RoutingConfig;
import io.switchboard.core.routing.RoutingRule;
import io.switchboard.core.routing.SelectionStrategy;
import io.switchboard.core.sla.SlaConfig;
import io.switchboard.core.ticket.Channel;
import io.switchboard.core.ticket.Customer;
import io.switchboard.core.ticket.CustomerTier;
import io.switchboard.core.ticket.Priority;
import io.switchboard.core.ticket.SkillRequirement;
import io.switchboard.core.ticket.TicketDraft;
import io.switchboard.store.EventTimelineCodec;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Drives an {@link Engine} with a fixed, explicitly advanced clock. Every outcome's events are
 * kept in {@link #journal} so tests can replay them or look up offers. Sessions are minted per
 * connect ({@code <agent>-s1}, {@code <agent>-s2}, ...) and remembered as the agent's current one.
 */
final class EngineFixture {
    static final long T0 = 1_700_000_000_000L;

    final RoutingConfig config;
    final SlaConfig sla;
    final Retention retention;
    final Engine engine;
    final List<DomainEvent> journal = new ArrayList<>();
    private final Map<String, String> sessions = new HashMap<>();
    private final Map<String, Integer> sessionCounts = new HashMap<>();
    private int customerCounter;
    private long now = T0;

    EngineFixture(RoutingConfig config) {
        this(config, SlaConfig.none());
    }

    EngineFixture(RoutingConfig config, SlaConfig sla) {
        this(config, sla, Retention.NEVER);
    }

    /** Resolved and closed tickets are parked as bytes, as in the server. */
    EngineFixture(RoutingConfig config, SlaConfig sla, Retention retention) {
        this(config, sla, retention, true);
    }

    /** With {@code parking} false, every ticket stays an object (to compare the two). */
    EngineFixture(RoutingConfig config, SlaConfig sla, Retention retention, boolean parking) {
        this.config = config;
        this.sla = sla;
        this.retention = retention;
        this.engine = new Engine(config, sla, retention, parking ? new EventTimelineCodec() : null, T0);
    }

    EngineFixture(ConfigBuilder config) {
        this(config.build());
    }

    /** A fixture over the default config: one least_loaded queue "general" without skills. */
    static EngineFixture standard() {
        return new EngineFixture(config());
    }

    // ---------------------------------------------------------------- clock

    long now() {
        return now;
    }

    /** Sets the clock to {@code T0 + millis}; time never goes backwards. */
    EngineFixture at(long millisAfterT0) {
        long next = T0 + millisAfterT0;
        assertThat(next).as("fixture clock must not go backwards").isGreaterThanOrEqualTo(now);
        now = next;
        return this;
    }

    static long seconds(double s) {
        return Math.round(s * 1000);
    }

    // ---------------------------------------------------------------- commands

    Outcome run(Command command) {
        Outcome outcome = engine.handle(command, now);
        journal.addAll(outcome.events());
        return outcome;
    }

    /** Fires due timers at the absolute time {@code T0 + millisAfterT0}. */
    Outcome tickAt(long millisAfterT0) {
        at(millisAfterT0);
        return run(new Command.Tick());
    }

    Outcome upsert(AgentProfile profile) {
        return run(new Command.UpsertAgent(profile));
    }

    Outcome connect(String agentId) {
        int n = sessionCounts.merge(agentId, 1, Integer::sum);
        String session = agentId + "-s" + n;
        Outcome outcome = run(new Command.Connect(agentId, session));
        if (outcome.ok()) {
            sessions.put(agentId, session);
        }
        return outcome;
    }

    String session(String agentId) {
        return sessions.get(agentId);
    }

    Outcome presence(String agentId, Presence presence) {
        return run(new Command.SetPresence(agentId, session(agentId), presence));
    }

    Outcome available(String agentId) {
        return presence(agentId, Presence.AVAILABLE);
    }

    Outcome away(String agentId) {
        return presence(agentId, Presence.AWAY);
    }

    /** Upserts, connects and makes the agent available; returns the outcome of going available. */
    Outcome online(AgentBuilder agent) {
        AgentProfile profile = agent.build();
        assertThat(upsert(profile).ok()).as("upsert %s", profile.id()).isTrue();
        assertThat(connect(profile.id()).ok()).as("connect %s", profile.id()).isTrue();
        return available(profile.id());
    }

    /** Upserts and connects the agent, leaving it AWAY (connected but not taking work). */
    void connectedAway(AgentBuilder agent) {
        AgentProfile profile = agent.build();
        assertThat(upsert(profile).ok()).isTrue();
        assertThat(connect(profile.id()).ok()).isTrue();
        assertThat(away(profile.id()).ok()).isTrue();
    }

    Outcome accept(String agentId, String offerId) {
        return run(new Command.Accept(agentId, session(agentId), offerId));
    }

    /** Accepts the ticket's open offer (the last one in the journal) as its agent. */
    Outcome acceptOffer(String ticketId) {
        TicketOffered offer = lastOffer(ticketId);
        Outcome outcome = accept(offer.agentId(), offer.offerId());
        assertThat(outcome.ok()).as("accept %s: %s", offer.offerId(), outcome.rejection()).isTrue();
        return outcome;
    }

    Outcome reject(String agentId, String offerId) {
        return run(new Command.Reject(agentId, session(agentId), offerId, "busy"));
    }

    Outcome disconnect(String agentId) {
        return run(new Command.Disconnect(agentId, session(agentId)));
    }

    Outcome create(TicketBuilder ticket) {
        return run(new Command.CreateTicket(ticket.build(), ticket.idempotencyKey, ticket.fingerprint, "api"));
    }

    /** Creates the ticket and returns its id; fails the test if the engine refuses it. */
    String createId(TicketBuilder ticket) {
        Outcome outcome = create(ticket);
        assertThat(outcome.ok()).as("create ticket: %s", outcome.rejection()).isTrue();
        return ((TicketView) outcome.value()).id();
    }

    Outcome resolve(String ticketId) {
        return run(new Command.Resolve(ticketId, "done", "api"));
    }

    Outcome close(String ticketId) {
        return run(new Command.Close(ticketId, "done", "api"));
    }

    Outcome reopen(String ticketId) {
        return run(new Command.Reopen(ticketId, "customer_replied", "api"));
    }

    Outcome transfer(String ticketId, String queue, String team, SupportTier tier) {
        return run(new Command.Transfer(ticketId, queue, team, tier, "handoff", "api"));
    }

    // ---------------------------------------------------------------- queries

    TicketView ticket(String ticketId) {
        Outcome outcome = engine.handle(new Command.GetTicket(ticketId), now);
        assertThat(outcome.ok()).isTrue();
        return (TicketView) outcome.value();
    }

    AgentView agentView(String agentId) {
        Outcome outcome = engine.handle(new Command.GetAgent(agentId), now);
        assertThat(outcome.ok()).isTrue();
        return (AgentView) outcome.value();
    }

    @SuppressWarnings("unchecked")
    List<DomainEvent.TicketEvent> timeline(String ticketId) {
        Outcome outcome = engine.handle(new Command.GetTimeline(ticketId), now);
        assertThat(outcome.ok()).isTrue();
        return (List<DomainEvent.TicketEvent>) outcome.value();
    }

    <E extends DomainEvent> List<E> timelineOf(String ticketId, Class<E> type) {
        return timeline(ticketId).stream().filter(type::isInstance).map(type::cast).toList();
    }

    /** The most recent offer of the ticket in the journal (it may since have been withdrawn). */
    TicketOffered lastOffer(String ticketId) {
        TicketOffered last = null;
        for (DomainEvent e : journal) {
            if (e instanceof TicketOffered o && o.ticketId().equals(ticketId)) {
                last = o;
            }
        }
        assertThat(last).as("an offer for %s", ticketId).isNotNull();
        return last;
    }

    /** Agents the ticket was ever offered to, in order. */
    List<String> offeredTo(String ticketId) {
        List<String> agents = new ArrayList<>();
        for (DomainEvent e : journal) {
            if (e instanceof TicketOffered o && o.ticketId().equals(ticketId)) {
                agents.add(o.agentId());
            }
        }
        return agents;
    }

    // ---------------------------------------------------------------- outcome helpers

    static <E extends DomainEvent> List<E> events(Outcome outcome, Class<E> type) {
        return outcome.events().stream().filter(type::isInstance).map(type::cast).toList();
    }

    static <E extends DomainEvent> E single(Outcome outcome, Class<E> type) {
        List<E> found = events(outcome, type);
        assertThat(found).as("exactly one %s in %s", type.getSimpleName(), outcome.events()).hasSize(1);
        return found.get(0);
    }

    /** The offer of {@code ticketId} made in this outcome; fails if there is none. */
    static TicketOffered offerIn(Outcome outcome, String ticketId) {
        List<TicketOffered> offers = events(outcome, TicketOffered.class).stream()
                .filter(o -> o.ticketId().equals(ticketId)).toList();
        assertThat(offers).as("one offer of %s in %s", ticketId, outcome.events()).hasSize(1);
        return offers.get(0);
    }

    static List<TicketOffered> offers(Outcome outcome) {
        return events(outcome, TicketOffered.class);
    }

    static List<AgentPush> pushes(Outcome outcome, AgentPush.Kind kind) {
        return outcome.pushes().stream().filter(p -> p.kind() == kind).toList();
    }

    // ---------------------------------------------------------------- builders

    static ConfigBuilder config() {
        return new ConfigBuilder();
    }

    static QueueBuilder queue(String name) {
        return new QueueBuilder(name);
    }

    static AgentBuilder agent(String id) {
        return new AgentBuilder(id);
    }

    /** A ticket on chat, normal priority, for a fresh standard customer (so no preferred agent). */
    TicketBuilder ticket() {
        return new TicketBuilder("cust-" + (++customerCounter));
    }

    static final class ConfigBuilder {
        private final Set<String> skills = new TreeSet<>(Set.of("billing", "refunds", "tech"));
        private final Set<String> teams = new TreeSet<>();
        private final Map<String, QueueDefinition> queues = new LinkedHashMap<>();
        private final List<RoutingRule> rules = new ArrayList<>();
        private String defaultQueue = "general";
        private final Map<Channel, Long> offerTimeouts = new EnumMap<>(Map.of(Channel.CHAT, 20_000L));
        private boolean offerTimeoutSetsAway = true;
        private long graceMillis = RoutingConfig.DEFAULT_GRACE_MILLIS;
        private long preferredWindowMillis = RoutingConfig.DEFAULT_PREFERRED_WINDOW_MILLIS;
        private long exclusionTtlMillis = RoutingConfig.DEFAULT_EXCLUSION_TTL_MILLIS;
        private long unroutableAfterMillis = RoutingConfig.DEFAULT_UNROUTABLE_AFTER_MILLIS;
        private final Map<CustomerTier, Long> tierHeadStart = new EnumMap<>(CustomerTier.class);
        private final Map<Priority, Long> priorityHeadStart = new EnumMap<>(Priority.class);
        private final List<AgentProfile> seedAgents = new ArrayList<>();

        /** Starts with queue "general" (least_loaded, no skills, any team) as the default queue. */
        ConfigBuilder() {
            queue(EngineFixture.queue("general"));
        }

        /** Adds a queue, or replaces the one of the same name (e.g. to give "general" overflow steps). */
        ConfigBuilder queue(QueueBuilder queue) {
            QueueDefinition definition = queue.build();
            queues.put(definition.name(), definition);
            return this;
        }

        ConfigBuilder skills(String... names) {
            skills.addAll(Arrays.asList(names));
            return this;
        }

        ConfigBuilder teams(String... names) {
            teams.addAll(Arrays.asList(names));
            return this;
        }

        ConfigBuilder rule(String name, Set<String> tags, String queue) {
            rules.add(new RoutingRule(name, Set.of(), Set.of(), tags, Set.of(), Set.of(), queue));
            return this;
        }

        ConfigBuilder rule(RoutingRule rule) {
            rules.add(rule);
            return this;
        }

        ConfigBuilder defaultQueue(String name) {
            defaultQueue = name;
            return this;
        }

        ConfigBuilder offerTimeout(Channel channel, long millis) {
            offerTimeouts.put(channel, millis);
            return this;
        }

        ConfigBuilder offerTimeoutSetsAway(boolean value) {
            offerTimeoutSetsAway = value;
            return this;
        }

        ConfigBuilder grace(long millis) {
            graceMillis = millis;
            return this;
        }

        ConfigBuilder preferredWindow(long millis) {
            preferredWindowMillis = millis;
            return this;
        }

        ConfigBuilder tierHeadStart(CustomerTier tier, long millis) {
            tierHeadStart.put(tier, millis);
            return this;
        }

        ConfigBuilder priorityHeadStart(Priority priority, long millis) {
            priorityHeadStart.put(priority, millis);
            return this;
        }

        ConfigBuilder exclusionTtl(long millis) {
            exclusionTtlMillis = millis;
            return this;
        }

        ConfigBuilder unroutableAfter(long millis) {
            unroutableAfterMillis = millis;
            return this;
        }

        ConfigBuilder seedAgent(AgentBuilder agent) {
            seedAgents.add(agent.build());
            return this;
        }

        RoutingConfig build() {
            return new RoutingConfig(skills, teams, queues, rules, defaultQueue, offerTimeouts, offerTimeoutSetsAway,
                    graceMillis, preferredWindowMillis, tierHeadStart, priorityHeadStart, seedAgents, exclusionTtlMillis,
                    unroutableAfterMillis);
        }
    }

    static final class QueueBuilder {
        private final String name;
        private final Map<String, Integer> skills = new TreeMap<>();
        private final List<String> teams = new ArrayList<>();
        private SelectionStrategy strategy = SelectionStrategy.LEAST_LOADED;
        private final List<OverflowStep> overflow = new ArrayList<>();
        private final List<String> supervisors = new ArrayList<>();

        QueueBuilder(String name) {
            this.name = name;
        }

        QueueBuilder skill(String skill, int level) {
            skills.put(skill, level);
            return this;
        }

        QueueBuilder teams(String... names) {
            teams.addAll(Arrays.asList(names));
            return this;
        }

        QueueBuilder supervisors(String... ids) {
            supervisors.addAll(Arrays.asList(ids));
            return this;
        }

        QueueBuilder strategy(SelectionStrategy value) {
            strategy = value;
            return this;
        }

        QueueBuilder overflow(OverflowStep step) {
            overflow.add(step);
            return this;
        }

        QueueDefinition build() {
            return new QueueDefinition(name, new TreeMap<>(skills), teams, strategy, overflow, supervisors);
        }
    }

    static final class AgentBuilder {
        private final String id;
        private String team = "support";
        private SupportTier tier = SupportTier.L1;
        private final Map<String, Integer> skills = new TreeMap<>();
        private final Set<String> languages = new TreeSet<>(Set.of("en"));
        private final Map<Channel, Integer> capacity =
                new EnumMap<>(Map.of(Channel.CHAT, 3, Channel.EMAIL, 5, Channel.WEB, 5));
        private boolean autoAccept;
        private String lead;
        private String manager;

        AgentBuilder(String id) {
            this.id = id;
        }

        AgentBuilder team(String value) {
            team = value;
            return this;
        }

        AgentBuilder tier(SupportTier value) {
            tier = value;
            return this;
        }

        AgentBuilder skill(String skill, int level) {
            skills.put(skill, level);
            return this;
        }

        AgentBuilder languages(String... values) {
            languages.clear();
            languages.addAll(Arrays.asList(values));
            return this;
        }

        AgentBuilder capacity(Channel channel, int tickets) {
            capacity.put(channel, tickets);
            return this;
        }

        /** Replaces every channel capacity with just this one. */
        AgentBuilder onlyCapacity(Channel channel, int tickets) {
            capacity.clear();
            capacity.put(channel, tickets);
            return this;
        }

        AgentBuilder autoAccept() {
            autoAccept = true;
            return this;
        }

        AgentBuilder lead(String id) {
            lead = id;
            return this;
        }

        AgentBuilder manager(String id) {
            manager = id;
            return this;
        }

        AgentProfile build() {
            return AgentProfile.of(id, "Agent " + id, team, tier, skills, languages, capacity, autoAccept, lead, manager);
        }
    }

    static final class TicketBuilder {
        private Channel channel = Channel.CHAT;
        private Priority priority = Priority.NORMAL;
        private String customerId;
        private CustomerTier tier = CustomerTier.STANDARD;
        private final List<SkillRequirement> skills = new ArrayList<>();
        private String language;
        private final Set<String> tags = new LinkedHashSet<>();
        private String queue;
        private String type;
        String idempotencyKey;
        String fingerprint;

        TicketBuilder(String customerId) {
            this.customerId = customerId;
        }

        TicketBuilder channel(Channel value) {
            channel = value;
            return this;
        }

        TicketBuilder priority(Priority value) {
            priority = value;
            return this;
        }

        TicketBuilder customer(String id) {
            customerId = id;
            return this;
        }

        TicketBuilder tier(CustomerTier value) {
            tier = value;
            return this;
        }

        TicketBuilder skill(String name, int level) {
            skills.add(new SkillRequirement(name, level));
            return this;
        }

        TicketBuilder language(String value) {
            language = value;
            return this;
        }

        TicketBuilder tags(String... values) {
            tags.addAll(Arrays.asList(values));
            return this;
        }

        TicketBuilder queue(String value) {
            queue = value;
            return this;
        }

        TicketBuilder type(String value) {
            type = value;
            return this;
        }

        TicketBuilder idempotency(String key, String fingerprint) {
            this.idempotencyKey = key;
            this.fingerprint = fingerprint;
            return this;
        }

        TicketDraft build() {
            return new TicketDraft(channel, priority, new Customer(customerId, tier, null), type, "subject",
                    "description", skills, language, tags, Map.of(), queue);
        }
    }
}
