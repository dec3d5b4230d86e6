package io.switchboard.app.config;

import io.switchboard.core.routing.RoutingConfig;
import io.switchboard.core.sla.SlaConfig;
import io.switchboard.engine.Retention;
import io.switchboard.hooks.WebhookSettings;

/** The whole validated YAML file. */
public record SwitchboardConfig(ServerSettings server, SlaConfig sla, RoutingConfig routing, SecuritySettings security,
        Retention retention, WebhookSettings webhooks) {
    /** Without webhooks (the section left out). */
    public SwitchboardConfig(ServerSettings server, SlaConfig sla, RoutingConfig routing, SecuritySettings security,
            Retention retention) {
        this(server, sla, routing, security, retention, WebhookSettings.DEFAULTS);
    }

    public SwitchboardConfig withSecurity(SecuritySettings replaced) {
        return new SwitchboardConfig(server, sla, routing, replaced, retention, webhooks);
    }

    public SwitchboardConfig withRetention(Retention replaced) {
        return new SwitchboardConfig(server, sla, routing, security, replaced, webhooks);
    }

    public SwitchboardConfig withWebhooks(WebhookSettings replaced) {
        return new SwitchboardConfig(server, sla, routing, security, retention, replaced);
    }
}
