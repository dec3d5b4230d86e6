package io.switchboard.engine;

import static io.switchboard.engine.EngineFixture.agent;
import static io.switchboard.engine.EngineFixture.events;
import static io.switchboard.engine.EngineFixture.single;
import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.core.event.DomainEvent;
import io.switchboard.core.event.DomainEvent.FeedbackGiven;
import io.switchboard.core.ticket.TicketStatus;
import org.junit.jupiter.api.Test;

/** The customer's rating of a ticket: once, on resolved or closed tickets, kept on the timeline. */
class FeedbackTest {

    private static EngineFixture withResolvedTicket(String[] id) {
        EngineFixture f = EngineFixture.standard();
        f.online(agent("alice"));
        id[0] = f.createId(f.ticket());
        f.acceptOffer(id[0]);
        f.resolve(id[0]);
        return f;
    }

    @Test
    void feedback_openTicket_conflictAndNothingJournaled() {
        EngineFixture f = EngineFixture.standard();
        f.online(agent("alice"));
        String t = f.createId(f.ticket());
        f.acceptOffer(t);

        Outcome refused = f.run(new Command.GiveFeedback(t, 5, 10, null, "key:chatbot"));

        assertThat(refused.ok()).isFalse();
        assertThat(refused.rejection().kind()).isEqualTo(Rejection.Kind.CONFLICT);
        assertThat(refused.rejection().code()).isEqualTo("ticket_not_resolved");
        assertThat(f.timeline(t)).noneMatch(FeedbackGiven.class::isInstance);
    }

    @Test
    void feedback_resolvedTicket_journaledOnTheTimelineAsTheCustomer() {
        String[] t = new String[1];
        EngineFixture f = withResolvedTicket(t);
        f.at(90_000);

        Outcome given = f.run(new Command.GiveFeedback(t[0], 4, 9, "quick and kind", "key:chatbot"));

        FeedbackGiven e = single(given, FeedbackGiven.class);
        assertThat(e.at()).isEqualTo(EngineFixture.T0 + 90_000);
        assertThat(e.csat()).isEqualTo(4);
        assertThat(e.nps()).isEqualTo(9);
        assertThat(e.comment()).isEqualTo("quick and kind");
        assertThat(e.actor()).startsWith("key:chatbot on behalf of customer:");
        assertThat(e.reason()).isEqualTo("customer_feedback");
        assertThat(f.timeline(t[0])).last().isEqualTo(e);
        assertThat(f.ticket(t[0]).status()).isEqualTo(TicketStatus.RESOLVED);
    }

    @Test
    void feedback_sameValuesAgain_answersWithoutASecondEvent() {
        String[] t = new String[1];
        EngineFixture f = withResolvedTicket(t);
        f.run(new Command.GiveFeedback(t[0], 3, 6, null, "key:chatbot"));

        Outcome retry = f.run(new Command.GiveFeedback(t[0], 3, 6, null, "key:chatbot"));

        assertThat(retry.ok()).isTrue();
        assertThat(events(retry, FeedbackGiven.class)).isEmpty();
        assertThat(f.timeline(t[0]).stream().filter(FeedbackGiven.class::isInstance)).hasSize(1);
    }

    @Test
    void feedback_differentValuesAfterTheFirst_conflictFirstAnswerKept() {
        String[] t = new String[1];
        EngineFixture f = withResolvedTicket(t);
        f.run(new Command.GiveFeedback(t[0], 2, 3, "slow", "key:chatbot"));

        Outcome second = f.run(new Command.GiveFeedback(t[0], 5, 10, "actually great", "key:chatbot"));

        assertThat(second.rejection().code()).isEqualTo("feedback_already_given");
        assertThat(f.timeline(t[0]).stream().filter(FeedbackGiven.class::isInstance).map(e -> ((FeedbackGiven) e).csat()))
                .containsExactly(2);
    }

    @Test
    void feedback_closedTicket_acceptedAndReplayRebuildsTheSameTimeline() {
        String[] t = new String[1];
        EngineFixture f = withResolvedTicket(t);
        f.close(t[0]);

        assertThat(f.run(new Command.GiveFeedback(t[0], 1, 0, null, "key:chatbot")).ok()).isTrue();

        Engine replayed = Engine.fromHistory(f.config, f.sla, f.journal);
        Outcome timeline = replayed.handle(new Command.GetTimeline(t[0]), f.now());
        @SuppressWarnings("unchecked")
        java.util.List<DomainEvent.TicketEvent> events = (java.util.List<DomainEvent.TicketEvent>) timeline.value();
        assertThat(events).isEqualTo(f.timeline(t[0]));
        assertThat(replayed.handle(new Command.GiveFeedback(t[0], 4, 4, null, "key:chatbot"), f.now()).rejection().code())
                .isEqualTo("feedback_already_given");
    }
}
