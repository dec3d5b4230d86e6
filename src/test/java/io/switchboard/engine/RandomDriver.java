package io.switchboard.engine;

import static io.switchboard.engine.EngineFixture.agent;
import static io.switchboard.engine.EngineFixture.config;
import static io.switchboard.engine.EngineFixture.queue;
import static io.switchboard.engine.EngineFixture.seconds;
import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.core.agent.Agent;
import io.switchboard.core.agent.AgentProfile;
import io.switchboard.core.agent.Presence;
import io.switchboard.core.agent.SupportTier;
import io.switchboard.core.event.DomainEvent;
import io.switchboard.core.event.DomainEvent.OfferWithdrawn;
import io.switchboard.core.event.DomainEvent.TicketAssigned;
import io.switchboard.core.event.DomainEvent.TicketOffered;
import io.switchboard.core.event.DomainEvent.TicketReleased;
import io.switchboard.core.event.DomainEvent.TicketResolved;
import io.switchboard.core.routing.OverflowStep;
import io.switchboard.core.routing.RoutingConfig;
import io.switchboard.core.routing.RoutingRule;
import io.switchboard.core.routing.SelectionStrategy;
import io.switchboard.core.sla.SlaConfig;
import io.switchboard.core.ticket.Channel;
import io.switchboard.core.ticket.CustomerTier;
import io.switchboard.core.ticket.Priority;
import io.switchboard.core.ticket.Ticket;
import io.switchboard.core.ticket.TicketStatus;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Drives an engine with a seeded random sequence of every {@link Command}: creates, presence changes
 * (every presence), connects, disconnects, accepts, rejects, resolves, pending/reply, reopen/close,
 * customer messages, confirmations, reprioritizations, transfers of tickets in any open state
 * (offered ones included), profile changes, every read-only query, and ticks that advance time
 * across offer expiry, every overflow step kind (MoveToQueue included), preferred windows and grace
 * periods. Safety properties are checked on every outcome's events as they arrive.
 *
 * <p>Nothing is left out to keep a property green: a known bug is a red test kept
 * {@code @Disabled} with its reason (see RevokedOfferRoutingTest for the triggers once left out).
 */
final class RandomDriver {
    static final List<String> AGENTS = List.of("a1", "a2", "a3", "a4", "a5", "a6");
    private static final List<String> QUEUES = List.of("general", "billing", "tech");
    private static final List<String> TEAMS = List.of("alpha", "beta", "gamma");
    private static final List<String> SKILLS = List.of("billing", "refunds", "tech");

    final EngineFixture f;
    private final Random rnd;
    private final boolean slaActions;
    private long elapsed;
    private final Map<String, TicketOffered> openOffers = new LinkedHashMap<>();
    private final List<String> pastOfferIds = new ArrayList<>();
    private final Set<String> connected = new TreeSet<>();
    private final Map<String, String> previousSession = new HashMap<>();
    private final Set<String> withAgent = new HashSet<>();
    private final Map<String, Set<String>> excluded = new HashMap<>();
    private final Map<String, AgentProfile> profiles = new TreeMap<>();
    int rejections;

    RandomDriver(long seed) {
        this(seed, SlaConfig.none());
    }

    /** With {@code sla} policies, customer actions come more often, so SLA clocks stop, restart and escalate. */
    RandomDriver(long seed, SlaConfig sla) {
        this(seed, sla, true);
    }

