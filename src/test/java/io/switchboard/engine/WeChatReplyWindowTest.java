package io.switchboard.engine;

import static io.switchboard.engine.EngineFixture.agent;
import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.core.event.DomainEvent.TicketReplied;
import io.switchboard.core.ticket.Channel;
import org.junit.jupiter.api.Test;

/** The platform's 48-hour reply window, enforced on the engine thread before a reply is journaled. */
class WeChatReplyWindowTest {
    private static final long HOUR = 60L * 60 * 1000;

    private static Command.IntakeWeChat message(EngineFixture f, String msgId) {
        EngineFixture.TicketBuilder ticket = f.ticket().channel(Channel.WECHAT);
        return new Command.IntakeWeChat(new Command.CreateTicket(ticket.build(), null, null, "wechat:shop"),
                "shop", "oOpenId-1", msgId, "text", "wechat:shop");
    }

    private static String assignedWeChatTicket(EngineFixture f) {
        f.online(agent("alice").capacity(Channel.WECHAT, 5));
        Outcome created = f.run(message(f, "m-1"));
        String id = ((MailOutcome) created.value()).ticket().id();
        f.acceptOffer(id);
        return id;
    }

    @Test
    void reply_within48HoursOfTheLastWeChatMessage_isJournaled() {
        EngineFixture f = EngineFixture.standard();
        String id = assignedWeChatTicket(f);
        f.at(47 * HOUR);

        Outcome reply = f.run(new Command.Reply(id, "您好", "agent:alice"));

        assertThat(reply.ok()).isTrue();
        assertThat(EngineFixture.events(reply, TicketReplied.class)).hasSize(1);
    }

    @Test
    void reply_after48Hours_isRefusedNamingTheWindowAndChangesNothing() {
        EngineFixture f = EngineFixture.standard();
        String id = assignedWeChatTicket(f);
        int before = f.timeline(id).size();
        f.at(48 * HOUR + 1);

        Outcome reply = f.run(new Command.Reply(id, "您好", "agent:alice"));

        assertThat(reply.ok()).isFalse();
        assertThat(reply.rejection().kind()).isEqualTo(Rejection.Kind.CONFLICT);
        assertThat(reply.rejection().code()).isEqualTo("wechat_reply_window_closed");
        assertThat(reply.rejection().detail()).contains("48 hours");
        assertThat(reply.events()).isEmpty();
        assertThat(f.timeline(id)).hasSize(before);
    }

    @Test
    void reply_afterTheCustomerWroteAgain_opensTheWindowAgain() {
        EngineFixture f = EngineFixture.standard();
        String id = assignedWeChatTicket(f);
        f.at(60 * HOUR);
        assertThat(f.run(new Command.Reply(id, "late", "agent:alice")).ok()).isFalse();

        f.run(message(f, "m-2"));
        Outcome reply = f.run(new Command.Reply(id, "您好", "agent:alice"));

        assertThat(reply.ok()).as("%s", reply.rejection()).isTrue();
    }

    @Test
    void reply_onATicketFromAnotherChannel_hasNoWindow() {
        EngineFixture f = EngineFixture.standard();
        f.online(agent("alice"));
        String id = f.createId(f.ticket());
        f.acceptOffer(id);
        f.at(100 * HOUR);

        assertThat(f.run(new Command.Reply(id, "hello", "agent:alice")).ok()).isTrue();
    }
}
