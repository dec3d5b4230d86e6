package io.switchboard.config;

import io.switchboard.channels.ChannelSettings;
import io.switchboard.core.routing.RoutingConfig;
import io.switchboard.core.sla.SlaConfig;
import io.switchboard.engine.Retention;
import io.switchboard.hooks.WebhookSettings;

/**
 * The whole validated YAML file. {@code webhooks}: outgoing webhooks; {@code channels}: intake
 * fields per ticket type and e-mail intake (never null); {@code shutdown}: the graceful stop.
 */
public record SwitchboardConfig(ServerSettings server, SlaConfig sla, RoutingConfig routing, SecuritySettings security,
        Retention retention, WebhookSettings webhooks, ChannelSettings channels, ShutdownSection shutdown) {
    /** With the default graceful stop ({@code shutdown} left out). */
    public SwitchboardConfig(ServerSettings server, SlaConfig sla, RoutingConfig routing, SecuritySettings security,
            Retention retention, WebhookSettings webhooks, ChannelSettings channels) {
        this(server, sla, routing, security, retention, webhooks, channels, ShutdownSection.DEFAULT);
    }

    /** Without webhooks or channel settings (the sections left out). */
    public SwitchboardConfig(ServerSettings server, SlaConfig sla, RoutingConfig routing, SecuritySettings security,
            Retention retention) {
        this(server, sla, routing, security, retention, WebhookSettings.DEFAULTS, ChannelSettings.DEFAULT);
    }

    /** With the default channel settings. */
    public SwitchboardConfig(ServerSettings server, SlaConfig sla, RoutingConfig routing, SecuritySettings security,
            Retention retention, WebhookSettings webhooks) {
        this(server, sla, routing, security, retention, webhooks, ChannelSettings.DEFAULT);
    }

    /** Without webhooks (the section left out). */
    public SwitchboardConfig(ServerSettings server, SlaConfig sla, RoutingConfig routing, SecuritySettings security,
            Retention retention, ChannelSettings channels) {
        this(server, sla, routing, security, retention, WebhookSettings.DEFAULTS, channels);
    }

    public SwitchboardConfig withSecurity(SecuritySettings replaced) {
        return new SwitchboardConfig(server, sla, routing, replaced, retention, webhooks, channels, shutdown);
    }

    public SwitchboardConfig withRetention(Retention replaced) {
        return new SwitchboardConfig(server, sla, routing, security, replaced, webhooks, channels, shutdown);
    }

    public SwitchboardConfig withChannels(ChannelSettings replaced) {
        return new SwitchboardConfig(server, sla, routing, security, retention, webhooks, replaced, shutdown);
    }

    public SwitchboardConfig withWebhooks(WebhookSettings replaced) {
        return new SwitchboardConfig(server, sla, routing, security, retention, replaced, channels, shutdown);
    }
}