    /** With {@code parking} false, the engine keeps every ticket as an object ({@link EngineFixture}). */
    RandomDriver(long seed, SlaConfig sla, boolean parking) {
        this.rnd = new Random(seed);
        this.slaActions = !sla.policies().isEmpty();
        this.f = new EngineFixture(routingConfig(), sla, Retention.NEVER, parking);
        profiles.put("a1", agent("a1").team("alpha").tier(SupportTier.L1).skill("billing", 2).skill("refunds", 1)
                .onlyCapacity(Channel.CHAT, 2).capacity(Channel.EMAIL, 3).capacity(Channel.WEB, 2).build());
        profiles.put("a2", agent("a2").team("alpha").tier(SupportTier.L2).skill("billing", 4).skill("tech", 2)
                .languages("en", "zh").onlyCapacity(Channel.CHAT, 3).capacity(Channel.EMAIL, 2).build());
        profiles.put("a3", agent("a3").team("beta").tier(SupportTier.L3).skill("tech", 4).skill("billing", 1)
                .onlyCapacity(Channel.CHAT, 1).capacity(Channel.EMAIL, 5).capacity(Channel.WEB, 1).build());
        profiles.put("a4", agent("a4").team("gamma").tier(SupportTier.L1).skill("billing", 3).languages("zh")
                .onlyCapacity(Channel.CHAT, 2).capacity(Channel.WEB, 2).build());
        profiles.put("a5", agent("a5").team("beta").tier(SupportTier.L2).skill("tech", 3).skill("refunds", 3)
                .onlyCapacity(Channel.CHAT, 2).capacity(Channel.EMAIL, 2).autoAccept().build());
        profiles.put("a6", agent("a6").team("alpha").tier(SupportTier.L4).skill("billing", 5).skill("tech", 5)
                .skill("refunds", 5).languages("en", "zh").onlyCapacity(Channel.CHAT, 4).capacity(Channel.EMAIL, 4)
                .capacity(Channel.WEB, 4).build());
    }

    /** No seed agents: the engine's constructor would apply them without returning their events. */
    static RoutingConfig routingConfig() {
        EngineFixture.QueueBuilder billing = queue("billing").strategy(SelectionStrategy.MOST_SKILLED)
                .skill("billing", 2).teams("alpha", "beta")
                .overflow(new OverflowStep.LowerSkillLevel(seconds(30), 1))
                .overflow(new OverflowStep.WidenTeams(seconds(60), List.of("gamma")))
                .overflow(new OverflowStep.MoveToQueue(seconds(120), "general"));
        return config()
                .teams("alpha", "beta", "gamma")
                .queue(queue("general").overflow(new OverflowStep.RaisePriority(seconds(40), Priority.HIGH)))
                .queue(billing)
                .queue(queue("tech").strategy(SelectionStrategy.LONGEST_IDLE).skill("tech", 3)
                        .overflow(new OverflowStep.LowerSkillLevel(seconds(45), 2))
                        .overflow(new OverflowStep.RaisePriority(seconds(60), Priority.URGENT))
                        .overflow(new OverflowStep.MoveToQueue(seconds(90), "billing")))
                .rule("refunds", Set.of("refund"), "billing")
                .rule(new RoutingRule("bugs", Set.of("bug"), Set.of(), Set.of(), Set.of(), Set.of(), "tech"))
                .rule(new RoutingRule("zh-email", Set.of(), Set.of(Channel.EMAIL), Set.of(), Set.of(), Set.of("zh"),
                        "billing"))
                .offerTimeout(Channel.CHAT, seconds(20))
                .offerTimeout(Channel.EMAIL, seconds(60))
                .grace(seconds(60))
                .preferredWindow(seconds(30))
                .tierHeadStart(CustomerTier.VIP, seconds(60))
                .tierHeadStart(CustomerTier.ENTERPRISE, seconds(120))
                .priorityHeadStart(Priority.URGENT, seconds(300))
                .priorityHeadStart(Priority.HIGH, seconds(120))
                .priorityHeadStart(Priority.NORMAL, seconds(30))
                .build();
    }

    EngineState live() {
        return ReplayHarness.liveState(f.engine);
    }

    /** Upserts every agent, connects most of them and makes some available. */
    void start() {
        for (AgentProfile profile : profiles.values()) {
            observe(f.upsert(profile));
            if (rnd.nextInt(4) > 0) {
                connect(profile.id());
                if (rnd.nextBoolean()) {
                    observe(f.available(profile.id()));
                }
            }
        }
    }

