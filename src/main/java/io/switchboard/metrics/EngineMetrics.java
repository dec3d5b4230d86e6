package io.switchboard.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.switchboard.core.event.DomainEvent;
import io.switchboard.core.event.DomainEvent.OfferWithdrawn;
import io.switchboard.core.routing.RoutingConfig;
import io.switchboard.core.sla.SlaConfig;
import io.switchboard.core.sla.SlaMetric;
import io.switchboard.core.sla.SlaPolicy;
import io.switchboard.core.ticket.Channel;
import io.switchboard.core.ticket.CustomerTier;
import io.switchboard.core.ticket.TicketDraft;
import io.switchboard.engine.Command;
import io.switchboard.engine.Engine;
import io.switchboard.engine.Ids;
import io.switchboard.engine.Outcome;
import io.switchboard.engine.TicketView;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;

/**
 * Domain meters, derived from the engine's outcomes and from a once-a-second sample of its state.
 *
 * <p>What and why: the engine stays pure, so metrics are read from what it returns. Counters and
 * the wait histogram follow the events; labels come from a small per-ticket record kept here
 * ({@link TicketLabels}: queue, channel, tier, priority, policy) because events carry only the
 * ticket id. Gauges (queue depth, oldest wait, agents by presence, utilisation) are sampled every
 * {@link #SAMPLE_MILLIS} on the engine's own loop by {@link EngineGauges}: a scrape never touches
 * engine state.
 * Trade-off: the record costs ~100 bytes per unresolved ticket, and gauges lag the engine by up
 * to a second.
 *
 * <p>Resolved tickets wait days to close, so theirs is not an object (issue 12: young GC pauses
 * copied them): at the resolution the record is packed into {@link ResolvedTickets} (an int per
 * ticket) and the object dropped. When an event needs it again (a reopen, a reprioritization, an
 * SLA event), it is rebuilt from that int plus the fields fixed at creation, read back from the
 * engine with the read-only {@link Command.GetTicket} (the engine handed over at {@link #attach}),
 * so it holds exactly what it held; a reopened ticket stays an object until it resolves again.
 * Cost: one ticket view per such event. The int, not the view, keeps the changing labels because
 * they may differ from the engine's (an overflow raises the engine's priority, not the metrics'),
 * the view shows the ticket after the whole command, not at the event, and a view cannot tell
 * what was counted (a first response under an earlier policy).
 *
 * <p>Every label is from a bounded set: queue names and policies from the config, enum values.
 * Meters for every label combination are registered up front, so series exist (at 0) before the
 * first event and a rate over them is defined. Threading: {@link #onOutcome} and sampling run on
 * the engine's loop only; the ticket map is confined to it.
 */
final class EngineMetrics implements EngineObserver {
    static final long SAMPLE_MILLIS = 1000;
    /** Wait buckets besides the configured first-response targets. */
    private static final long[] DEFAULT_WAIT_SECONDS = {5, 10, 20, 30, 60, 120, 300, 600, 1800, 3600, 7200};
    private static final String[] OUTCOMES = {"created", "duplicate", "rejected"};

    private final MeterRegistry registry;
    private final SlaConfig sla;
    private final Map<Channel, Map<CustomerTier, Counter[]>> received = new EnumMap<>(Channel.class);
    private final Map<String, Map<Channel, Timer>> waits = new HashMap<>();
    private final Counter offersAccepted;
    private final Map<OfferWithdrawn.Outcome, Counter> offersWithdrawn = new EnumMap<>(OfferWithdrawn.Outcome.class);
    private final EngineGauges gauges;
    private final Sampled unresolved = new Sampled();
    private final Counter resolved;
    private final Map<String, Counter> followUps = new HashMap<>();
    private final Map<String, Counter> unroutable = new HashMap<>();
    private final Map<Class<?>, Timer> decisions = new HashMap<>();
    private final Map<String, Counter> slaCounters = new HashMap<>();
    /**
     * Unresolved tickets (and a resolved one {@link #resolvedTickets} could not pack); sized so a
     * busy server does not spend its first minutes rehashing.
     */
    private final Map<String, TicketLabels> tickets = new HashMap<>(1 << 16);
    /** Resolved tickets, by seq; a ticket is here or in {@link #tickets}, never in both. */
    private final ResolvedTickets resolvedTickets = new ResolvedTickets();
    /** The engine observed, for reading a resolved ticket back; null until {@link #attach}. */
    private Engine engine;
    private long unresolvedCount;

