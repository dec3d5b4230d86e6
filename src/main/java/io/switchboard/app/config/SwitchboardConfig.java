package io.switchboard.app.config;

import io.switchboard.core.routing.RoutingConfig;
import io.switchboard.core.sla.SlaConfig;

/** The whole validated YAML file. */
public record SwitchboardConfig(ServerSettings server, SlaConfig sla, RoutingConfig routing, SecuritySettings security) {
    public SwitchboardConfig withSecurity(SecuritySettings replaced) {
        return new SwitchboardConfig(server, sla, routing, replaced);
    }
}