    void step() {
        if (rnd.nextInt(slaActions ? 8 : 20) == 0) {
            customerAction();
            return;
        }
        if (rnd.nextInt(25) == 0) {
            query();
            return;
        }
        int roll = rnd.nextInt(100);
        if ((roll -= 20) < 0) {
            createTicket();
        } else if ((roll -= 12) < 0) {
            tick();
        } else if ((roll -= 4) < 0) {
            advance(rnd.nextInt(5_000));
        } else if ((roll -= 14) < 0) {
            changePresence();
        } else if ((roll -= 4) < 0) {
            connect(pick(AGENTS));
        } else if ((roll -= 3) < 0) {
            disconnect();
        } else if ((roll -= 17) < 0) {
            accept();
        } else if ((roll -= 6) < 0) {
            reject();
        } else if ((roll -= 9) < 0) {
            resolve();
        } else if ((roll -= 3) < 0) {
            pendingOrReply();
        } else if ((roll -= 3) < 0) {
            reopenOrClose();
        } else if ((roll -= 4) < 0) {
            transfer();
        } else {
            changeProfile();
        }
    }

    // ---------------------------------------------------------------- actions

    private void createTicket() {
        EngineFixture.TicketBuilder t = f.ticket()
                .channel(pick(List.of(Channel.CHAT, Channel.CHAT, Channel.EMAIL, Channel.WEB)))
                .priority(pick(List.of(Priority.values())))
                .tier(pick(List.of(CustomerTier.values())))
                .customer("c" + rnd.nextInt(8));
        if (rnd.nextInt(4) == 0) {
            t.tags("refund");
        }
        int type = rnd.nextInt(5);
        if (type == 0) {
            t.type("bug");
        } else if (type == 1) {
            t.type("question");
        }
        if (rnd.nextInt(5) == 0) {
            t.queue(pick(QUEUES));
        }
        if (rnd.nextInt(5) == 0) {
            t.skill(pick(SKILLS), 1 + rnd.nextInt(4));
        }
        int language = rnd.nextInt(7);
        if (language == 0) {
            t.language("zh");
        } else if (language == 1) {
            t.language("en");
        }
        if (rnd.nextInt(5) == 0) {
            String key = "k" + rnd.nextInt(5);
            t.idempotency(key, rnd.nextInt(5) == 0 ? "fp-other" : "fp-" + key);
        }
        observe(f.create(t));
    }

    private void tick() {
        long next = f.engine.nextTimerDue();
        if (rnd.nextInt(3) == 0 && next != Long.MAX_VALUE && next - EngineFixture.T0 - elapsed < seconds(300)) {
            elapsed = Math.max(elapsed, next - EngineFixture.T0); // exactly at a deadline
        } else {
            elapsed += 1 + rnd.nextInt((int) seconds(45));
        }
        observe(f.tickAt(elapsed));
    }

    private void advance(long millis) {
        elapsed += millis;
        f.at(elapsed);
    }

    private void changePresence() {
        if (connected.isEmpty()) {
            return;
        }
        int roll = rnd.nextInt(20);
        Presence presence = roll < 14 ? Presence.AVAILABLE
                : roll < 17 ? Presence.AWAY : roll < 19 ? Presence.BUSY : Presence.OFFLINE;
        observe(f.presence(pick(new ArrayList<>(connected)), presence));
    }

    private void connect(String agentId) {
        if (f.session(agentId) != null) {
            previousSession.put(agentId, f.session(agentId));
        }
        Outcome outcome = f.connect(agentId);
        observe(outcome);
        connected.add(agentId);
    }

    private void disconnect() {
        if (connected.isEmpty()) {
            return;
        }
        String agentId = pick(new ArrayList<>(connected));
        if (rnd.nextInt(5) == 0 && previousSession.containsKey(agentId)) {
            Outcome stale = f.run(new Command.Disconnect(agentId, previousSession.get(agentId)));
            assertThat(stale.events()).as("stale disconnect changes nothing").isEmpty();
            return;
        }
        observe(f.disconnect(agentId));
        connected.remove(agentId);
    }

    private void accept() {
        if (rnd.nextInt(10) == 0 && !pastOfferIds.isEmpty()) {
            String offerId = pick(pastOfferIds);
            List<String> withSession = AGENTS.stream().filter(a -> f.session(a) != null).toList();
            if (withSession.isEmpty()) {
                return;
            }
            String agentId = pick(withSession);
            observe(f.accept(agentId, offerId)); // late, repeated or foreign: must not assign twice
            return;
        }
        if (openOffers.isEmpty()) {
            return;
        }
        TicketOffered offer = pick(new ArrayList<>(openOffers.values()));
        observe(f.accept(offer.agentId(), offer.offerId()));
    }

