package io.switchboard.engine;

import static io.switchboard.engine.EngineFixture.agent;
import static io.switchboard.engine.EngineFixture.events;
import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.core.event.DomainEvent;
import io.switchboard.core.event.DomainEvent.CustomerMessaged;
import io.switchboard.core.event.DomainEvent.WechatReceived;
import io.switchboard.core.event.DomainEvent.WechatReplyFailed;
import io.switchboard.core.event.DomainEvent.WechatReplySent;
import io.switchboard.core.ticket.Channel;
import io.switchboard.core.ticket.TicketDraft;
import io.switchboard.core.ticket.TicketStatus;
import org.junit.jupiter.api.Test;

/**
 * WeChat messages on the engine thread (WeChatCommands), through the engine's commands: a
 * redelivered MsgId changes nothing, a message joins the OpenID's open ticket on that account
 * (reopening a resolved one), a closed ticket makes way for a new one, another account or OpenID
 * has its own ticket, and the replier's outcome lands on the timeline. The HTTP side is tested in
 * {@code channels.wechat}; these pin what the engine decides, which PIT found untested by the
 * engine's own tests (issue 19 §4).
 */
class WeChatIntakeTest {
    private static Command.IntakeWeChat message(EngineFixture f, String account, String openId, String msgId,
            String text) {
        TicketDraft base = f.ticket().channel(Channel.WECHAT).build();
        TicketDraft draft = new TicketDraft(base.channel(), base.priority(), base.customer(), base.type(),
                base.subject(), text, base.requiredSkills(), base.language(), base.tags(), base.fields(), base.queue());
        return new Command.IntakeWeChat(new Command.CreateTicket(draft, null, null, "wechat:" + account),
                account, openId, msgId, "text", "wechat:" + account, 0);
    }

    private static Command.IntakeWeChat message(EngineFixture f, String msgId) {
        return message(f, "shop", "oOpenId-1", msgId, "你好");
    }

    private static MailOutcome outcome(Outcome outcome) {
        assertThat(outcome.ok()).as("%s", outcome.rejection()).isTrue();
        return (MailOutcome) outcome.value();
    }

    @Test
    void intakeWeChat_firstMessage_opensATicketWithTheMessageOnTheTimeline() {
        EngineFixture f = EngineFixture.standard();

        Outcome created = f.run(message(f, "m-1"));

        MailOutcome wechat = outcome(created);
        assertThat(wechat.outcome()).isEqualTo("created");
        assertThat(events(created, WechatReceived.class)).singleElement().satisfies(e -> {
            assertThat(e.ticketId()).isEqualTo(wechat.ticket().id());
            assertThat(e.msgId()).isEqualTo("m-1");
            assertThat(e.openId()).isEqualTo("oOpenId-1");
            assertThat(e.reason()).isEqualTo("wechat_new");
        });
    }

    @Test
    void intakeWeChat_redeliveredMsgId_answersTheTicketAsDuplicateAndJournalsNothing() {
        EngineFixture f = EngineFixture.standard();
        String id = outcome(f.run(message(f, "m-1"))).ticket().id();
        int timeline = f.timeline(id).size();

        Outcome again = f.run(message(f, "m-1"));

        assertThat(outcome(again).outcome()).isEqualTo("duplicate");
        assertThat(outcome(again).ticket().id()).isEqualTo(id);
        assertThat(again.events()).isEmpty();
        assertThat(f.timeline(id)).hasSize(timeline);
    }

    @Test
    void intakeWeChat_nextMessageOfTheSameOpenId_joinsItsOpenTicketAsACustomerMessage() {
        EngineFixture f = EngineFixture.standard();
        String id = outcome(f.run(message(f, "m-1"))).ticket().id();

        Outcome next = f.run(message(f, "shop", "oOpenId-1", "m-2", "还在吗"));

        assertThat(outcome(next).outcome()).isEqualTo("threaded");
        assertThat(outcome(next).ticket().id()).isEqualTo(id);
        assertThat(events(next, WechatReceived.class)).singleElement()
                .satisfies(e -> assertThat(e.reason()).isEqualTo("wechat_message"));
        assertThat(events(next, CustomerMessaged.class)).singleElement()
                .satisfies(e -> assertThat(e.message()).isEqualTo("还在吗"));
    }

    @Test
    void intakeWeChat_messageWithoutText_joinsAsAnEmptyCustomerMessage() {
        EngineFixture f = EngineFixture.standard();
        outcome(f.run(message(f, "m-1")));

        Outcome image = f.run(message(f, "shop", "oOpenId-1", "m-2", null));

        assertThat(events(image, CustomerMessaged.class)).singleElement()
                .satisfies(e -> assertThat(e.message()).isEmpty());
    }

