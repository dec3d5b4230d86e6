package io.switchboard.channels;

import io.switchboard.channels.email.EmailSettings;
import io.switchboard.core.intake.IntakeRules;

/** What the intake channels are configured with: fields per ticket type, and e-mail intake. */
public record ChannelSettings(IntakeRules intake, EmailSettings email) {
    public static final ChannelSettings DEFAULT = new ChannelSettings(IntakeRules.NONE, EmailSettings.DEFAULT);
}