    EngineMetrics(MeterRegistry registry, RoutingConfig routing, SlaConfig sla) {
        this.registry = registry;
        this.sla = sla;
        this.gauges = new EngineGauges(registry, routing.queues().keySet());
        for (Channel channel : Channel.values()) {
            Map<CustomerTier, Counter[]> byTier = new EnumMap<>(CustomerTier.class);
            for (CustomerTier tier : CustomerTier.values()) {
                Counter[] byOutcome = new Counter[OUTCOMES.length];
                for (int i = 0; i < OUTCOMES.length; i++) {
                    byOutcome[i] = Counter.builder("switchboard.tickets.received")
                            .description("Tickets handed to the engine by intake, by channel, tier and outcome")
                            .tags("channel", channel.wire(), "tier", tier.wire(), "outcome", OUTCOMES[i])
                            .register(registry);
                }
                byTier.put(tier, byOutcome);
            }
            received.put(channel, byTier);
        }
        Duration[] buckets = waitBuckets(sla);
        for (String queue : routing.queues().keySet()) {
            Map<Channel, Timer> byChannel = new EnumMap<>(Channel.class);
            for (Channel channel : Channel.values()) {
                byChannel.put(channel, Timer.builder("switchboard.ticket.wait")
                        .description("Time from ticket creation to its first assignment; buckets at the SLA"
                                + " first-response targets")
                        .tags("queue", queue, "channel", channel.wire())
                        .serviceLevelObjectives(buckets).register(registry));
            }
            waits.put(queue, byChannel);
            for (SlaMetric metric : SlaMetric.values()) {
                sla("switchboard.sla.warnings", "SLA clocks that passed a warning threshold", queue, metric);
                sla("switchboard.sla.breaches", "SLA clocks that missed their deadline", queue, metric);
                sla("switchboard.sla.escalations", "Escalation steps fired", queue, metric);
            }
        }
        for (String queue : routing.queues().keySet()) {
            unroutable.put(queue, Counter.builder("switchboard.tickets.unroutable")
                    .description("Tickets reported unroutable: no known agent could take them after routing.unroutableAfter")
                    .tags("queue", queue).register(registry));
        }
        for (String outcome : List.of("requested", "done", "overdue")) {
            followUps.put(outcome, Counter.builder("switchboard.sla.follow.ups")
                    .description("Follow-ups after a breach: requested, done (a reply or an explicit call), overdue")
                    .tags("outcome", outcome).register(registry));
        }
        this.offersAccepted = offers("accepted");
        offersWithdrawn.put(OfferWithdrawn.Outcome.REJECTED, offers("rejected"));
        offersWithdrawn.put(OfferWithdrawn.Outcome.EXPIRED, offers("timed_out"));
        offersWithdrawn.put(OfferWithdrawn.Outcome.REVOKED, offers("revoked"));
        Gauge.builder("switchboard.tickets.unresolved", unresolved, h -> h.value)
                .description("Tickets created and not resolved (the backlog)").strongReference(true)
                .register(registry);
        this.resolved = Counter.builder("switchboard.tickets.resolved").description("Tickets resolved")
                .register(registry);
        for (SlaPolicy policy : sla.policies()) {
            attainment(policy.name(), "met");
            attainment(policy.name(), "missed");
        }
        for (int level = 1; level <= Math.max(1, sla.compensation().size()); level++) {
            slaCounter("switchboard.sla.compensations", "Compensations issued to customers (level 1 = first configured)", "level",
                    String.valueOf(level));
        }
    }

    @Override
    public void attach(Vertx vertx, Engine engine) {
        attach(engine);
        gauges.sample(engine);
        vertx.setPeriodic(SAMPLE_MILLIS, id -> gauges.sample(engine));
    }

    /**
     * Observes {@code engine} from now on (high availability attaches each new leader's engine)
     * and tracks the tickets it restored; without the sampling timer, for tests.
     */
    void attach(Engine engine) {
        this.engine = engine;
        trackRestored(engine);
    }

    /** Tickets tracked as objects: the unresolved ones (for tests). */
    int trackedObjects() {
        return tickets.size();
    }

    /** Resolved tickets tracked as packed labels (for tests). */
    int trackedResolved() {
        return resolvedTickets.size();
    }