    @Test
    void intakeWeChat_otherAccountOrOtherOpenId_opensTheirOwnTicket() {
        EngineFixture f = EngineFixture.standard();
        String id = outcome(f.run(message(f, "m-1"))).ticket().id();

        MailOutcome otherAccount = outcome(f.run(message(f, "outlet", "oOpenId-1", "m-2", "hi")));
        MailOutcome otherCustomer = outcome(f.run(message(f, "shop", "oOpenId-2", "m-3", "hi")));

        assertThat(otherAccount.outcome()).isEqualTo("created");
        assertThat(otherCustomer.outcome()).isEqualTo("created");
        assertThat(java.util.Set.of(id, otherAccount.ticket().id(), otherCustomer.ticket().id())).hasSize(3);
    }

    @Test
    void intakeWeChat_afterTheTicketClosed_opensANewTicketAndTheNextMessageJoinsThatOne() {
        EngineFixture f = EngineFixture.standard();
        f.online(agent("alice").capacity(Channel.WECHAT, 5));
        String id = outcome(f.run(message(f, "m-1"))).ticket().id();
        f.acceptOffer(id);
        assertThat(f.resolve(id).ok()).isTrue();
        assertThat(f.close(id).ok()).isTrue();

        MailOutcome fresh = outcome(f.run(message(f, "m-2")));
        MailOutcome next = outcome(f.run(message(f, "m-3")));

        assertThat(fresh.outcome()).isEqualTo("created");
        assertThat(fresh.ticket().id()).isNotEqualTo(id);
        assertThat(next.outcome()).isEqualTo("threaded");
        assertThat(next.ticket().id()).isEqualTo(fresh.ticket().id());
        assertThat(f.ticket(id).status()).isEqualTo(TicketStatus.CLOSED);
    }

    @Test
    void intakeWeChat_onAResolvedTicket_reopensIt() {
        EngineFixture f = EngineFixture.standard();
        f.online(agent("alice").capacity(Channel.WECHAT, 5));
        String id = outcome(f.run(message(f, "m-1"))).ticket().id();
        f.acceptOffer(id);
        assertThat(f.resolve(id).ok()).isTrue();

        MailOutcome next = outcome(f.run(message(f, "m-2")));

        assertThat(next.outcome()).isEqualTo("threaded");
        assertThat(next.ticket().id()).isEqualTo(id);
        assertThat(f.timeline(id)).anyMatch(DomainEvent.TicketReopened.class::isInstance);
    }

    @Test
    void intakeWeChat_afterARestart_stillDeduplicatesAndJoinsTheOpenTicket() {
        EngineFixture f = EngineFixture.standard();
        String id = outcome(f.run(message(f, "m-1"))).ticket().id();
        Engine restarted = Engine.fromHistory(f.config, f.sla, f.journal);

        MailOutcome duplicate = outcome(restarted.handle(message(f, "m-1"), f.now()));
        MailOutcome next = outcome(restarted.handle(message(f, "m-2"), f.now()));

        assertThat(duplicate.outcome()).isEqualTo("duplicate");
        assertThat(next.outcome()).isEqualTo("threaded");
        assertThat(next.ticket().id()).isEqualTo(id);
    }

    @Test
    void recordWeChatReply_deliveredOrRefused_landsOnTheTimelineAsSentOrFailed() {
        EngineFixture f = EngineFixture.standard();
        String id = outcome(f.run(message(f, "m-1"))).ticket().id();

        Outcome sent = f.run(new Command.RecordWeChatReply(id, "shop", "oOpenId-1", f.now(), 0, "ok", 1,
                "agent_reply"));
        Outcome failed = f.run(new Command.RecordWeChatReply(id, "shop", "oOpenId-1", f.now(), 45015,
                "response out of time limit", 3, "agent_reply"));

        assertThat(sent.ok()).isTrue();
        assertThat(events(sent, WechatReplySent.class)).singleElement().satisfies(e -> {
            assertThat(e.ticketId()).isEqualTo(id);
            assertThat(e.actor()).isEqualTo("wechat:shop");
            assertThat(e.attempts()).isEqualTo(1);
        });
        assertThat(events(sent, WechatReplyFailed.class)).isEmpty();
        assertThat(events(failed, WechatReplyFailed.class)).singleElement().satisfies(e -> {
            assertThat(e.errcode()).isEqualTo(45015);
            assertThat(e.errmsg()).isEqualTo("response out of time limit");
            assertThat(e.attempts()).isEqualTo(3);
        });
        assertThat(f.timeline(id)).hasAtLeastOneElementOfType(WechatReplySent.class)
                .hasAtLeastOneElementOfType(WechatReplyFailed.class);
    }

    @Test
    void recordWeChatReply_ticketNoLongerHeld_rejectedAsNotFound() {
        EngineFixture f = EngineFixture.standard();

        Outcome recorded = f.run(new Command.RecordWeChatReply("T-404", "shop", "oOpenId-1", f.now(), 0, "ok", 1,
                "agent_reply"));

        assertThat(recorded.ok()).isFalse();
        assertThat(recorded.rejection().kind()).isEqualTo(Rejection.Kind.NOT_FOUND);
        assertThat(recorded.events()).isEmpty();
    }
}
