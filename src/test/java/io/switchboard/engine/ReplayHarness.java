package io.switchboard.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.switchboard.core.agent.Agent;
import io.switchboard.core.event.DomainEvent;
import io.switchboard.core.routing.Demand;
import io.switchboard.core.routing.QueueDefinition;
import io.switchboard.core.ticket.Channel;
import io.switchboard.core.ticket.Ticket;
import io.switchboard.core.ticket.TicketStatus;
import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Event-sourcing checks: rebuilds an {@link EngineState} from a journal and compares it with the
 * engine's live state, and checks invariants of a live state. Lives in the engine package because
 * EngineState is package-private.
 */
final class ReplayHarness {
    private ReplayHarness() {
    }

    /** The engine's live state (found by type, so a field rename does not break the tests). */
    static EngineState liveState(Engine engine) {
        for (Field field : Engine.class.getDeclaredFields()) {
            if (field.getType() == EngineState.class) {
                try {
                    field.setAccessible(true);
                    return (EngineState) field.get(engine);
                } catch (IllegalAccessException e) {
                    throw new AssertionError(e);
                }
            }
        }
        throw new AssertionError("Engine has no EngineState field");
    }

    /** A fresh state built only by applying {@code journal} in order. */
    static EngineState replay(EngineFixture f) {
        return replay(f, f.journal);
    }

    /** A fresh state built only by applying {@code journal} (for instance a snapshot and its tail). */
    static EngineState replay(EngineFixture f, List<DomainEvent> journal) {
        EngineState replayed = new EngineState(f.config, f.sla, f.retention);
        journal.forEach(replayed::apply);
        replayed.viewTime = f.now();
        return replayed;
    }

    /**
     * Replays the fixture's journal into a fresh state and asserts it matches the live engine: the
     * public views (tickets, timelines, agents, queues) and the internal routing state, including
     * what the dispatcher would decide next.
     */
    static void assertReplayMatches(EngineFixture f, String context) {
        assertReplayMatches(f, f.journal, context);
    }

    /** As {@link #assertReplayMatches(EngineFixture, String)}, rebuilding from {@code journal}. */
    static void assertReplayMatches(EngineFixture f, List<DomainEvent> journal, String context) {
        EngineState live = liveState(f.engine);
        EngineState replayed = replay(f, journal);
        long now = f.now();

        // public views, through the engine's own queries
        Queries replayQueries = new Queries(replayed);
        for (Ticket ticket : live.tickets.all()) {
            Ticket twin = replayed.tickets.peek(ticket.id());
            assertThat(twin).as("%s: replayed ticket %s", context, ticket.id()).isNotNull();
            assertThat(Views.ticket(replayed, twin)).as("%s: view of %s", context, ticket.id())
                    .isEqualTo(f.engine.handle(new Command.GetTicket(ticket.id()), now).value());
            assertThat(twin.timeline()).as("%s: timeline of %s", context, ticket.id())
                    .isEqualTo(f.engine.handle(new Command.GetTimeline(ticket.id()), now).value());
        }
        assertThat(replayed.tickets.all()).as("%s: ticket ids", context).extracting(Ticket::id)
                .isEqualTo(live.tickets.all().stream().map(Ticket::id).toList());
        for (Command query : List.of(new Command.ListAgents(), new Command.ListQueues(),
                new Command.ListTickets(null, null, null, 10_000, 0))) {
            assertThat(replayQueries.answer(query, now).value()).as("%s: %s", context, query)
                    .isEqualTo(f.engine.handle(query, now).value());
        }

        // internal state, as canonical text so a mismatch shows a readable diff
        assertThat(snapshot(replayed)).as("%s: internal state", context).isEqualTo(snapshot(live));
    }

    /**
     * Every SLA counter and timer anchor: what decides which threshold fires next. The armed
     * wake-up instant is left out: a replay arms wake-ups the live engine already fired, and
     * firing one again finds nothing due.
     */
    private static String slaText(io.switchboard.core.sla.TicketSla sla) {
        StringBuilder out = new StringBuilder(sla.policy() == null ? "none" : sla.policy().name());
        sla.clocks().forEach((metric, c) -> out.append(' ').append(metric).append('[')
                .append("target=").append(c.targetMillis()).append(" running=").append(c.isRunning())
                .append(" paused=").append(c.isPaused()).append(" due=").append(c.dueAt())
                .append(" stopped=").append(c.stoppedAt()).append(" breached=").append(c.breachedAt())
                .append(" warnings=").append(c.warningsFired()).append(" steps=").append(c.stepsFired()).append(']'));
        for (int level = 0; level < 4; level++) {
            out.append(sla.compensationIssued(level) ? " comp" + level : "");
        }
        return out.append(" handoff=").append(sla.handoffTeam()).append('@').append(sla.handoffDeadline())
                .append(" pendingSince=").append(sla.pendingSince()).append(" activity=").append(sla.lastActivityAt())
                .append(" resolvedAt=").append(sla.resolvedAt()).append(" followUp=").append(sla.followUpDueAt())
                .append(" followUpOverdue=").append(sla.followUpOverdueFor())
                .append(" unroutable=").append(sla.unroutableAlertedFor()).toString();
    }