    /**
     * After a restart the engine holds tickets recovered from the journal: track those not closed,
     * so their later events are labelled and counted like those of tickets created since (the
     * resolved ones packed, as at a resolution). What already happened to them (assignment, first
     * response) is not counted again.
     */
    private void trackRestored(Engine engine) {
        // by status, so the closed tickets (most of a long history) are skipped, not turned into views
        for (io.switchboard.core.ticket.TicketStatus status : io.switchboard.core.ticket.TicketStatus.values()) {
            if (status != io.switchboard.core.ticket.TicketStatus.CLOSED) {
                trackRestored(engine, status);
            }
        }
    }

    private void trackRestored(Engine engine, io.switchboard.core.ticket.TicketStatus status) {
        long after = 0;
        while (true) {
            Outcome page = engine.handle(new Command.ListTickets(status, null, null, 1000, after),
                    System.currentTimeMillis());
            if (!page.ok()) {
                return;
            }
            io.switchboard.engine.TicketPage tickets = (io.switchboard.engine.TicketPage) page.value();
            for (io.switchboard.engine.TicketView v : tickets.tickets()) {
                if (v.status() == io.switchboard.core.ticket.TicketStatus.CLOSED || isTracked(v.id())) {
                    continue;
                }
                TicketLabels t = new TicketLabels(v.createdAt(), v.channel(), v.customer().tier(), v.priority(),
                        v.type(), v.queue());
                t.policy = v.sla() == null ? null : v.sla().policy(); // as recorded, not as today's YAML says
                t.assigned = v.assignee() != null || v.status() == io.switchboard.core.ticket.TicketStatus.RESOLVED;
                t.resolved = v.status() == io.switchboard.core.ticket.TicketStatus.RESOLVED;
                io.switchboard.engine.SlaView.Clock first = v.sla() == null ? null
                        : v.sla().clocks().get(io.switchboard.core.sla.SlaMetric.FIRST_RESPONSE);
                t.firstResponseCounted = first != null && first.stoppedAt() != 0;
                if (t.resolved) {
                    park(v.id(), t);
                } else {
                    this.tickets.put(v.id(), t);
                    setUnresolved(unresolvedCount + 1);
                }
            }
            if (tickets.nextAfterSeq() <= after || tickets.tickets().isEmpty()) {
                return;
            }
            after = tickets.nextAfterSeq();
        }
    }

    @Override
    public void onOutcome(Command command, Outcome outcome, long nanos) {
        decisionTimer(command).record(nanos, TimeUnit.NANOSECONDS);
        Command intake = command instanceof Command.HandOff handoff ? handoff.create() : command;
        if (intake instanceof Command.CreateTicket create) {
            TicketDraft draft = create.draft();
            int index = !outcome.ok() ? 2 : outcome.created() ? 0 : 1;
            received.get(draft.channel()).get(draft.customer().tier())[index].increment();
        }
        List<DomainEvent> events = outcome.events();
        for (int i = 0; i < events.size(); i++) {
            onEvent(events.get(i));
        }
    }

    private void onEvent(DomainEvent event) {
        if (event instanceof DomainEvent.TicketCreated e) {
            TicketLabels t = new TicketLabels(e.at(), e.draft().channel(), e.draft().customer().tier(),
                    e.draft().priority(), e.draft().type(), e.queue());
            t.policy = e.sla() != null ? e.sla().policy() : policyOf(t);
            tickets.put(e.ticketId(), t);
            setUnresolved(unresolvedCount + 1);
            return;
        }
        if (!(event instanceof DomainEvent.TicketEvent te)) {
            return;
        }
        String id = te.ticketId();
        if (event instanceof DomainEvent.TicketClosed) {
            closed(id);
            return;
        }
        if (countedWithoutLabels(event, id)) {
            return;
        }
        TicketLabels t = tickets.get(id);
        boolean thawed = false;
        if (t == null) {
            if (!needsLabels(event) || (t = thaw(id)) == null) {
                // resolved and nothing to relabel, closed, or created before this observer
                // (e.g. replayed from a journal)
                return;
            }
            thawed = true;
        }
        onLabelled(t, event);
        if (t.resolved) {
            park(id, t);
        } else if (thawed) {
            tickets.put(id, t);
        }
    }