    private void reject() {
        if (openOffers.isEmpty()) {
            return;
        }
        TicketOffered offer = pick(new ArrayList<>(openOffers.values()));
        observe(f.reject(offer.agentId(), offer.offerId()));
    }

    private List<Ticket> ticketsWhere(java.util.function.Predicate<Ticket> filter) {
        return live().tickets.all().stream().filter(filter).toList();
    }

    /** Every read-only command: answers, never an event, never a change to what is routed. */
    private void query() {
        List<Ticket> all = new ArrayList<>(live().tickets.all());
        String ticket = all.isEmpty() || rnd.nextInt(10) == 0 ? "tkt_missing" : pick(all).id();
        String agentId = rnd.nextInt(10) == 0 ? "nobody" : pick(AGENTS);
        Command query = switch (rnd.nextInt(7)) {
            case 0 -> new Command.GetTicket(ticket);
            case 1 -> new Command.GetTimeline(ticket);
            case 2 -> new Command.ListTickets(rnd.nextBoolean() ? null : pick(List.of(TicketStatus.values())),
                    rnd.nextBoolean() ? null : pick(QUEUES), rnd.nextBoolean() ? null : agentId, 1 + rnd.nextInt(20),
                    rnd.nextInt(5));
            case 3 -> new Command.GetAgent(agentId);
            case 4 -> new Command.ListAgents();
            case 5 -> new Command.GetPerson(agentId);
            default -> new Command.ListQueues();
        };
        assertThat(Engine.readOnly(query)).as("%s is a query", query).isTrue();
        int journaled = f.journal.size();
        Outcome outcome = f.run(query);
        assertThat(outcome.events()).as("a query emits nothing: %s", query).isEmpty();
        assertThat(outcome.pushes()).as("a query pushes nothing: %s", query).isEmpty();
        assertThat(f.journal).hasSize(journaled);
    }

    private void customerAction() {
        List<Ticket> all = new ArrayList<>(live().tickets.all());
        if (all.isEmpty()) {
            return;
        }
        String ticket = pick(all).id();
        int roll = rnd.nextInt(3);
        if (roll == 0 && rnd.nextInt(3) == 0) {
            // a keyed message: a retry (same key and ticket) must change nothing, another ticket is a mismatch
            Command.TicketAction message = new Command.CustomerMessage(ticket, "any update?", "customer");
            observe(f.run(new Command.Idempotent("customer k" + rnd.nextInt(4), "fp-" + ticket, message)));
        } else if (roll == 0) {
            observe(f.run(new Command.CustomerMessage(ticket, "any update?", "customer")));
        } else if (roll == 1) {
            observe(f.run(new Command.Confirm(ticket, "customer")));
        } else {
            observe(f.run(new Command.Reprioritize(ticket, pick(List.of(Priority.values())),
                    pick(List.of(CustomerTier.values())), "changed", "api")));
        }
    }

    private void resolve() {
        List<Ticket> owned = ticketsWhere(t -> t.status().isWithAgent());
        if (!owned.isEmpty()) {
            observe(f.resolve(pick(owned).id()));
        } else if (live().tickets.size() > 0) {
            observe(f.resolve(pick(new ArrayList<>(live().tickets.all())).id())); // usually illegal
        }
    }

    private void pendingOrReply() {
        List<Ticket> owned = ticketsWhere(t -> t.status().isWithAgent());
        if (owned.isEmpty()) {
            return;
        }
        Ticket t = pick(owned);
        if (rnd.nextBoolean()) {
            observe(f.run(new Command.Reply(t.id(), "hello", "agent:" + t.assignee())));
        } else {
            TicketStatus status = rnd.nextBoolean() ? TicketStatus.PENDING_CUSTOMER : TicketStatus.PENDING_INTERNAL;
            observe(f.run(new Command.MarkPending(t.id(), status, "waiting", "agent:" + t.assignee())));
        }
    }

    private void reopenOrClose() {
        List<Ticket> resolved = ticketsWhere(t -> t.status() == TicketStatus.RESOLVED);
        if (resolved.isEmpty()) {
            return;
        }
        Ticket t = pick(resolved);
        observe(rnd.nextBoolean() ? f.reopen(t.id()) : f.close(t.id()));
    }