    /** Canonical, order-independent description of everything routing depends on. */
    static String snapshot(EngineState s) {
        StringBuilder out = new StringBuilder();
        out.append("ticketSeq=").append(s.ticketSeq).append(" offerSeq=").append(s.offerSeq).append('\n');
        for (Ticket t : s.tickets.all()) {
            out.append("ticket ").append(t.id())
                    .append(" status=").append(t.status())
                    .append(" queue=").append(t.queue())
                    .append(" priority=").append(t.priority())
                    .append(" assignee=").append(t.assignee())
                    .append(" lastAssignee=").append(t.lastAssignee())
                    .append(" team=").append(t.team())
                    .append(" minTier=").append(t.minTier())
                    .append(" relax=").append(t.skillRelaxation())
                    .append(" widened=").append(t.widenedTeams())
                    .append(" excluded=").append(new java.util.TreeMap<>(t.exclusions()))
                    .append(" queuedAt=").append(t.queuedAt())
                    .append(" nextStep=").append(t.nextOverflowStep())
                    .append(" offerId=").append(t.offerId())
                    .append(" preferred=").append(t.preferredAgent()).append('@').append(t.preferredUntil())
                    .append(" orderKey=").append(t.orderKey())
                    .append(" created=").append(t.createdAt())
                    .append(" updated=").append(t.updatedAt())
                    .append(" timeline=").append(t.timeline().size())
                    .append(" waiting=").append(s.dispatcher.isWaiting(t))
                    .append(" sla=").append(slaText(t.sla()))
                    .append('\n');
        }
        for (Agent a : s.agents.values()) {
            out.append("agent ").append(a.id())
                    .append(" profile=").append(a.profile())
                    .append(" presence=").append(a.presence())
                    .append(" session=").append(a.sessionId())
                    .append(" lastRoutedAt=").append(a.lastRoutedAt())
                    .append(" graceUntil=").append(a.graceUntil())
                    .append(" load=");
            for (Channel c : Channel.values()) {
                out.append(a.load(c)).append(',');
            }
            out.append(" tickets=").append(new ArrayList<>(a.tickets()));
            Ticket next = s.dispatcher.bestTicketFor(a);
            out.append(" bestTicket=").append(next == null ? null : next.id()).append('\n');
        }
        out.append("offers=").append(new TreeMap<>(s.offers)).append('\n');
        Map<String, List<String>> reservations = new TreeMap<>();
        s.reservations.forEach((agent, ids) -> {
            if (!ids.isEmpty()) {
                reservations.put(agent, new ArrayList<>(ids));
            }
        });
        out.append("reservations=").append(reservations).append('\n');
        out.append("idempotency=").append(new TreeMap<>(s.idempotency)).append('\n');
        out.append("lastAgentByCustomer=").append(s.affinity.describe()).append('\n');
        Map<String, List<String>> waiting = new TreeMap<>();
        s.waitingByQueue.forEach((queue, tickets) -> waiting.put(queue, tickets.stream().map(Ticket::id).toList()));
        out.append("waitingByQueue=").append(waiting).append('\n');
        out.append("knownSkills=").append(new TreeSet<>(s.knownSkills)).append('\n');
        out.append("knownTeams=").append(new TreeSet<>(s.knownTeams)).append('\n');
        for (Ticket t : s.tickets.all()) {
            if (s.dispatcher.isWaiting(t)) {
                QueueDefinition q = s.config.queues().get(t.queue());
                Agent best = s.dispatcher.bestAgentFor(t, q.strategy());
                out.append("bestAgentFor ").append(t.id()).append('=').append(best == null ? null : best.id())
                        .append('\n');
            }
        }
        return out.toString();
    }