    /**
     * Counts an event whose meter takes no label of the ticket, if the ticket is tracked (not
     * closed); false for any other event.
     */
    private boolean countedWithoutLabels(DomainEvent event, String id) {
        Counter counter;
        if (event instanceof OfferWithdrawn e) {
            counter = offersWithdrawn.get(e.outcome());
        } else if (event instanceof DomainEvent.FollowUpRequested) {
            counter = followUps.get("requested");
        } else if (event instanceof DomainEvent.FollowUpDone) {
            counter = followUps.get("done");
        } else if (event instanceof DomainEvent.FollowUpOverdue) {
            counter = followUps.get("overdue");
        } else if (event instanceof DomainEvent.TicketUnroutable e) {
            counter = unroutable.get(e.queue());
        } else if (event instanceof DomainEvent.CompensationIssued e) {
            counter = slaCounters.get("switchboard.sla.compensations|" + (e.level() + 1));
        } else {
            return false;
        }
        if (counter != null && isTracked(id)) {
            counter.increment();
        }
        return true;
    }

    /**
     * The events {@link #onLabelled} reads or changes a ticket's labels for: only these thaw a
     * resolved ticket (feedback, mails and the like on one cost nothing). Keep the two in step.
     */
    private static boolean needsLabels(DomainEvent event) {
        return event instanceof DomainEvent.TicketQueued || event instanceof DomainEvent.SlaPolicyApplied
                || event instanceof DomainEvent.TicketTransferred || event instanceof DomainEvent.TicketReprioritized
                || event instanceof DomainEvent.TicketAssigned || event instanceof DomainEvent.TicketReplied
                || event instanceof DomainEvent.TicketResolved || event instanceof DomainEvent.TicketReopened
                || event instanceof DomainEvent.SlaWarning || event instanceof DomainEvent.SlaBreached
                || event instanceof DomainEvent.SlaEscalated;
    }

    private void onLabelled(TicketLabels t, DomainEvent event) {
        if (event instanceof DomainEvent.TicketQueued e) {
            t.queue = e.queue();
            t.policy = policyOf(t);
        } else if (event instanceof DomainEvent.SlaPolicyApplied e) {
            t.policy = e.decision().policy();
        } else if (event instanceof DomainEvent.TicketTransferred e) {
            t.queue = e.toQueue();
        } else if (event instanceof DomainEvent.TicketReprioritized e) {
            t.priority = e.priority();
            t.tier = e.tier();
            t.policy = policyOf(t);
        } else if (event instanceof DomainEvent.TicketAssigned e) {
            if (e.offerId() != null) {
                offersAccepted.increment();
            }
            if (!t.assigned) {
                t.assigned = true;
                Timer wait = waitTimer(t);
                if (wait != null) {
                    wait.record(Math.max(0, e.at() - t.createdAt), TimeUnit.MILLISECONDS);
                }
            }
        } else if (event instanceof DomainEvent.TicketReplied) {
            firstResponse(t, "met");
        } else if (event instanceof DomainEvent.TicketResolved) {
            firstResponse(t, "met");
            if (!t.resolved) {
                t.resolved = true;
                resolved.increment();
                setUnresolved(unresolvedCount - 1);
            }
        } else if (event instanceof DomainEvent.TicketReopened) {
            if (t.resolved) {
                t.resolved = false;
                setUnresolved(unresolvedCount + 1);
            }
        } else if (event instanceof DomainEvent.SlaWarning e) {
            slaCount("switchboard.sla.warnings", t.queue, e.metric());
        } else if (event instanceof DomainEvent.SlaBreached e) {
            slaCount("switchboard.sla.breaches", t.queue, e.metric());
            if (e.metric() == SlaMetric.FIRST_RESPONSE) {
                firstResponse(t, "missed");
            }
        } else if (event instanceof DomainEvent.SlaEscalated e) {
            slaCount("switchboard.sla.escalations", t.queue, e.metric());
        }
    }

    /**
     * A ticket closed: no longer tracked. The engine closes only resolved tickets, which left the
     * backlog when they resolved; one tracked as unresolved would leave it now.
     */
    private void closed(String id) {
        TicketLabels t = tickets.remove(id);
        if (t == null) {
            resolvedTickets.remove(Ids.mintedTicketSeq(id));
        } else if (!t.resolved) {
            setUnresolved(unresolvedCount - 1);
        }
    }

    private boolean isTracked(String id) {
        return tickets.containsKey(id) || resolvedTickets.contains(Ids.mintedTicketSeq(id));
    }

    /**
     * A resolved ticket's labels leave the map for {@link #resolvedTickets}; they stay an object
     * when they cannot be packed or read back (an id the engine did not mint, no engine attached).
     */
    private void park(String id, TicketLabels t) {
        long seq = Ids.mintedTicketSeq(id);
        if (engine != null && seq >= 0 && resolvedTickets.park(seq, t)) {
            tickets.remove(id);
        } else {
            tickets.put(id, t);
        }
    }

