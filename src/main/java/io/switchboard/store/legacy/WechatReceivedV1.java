package io.switchboard.store.legacy;

import io.switchboard.core.event.DomainEvent.WechatReceived;

/**
 * {@code WechatReceived} as journaled before version 2 recorded the message's CreateTime: a frozen
 * copy of that record's components, in their order. Never change it. Upcast with {@code sentAt} 0
 * ("not recorded"): the reply window of such a message counts from its receipt, as that build did.
 */
public record WechatReceivedV1(long at, String ticketId, String account, String openId, String msgId, String msgType,
        String actor, String reason) {
    public WechatReceived upcast() {
        return new WechatReceived(at, ticketId, account, openId, msgId, msgType, 0, actor, reason);
    }
}
