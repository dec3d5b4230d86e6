package io.switchboard.history;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.config.ConfigLoader;
import io.switchboard.config.SwitchboardConfig;
import io.switchboard.core.agent.AgentProfile;
import io.switchboard.core.agent.Presence;
import io.switchboard.core.agent.SupportTier;
import io.switchboard.core.event.ArchivedTicket;
import io.switchboard.core.event.DomainEvent;
import io.switchboard.core.event.DomainEvent.TicketArchived;
import io.switchboard.core.event.DomainEvent.TicketEvent;
import io.switchboard.core.event.DomainEvent.TicketOffered;
import io.switchboard.core.ticket.Channel;
import io.switchboard.core.ticket.Customer;
import io.switchboard.core.ticket.CustomerTier;
import io.switchboard.core.ticket.Priority;
import io.switchboard.core.ticket.TicketDraft;
import io.switchboard.engine.Command;
import io.switchboard.engine.Engine;
import io.switchboard.engine.Outcome;
import io.switchboard.engine.Retention;
import io.switchboard.engine.TicketView;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Real event streams for the history tests: a real {@link Engine} on the bundled demo
 * configuration, agents connecting and changing presence, tickets created on varied channels,
 * tiers and types, offered, accepted, replied to, resolved, closed and archived by the engine a
 * minute later ({@link TicketArchived}), some of them breaching their SLA first (escalation,
 * compensation). {@link #journal} is what a journal would hold, position = index + 1.
 */
public final class EngineHistory {
    static final long T0 = 1_780_000_000_000L;
    static final long ARCHIVE_AFTER = 60_000;
    private static final Channel[] CHANNELS = {Channel.CHAT, Channel.EMAIL, Channel.WEB, Channel.WECHAT};
    private static final String[] TYPES = {"general", "billing", "technical", null};

    public final List<DomainEvent> journal = new ArrayList<>();
    /** Ids of the tickets that were archived, in creation order. */
    public final List<String> archived = new ArrayList<>();
    /** The engine's view of each archived ticket just before it left the engine. */
    public final Map<String, TicketView> lastViews = new java.util.HashMap<>();
    private final Engine engine;
    private long now = T0;

    private EngineHistory() {
        SwitchboardConfig config = ConfigLoader.loadDemo();
        engine = new Engine(config.routing(), config.sla(), new Retention(ARCHIVE_AFTER), T0);
        agent("alice", "support", Map.of("general", 3, "billing", 4, "refunds", 3, "vip_care", 4));
        agent("bob", "technical", Map.of("general", 2, "technical", 4, "networking", 3));
    }

    /** {@code tickets} tickets through their whole life; every fifth one breaches first. */
    public static EngineHistory run(int tickets) {
        EngineHistory h = new EngineHistory();
        for (int i = 0; i < tickets; i++) {
            h.ticket(i);
        }
        return h;
    }

    private void agent(String id, String team, Map<String, Integer> skills) {
        ok(new Command.UpsertAgent(AgentProfile.of(id, id, team, SupportTier.L2, skills, Set.of("en"),
                Map.of(Channel.CHAT, 3, Channel.EMAIL, 5, Channel.WEB, 3, Channel.WECHAT, 3), false, null, null)));
        ok(new Command.Connect(id, id + "-s1"));
        ok(new Command.SetPresence(id, id + "-s1", Presence.AVAILABLE));
    }

    private void ticket(int i) {
        CustomerTier tier = i % 7 == 3 ? CustomerTier.ENTERPRISE : i % 5 == 1 ? CustomerTier.VIP : CustomerTier.STANDARD;
        Channel channel = CHANNELS[i % CHANNELS.length];
        TicketDraft draft = new TicketDraft(channel, i % 4 == 0 ? Priority.HIGH : Priority.NORMAL,
                new Customer("cust-" + (i % 13), tier, "Customer " + (i % 13)), TYPES[i % TYPES.length],
                "Question " + i, "Text of question " + i + " with \"quotes\" and 中文", List.of(), "en",
                Set.of("t" + (i % 3)), Map.of("order", "O-" + i), null);
        int mark = journal.size();
        Outcome created = ok(new Command.CreateTicket(draft, null, null, "api"));
        String id = ((TicketView) created.value()).id();
        advance(1_000);
        for (int wait = 0; wait < 12 && lastOffer(id, mark) == null; wait++) {
            advance(10_000); // held for the customer's previous agent until the preferred window ends
        }
        TicketOffered offer = lastOffer(id, mark);
        assertThat(offer).as("an offer of %s", id).isNotNull();
        ok(new Command.Accept(offer.agentId(), offer.agentId() + "-s1", offer.offerId()));
        if (i % 5 == 4 && tier != CustomerTier.ENTERPRISE) { // enterprise escalation would move it to another tier
            advance(3 * 60 * 60_000L); // no reply for 3 h: breaches, escalates, compensates
        }
        advance(30_000);
        ok(new Command.Reply(id, "Answer " + i, "agent:" + offer.agentId()));
        advance(60_000);
        ok(new Command.Resolve(id, "solved", "agent:" + offer.agentId()));
        advance(5_000);
        ok(new Command.Close(id, "confirmed", "api"));
        if (i % 6 == 5) {
            ok(new Command.SetPresence(offer.agentId(), offer.agentId() + "-s1", Presence.AWAY));
            ok(new Command.SetPresence(offer.agentId(), offer.agentId() + "-s1", Presence.AVAILABLE));
        }
        advance(ARCHIVE_AFTER - 1_000);
        lastViews.put(id, (TicketView) ok(new Command.GetTicket(id)).value());
        advance(2_000); // the engine archives the closed ticket
        assertThat(journal.get(journal.size() - 1)).as("%s archived", id).isInstanceOfSatisfying(
                TicketArchived.class, a -> assertThat(a.ticketId()).isEqualTo(id));
        archived.add(id);
    }

    private void advance(long millis) {
        now += millis;
        ok(new Command.Tick());
    }

    private TicketOffered lastOffer(String ticketId, int from) {
        for (int i = journal.size() - 1; i >= from; i--) {
            if (journal.get(i) instanceof TicketOffered o && o.ticketId().equals(ticketId)) {
                return o;
            }
        }
        return null;
    }

    private Outcome ok(Command command) {
        Outcome outcome = engine.handle(command, now);
        assertThat(outcome.ok()).as("%s: %s", command, outcome.rejection()).isTrue();
        journal.addAll(outcome.events());
        return outcome;
    }

    /** The journal's events of one ticket, in order, but its TicketArchived: what its stored timeline must equal. */
    public List<TicketEvent> timeline(String ticketId) {
        return journal.stream().filter(e -> e instanceof TicketEvent t && t.ticketId().equals(ticketId)
                && !(e instanceof TicketArchived)).map(TicketEvent.class::cast).toList();
    }

    public ArchivedTicket archivedTicket(String ticketId) {
        return journal.stream().filter(e -> e instanceof TicketArchived a && a.ticketId().equals(ticketId))
                .map(e -> ((TicketArchived) e).ticket()).findFirst().orElseThrow();
    }
}
