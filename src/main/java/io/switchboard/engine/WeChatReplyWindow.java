package io.switchboard.engine;

import io.switchboard.core.event.DomainEvent;
import io.switchboard.core.event.DomainEvent.TicketReplied;
import io.switchboard.core.event.DomainEvent.WechatReceived;
import io.switchboard.core.ticket.Ticket;

/**
 * The WeChat platform takes customer-service messages only within 48 hours of the customer's last
 * message to the account (it answers 45015 after that), and at most {@value #QUOTA} of them per
 * customer message (45047 after that). A reply on a WeChat ticket that would break either is
 * refused here, before anything is journaled, so the agent learns at once instead of from a failed
 * delivery on the timeline. Tickets that never had a WeChat message (other channels) are not concerned.
 *
 * <p>The window counts from the message's {@code CreateTime} when it carried one (the platform's
 * clock), else from its receipt; from the earlier of the two, so a message delivered late or a
 * fast platform clock never stretches it. The quota counts the replies journaled since the
 * customer's last message: each is sent once (a retried send is the same message).
 */
final class WeChatReplyWindow {
    /** The platform's window (service-account doc "客服消息": 48 h after the user's message). */
    static final long WINDOW_MILLIS = 48L * 60 * 60 * 1000;
    /** Customer-service messages the platform takes per customer message within the window. */
    static final int QUOTA = 5;

    private WeChatReplyWindow() {
    }

    /** The rejection for a reply at {@code now}, or null when the reply may go out. */
    static Rejection check(Ticket ticket, long now) {
        long last = -1;
        int repliesSince = 0;
        for (DomainEvent.TicketEvent event : ticket.timeline()) {
            if (event instanceof WechatReceived received) {
                last = Math.max(last, received.sentAt() > 0 ? Math.min(received.sentAt(), received.at())
                        : received.at());
                repliesSince = 0;
            } else if (event instanceof TicketReplied) {
                repliesSince++;
            }
        }
        if (last < 0) {
            return null;
        }
        if (now - last > WINDOW_MILLIS) {
            return Rejection.conflict("wechat_reply_window_closed", "the customer's last WeChat message on ticket "
                    + ticket.id() + " is older than 48 hours, so WeChat no longer accepts a reply to it (error 45015);"
                    + " wait for the customer to write again or reach them another way");
        }
        if (repliesSince >= QUOTA) {
            return Rejection.conflict("wechat_reply_quota_spent", "ticket " + ticket.id() + " already has " + QUOTA
                    + " replies since the customer's last WeChat message, as many as WeChat takes (error 45047);"
                    + " wait for the customer to write again or reach them another way");
        }
        return null;
    }
}
