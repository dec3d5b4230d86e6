package io.switchboard.engine;

import static io.switchboard.engine.EngineFixture.agent;
import static io.switchboard.engine.EngineFixture.config;
import static io.switchboard.engine.EngineFixture.queue;
import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.core.ticket.Channel;
import io.switchboard.core.ticket.TicketStatus;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The read-only commands, driven through the engine's port with a fixed clock: answers, filters, paging, not-found. */
class QueriesTest {
    private static List<String> ids(Outcome outcome) {
        return ((TicketPage) outcome.value()).tickets().stream().map(TicketView::id).toList();
    }

    private static Command.ListTickets list(TicketStatus status, String queue, String assignee, String customer,
            Channel channel, Long from, Long to) {
        return new Command.ListTickets(status, queue, assignee, customer, channel, from, to, 100, 0);
    }

    @Test
    void listTickets_eachFilter_keepsOnlyMatchingTicketsInCreationOrder() {
        EngineFixture f = new EngineFixture(config().queue(queue("billing")));
        f.online(agent("alice").onlyCapacity(Channel.CHAT, 1));
        String chat = f.createId(f.ticket().customer("ann"));
        f.acceptOffer(chat);
        f.at(1_000);
        String email = f.createId(f.ticket().channel(Channel.EMAIL).customer("bob"));
        f.at(2_000);
        String billing = f.createId(f.ticket().queue("billing").customer("ann"));
        long t0 = EngineFixture.T0;

        assertThat(ids(f.run(list(null, null, null, null, null, null, null)))).containsExactly(chat, email, billing);
        assertThat(ids(f.run(list(TicketStatus.ASSIGNED, null, null, null, null, null, null)))).containsExactly(chat);
        assertThat(ids(f.run(list(TicketStatus.QUEUED, null, null, null, null, null, null))))
                .containsExactly(email, billing);
        assertThat(ids(f.run(list(null, "billing", null, null, null, null, null)))).containsExactly(billing);
        assertThat(ids(f.run(list(null, null, "alice", null, null, null, null)))).containsExactly(chat);
        assertThat(ids(f.run(list(null, null, null, "ann", null, null, null)))).containsExactly(chat, billing);
        assertThat(ids(f.run(list(null, null, null, null, Channel.EMAIL, null, null)))).containsExactly(email);
        assertThat(ids(f.run(list(null, null, null, null, null, t0 + 1_000, null)))).as("from is inclusive")
                .containsExactly(email, billing);
        assertThat(ids(f.run(list(null, null, null, null, null, null, t0 + 2_000)))).as("to is exclusive")
                .containsExactly(chat, email);
        assertThat(ids(f.run(list(null, null, null, null, null, t0 + 1_000, t0 + 1_001)))).containsExactly(email);
    }

    @Test
    void listTickets_limitReached_pageEndsWithACursorThatResumesAfterIt() {
        EngineFixture f = EngineFixture.standard();
        String first = f.createId(f.ticket());
        String second = f.createId(f.ticket());
        String third = f.createId(f.ticket());

        TicketPage page = (TicketPage) f.run(new Command.ListTickets(null, null, null, 2, 0)).value();

        assertThat(page.tickets()).extracting(TicketView::id).containsExactly(first, second);
        assertThat(page.nextAfterSeq()).isEqualTo(page.tickets().get(1).seq());
        TicketPage rest = (TicketPage) f.run(new Command.ListTickets(null, null, null, 2, page.nextAfterSeq())).value();
        assertThat(rest.tickets()).extracting(TicketView::id).containsExactly(third);
        assertThat(rest.nextAfterSeq()).as("nothing after the last page").isZero();
        TicketPage exact = (TicketPage) f.run(new Command.ListTickets(null, null, null, 3, 0)).value();
        assertThat(exact.tickets()).hasSize(3);
        assertThat(exact.nextAfterSeq()).as("a page that ends exactly at the limit has no more").isZero();
    }

    @Test
    void getPerson_leadManagerAndSupervisor_listWhomTheyOversee() {
        EngineFixture f = new EngineFixture(config().queue(queue("vip").supervisors("sue")));
        f.upsert(agent("alice").lead("lee").manager("max").build());
        f.upsert(agent("bob").lead("lee").manager("lee").build());
        f.upsert(agent("carl").build());

        PersonView lee = (PersonView) f.run(new Command.GetPerson("lee")).value();
        PersonView max = (PersonView) f.run(new Command.GetPerson("max")).value();
        PersonView sue = (PersonView) f.run(new Command.GetPerson("sue")).value();
        PersonView carl = (PersonView) f.run(new Command.GetPerson("carl")).value();
        Outcome nobody = f.run(new Command.GetPerson("nobody"));

        assertThat(lee.leads()).containsExactly("alice", "bob");
        assertThat(lee.manages()).containsExactly("bob");
        assertThat(lee.queues()).isEmpty();
        assertThat(max.leads()).isEmpty();
        assertThat(max.manages()).containsExactly("alice");
        assertThat(sue.queues()).containsExactly("vip");
        assertThat(sue.leads()).isEmpty();
        assertThat(carl.id()).isEqualTo("carl");
        assertThat(carl.leads()).isEmpty();
        assertThat(nobody.ok()).isFalse();
        assertThat(nobody.rejection().kind()).isEqualTo(Rejection.Kind.NOT_FOUND);
        assertThat(nobody.rejection().detail()).isEqualTo("person nobody does not exist");
    }

