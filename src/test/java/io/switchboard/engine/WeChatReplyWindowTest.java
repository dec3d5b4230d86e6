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

    @Test
    void reply_sixthSinceTheCustomersLastMessage_refusedAsQuotaSpentUntilTheCustomerWrites() {
        EngineFixture f = EngineFixture.standard();
        String id = assignedWeChatTicket(f);
        for (int i = 1; i <= WeChatReplyWindow.QUOTA; i++) {
            assertThat(f.run(new Command.Reply(id, "reply " + i, "agent:alice")).ok()).as("reply %d", i).isTrue();
        }
        int before = f.timeline(id).size();

        Outcome sixth = f.run(new Command.Reply(id, "one more", "agent:alice"));

        assertThat(sixth.ok()).isFalse();
        assertThat(sixth.rejection().kind()).isEqualTo(Rejection.Kind.CONFLICT);
        assertThat(sixth.rejection().code()).isEqualTo("wechat_reply_quota_spent");
        assertThat(sixth.rejection().detail()).contains("45047");
        assertThat(f.timeline(id)).hasSize(before);
        f.run(message(f, "m-2"));
        assertThat(f.run(new Command.Reply(id, "after the customer wrote", "agent:alice")).ok()).isTrue();
    }

    @Test
    void window_countsFromCreateTimeNotReceipt_whenTheMessageCarriedOne() {
        EngineFixture f = EngineFixture.standard();
        f.online(agent("alice").capacity(Channel.WECHAT, 5));
        f.at(10 * HOUR);
        EngineFixture.TicketBuilder ticket = f.ticket().channel(Channel.WECHAT);
        // delivered 10 h after the customer sent it (a platform backlog): the window started at CreateTime
        Outcome created = f.run(new Command.IntakeWeChat(new Command.CreateTicket(ticket.build(), null, null,
                "wechat:shop"), "shop", "oOpenId-1", "m-late", "text", "wechat:shop", EngineFixture.T0));
        String id = ((MailOutcome) created.value()).ticket().id();
        f.acceptOffer(id);
        f.at(48 * HOUR + 1);

        Outcome reply = f.run(new Command.Reply(id, "您好", "agent:alice"));

        assertThat(reply.ok()).as("48 h after CreateTime, 38 h after receipt").isFalse();
        assertThat(reply.rejection().code()).isEqualTo("wechat_reply_window_closed");
    }

    @Test
    void window_createTimeAheadOfTheServersClock_countsFromReceipt() {
        EngineFixture f = EngineFixture.standard();
        f.online(agent("alice").capacity(Channel.WECHAT, 5));
        EngineFixture.TicketBuilder ticket = f.ticket().channel(Channel.WECHAT);
        Outcome created = f.run(new Command.IntakeWeChat(new Command.CreateTicket(ticket.build(), null, null,
                "wechat:shop"), "shop", "oOpenId-1", "m-ahead", "text", "wechat:shop", EngineFixture.T0 + 5 * HOUR));
        String id = ((MailOutcome) created.value()).ticket().id();
        f.acceptOffer(id);
        f.at(48 * HOUR + 1);

        assertThat(f.run(new Command.Reply(id, "您好", "agent:alice")).ok()).isFalse();
    }
    @Test
    void reply_exactly48HoursAfterTheLastWeChatMessage_stillJournaled() {
        EngineFixture f = EngineFixture.standard();
        String id = assignedWeChatTicket(f);
        f.at(48 * HOUR);

        assertThat(f.run(new Command.Reply(id, "您好", "agent:alice")).ok()).isTrue();
    }
}
