package io.switchboard.channels;

import io.switchboard.channels.email.EmailSettings;
import io.switchboard.channels.wechat.WeChatSettings;
import io.switchboard.core.intake.IntakeRules;

/** What the intake channels are configured with: fields per ticket type, e-mail and WeChat intake. */
public record ChannelSettings(IntakeRules intake, EmailSettings email, WeChatSettings wechat) {
    public static final ChannelSettings DEFAULT = new ChannelSettings(IntakeRules.NONE, EmailSettings.DEFAULT,
            WeChatSettings.NONE);
}