    @Test
    void listQueues_waitingTicketsAndAgents_countedPerQueueWithOldestWaitInSeconds() {
        EngineFixture f = new EngineFixture(config()
                .queue(queue("tech").skill("tech", 2))
                .queue(queue("billing").skill("billing", 1)));
        f.online(agent("alice").skill("tech", 3).onlyCapacity(Channel.EMAIL, 1));
        f.connectedAway(agent("bob").skill("tech", 2));
        f.upsert(agent("carl").skill("billing", 1).build());
        f.createId(f.ticket().queue("tech"));
        f.at(1_500);
        f.createId(f.ticket().queue("tech"));
        f.at(10_999);

        @SuppressWarnings("unchecked")
        List<QueueView> queues = (List<QueueView>) f.run(new Command.ListQueues()).value();
        Map<String, QueueView> byName = new java.util.HashMap<>();
        queues.forEach(q -> byName.put(q.definition().name(), q));

        assertThat(queues).extracting(q -> q.definition().name()).containsExactly("general", "tech", "billing");
        QueueView tech = byName.get("tech");
        assertThat(tech.waiting()).as("chat tickets; alice takes email only").isEqualTo(2);
        assertThat(tech.oldestWaitSeconds()).isEqualTo(10);
        assertThat(tech.eligibleAgents()).isEqualTo(2);
        assertThat(tech.availableAgents()).as("only alice is available with free capacity").isEqualTo(1);
        QueueView billing = byName.get("billing");
        assertThat(billing.waiting()).isZero();
        assertThat(billing.oldestWaitSeconds()).isZero();
        assertThat(billing.eligibleAgents()).isEqualTo(1);
        assertThat(billing.availableAgents()).isZero();
        assertThat(byName.get("general").eligibleAgents()).isEqualTo(3);
    }

    @Test
    void getAgentAndListAgents_loadShownForChannelsWithCapacityOrLoad() {
        EngineFixture f = EngineFixture.standard();
        f.online(agent("alice").onlyCapacity(Channel.CHAT, 2));
        f.upsert(agent("bob").onlyCapacity(Channel.EMAIL, 1).build());
        String t = f.createId(f.ticket());
        f.acceptOffer(t);

        AgentView alice = f.agentView("alice");
        @SuppressWarnings("unchecked")
        List<AgentView> all = (List<AgentView>) f.run(new Command.ListAgents()).value();

        assertThat(alice.connected()).isTrue();
        assertThat(alice.load()).containsExactly(Map.entry(Channel.CHAT, 1));
        assertThat(alice.tickets()).containsExactly(t);
        assertThat(all).extracting(a -> a.profile().id()).containsExactly("alice", "bob");
        assertThat(all.get(1).connected()).isFalse();
        assertThat(all.get(1).load()).containsExactly(Map.entry(Channel.EMAIL, 0));
    }

    @Test
    void getTicketTimelineAndAgent_unknownIds_notFoundNamingTheId() {
        EngineFixture f = EngineFixture.standard();

        Outcome ticket = f.run(new Command.GetTicket("tkt_9"));
        Outcome timeline = f.run(new Command.GetTimeline("tkt_9"));
        Outcome agent = f.run(new Command.GetAgent("ghost"));

        assertThat(ticket.rejection().detail()).isEqualTo("ticket tkt_9 does not exist");
        assertThat(timeline.rejection().detail()).isEqualTo("ticket tkt_9 does not exist");
        assertThat(agent.rejection().detail()).isEqualTo("agent ghost does not exist");
        assertThat(List.of(ticket, timeline, agent)).allSatisfy(o -> {
            assertThat(o.rejection().kind()).isEqualTo(Rejection.Kind.NOT_FOUND);
            assertThat(o.events()).isEmpty();
        });
    }

    @Test
    void readOnly_queriesOnly_trueAndCommandsThatChangeStateFalse() {
        assertThat(List.<Command>of(new Command.GetTicket("t"), new Command.GetTimeline("t"),
                new Command.ListTickets(null, null, null, 1, 0), new Command.GetAgent("a"), new Command.ListAgents(),
                new Command.GetPerson("p"), new Command.ListQueues())).allMatch(Engine::readOnly);
        assertThat(List.<Command>of(new Command.Tick(), new Command.Connect("a", "s"),
                new Command.Resolve("t", "r", "api"))).noneMatch(Engine::readOnly);
    }
    @Test
    void getTicket_createdTicket_createdByIsTheCreatingActor() {
        EngineFixture f = EngineFixture.standard();
        String id = f.createId(f.ticket());

        assertThat(f.ticket(id).createdBy()).isEqualTo("api");
    }
}
