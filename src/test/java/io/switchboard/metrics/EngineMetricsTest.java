package io.switchboard.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.switchboard.config.ConfigLoader;
import io.switchboard.config.SwitchboardConfig;
import io.switchboard.core.agent.Presence;
import io.switchboard.core.event.DomainEvent;
import io.switchboard.core.ticket.Channel;
import io.switchboard.core.ticket.Customer;
import io.switchboard.core.ticket.CustomerTier;
import io.switchboard.core.ticket.Priority;
import io.switchboard.core.ticket.TicketDraft;
import io.switchboard.core.ticket.TicketStatus;
import io.switchboard.engine.Command;
import io.switchboard.engine.Engine;
import io.switchboard.engine.Outcome;
import io.switchboard.engine.Retention;
import io.switchboard.engine.TicketView;
import io.switchboard.store.EventTimelineCodec;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * {@link EngineMetrics} on a real engine that parks resolved tickets (as the server runs it),
 * started and restarted the server's way ({@link Engine#restore}, then {@code attach}), every
 * outcome handed to the metrics as the engine verticle does: the meters after resolutions,
 * reopens, closes and SLA events on tickets whose labels were packed while they were resolved.
 */
class EngineMetricsTest {
    private static final long T0 = 1_700_000_000_000L;
    private static final long MINUTE = 60_000;
    private static final String CONFIG = String.join("\n",
            "skills: [general, billing]",
            "teams: [support]",
            "routing:",
            "  defaultQueue: general",
            "queues:",
            "  - name: general",
            "    requiredSkills: {general: 1}",
            "  - name: billing",
            "    requiredSkills: {billing: 1}",
            "sla:",
            "  policies:",
            "    - name: vip",
            "      match: {tiers: [vip]}",
            "      targets: {firstResponse: 5m, resolution: 1h}",
            "      calendar: 24x7",
            "    - name: standard",
            "      match: {}",
            "      targets: {firstResponse: 30m, resolution: 1d}",
            "      calendar: 24x7",
            "  autoCloseAfter: 3d",
            "agents:",
            "  - id: alice",
            "    team: support",
            "    skills: {general: 3, billing: 3}",
            "    capacity: {chat: 10, email: 10}",
            "    autoAccept: true",
            "");

    private final SwitchboardConfig config = ConfigLoader.fromYaml(CONFIG);
    private final List<DomainEvent> journal = new ArrayList<>();
    private SimpleMeterRegistry registry;
    private EngineMetrics metrics;
    private Engine engine;
    private long now = T0;

    @Test
    void resolvedTicket_reopenedThenResolvedAgain_gaugeCounterAndFirstResponseExact() {
        start();
        String first = createAndAnswer(CustomerTier.STANDARD);
        createAndAnswer(CustomerTier.STANDARD);
        assertThat(unresolved()).isEqualTo(2);
        assertThat(firstResponses("standard", "met")).isEqualTo(2);

        run(new Command.Resolve(first, "fixed", "alice"));
        assertThat(unresolved()).isEqualTo(1);
        assertThat(resolved()).isEqualTo(1);

        later(10 * MINUTE);
        run(new Command.Reopen(first, "not fixed", "alice"));
        assertThat(status(first)).as("back with alice, her preferred agent").isEqualTo(TicketStatus.ASSIGNED);
        assertThat(unresolved()).isEqualTo(2);
        assertThat(resolved()).isEqualTo(1);
        assertThat(metrics.trackedObjects()).as("a reopened ticket is an object again").isEqualTo(2);
        assertThat(metrics.trackedResolved()).isZero();

        run(new Command.Reply(first, "looking again", "alice"));
        run(new Command.Resolve(first, "fixed now", "alice"));
        assertThat(unresolved()).isEqualTo(1);
        assertThat(resolved()).isEqualTo(2);
        assertThat(firstResponses("standard", "met")).as("counted once per ticket, not again after a reopen")
                .isEqualTo(2);
        assertThat(waitCount("general", Channel.CHAT)).as("waits at the first assignment only").isEqualTo(2);
    }

    @Test
    void resolvedTicket_closedByAgentOrTimer_gaugeNotDecrementedAgain() {
        start();
        String closedByAgent = createAndAnswer(CustomerTier.STANDARD);
        String closedByTimer = createAndAnswer(CustomerTier.STANDARD);
        createAndAnswer(CustomerTier.STANDARD);
        run(new Command.Resolve(closedByAgent, "fixed", "alice"));
        run(new Command.Resolve(closedByTimer, "fixed", "alice"));
        assertThat(unresolved()).isEqualTo(1);

        run(new Command.Close(closedByAgent, "done", "alice"));
        assertThat(unresolved()).isEqualTo(1);
        assertThat(metrics.trackedResolved()).isEqualTo(1);

        later(3 * 24 * 60 * MINUTE);
        run(new Command.Tick());
        assertThat(status(closedByTimer)).isEqualTo(TicketStatus.CLOSED);
        assertThat(unresolved()).as("closing a resolved ticket leaves the backlog as it was").isEqualTo(1);
        assertThat(resolved()).isEqualTo(2);
        assertThat(metrics.trackedResolved()).isZero();
        assertThat(metrics.trackedObjects()).isEqualTo(1);
    }

    @Test
    void resolvedTicket_tracked_holdsNoObjectOnlyPackedLabels() {
        start();
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            ids.add(createAndAnswer(CustomerTier.STANDARD));
        }
        assertThat(metrics.trackedObjects()).isEqualTo(5);