    /**
     * The labels of a resolved ticket kept packed, rebuilt around its fixed fields as the engine
     * shows them (a read-only query: it changes nothing and emits nothing), or null when it is not
     * kept. The entry is dropped: the caller parks it again or keeps the object.
     */
    private TicketLabels thaw(String id) {
        long seq = Ids.mintedTicketSeq(id);
        if (!resolvedTickets.contains(seq)) {
            return null;
        }
        Outcome found = engine.handle(new Command.GetTicket(id), System.currentTimeMillis());
        if (!found.ok()) {
            // Only when another node led meanwhile (high availability) and this engine no longer
            // holds the ticket: it is no longer tracked, as if it had closed.
            resolvedTickets.remove(seq);
            return null;
        }
        return resolvedTickets.thaw(seq, (TicketView) found.value());
    }

    /** Counts the first response of a ticket under a policy once: met, or missed at the breach. */
    private void firstResponse(TicketLabels t, String result) {
        if (t.firstResponseCounted || t.policy == null) {
            return;
        }
        t.firstResponseCounted = true;
        Counter c = slaCounters.get("switchboard.sla.first.responses|" + t.policy + "|" + result);
        if (c != null) {
            c.increment();
        }
    }

    private Timer decisionTimer(Command sent) {
        // a keyed action is timed as the action it carries
        Command command = sent instanceof Command.Idempotent keyed ? keyed.action() : sent;
        Timer timer = decisions.get(command.getClass());
        if (timer == null) {
            timer = Timer.builder("switchboard.dispatch.decision")
                    .description("Time the engine spent deciding one command (routing included), by command")
                    .tag("command", snakeCase(command.getClass().getSimpleName()))
                    .serviceLevelObjectives(Metrics.millis(0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 50))
                    .register(registry);
            decisions.put(command.getClass(), timer);
        }
        return timer;
    }

    /** {@code CreateTicket} → {@code create_ticket}: the label values, like every other enum label. */
    static String snakeCase(String camel) {
        return camel.replaceAll("([a-z0-9])([A-Z])", "$1_$2").toLowerCase(Locale.ROOT);
    }

    private Timer waitTimer(TicketLabels t) {
        Map<Channel, Timer> byChannel = waits.get(t.queue);
        return byChannel == null ? null : byChannel.get(t.channel);
    }

    private String policyOf(TicketLabels t) {
        return sla.policyFor(t.tier, t.priority, t.channel, t.type, t.queue).map(SlaPolicy::name).orElse(null);
    }

    private void setUnresolved(long count) {
        unresolvedCount = count;
        unresolved.value = count;
    }

    private Counter offers(String outcome) {
        return Counter.builder("switchboard.offers").description("Offers that ended, by outcome")
                .tag("outcome", outcome).register(registry);
    }

    private void sla(String name, String description, String queue, SlaMetric metric) {
        slaCounters.put(name + "|" + queue + "|" + metric.wire(), Counter.builder(name).description(description)
                .tags("queue", queue, "metric", metric.wire()).register(registry));
    }

    private void slaCount(String name, String queue, SlaMetric metric) {
        Counter c = slaCounters.get(name + "|" + queue + "|" + metric.wire());
        if (c != null) {
            c.increment();
        }
    }

    private void slaCounter(String name, String description, String tag, String value) {
        slaCounters.put(name + "|" + value, Counter.builder(name).description(description).tag(tag, value)
                .register(registry));
    }

    private void attainment(String policy, String result) {
        slaCounters.put("switchboard.sla.first.responses|" + policy + "|" + result,
                Counter.builder("switchboard.sla.first.responses")
                        .description("First responses under an SLA policy: met or missed its target")
                        .tags("policy", policy, "result", result).register(registry));
    }

    /** Default buckets plus every configured first-response target, in seconds, sorted. */
    static Duration[] waitBuckets(SlaConfig sla) {
        TreeSet<Long> millis = new TreeSet<>();
        for (long seconds : DEFAULT_WAIT_SECONDS) {
            millis.add(seconds * 1000);
        }
        for (SlaPolicy policy : sla.policies()) {
            long target = policy.targets().firstResponseMillis();
            if (target > 0) {
                millis.add(target);
            }
        }
        return millis.stream().map(Duration::ofMillis).toArray(Duration[]::new);
    }

    /** One value written by the engine loop and read by scrapes. */
    static final class Sampled {
        volatile double value;
    }

}
