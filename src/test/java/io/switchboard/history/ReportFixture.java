package io.switchboard.history;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.config.ConfigLoader;
import io.switchboard.config.SwitchboardConfig;
import io.switchboard.core.agent.AgentProfile;
import io.switchboard.core.agent.Presence;
import io.switchboard.core.agent.SupportTier;
import io.switchboard.core.event.DomainEvent;
import io.switchboard.core.event.DomainEvent.TicketArchived;
import io.switchboard.core.event.DomainEvent.TicketOffered;
import io.switchboard.core.ticket.Channel;
import io.switchboard.core.ticket.Customer;
import io.switchboard.core.ticket.CustomerTier;
import io.switchboard.core.ticket.Priority;
import io.switchboard.core.ticket.TicketDraft;
import io.switchboard.core.ticket.TicketStatus;
import io.switchboard.engine.Command;
import io.switchboard.engine.Engine;
import io.switchboard.engine.Outcome;
import io.switchboard.engine.TicketView;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The reports' hand-computed fixture: 24 tickets driven through a real {@link Engine} (24x7 SLA
 * calendars, so business time is wall time less the pauses), one per hour from {@link #T0}
 * (Monday 2026-11-02 00:00 UTC), ticket {@code i} created at {@code T0 + i h}.
 *
 * <ul>
 * <li>even {@code i}: chat, {@code k = i/2 + 1}, first reply {@code 10k} s after creation; VIP
 *     for {@code k} in 1–4, 9, 10 (policy vip: first response 60 s, resolution 11 min), else
 *     standard (first response 5 min, resolution 1 h);
 * <li>odd {@code i}: e-mail, standard, {@code k = (i+1)/2}, first reply {@code 60k − 30} s;
 * <li>resolved 600 s after the first reply, closed 1 s later, archived 60 s after that; except:
 *     pending on the customer from reply + 60 s to reply + 360 s ({@code i} = 3, 8, 15; the
 *     customer's message ends it); reopened by the customer at reply + 720 s, taken again, replied
 *     at reply + 740 s and resolved at reply + 1020 s ({@code i} = 5, 12); transferred to team
 *     technical at reply + 60 s and resolved by bob ({@code i} = 9, 20);
 * <li>alice (team support) takes every ticket but the transferred ones' second half (bob, team
 *     technical);
 * <li>feedback on {@code i} = 0, 3, 6, …, 21: {@link #FEEDBACK}.
 * </ul>
 * The expected figures are worked out by hand in the tests from this description. Public for the
 * browser test of the reports page, which replays {@link #journal} in a real server.
 */
public final class ReportFixture {
    /** Monday 2026-11-02T00:00:00Z. */
    public static final long T0 = Instant.parse("2026-11-02T00:00:00Z").toEpochMilli();
    static final long H = 3_600_000;
    public static final int TICKETS = 24;
    /** {ticket index, csat, nps}. */
    static final int[][] FEEDBACK = {{0, 5, 10}, {3, 3, 6}, {6, 4, 9}, {9, 1, 0}, {12, 2, 3}, {15, 4, 9},
        {18, 5, 8}, {21, 5, 10}};
    /** The configuration the fixture ran under (a server replaying its journal runs under it too). */
    public static final String CONFIG = String.join("\n",
            "skills: [general]",
            "teams: [support, technical]",
            "routing:",
            "  defaultQueue: general",
            "  offerTimeout: {default: 30s}",
            "queues:",
            "  - name: general",
            "    requiredSkills: {general: 1}",
            "    supervisors: [sup-1]",
            "sla:",
            "  policies:",
            "    - name: vip",
            "      match: {tiers: [vip]}",
            "      targets: {firstResponse: 60s, nextResponse: 10m, resolution: 11m}",
            "      calendar: 24x7",
            "    - name: standard",
            "      match: {}",
            "      targets: {firstResponse: 5m, nextResponse: 30m, resolution: 1h}",
            "      calendar: 24x7",
            "retention: {archiveAfter: 60s}",
            "");

    public final List<DomainEvent> journal = new ArrayList<>();
    final List<String> ids = new ArrayList<>();
    private final Engine engine;
    private long now = T0 - 60_000;

    private ReportFixture() {
        this(CONFIG);
        agent("alice", "support", Presence.AVAILABLE);
        agent("bob", "technical", Presence.AWAY);
    }

    private ReportFixture(String config) {
        SwitchboardConfig parsed = ConfigLoader.fromYaml(config);
        engine = new Engine(parsed.routing(), parsed.sla(), parsed.retention(), now);
    }

    /**
     * The SLA events' fixture: one VIP chat ticket created at {@link #T0} that nobody is there to
     * take, under a policy of first response 60 s and resolution 10 min, warnings at half the
     * target, a ladder of two rungs (at the breach, and 2 min after it), and compensation of
     * 10 CNY 1 min and 2.50 USD 3 min past the first breach; the clock runs to {@code T0 + 15 min}.
     */
    static ReportFixture lateTicket() {
        ReportFixture f = new ReportFixture(String.join("\n",
                "skills: [general]",
                "teams: [support]",
                "routing:",
                "  defaultQueue: general",
                "queues:",
                "  - name: general",
                "    requiredSkills: {general: 1}",
                "    supervisors: [sup-1]",
                "sla:",
                "  policies:",
                "    - name: fast",
                "      match: {}",
                "      targets: {firstResponse: 60s, resolution: 10m}",
                "      calendar: 24x7",
                "      warnings: [0.5]",
                "      escalation:",
                "        - after: 0s",
                "          action: notify_team_lead",
                "        - after: 2m",
                "          action: escalate_manager",
                "  compensation:",
                "    - overdue: 1m",
                "      amount: 10",
                "      currency: CNY",
                "    - overdue: 3m",
                "      amount: 2.50",
                "      currency: USD",
                ""));
        f.at(T0);
        TicketDraft draft = new TicketDraft(Channel.CHAT, Priority.NORMAL, new Customer("cust-late", CustomerTier.VIP,
                "Late customer"), "general", "Anyone?", "Hello", List.of(), "en", Set.of(), Map.of(), null);
        f.ids.add(((TicketView) f.ok(new Command.CreateTicket(draft, null, null, "key:chatbot")).value()).id());
        f.at(T0 + 15 * 60_000);
        return f;
    }

    public static ReportFixture build() {
        ReportFixture f = new ReportFixture();
        for (int i = 0; i < TICKETS; i++) {
            f.ticket(i);
        }
        return f;
    }

    static boolean chat(int i) {
        return i % 2 == 0;
    }

    /** Seconds from creation to the first reply. */
    static long reply(int i) {
        return chat(i) ? 10L * (i / 2 + 1) : 60L * ((i + 1) / 2) - 30;
    }

    static boolean vip(int i) {
        int k = i / 2 + 1;
        return chat(i) && (k <= 4 || k == 9 || k == 10);
    }

    private void agent(String id, String team, Presence presence) {
        ok(new Command.UpsertAgent(AgentProfile.of(id, id, team, SupportTier.L2, Map.of("general", 3), Set.of("en"),
                Map.of(Channel.CHAT, 1, Channel.EMAIL, 1), false, null, null)));
        ok(new Command.Connect(id, id + "-s1"));
        ok(new Command.SetPresence(id, id + "-s1", presence));
    }

    private void ticket(int i) {
        long created = T0 + i * H;
        at(created);
        CustomerTier tier = vip(i) ? CustomerTier.VIP : CustomerTier.STANDARD;
        TicketDraft draft = new TicketDraft(chat(i) ? Channel.CHAT : Channel.EMAIL, Priority.NORMAL,
                new Customer("cust-" + i, tier, "Customer " + i), "general", "Question " + i, "Text " + i, List.of(),
                "en", Set.of(), Map.of(), null);
        int mark = journal.size();
        String id = ((TicketView) ok(new Command.CreateTicket(draft, null, null, "key:chatbot")).value()).id();
        ids.add(id);
        at(created + 5_000);
        accept(id, mark, "alice");
        long reply = created + reply(i) * 1000;
        at(reply);
        ok(new Command.Reply(id, "Answer " + i, "agent:alice"));
        String resolver = "alice";
        long resolve = reply + 600_000;
        if (i == 3 || i == 8 || i == 15) {
            at(reply + 60_000);
            ok(new Command.MarkPending(id, TicketStatus.PENDING_CUSTOMER, "waiting", "agent:alice"));
            at(reply + 360_000);
            ok(new Command.CustomerMessage(id, "here it is", "key:chatbot"));
        } else if (i == 9 || i == 20) {
            at(reply + 60_000);
            ok(new Command.SetPresence("bob", "bob-s1", Presence.AVAILABLE));
            int handoff = journal.size();
            ok(new Command.Transfer(id, null, "technical", null, "needs_technical", "agent:alice"));
            at(reply + 70_000);
            accept(id, handoff, "bob");
            resolver = "bob";
        }
        at(resolve);
        ok(new Command.Resolve(id, "solved", "agent:" + resolver));
        if (i == 5 || i == 12) {
            at(reply + 720_000);
            int reopen = journal.size();
            ok(new Command.CustomerMessage(id, "still broken", "key:chatbot"));
            at(reply + 730_000);
            accept(id, reopen, "alice");
            at(reply + 740_000);
            ok(new Command.Reply(id, "Answer again " + i, "agent:alice"));
            resolve = reply + 1_020_000;
            at(resolve);
            ok(new Command.Resolve(id, "solved", "agent:alice"));
        }
        at(resolve + 1_000);
        ok(new Command.Close(id, "confirmed", "key:chatbot"));
        if (resolver.equals("bob")) {
            ok(new Command.SetPresence("bob", "bob-s1", Presence.AWAY));
        }
        for (int[] f : FEEDBACK) {
            if (f[0] == i) {
                at(resolve + 2_000);
                ok(new Command.GiveFeedback(id, f[1], f[2], null, "key:chatbot"));
            }
        }
        at(resolve + 62_000);
        assertThat(journal).as("ticket %d archived", i).anyMatch(e -> e instanceof TicketArchived a
                && a.ticketId().equals(id));
    }

    private void accept(String ticketId, int from, String agent) {
        TicketOffered offer = null;
        for (int j = from; j < journal.size(); j++) {
            if (journal.get(j) instanceof TicketOffered o && o.ticketId().equals(ticketId)) {
                offer = o;
            }
        }
        assertThat(offer).as("an offer of %s", ticketId).isNotNull();
        assertThat(offer.agentId()).isEqualTo(agent);
        ok(new Command.Accept(agent, agent + "-s1", offer.offerId()));
    }

    /** Moves the clock to {@code time}, firing every timer due on the way at its due time (as the server does). */
    private void at(long time) {
        while (engine.nextTimerDue() <= time) {
            now = Math.max(now, engine.nextTimerDue());
            ok(new Command.Tick());
        }
        now = time;
    }

    private Outcome ok(Command command) {
        Outcome outcome = engine.handle(command, now);
        assertThat(outcome.ok()).as("%s: %s", command, outcome.rejection()).isTrue();
        journal.addAll(outcome.events());
        return outcome;
    }
}
