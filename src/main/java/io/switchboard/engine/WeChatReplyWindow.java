package io.switchboard.engine;

import io.switchboard.core.event.DomainEvent;
import io.switchboard.core.event.DomainEvent.WechatReceived;
import io.switchboard.core.ticket.Ticket;

/**
 * The WeChat platform takes customer-service messages only within 48 hours of the customer's last
 * message to the account (it answers 45015 after that). A reply on a WeChat ticket whose last
 * {@link WechatReceived} is older is refused here, before anything is journaled, so the agent
 * learns at once instead of from a failed delivery on the timeline. Tickets that never had a
 * WeChat message (other channels) are not concerned.
 */
final class WeChatReplyWindow {
    /** The platform's window (service-account doc "客服消息": 48 h after the user's message). */
    static final long WINDOW_MILLIS = 48L * 60 * 60 * 1000;

    private WeChatReplyWindow() {
    }

    /** The rejection for a reply at {@code now}, or null when the reply may go out. */
    static Rejection check(Ticket ticket, long now) {
        long last = -1;
        for (DomainEvent.TicketEvent event : ticket.timeline()) {
            if (event instanceof WechatReceived received) {
                last = Math.max(last, received.at());
            }
        }
        if (last < 0 || now - last <= WINDOW_MILLIS) {
            return null;
        }
        return Rejection.conflict("wechat_reply_window_closed", "the customer's last WeChat message on ticket " + ticket.id()
                + " is older than 48 hours, so WeChat no longer accepts a reply to it (error 45015);"
                + " wait for the customer to write again or reach them another way");
    }
}