    /** Bookkeeping invariants every live state must satisfy between commands. */
    static void assertConsistent(EngineState s, String context) {
        for (Agent a : s.agents.values()) {
            for (Channel c : Channel.values()) {
                int counted = 0;
                for (String id : a.tickets()) {
                    Ticket t = s.tickets.peek(id);
                    if (t.channel() == c && (t.status() == TicketStatus.OFFERED || t.status() == TicketStatus.ASSIGNED)) {
                        counted++;
                    }
                }
                assertThat(a.load(c)).as("%s: load of %s on %s = its offered+assigned tickets", context, a.id(), c)
                        .isEqualTo(counted);
            }
            for (String id : a.tickets()) {
                Ticket t = s.tickets.peek(id);
                boolean offeredToIt = t.status() == TicketStatus.OFFERED
                        && s.offers.get(t.offerId()) != null && s.offers.get(t.offerId()).agentId().equals(a.id());
                boolean ownedByIt = t.status().isWithAgent() && a.id().equals(t.assignee());
                assertThat(offeredToIt || ownedByIt).as("%s: %s listed on agent %s is %s/%s", context, id, a.id(),
                        t.status(), t.assignee()).isTrue();
            }
        }
        int offered = 0;
        for (Ticket t : s.tickets.all()) {
            switch (t.status()) {
                case QUEUED -> {
                    boolean held = t.preferredAgent() != null;
                    assertThat(s.dispatcher.isWaiting(t)).as("%s: queued %s in dispatcher (held=%s)", context,
                            t.id(), held).isEqualTo(!held);
                    if (held) {
                        assertThat(s.reservations.get(t.preferredAgent())).as("%s: reservation of %s", context,
                                t.id()).contains(t.id());
                    }
                }
                case OFFERED -> {
                    offered++;
                    assertThat(s.offers.get(t.offerId())).as("%s: open offer of %s", context, t.id()).isNotNull();
                    assertThat(s.agents.get(s.offers.get(t.offerId()).agentId()).tickets()).contains(t.id());
                    assertThat(s.dispatcher.isWaiting(t)).isFalse();
                }
                default -> {
                    assertThat(s.dispatcher.isWaiting(t)).as("%s: %s %s not waiting", context, t.id(), t.status())
                            .isFalse();
                    if (t.status().isWithAgent()) {
                        assertThat(s.agents.get(t.assignee()).tickets()).as("%s: owner of %s", context, t.id())
                                .contains(t.id());
                    }
                }
            }
        }
        assertThat(s.offers).as("%s: one open offer per offered ticket", context).hasSize(offered);
    }

    /**
     * Work conservation: no ticket waits in line while an agent that may take it is available with
     * free capacity on its channel; a ticket held for a preferred agent counts only that agent.
     * Exclusions (after a reject, a missed offer or a release) never leave a ticket waiting while
     * an agent it excludes is free: the oldest yields, so every free qualified agent counts. Only
     * the preferred hold skips an excluded preferred agent (the hold lapses at its window's end).
     */
    static void assertNoIdleEligibleAgent(EngineState s, String context) {
        for (Ticket t : s.tickets.all()) {
            if (t.status() != TicketStatus.QUEUED) {
                continue;
            }
            Demand demand = s.demandOf(t);
            if (!demand.equals(s.computeDemand(t))) {
                fail("%s: %s's cached demand %s differs from its inputs' %s", context, t.id(), demand, s.computeDemand(t));
            }
            if (t.preferredAgent() != null) {
                // Held for its preferred agent: only that agent may take it, and must if it can.
                Agent preferred = s.agents.get(t.preferredAgent());
                if (preferred != null && preferred.canTake(t.channel()) && !t.excludedAgents().contains(preferred.id())
                        && s.dispatcher.qualifies(preferred, demand)) {
                    fail("%s: %s is held for %s, who is available with free %s capacity", context, t.id(),
                            preferred.id(), t.channel());
                }
                continue;
            }
            for (Agent a : s.agents.values()) {
                if (a.canTake(t.channel()) && s.dispatcher.qualifies(a, demand)) {
                    fail("%s: %s waits in %s while %s is available with free %s capacity", context, t.id(),
                            t.queue(), a.id(), t.channel());
                }
            }
        }
    }

    /** The event types present in a journal, by simple name. */
    static Set<String> eventTypes(List<DomainEvent> journal) {
        Set<String> types = new TreeSet<>();
        journal.forEach(e -> types.add(e.getClass().getSimpleName()));
        return types;
    }
}