    private void transfer() {
        List<Ticket> candidates = ticketsWhere(t -> t.status().isWithAgent() || t.status().isRouting());
        if (candidates.isEmpty()) {
            return;
        }
        Ticket t = pick(candidates);
        int kind = rnd.nextInt(4);
        String toQueue = kind == 0 || kind == 3 ? pick(QUEUES) : null;
        String team = kind == 1 ? pick(TEAMS) : null;
        SupportTier tier = kind == 2 || kind == 3 ? pick(List.of(SupportTier.values())) : null;
        observe(f.transfer(t.id(), toQueue, team, tier));
    }

    private void changeProfile() {
        AgentProfile old = profiles.get(pick(AGENTS));
        Map<Channel, Integer> capacity = new java.util.EnumMap<>(Channel.class);
        capacity.putAll(old.capacity());
        capacity.put(Channel.CHAT, rnd.nextInt(5));
        Map<String, Integer> skills = new TreeMap<>(old.skills());
        skills.put(pick(SKILLS), 1 + rnd.nextInt(5));
        AgentProfile next = AgentProfile.of(old.id(), old.name(), pick(TEAMS), old.tier(), skills, old.languages(),
                capacity, old.autoAccept(), null, null);
        profiles.put(next.id(), next);
        observe(f.upsert(next));
    }

    private <T> T pick(List<T> items) {
        return items.get(rnd.nextInt(items.size()));
    }

    // ---------------------------------------------------------------- safety on the event stream

    private void observe(Outcome outcome) {
        if (!outcome.ok()) {
            rejections++;
            assertThat(outcome.events()).as("a rejected command emits nothing").isEmpty();
            return;
        }
        for (DomainEvent e : outcome.events()) {
            if (e instanceof TicketOffered o) {
                assertThat(excluded.getOrDefault(o.ticketId(), Set.of()))
                        .as("%s offered back to %s, who rejected or dropped it", o.ticketId(), o.agentId())
                        .doesNotContain(o.agentId());
                assertThat(withAgent).as("offer of %s while it is with an agent", o.ticketId())
                        .doesNotContain(o.ticketId());
                openOffers.put(o.offerId(), o);
                pastOfferIds.add(o.offerId());
            } else if (e instanceof TicketAssigned a) {
                assertThat(withAgent.add(a.ticketId())).as("%s assigned twice (to %s)", a.ticketId(), a.agentId())
                        .isTrue();
                if (a.offerId() == null) {
                    assertThat(excluded.getOrDefault(a.ticketId(), Set.of())).doesNotContain(a.agentId());
                } else {
                    TicketOffered offer = openOffers.remove(a.offerId());
                    assertThat(offer).as("assignment through an open offer %s", a.offerId()).isNotNull();
                    assertThat(offer.agentId()).isEqualTo(a.agentId());
                }
            } else if (e instanceof OfferWithdrawn w) {
                assertThat(openOffers.remove(w.offerId())).as("withdrawn offer %s was open", w.offerId()).isNotNull();
                if (w.outcome() != OfferWithdrawn.Outcome.REVOKED) {
                    excluded.computeIfAbsent(w.ticketId(), k -> new HashSet<>()).add(w.agentId());
                }
            } else if (e instanceof TicketReleased r) {
                assertThat(withAgent.remove(r.ticketId())).isTrue();
                if (r.excludeAgent()) {
                    excluded.computeIfAbsent(r.ticketId(), k -> new HashSet<>()).add(r.agentId());
                }
            } else if (e instanceof DomainEvent.ExclusionLifted l) {
                assertThat(excluded.getOrDefault(l.ticketId(), Set.of())).as("lifted exclusion existed")
                        .contains(l.agentId());
                excluded.get(l.ticketId()).remove(l.agentId());
            } else if (e instanceof TicketResolved r) {
                assertThat(withAgent.remove(r.ticketId())).isTrue();
            }
        }
    }

    /** Agents in the live state that are available, for coverage assertions. */
    long availableAgents() {
        return live().agents.values().stream().map(Agent::presence).filter(p -> p == Presence.AVAILABLE).count();
    }
}