        ids.forEach(id -> run(new Command.Resolve(id, "fixed", "alice")));

        assertThat(metrics.trackedObjects()).isZero();
        assertThat(metrics.trackedResolved()).isEqualTo(5);
        assertThat(unresolved()).isZero();
        assertThat(resolved()).isEqualTo(5);
    }

    @Test
    void reopenedTicket_slaEventsAfterItsLabelsWerePacked_labelledByItsQueue() {
        start();
        String id = createAndAnswer(CustomerTier.VIP);
        run(new Command.Transfer(id, "billing", null, null, "billing question", "alice"));
        assertThat(status(id)).isEqualTo(TicketStatus.ASSIGNED);
        run(new Command.Resolve(id, "fixed", "alice"));
        assertThat(metrics.trackedResolved()).isEqualTo(1);

        run(new Command.CustomerMessage(id, "still broken", "customer"));
        assertThat(metrics.trackedResolved()).isZero();
        later(2 * 60 * MINUTE); // past the vip policy's 1 h resolution target by more than its ladder (30 min)
        run(new Command.Tick());

        assertThat(sla("switchboard.sla.warnings", "billing", "resolution")).isEqualTo(2);
        assertThat(sla("switchboard.sla.breaches", "billing", "resolution")).isEqualTo(1);
        assertThat(sla("switchboard.sla.escalations", "billing", "resolution")).as("the default ladder's two steps")
                .isEqualTo(2);
        assertThat(sla("switchboard.sla.warnings", "general", "resolution")).isZero();
        assertThat(sla("switchboard.sla.breaches", "general", "resolution")).isZero();
        assertThat(firstResponses("vip", "met")).isEqualTo(1);
        assertThat(firstResponses("vip", "missed")).isZero();
        assertThat(unresolved()).isEqualTo(1);
    }

    @Test
    void restart_resolvedAndOpenTickets_sameGaugeAndResolvedOnesPacked() {
        start();
        String reopened = createAndAnswer(CustomerTier.STANDARD);
        String closed = createAndAnswer(CustomerTier.STANDARD);
        createAndAnswer(CustomerTier.STANDARD);
        createAndAnswer(CustomerTier.STANDARD);
        run(new Command.Resolve(reopened, "fixed", "alice"));
        run(new Command.Resolve(closed, "fixed", "alice"));
        assertThat(unresolved()).isEqualTo(2);

        later(MINUTE);
        start(); // a fresh engine and metrics over the journal so far, as at a restart

        assertThat(unresolved()).isEqualTo(2);
        assertThat(metrics.trackedObjects()).isEqualTo(2);
        assertThat(metrics.trackedResolved()).isEqualTo(2);
        run(new Command.Close(closed, "done", "alice"));
        assertThat(unresolved()).isEqualTo(2);
        run(new Command.Reopen(reopened, "not fixed", "alice"));
        assertThat(unresolved()).isEqualTo(3);
        assertThat(metrics.trackedResolved()).isZero();
    }

    // ---------------------------------------------------------------- driving

    /** A new engine restored from the journal and new metrics attached, as the engine verticle starts. */
    private void start() {
        Engine.Recovery recovery = Engine.restore(config.routing(), config.sla(), Retention.NEVER,
                new EventTimelineCodec(), List.copyOf(journal), now);
        journal.addAll(recovery.startup().events());
        engine = recovery.engine();
        registry = new SimpleMeterRegistry();
        metrics = new EngineMetrics(registry, config.routing(), config.sla());
        metrics.attach(engine);
        run(new Command.Connect("alice", "alice-" + now));
        run(new Command.SetPresence("alice", "alice-" + now, Presence.AVAILABLE));
    }

    /** A chat ticket, taken by alice (auto-accept) and answered once; its id. */
    private String createAndAnswer(CustomerTier tier) {
        TicketDraft draft = new TicketDraft(Channel.CHAT, Priority.NORMAL, new Customer("c-" + journal.size(), tier,
                null), null, "help", null, List.of(), null, Set.of(), Map.of(), null);
        Outcome created = run(new Command.CreateTicket(draft, null, null, "test"));
        String id = ((TicketView) created.value()).id();
        assertThat(status(id)).isEqualTo(TicketStatus.ASSIGNED);
        later(MINUTE);
        run(new Command.Reply(id, "on it", "alice"));
        return id;
    }

    private Outcome run(Command command) {
        Outcome outcome = engine.handle(command, now);
        assertThat(outcome.ok()).as("%s: %s", command, outcome.rejection()).isTrue();
        journal.addAll(outcome.events());
        metrics.onOutcome(command, outcome, 0);
        return outcome;
    }

    private void later(long millis) {
        now += millis;
    }

    private TicketStatus status(String id) {
        return ((TicketView) engine.handle(new Command.GetTicket(id), now).value()).status();
    }

    private double unresolved() {
        return registry.get("switchboard.tickets.unresolved").gauge().value();
    }

    private double resolved() {
        return registry.get("switchboard.tickets.resolved").counter().count();
    }

    private double firstResponses(String policy, String result) {
        return registry.get("switchboard.sla.first.responses").tags("policy", policy, "result", result).counter()
                .count();
    }

    private double sla(String name, String queue, String metric) {
        return registry.get(name).tags("queue", queue, "metric", metric).counter().count();
    }

    private long waitCount(String queue, Channel channel) {
        return registry.get("switchboard.ticket.wait").tags("queue", queue, "channel", channel.wire()).timer()
                .count();
    }
}
