package io.switchboard.app.config;

import io.switchboard.core.routing.RoutingConfig;
import io.switchboard.core.sla.SlaConfig;
import io.switchboard.engine.Retention;

/** The whole validated YAML file. */
public record SwitchboardConfig(ServerSettings server, SlaConfig sla, RoutingConfig routing, SecuritySettings security,
        Retention retention) {
    public SwitchboardConfig withSecurity(SecuritySettings replaced) {
        return new SwitchboardConfig(server, sla, routing, replaced, retention);
    }

    public SwitchboardConfig withRetention(Retention replaced) {
        return new SwitchboardConfig(server, sla, routing, security, replaced);
    }
}
