package io.switchboard.app.config;

import io.switchboard.channels.ChannelSettings;
import io.switchboard.core.routing.RoutingConfig;
import io.switchboard.core.sla.SlaConfig;
import io.switchboard.engine.Retention;

/** The whole validated YAML file. {@code channels}: intake fields per ticket type and e-mail intake (never null). */
public record SwitchboardConfig(ServerSettings server, SlaConfig sla, RoutingConfig routing, SecuritySettings security,
        Retention retention, ChannelSettings channels) {
    /** A configuration with the default channel settings. */
    public SwitchboardConfig(ServerSettings server, SlaConfig sla, RoutingConfig routing, SecuritySettings security,
            Retention retention) {
        this(server, sla, routing, security, retention, ChannelSettings.DEFAULT);
    }

    public SwitchboardConfig withSecurity(SecuritySettings replaced) {
        return new SwitchboardConfig(server, sla, routing, replaced, retention, channels);
    }

    public SwitchboardConfig withRetention(Retention replaced) {
        return new SwitchboardConfig(server, sla, routing, security, replaced, channels);
    }
}
